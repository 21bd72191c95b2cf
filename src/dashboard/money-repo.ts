// What the dashboard reads of refunds, deposits, returns and subaccounts: the merchant's rows of
// each table, newest first. Kept here rather than in those domains' folders so that the pages do
// not wait for them; every query names the merchant, so another merchant's row is never shown.
import type { Db } from '../db/database.js'
import type { DepositRow, RefundRow, ReturnRow, SubaccountRow } from '../db/schema.js'
import { NotFound } from '../engine/errors.js'

export interface Page<Row> {
  rows: Row[]
  count: number
}

type Listed = 'refunds' | 'deposits' | 'subaccounts'

/** `table`'s rows of the merchant, newest first (by `newest`, then id), `limit` from `skip`. */
function pageOf<T extends Listed>(db: Db, table: T, newest: 'seq' | 'created_at', merchantId: string, skip: number, limit: number) {
  const q = db.kysely.selectFrom(table as Listed).where('merchant_id', '=', merchantId)
  const rows = db.all(q.selectAll().orderBy(newest as never, 'desc').orderBy('id', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}

/** The merchant's row of `table` with this id; a NotFound (the error page's 404) otherwise. */
function oneOf(db: Db, table: 'refunds' | 'deposits' | 'returns', what: string, merchantId: string, id: string) {
  const row = db.get(db.kysely.selectFrom(table).selectAll().where('merchant_id', '=', merchantId).where('id', '=', id))
  if (!row) throw new NotFound(what)
  return row
}

export function listRefunds(db: Db, merchantId: string, skip: number, limit: number): Page<RefundRow> {
  return pageOf(db, 'refunds', 'seq', merchantId, skip, limit) as Page<RefundRow>
}

export function getRefund(db: Db, merchantId: string, id: string): RefundRow {
  return oneOf(db, 'refunds', 'refund', merchantId, id) as RefundRow
}

export function refundsOfOrder(db: Db, merchantId: string, orderId: string): RefundRow[] {
  return db.all(db.kysely.selectFrom('refunds').selectAll().where('merchant_id', '=', merchantId).where('order_id', '=', orderId).orderBy('seq', 'desc'))
}

export function listDeposits(db: Db, merchantId: string, skip: number, limit: number): Page<DepositRow> {
  return pageOf(db, 'deposits', 'seq', merchantId, skip, limit) as Page<DepositRow>
}

export function getDeposit(db: Db, merchantId: string, id: string): DepositRow {
  return oneOf(db, 'deposits', 'deposit', merchantId, id) as DepositRow
}

export function returnsOfDeposit(db: Db, merchantId: string, depositId: string): ReturnRow[] {
  return db.all(db.kysely.selectFrom('returns').selectAll().where('merchant_id', '=', merchantId).where('deposit_id', '=', depositId).orderBy('seq', 'desc'))
}

export function getReturn(db: Db, merchantId: string, id: string): ReturnRow {
  return oneOf(db, 'returns', 'return', merchantId, id) as ReturnRow
}

export function listSubaccounts(db: Db, merchantId: string, skip: number, limit: number): Page<SubaccountRow> {
  return pageOf(db, 'subaccounts', 'created_at', merchantId, skip, limit) as Page<SubaccountRow>
}
