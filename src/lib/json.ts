// JSON as it arrives from outside (request bodies, scenario files).

/**
 * [sandbox] Keys that name the object machinery rather than data. JSON.parse (and YAML) keep
 * `__proto__` as a plain key, but copying it into an object (as validation does) changes the
 * copy's prototype and the key is lost, silently; so these keys are refused wherever they come.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The path of the first PROTOTYPE_KEYS key in `value`, looking no deeper than `maxDepth` levels
 * (deeper is refused or dropped elsewhere). Iterative: a hostile nesting cannot overflow it.
 */
export function prototypeKeyPath(value: unknown, maxDepth: number): Array<string | number> | undefined {
  interface Visit { value: unknown; depth: number; key?: string | number; parent?: Visit }
  const pathOf = (visit: Visit): Array<string | number> => (visit.parent ? [...pathOf(visit.parent), visit.key!] : [])
  const pending: Visit[] = [{ value, depth: 0 }]
  while (pending.length > 0) {
    const visit = pending.pop()!
    if (visit.value === null || typeof visit.value !== 'object' || visit.depth >= maxDepth) continue
    const isList = Array.isArray(visit.value)
    for (const [key, child] of Object.entries(visit.value)) {
      const next: Visit = { value: child, depth: visit.depth + 1, key: isList ? Number(key) : key, parent: visit }
      if (PROTOTYPE_KEYS.has(key)) return pathOf(next)
      pending.push(next)
    }
  }
  return undefined
}

/**
 * UTF-8 bytes of JSON.stringify(value), or a number above `limit` once it is known to exceed it.
 * Measured without writing the JSON whole, iteratively, so a value nested deeper than the stack
 * allows is measured too, and at a cost bounded by `limit` and the largest single string.
 */
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
