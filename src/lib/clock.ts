// The sandbox clock. Each merchant has one, stored on its row: `frozen` (moves only when told)
// or `realtime` (follows the wall clock from an anchor, optionally sped up). This module is the
// only place that reads the wall clock; everything else receives sandbox time from it.

export type WallClock = () => number

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
  return state.now + Math.max(0, Math.floor((wall - state.wall) * state.speed))
}

/**
 * The earliest wall time at which the clock shows `at` or later: the anchor's wall time when it
 * already does, undefined when it never will by itself (frozen short of `at`).
 */
export function wallReaching(state: ClockState, at: number): number | undefined {
  if (at <= state.now) return state.wall
  if (state.mode === 'frozen' || !(state.speed > 0)) return undefined
  let wall = state.wall + Math.ceil((at - state.now) / state.speed)
  // Float rounding can leave clockNow a millisecond short there.
  while (clockNow(state, wall) < at) wall++
  return wall
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
