// Durations as people write them in scenario files and clock requests: "500ms", "1.5s", "90s",
// "15m", "2h", "6d", "1w", and sums like "1h30m". Hand-written: the grammar is one regular
// expression, and libraries such as `ms` also accept unitless numbers and forms we refuse.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g

/** Longer spans are refused: ten years of sandbox time is more than any test needs. */
export const MAX_MS = 3_650 * UNIT_MS.d

/** Milliseconds, or undefined when `text` is not a duration (or is over ten years). */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, '')
  if (!WHOLE.test(compact)) return undefined
  let total = 0
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  return total <= MAX_MS ? Math.round(total) : undefined
}

export const DURATION_HINT = 'a duration like "500ms", "90s", "15m", "2h", "6d" or "1h30m" (at most 10 years)'

/** Short human form for logs and the dashboard: 1.2s, 15m, 2h 5m, 6d. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`
  if (ms < 60_000) return `${+(ms / 1_000).toFixed(1)}s`
  const d = Math.floor(ms / 86_400_000)
  const h = Math.floor((ms % 86_400_000) / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1_000)
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, !d && !h && s && `${s}s`].filter(Boolean).join(' ')
}
