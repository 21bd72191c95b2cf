// Deposit rows, numbered 1, 2, 3... per merchant (the simulator's random stream).
import { sql } from 'kysely'
import { insertQuery, query, type Db } from '../db/database.js'
import type { DepositRow } from '../db/schema.js'

const insert = insertQuery('deposits', [
  'id',
  'merchant_id',
  'seq',
  'amount',
  'currency',
  'payer',
  'payee',
  'rail',
  'bank_statement_reference',
  'tx_hash',
  'transaction_id',
  'received_at',
])
const byId = query((db, p: { merchantId: string; id: string }) =>
  db.selectFrom('deposits').selectAll().where('merchant_id', '=', p.merchantId).where('id', '=', p.id),
)
const lastSeq = query((db, p: { merchantId: string }) =>
  db.selectFrom('deposits').select(sql<number>`coalesce(max(seq), 0)`.as('seq')).where('merchant_id', '=', p.merchantId),
)

export function findDeposit(db: Db, merchantId: string, id: string): DepositRow | undefined {
  return byId.get(db, { merchantId, id })
}

export function nextDepositSeq(db: Db, merchantId: string): number {
  return lastSeq.get(db, { merchantId })!.seq + 1
}

export function insertDeposit(db: Db, row: DepositRow): void {
  insert.run(db, row)
}
