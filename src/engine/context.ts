// The merchant context: everything a request or a scheduled job needs to know about the merchant
// it acts for (its row, its clock and the time it shows, its scenario and seed), built once and
// passed down so that nothing re-derives them. `caughtUp` is the request pipeline's explicit
// catch-up step: it waits out an advance in progress and runs the payout steps already due, so
// a request sees the state of its own moment.
import type { MerchantRow } from '../db/schema.js'
import { clockNow, type ClockState } from '../lib/clock.js'
import { findMerchant } from '../merchants/repo.js'
import type { Runtime } from '../runtime.js'
import type { Scenario } from '../sim/scenario/load.js'
import { NotFound } from './errors.js'

export interface MerchantContext {
  readonly merchant: MerchantRow
  readonly clock: ClockState
  /** The merchant's sandbox time for this request or job. */
  readonly now: number
  /** The merchant's scenario, resolved on first use (most requests never ask). */
  readonly scenario: Scenario
  /** The merchant's own seed, else its scenario's. */
  readonly seed: number
}

export function clockOf(merchant: MerchantRow): ClockState {
  return { mode: merchant.clock_mode, now: merchant.clock_now, wall: merchant.clock_wall, speed: merchant.clock_speed }
}

/** The context of `merchant` as its row stands; `at` fixes its time (a job's due time) instead of the clock's. */
export function contextOf(rt: Runtime, merchant: MerchantRow, at?: number): MerchantContext {
  const clock = clockOf(merchant)
  let scenario: Scenario | undefined
  const resolve = () => (scenario ??= rt.scenarios.forMerchant(merchant))
  return {
    merchant,
    clock,
    now: at ?? clockNow(clock, rt.wall()),
    get scenario() {
      return resolve()
    },
    get seed() {
      return merchant.seed ?? resolve().seed
    },
  }
}

export function requireMerchant(rt: Runtime, merchantId: string): MerchantRow {
  const merchant = findMerchant(rt.db, merchantId)
  if (!merchant) throw new NotFound('Merchant')
  return merchant
}

/** The merchant's context read fresh from its row (inside a transaction, or after an advance). */
export function merchantContext(rt: Runtime, merchantId: string): MerchantContext {
  return contextOf(rt, requireMerchant(rt, merchantId))
}

/** The catch-up step: the merchant brought to its current moment, and its context then. */
export async function caughtUp(rt: Runtime, merchant: MerchantRow): Promise<MerchantContext> {
  if (rt.scheduler.isAdvancing(merchant.id)) {
    await rt.scheduler.settled(merchant.id)
    merchant = requireMerchant(rt, merchant.id)
  }
  const context = contextOf(rt, merchant)
  rt.scheduler.catchUp(context)
  return context
}
