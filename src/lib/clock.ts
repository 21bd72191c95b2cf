// The sandbox clock. Each merchant has one, stored on its row: `frozen` (moves only when told)
// or `realtime` (follows the wall clock from an anchor, optionally sped up). This module is the
// only place that reads the wall clock; everything else receives sandbox time from it.

export type WallClock = () => number

/**
 * [sandbox] The last instant a sandbox clock or a scheduled step can reach, the end of year 9999:
 * every time stays a four-digit ISO year, and far from the last date JavaScript can hold.
 */
export const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

export const systemWallClock: WallClock = () => Date.now()

export type ClockMode = 'frozen' | 'realtime'

export interface ClockState {
  mode: ClockMode
  /** Sandbox time at the anchor (the current time when frozen). */
  now: number
  /** Wall time at the anchor. */
  wall: number
  speed: number
}

export function clockNow(state: ClockState, wall: number): number {
  if (state.mode === 'frozen') return state.now
  // A fast realtime clock left running stops at the last instant instead of running past it.
  return Math.min(MAX_TIME, state.now + Math.max(0, Math.floor((wall - state.wall) * state.speed)))
}

/**
 * The earliest wall time at which the clock shows `at` or later: the anchor's wall time when it
 * already does, undefined when it never will (a frozen clock short of `at`, or one so slow it
 * would take longer than a wall time can say).
 */
export function wallReaching(state: ClockState, at: number): number | undefined {
  if (at <= state.now) return state.wall
  if (state.mode === 'frozen') return undefined
  const estimate = state.wall + Math.ceil((at - state.now) / state.speed)
  if (!Number.isSafeInteger(estimate)) return undefined
  // Float rounding can put the estimate a little off either way: widen a bracket around it,
  // doubling, until `low` falls short of `at` and `high` reaches it, then halve it.
  const reaches = (wall: number) => clockNow(state, wall) >= at
  let low = estimate - 1
  let high = estimate
  for (let step = 2; reaches(low); step *= 2) [low, high] = [estimate - step, low]
  for (let step = 2; !reaches(high); step *= 2) [low, high] = [high, estimate + step]
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2)
    if (reaches(middle)) high = middle
    else low = middle
  }
  return high
}

/** The clock standing at `at` (never earlier than it stands now), in the same mode. */
export function clockAt(state: ClockState, wall: number, at: number): ClockState {
  return { ...state, now: Math.max(at, clockNow(state, wall)), wall }
}

export function frozenAt(state: ClockState, wall: number): ClockState {
  return { mode: 'frozen', now: clockNow(state, wall), wall, speed: state.speed }
}

export function resumedAt(state: ClockState, wall: number, speed = state.speed): ClockState {
  return { mode: 'realtime', now: clockNow(state, wall), wall, speed }
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString()
}
