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
