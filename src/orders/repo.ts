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

export function findOrder(db: Db, merchantId: string, idOrReference: string): OrderRow | undefined {
  return byIdOrReference.get(db, { merchantId, key: idOrReference })
}

export function insertOrder(db: Db, row: OrderRow): void {
  db.run(db.kysely.insertInto('orders').values(row))
}

/** A merchant's orders, newest first, a page at a time (the dashboard's Orders page). */
export function listOrders(db: Db, merchantId: string, skip: number, limit: number): { rows: OrderRow[]; count: number } {
  const q = db.kysely.selectFrom('orders').where('merchant_id', '=', merchantId)
  const rows = db.all(q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}
