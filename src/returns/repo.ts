// Return rows, numbered 1, 2, 3... per merchant (the simulator's random stream), found by id or
// by the deposit they send back.
import { sql } from 'kysely'
import { insertQuery, query, type Db } from '../db/database.js'
import type { ReturnRow } from '../db/schema.js'

const insert = insertQuery('returns', [
  'id',
  'merchant_id',
  'deposit_id',
  'seq',
  'amount',
  'currency',
  'status',
  'reserved',
  'transaction_id',
  'rule',
  'failed_at',
  'succeeded_at',
  'created_at',
  'updated_at',
])
const byId = query((db, p: { merchantId: string; id: string }) =>
  db.selectFrom('returns').selectAll().where('merchant_id', '=', p.merchantId).where('id', '=', p.id),
)
const ofDeposit = query((db, p: { depositId: string }) =>
  db.selectFrom('returns').selectAll().where('deposit_id', '=', p.depositId).orderBy('created_at').orderBy('seq'),
)
const lastSeq = query((db, p: { merchantId: string }) =>
  db.selectFrom('returns').select(sql<number>`coalesce(max(seq), 0)`.as('seq')).where('merchant_id', '=', p.merchantId),
)
const updateState = query(
  (db, p: { id: string; status: ReturnRow['status']; reserved: number; transactionId: string | null; failedAt: number | null; succeededAt: number | null; updatedAt: number }) =>
    db
      .updateTable('returns')
      .set({ status: p.status, reserved: p.reserved, transaction_id: p.transactionId, failed_at: p.failedAt, succeeded_at: p.succeededAt, updated_at: p.updatedAt })
      .where('id', '=', p.id),
)

export function findReturn(db: Db, merchantId: string, id: string): ReturnRow | undefined {
  return byId.get(db, { merchantId, id })
}

/** The deposit's returns, oldest first. */
export function returnsOfDeposit(db: Db, depositId: string): ReturnRow[] {
  return ofDeposit.all(db, { depositId })
}

export function nextReturnSeq(db: Db, merchantId: string): number {
  return lastSeq.get(db, { merchantId })!.seq + 1
}

export function insertReturn(db: Db, row: ReturnRow): void {
  insert.run(db, row)
}

export function saveReturnState(db: Db, row: ReturnRow): void {
  updateState.run(db, {
    id: row.id,
    status: row.status,
    reserved: row.reserved,
    transactionId: row.transaction_id,
    failedAt: row.failed_at,
    succeededAt: row.succeeded_at,
    updatedAt: row.updated_at,
  })
}
