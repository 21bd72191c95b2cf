// Merchant rows: credentials, scenario, clock and payout counters.
import { query, type Db } from '../db/database.js'
import type { MerchantRow } from '../db/schema.js'
import type { ClockState } from '../lib/clock.js'
import { refreshWake } from '../sim/wake.js'

const byApiKey = query((db, p: { apiKey: string }) => db.selectFrom('merchants').selectAll().where('api_key', '=', p.apiKey))
const byId = query((db, p: { id: string }) => db.selectFrom('merchants').selectAll().where('id', '=', p.id))
const updateClock = query((db, p: { id: string; mode: string; now: number; wall: number; speed: number }) =>
  db
    .updateTable('merchants')
    .set({ clock_mode: p.mode as MerchantRow['clock_mode'], clock_now: p.now, clock_wall: p.wall, clock_speed: p.speed })
    .where('id', '=', p.id),
)
const bumpSeq = query((db, p: { id: string; customer: number; beneficiary: number }) =>
  db
    .updateTable('merchants')
    .set((eb) => ({
      payout_seq: eb('payout_seq', '+', 1),
      customer_payouts: eb('customer_payouts', '+', p.customer),
      beneficiary_payouts: eb('beneficiary_payouts', '+', p.beneficiary),
    }))
    .where('id', '=', p.id)
    .returning('payout_seq'),
)

export function findMerchantByApiKey(db: Db, apiKey: string): MerchantRow | undefined {
  return byApiKey.get(db, { apiKey })
}

export function findMerchant(db: Db, id: string): MerchantRow | undefined {
  return byId.get(db, { id })
}

/** The earliest created merchant other than `id` (rowid order is creation order). */
export function firstMerchantBesides(db: Db, id: string): MerchantRow | undefined {
  return db.sqlite.prepare('select * from merchants where id != ? order by rowid limit 1').get(id) as MerchantRow | undefined
}

export function insertMerchant(db: Db, row: MerchantRow): void {
  db.run(db.kysely.insertInto('merchants').values(row))
}

export function updateMerchant(db: Db, id: string, change: Partial<Omit<MerchantRow, 'id'>>): void {
  db.run(db.kysely.updateTable('merchants').set(change).where('id', '=', id))
}

/** Saves the merchant's clock and, with it, when its jobs fall due in wall time. */
export function saveClock(db: Db, id: string, clock: ClockState): void {
  updateClock.run(db, { id, ...clock })
  refreshWake(db, id, clock)
}

/** The next payout sequence number, counted per type for list totals. */
export function nextPayoutSeq(db: Db, id: string, type: 'customer' | 'beneficiary'): number {
  const customer = type === 'customer' ? 1 : 0
  return bumpSeq.get(db, { id, customer, beneficiary: 1 - customer })!.payout_seq
}
