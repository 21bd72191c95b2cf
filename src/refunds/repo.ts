// Refund rows: by id within their merchant, by order (the order's refunds[]), and the merchant's
// next sequence number (the simulator's random stream).
import { sql } from 'kysely'
import { query, type Db } from '../db/database.js'
import type { RefundRow } from '../db/schema.js'

const byId = query((db, p: { merchantId: string; id: string }) =>
  db.selectFrom('refunds').selectAll().where('merchant_id', '=', p.merchantId).where('id', '=', p.id),
)
const ofOrder = query((db, p: { orderId: string }) => db.selectFrom('refunds').selectAll().where('order_id', '=', p.orderId).orderBy('created_at').orderBy('seq'))
const lastSeq = query((db, p: { merchantId: string }) =>
  db.selectFrom('refunds').select(sql<number>`coalesce(max(seq), 0)`.as('seq')).where('merchant_id', '=', p.merchantId),
)
const updateState = query((db, p: Pick<RefundRow, 'id' | 'status' | 'reserved' | 'transaction_id' | 'updated_at'>) =>
  db.updateTable('refunds').set({ status: p.status, reserved: p.reserved, transaction_id: p.transaction_id, updated_at: p.updated_at }).where('id', '=', p.id),
)

export function findRefund(db: Db, merchantId: string, id: string): RefundRow | undefined {
  return byId.get(db, { merchantId, id })
}

/** The order's refunds, oldest first. */
export function refundsOfOrder(db: Db, orderId: string): RefundRow[] {
  return ofOrder.all(db, { orderId })
}

export function nextRefundSeq(db: Db, merchantId: string): number {
  return lastSeq.get(db, { merchantId })!.seq + 1
}

export function insertRefund(db: Db, row: RefundRow): void {
  db.run(db.kysely.insertInto('refunds').values(row))
}

export function saveRefundState(db: Db, row: RefundRow): void {
  updateState.run(db, row)
}
