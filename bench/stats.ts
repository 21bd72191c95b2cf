// Small numeric helpers. Benchmarks alternate subject and floor in one run and compare medians,
// because absolute figures on a shared 2-core machine drift from minute to minute.

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** Nearest-rank percentile: a value that was actually measured, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/**
 * Runs each subject once per round, in the same order every round (A B A B ...), so slow
 * phases of the machine hit every subject alike; answers the samples per subject.
 */
export async function alternate<K extends string, S>(rounds: number, subjects: Record<K, (round: number) => Promise<S>>): Promise<Record<K, S[]>> {
  const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []])) as unknown as Record<K, S[]>
  for (let round = 0; round < rounds; round++) {
    for (const key of Object.keys(subjects) as K[]) samples[key].push(await subjects[key](round))
  }
  return samples
}

/** Median of one field over a subject's samples. */
export function medianOf<S>(samples: readonly S[], field: (s: S) => number): number {
  return median(samples.map(field))
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return String(value)
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** Left-aligned text table; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: readonly string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}
