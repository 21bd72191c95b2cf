// What the dashboard reads of refunds, deposits, returns and subaccounts: pages of the merchant's
// rows, newest first (the API has no list of them), and single objects through their domains'
// own lookups. Every read names the merchant, so another merchant's row is never shown.
import type { Db } from '../db/database.js'
import type { DepositRow, RefundRow, ReturnRow, SubaccountRow } from '../db/schema.js'
import { findDeposit } from '../deposits/repo.js'
import { NotFound } from '../engine/errors.js'
import { findRefund, refundsOfOrder as refundsOfOrderOldestFirst } from '../refunds/repo.js'
import { findReturn, returnsOfDeposit as returnsOfDepositOldestFirst } from '../returns/repo.js'

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

/** The row `find` finds, or a NotFound (the error page's 404) naming `what`. */
function found<T>(row: T | undefined, what: string): T {
  if (!row) throw new NotFound(what)
  return row
}

export function listRefunds(db: Db, merchantId: string, skip: number, limit: number): Page<RefundRow> {
  return pageOf(db, 'refunds', 'seq', merchantId, skip, limit) as Page<RefundRow>
}

export function getRefund(db: Db, merchantId: string, id: string): RefundRow {
  return found(findRefund(db, merchantId, id), 'refund')
}

/** The refunds of an order the merchant's page has found, newest first. */
export function refundsOfOrder(db: Db, orderId: string): RefundRow[] {
  return refundsOfOrderOldestFirst(db, orderId).reverse()
}

export function listDeposits(db: Db, merchantId: string, skip: number, limit: number): Page<DepositRow> {
  return pageOf(db, 'deposits', 'seq', merchantId, skip, limit) as Page<DepositRow>
}

export function getDeposit(db: Db, merchantId: string, id: string): DepositRow {
  return found(findDeposit(db, merchantId, id), 'deposit')
}

/** The returns of a deposit the merchant's page has found, newest first. */
export function returnsOfDeposit(db: Db, depositId: string): ReturnRow[] {
  return returnsOfDepositOldestFirst(db, depositId).reverse()
}

export function getReturn(db: Db, merchantId: string, id: string): ReturnRow {
  return found(findReturn(db, merchantId, id), 'return')
}

export function listSubaccounts(db: Db, merchantId: string, skip: number, limit: number): Page<SubaccountRow> {
  return pageOf(db, 'subaccounts', 'created_at', merchantId, skip, limit) as Page<SubaccountRow>
}
