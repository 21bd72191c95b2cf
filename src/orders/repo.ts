// Order rows; orders are found by Ivy id or by the merchant's referenceId.
import { query, type Db } from '../db/database.js'
import type { OrderRow } from '../db/schema.js'

const byIdOrReference = query((db, p: { merchantId: string; key: string }) =>
  db
    .selectFrom('orders')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where((eb) => eb.or([eb('id', '=', p.key), eb('reference_id', '=', p.key)]))
    .orderBy('created_at', 'desc')
    .limit(1),
)
const byReference = query((db, p: { merchantId: string; referenceId: string }) =>
  db.selectFrom('orders').select('id').where('merchant_id', '=', p.merchantId).where('reference_id', '=', p.referenceId).limit(1),
)
const byId = query((db, p: { id: string }) => db.selectFrom('orders').selectAll().where('id', '=', p.id))
const updateState = query(
  (db, p: Pick<OrderRow, 'id' | 'status' | 'updated_at' | 'payer_financial_address' | 'transaction_id' | 'refund_amount' | 'status_history' | 'status_classification'>) =>
    db
      .updateTable('orders')
      .set({
        status: p.status,
        updated_at: p.updated_at,
        payer_financial_address: p.payer_financial_address,
        transaction_id: p.transaction_id,
        refund_amount: p.refund_amount,
        status_history: p.status_history,
        status_classification: p.status_classification,
      })
      .where('id', '=', p.id),
)

export function findOrder(db: Db, merchantId: string, idOrReference: string): OrderRow | undefined {
  return byIdOrReference.get(db, { merchantId, key: idOrReference })
}

/** An order by its Ivy id alone (a scheduled step knows the id it moves). */
export function findOrderById(db: Db, id: string): OrderRow | undefined {
  return byId.get(db, { id })
}

export function referenceTaken(db: Db, merchantId: string, referenceId: string): boolean {
  return byReference.get(db, { merchantId, referenceId }) !== undefined
}

export function insertOrder(db: Db, row: OrderRow): void {
  db.run(db.kysely.insertInto('orders').values(row))
}

export function saveOrderState(db: Db, row: OrderRow): void {
  updateState.run(db, row)
}

/** A merchant's orders, newest first, a page at a time (the dashboard's Orders page). */
export function listOrders(db: Db, merchantId: string, skip: number, limit: number): { rows: OrderRow[]; count: number } {
  const q = db.kysely.selectFrom('orders').where('merchant_id', '=', merchantId)
  const rows = db.all(q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}
