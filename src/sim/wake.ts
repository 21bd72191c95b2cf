// The wake index: per merchant, the wall time by which the scheduler must next look at it
// (`merchants.next_wake_wall`), so that finding due work is one indexed query whatever the
// number of idle merchants. A job's due time is on its merchant's clock; the wake is the wall
// time at which that clock reaches it (null for a frozen clock short of it). It may be early,
// never late: inserting a job lowers it, a clock change and the scheduler's look recompute it,
// each in the transaction of the change. A lowered wake is told to the scheduler of the same
// database, which re-arms its timer if it is earlier.
import { query, type Db } from '../db/database.js'
import { wallReaching, type ClockState } from '../lib/clock.js'

/** Merchants due per look; more wait for the next one, a moment later. */
export const WAKE_BATCH = 500

const dueIds = query((db, p: { wall: number }) =>
  db.selectFrom('merchants').select('id').where('next_wake_wall', '<=', p.wall).orderBy('next_wake_wall').limit(WAKE_BATCH),
)
const earliest = query((db) =>
  db.selectFrom('merchants').select('next_wake_wall').where('next_wake_wall', 'is not', null).orderBy('next_wake_wall').limit(1),
)
const setWake = query((db, p: { id: string; wall: number | null }) => db.updateTable('merchants').set({ next_wake_wall: p.wall }).where('id', '=', p.id))
const lower = query((db, p: { id: string; wall: number }) =>
  db
    .updateTable('merchants')
    .set({ next_wake_wall: p.wall })
    .where('id', '=', p.id)
    .where((eb) => eb.or([eb('next_wake_wall', 'is', null), eb('next_wake_wall', '>', p.wall)])),
)
const firstJob = query((db, p: { merchantId: string }) =>
  db.selectFrom('jobs').select('due_at').where('merchant_id', '=', p.merchantId).orderBy('due_at').limit(1),
)
const firstStep = query((db, p: { merchantId: string }) =>
  db.selectFrom('jobs').select('due_at').where('merchant_id', '=', p.merchantId).where('kind', '!=', 'webhook_delivery').orderBy('due_at').limit(1),
)

export type WakeListener = (merchantId: string, wall: number) => void
const listeners = new WeakMap<Db, WakeListener>()

/** `listener` hears every wake written for a merchant of `db` (one listener per database). */
export function onWake(db: Db, listener: WakeListener | undefined): void {
  if (listener) listeners.set(db, listener)
  else listeners.delete(db)
}

function store(db: Db, merchantId: string, wall: number | null): void {
  setWake.run(db, { id: merchantId, wall })
  if (wall !== null) listeners.get(db)?.(merchantId, wall)
}

/** A job of the merchant falls due at `dueAt` on `clock`: wake no later than then. */
export function wakeForJob(db: Db, merchantId: string, clock: ClockState, dueAt: number): void {
  const wall = wallReaching(clock, dueAt)
  if (wall === undefined || lower.run(db, { id: merchantId, wall }).changes === 0) return
  listeners.get(db)?.(merchantId, wall)
}

/**
 * Recomputes the merchant's wake from its earliest job on `clock`. Without `deliveries` its
 * webhook attempts are left out: a sender already working through them looks again when done.
 */
export function refreshWake(db: Db, merchantId: string, clock: ClockState, deliveries = true): void {
  const job = (deliveries ? firstJob : firstStep).get(db, { merchantId })
  store(db, merchantId, (job && wallReaching(clock, job.due_at)) ?? null)
}

/** Nothing wakes the merchant until it is recomputed (its advance runs all that falls due). */
export function clearWake(db: Db, merchantId: string): void {
  store(db, merchantId, null)
}

/** Merchants whose wake has come by `wall`, earliest first, at most WAKE_BATCH. */
export function dueMerchantIds(db: Db, wall: number): string[] {
  return dueIds.all(db, { wall }).map((r) => r.id)
}

/** The earliest wake of any merchant, if one is set. */
export function earliestWake(db: Db): number | undefined {
  return earliest.get(db, {})?.next_wake_wall ?? undefined
}
