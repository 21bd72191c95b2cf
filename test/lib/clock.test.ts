// wallReaching is what the scheduler sleeps on: for any realtime clock it must be the first wall
// time at which the clock shows the due time (later would fire late, earlier would wake for
// nothing), whatever float rounding the speed brings.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clockNow, wallReaching, type ClockState } from '../../src/lib/clock.js'

const TEN_YEARS_MS = 3_652 * 86_400_000
const anchor = fc.integer({ min: 0, max: 4_102_444_800_000 })
const realtime = fc.record({
  mode: fc.constant('realtime' as const),
  now: anchor,
  wall: anchor,
  speed: fc.oneof(fc.constantFrom(1, 60, 100, 1_000_000, 1 / 3), fc.double({ min: 1e-6, max: 1_000_000, noNaN: true })),
})

describe('wallReaching', () => {
  it('is the first wall time at which a realtime clock shows the time', () => {
    fc.assert(
      fc.property(realtime, fc.integer({ min: 1, max: TEN_YEARS_MS }), (clock: ClockState, ahead) => {
        const at = clock.now + ahead
        const wall = wallReaching(clock, at)
        if (wall === undefined) {
          // Only a clock so slow that the wall time would not fit in a safe integer.
          expect(clock.wall + Math.ceil(ahead / clock.speed)).toBeGreaterThan(Number.MAX_SAFE_INTEGER)
          return
        }
        expect(clockNow(clock, wall)).toBeGreaterThanOrEqual(at)
        expect(clockNow(clock, wall - 1)).toBeLessThan(at)
      }),
      { numRuns: 2_000 },
    )
  })

  it('is the anchor when the clock already shows the time, and never for a frozen clock short of it', () => {
    const clock: ClockState = { mode: 'frozen', now: 5_000, wall: 100, speed: 1 }
    expect(wallReaching(clock, 5_000)).toBe(100)
    expect(wallReaching({ ...clock, mode: 'realtime' }, 4_000)).toBe(100)
    expect(wallReaching(clock, 5_001)).toBeUndefined()
    expect(wallReaching({ ...clock, mode: 'realtime', speed: 1e-300 }, 5_001)).toBeUndefined()
  })
})
