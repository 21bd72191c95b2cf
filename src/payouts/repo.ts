// Payout rows. List pages are read from whichever end of the index is nearer, so the last
// page of 100,000 payouts costs what the first page costs.
import { sql } from 'kysely'
import { insertQuery, query, type Db } from '../db/database.js'
import type { PayoutRow } from '../db/schema.js'

const byId = query((db, p: { merchantId: string; id: string }) =>
  db.selectFrom('payouts').selectAll().where('merchant_id', '=', p.merchantId).where('id', '=', p.id),
)
const insert = insertQuery('payouts', [
  'id',
  'merchant_id',
  'seq',
  'type',
  'status',
  'amount',
  'currency',
  'destination',
  'order_id',
  'metadata',
  'payment_reference',
  'rail',
  'transaction_id',
  'failure_code',
  'reserved',
  'rule',
  'created_at',
  'updated_at',
])
const updateState = query(
  (db, p: { id: string; status: string; updatedAt: number; transactionId: string | null; failureCode: string | null; reserved: number }) =>
    db
      .updateTable('payouts')
      .set({
        status: p.status as PayoutRow['status'],
        updated_at: p.updatedAt,
        transaction_id: p.transactionId,
        failure_code: p.failureCode,
        reserved: p.reserved,
      })
      .where('id', '=', p.id),
)

/** Money a return or a release could still give back to the balance: reserved, or paid out. */
const heldByPayouts = query((db, p: { merchantId: string; currency: string }) =>
  db
    .selectFrom('payouts')
    .select(sql<number>`coalesce(sum(case when status = 'paid' then amount else reserved end), 0)`.as('held'))
    .where('merchant_id', '=', p.merchantId)
    .where('currency', '=', p.currency)
    .where((eb) => eb.or([eb('status', '=', 'paid'), eb('reserved', '>', 0)])),
)

export function moneyHeldByPayouts(db: Db, merchantId: string, currency: string): number {
  return heldByPayouts.get(db, { merchantId, currency })!.held
}

export function findPayout(db: Db, merchantId: string, id: string): PayoutRow | undefined {
  return byId.get(db, { merchantId, id })
}

export function insertPayout(db: Db, row: PayoutRow): void {
  insert.run(db, row)
}

export function savePayoutState(db: Db, row: PayoutRow): void {
  updateState.run(db, {
    id: row.id,
    status: row.status,
    updatedAt: row.updated_at,
    transactionId: row.transaction_id,
    failureCode: row.failure_code,
    reserved: row.reserved,
  })
}

export interface PayoutFilter {
  type?: PayoutRow['type']
  status?: PayoutRow['status']
  currency?: string
  /** Created at or after, before (sandbox epoch ms). */
  createdFrom?: number
  createdBefore?: number
  /**
   * What people remember of a payout (the dashboard's search): text found in its id, payment
   * reference or destination (holder name, IBAN or account number, however spaced), or an exact
   * amount in minor units per currency.
   */
  search?: { text: string; account: string; amounts: Array<{ currency: string; minor: number }> }
}

/** LIKE's wildcards and the escape character in `text` match only themselves. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`

function filtered(db: Db, merchantId: string, filter: PayoutFilter) {
  let q = db.kysely.selectFrom('payouts').where('merchant_id', '=', merchantId)
  if (filter.type) q = q.where('type', '=', filter.type)
  if (filter.status) q = q.where('status', '=', filter.status)
  if (filter.currency) q = q.where('currency', '=', filter.currency)
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom)
  if (filter.createdBefore !== undefined) q = q.where('created_at', '<', filter.createdBefore)
  const { search } = filter
  if (search) {
    const text = containing(search.text)
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`id like ${text} escape '\\'`,
        sql<boolean>`payment_reference like ${text} escape '\\'`,
        sql<boolean>`destination like ${text} escape '\\'`,
        ...(search.account ? [sql<boolean>`destination like ${containing(search.account)} escape '\\'`] : []),
        ...search.amounts.map((a) => eb.and([eb('currency', '=', a.currency), eb('amount', '=', a.minor)])),
      ]),
    )
  }
  return q
}

/** A page of payouts, newest first, `skip` from the newest; `total` is the number matching. */
export function listPayouts(db: Db, merchantId: string, filter: PayoutFilter, skip: number, limit: number, total: number): PayoutRow[] {
  if (skip >= total) return []
  const q = filtered(db, merchantId, filter).selectAll()
  const take = Math.min(limit, total - skip)
  // Offset pagination walks `skip` index entries; from the oldest end it walks total-skip-take.
  const fromOldest = total - skip - take
  if (fromOldest < skip) return db.all(q.orderBy('seq', 'asc').limit(take).offset(fromOldest)).reverse()
  return db.all(q.orderBy('seq', 'desc').limit(take).offset(skip))
}

export function countPayouts(db: Db, merchantId: string, filter: PayoutFilter): number {
  return db.get(filtered(db, merchantId, filter).select((eb) => eb.fn.countAll<number>().as('n')))!.n
}

/** The payouts that pay back an order, newest first (an order's page lists them). */
export function payoutsOfOrder(db: Db, merchantId: string, orderId: string): PayoutRow[] {
  return db.all(db.kysely.selectFrom('payouts').selectAll().where('merchant_id', '=', merchantId).where('order_id', '=', orderId).orderBy('seq', 'desc'))
}
