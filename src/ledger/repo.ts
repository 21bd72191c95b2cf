// Bookings: the ledger, one row per movement of money on an account, in insertion order `n`.
import { insertQuery, query, type Db } from '../db/database.js'
import type { BookingRow } from '../db/schema.js'

const insert = insertQuery('bookings', [
  'id',
  'merchant_id',
  'account_id',
  'currency',
  'side',
  'amount',
  'before',
  'after',
  'at',
  'process_type',
  'process_id',
  'bank_statement_reference',
  'creditor',
  'debtor',
])

const page = query((db, p: { merchantId: string; accountId: string | null; from: number; to: number; afterN: number; limit: number }) =>
  db
    .selectFrom('bookings')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where((eb) => eb.or([eb(eb.val(p.accountId), 'is', null), eb('account_id', '=', p.accountId)]))
    .where('at', '>=', p.from)
    .where('at', '<', p.to)
    .where('n', '>', p.afterN)
    .orderBy('n')
    .limit(p.limit),
)

export function insertBooking(db: Db, row: Omit<BookingRow, 'n'>): void {
  insert.run(db, row)
}

/** Up to `limit` bookings after `afterN`, in booking order, with `at` in [from, to). */
export function bookingsPage(db: Db, p: { merchantId: string; accountId: string | null; from: number; to: number; afterN: number; limit: number }): BookingRow[] {
  return page.all(db, p)
}

/** What the dashboard's ledger narrows bookings to; each field left out matches every booking. */
export interface BookingFilter {
  currency?: string
  side?: 'credit' | 'debit'
  processType?: string
}

/** A merchant's bookings, newest first, a page at a time, with how many match (the dashboard's Money page). */
export function listBookings(db: Db, merchantId: string, filter: BookingFilter, skip: number, limit: number): { rows: BookingRow[]; count: number } {
  let q = db.kysely.selectFrom('bookings').where('merchant_id', '=', merchantId)
  if (filter.currency) q = q.where('currency', '=', filter.currency)
  if (filter.side) q = q.where('side', '=', filter.side)
  if (filter.processType) q = q.where('process_type', '=', filter.processType)
  const rows = db.all(q.selectAll().orderBy('n', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}
