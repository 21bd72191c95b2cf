// Durations as people write them in scenario files and clock requests: "500ms", "1.5s", "90s",
// "15m", "2h", "6d", "1w". Hand-written: the grammar is one regular expression, and libraries
// such as `ms` also accept unitless numbers and long forms we want to refuse.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim())
  if (!match) return undefined
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS])
}

export const DURATION_HINT = 'a duration like "500ms", "90s", "15m", "2h" or "6d"'

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
