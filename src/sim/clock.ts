// The sandbox clock endpoints' rules: view, advance, freeze, resume. Advancing goes through the
// scheduler so everything due on the way runs, in order, before the answer.
import type { z } from '@hono/zod-openapi'
import { Invalid } from '../engine/errors.js'
import { clockNow, frozenAt, MAX_TIME, resumedAt, toIso } from '../lib/clock.js'
import { parseDuration } from '../lib/duration.js'
import { saveClock } from '../merchants/repo.js'
import { clockOf, requireMerchant } from '../engine/context.js'
import type { Fired } from './steps.js'
import type { Runtime } from '../runtime.js'
import type { AdvanceClockBody, Clock } from './schemas.js'

export type ClockView = z.infer<typeof Clock>

export function viewClock(rt: Runtime, merchantId: string): ClockView {
  const clock = clockOf(requireMerchant(rt, merchantId))
  return { now: toIso(clockNow(clock, rt.wall())), mode: clock.mode, speed: clock.speed }
}

/** Exactly one of `by` and `to`, as AdvanceClockBody has checked; never past MAX_TIME. */
export async function advanceClock(rt: Runtime, merchantId: string, target: z.infer<typeof AdvanceClockBody>): Promise<{ now: number; fired: Fired[] }> {
  const result = await rt.scheduler.advance(merchantId, (now) => {
    const to = target.by !== undefined ? now + parseDuration(target.by)! : Date.parse(target.to!)
    if (to > MAX_TIME) throw new Invalid(`the clock goes no further than ${toIso(MAX_TIME)}`, target.by !== undefined ? 'by' : 'to')
    return to
  })
  rt.live.notify(merchantId, 'clock')
  return result
}

/**
 * Runs what is due at the merchant's current time, webhook attempts included and awaited, as an
 * advance by zero would: a sandbox tool that changes state answers after the webhooks it caused.
 */
export async function runDueNow(rt: Runtime, merchantId: string): Promise<void> {
  await rt.scheduler.advance(merchantId, (now) => now)
}

export function renderAdvance(result: { now: number; fired: Fired[] }) {
  return { now: toIso(result.now), fired: result.fired.map((f) => ({ ...f, at: toIso(f.at) })) }
}

export async function freezeClock(rt: Runtime, merchantId: string): Promise<ClockView> {
  await rt.scheduler.settled(merchantId)
  const clock = clockOf(requireMerchant(rt, merchantId))
  rt.db.tx(() => saveClock(rt.db, merchantId, frozenAt(clock, rt.wall())))
  rt.live.notify(merchantId, 'clock')
  return viewClock(rt, merchantId)
}

export async function resumeClock(rt: Runtime, merchantId: string, speed?: number): Promise<ClockView> {
  await rt.scheduler.settled(merchantId)
  const clock = clockOf(requireMerchant(rt, merchantId))
  rt.db.tx(() => saveClock(rt.db, merchantId, resumedAt(clock, rt.wall(), speed)))
  rt.live.notify(merchantId, 'clock')
  return viewClock(rt, merchantId)
}
