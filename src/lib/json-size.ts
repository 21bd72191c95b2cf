// The size of a value written as JSON, measured without writing it whole: iterative, so a value
// nested deeper than the stack allows is measured too, and it stops once past `limit`.

/** UTF-8 bytes of JSON.stringify(value), or a number above `limit` once it is known to exceed it. */
export function jsonByteLength(value: unknown, limit: number): number {
  let size = 0
  const pending: unknown[] = [value]
  while (pending.length > 0 && size <= limit) {
    const item = pending.pop()
    if (item !== null && typeof item === 'object') {
      const entries = Array.isArray(item) ? item.map((v) => [undefined, v] as const) : Object.entries(item)
      size += 2 + Math.max(0, entries.length - 1) // brackets and commas
      for (const [key, child] of entries) {
        if (key !== undefined) size += Buffer.byteLength(JSON.stringify(key)) + 1
        pending.push(child)
      }
    } else {
      size += Buffer.byteLength(JSON.stringify(item) ?? 'null')
    }
  }
  return size
}
