// Armed faults: one row per POST /sandbox/faults, counted down as requests fail and removed at zero.
import { insertQuery, query, type Db } from '../db/database.js'
import type { ApiFaultRow } from '../db/schema.js'

export const insertFault = insertQuery('api_faults', ['merchant_id', 'path', 'status', 'fault_when', 'remaining', 'retry_after', 'delay_ms', 'created_at'])

/** The fault that fires next for a path: the oldest armed one. */
export const nextArmedFault = query((db, p: { merchantId: string; path: string }) =>
  db.selectFrom('api_faults').selectAll().where('merchant_id', '=', p.merchantId).where('path', '=', p.path).orderBy('id').limit(1),
)

const countDown = query((db, p: { id: number }) => db.updateTable('api_faults').set((eb) => ({ remaining: eb('remaining', '-', 1) })).where('id', '=', p.id).where('remaining', '>', 0))
const dropSpent = query((db, p: { id: number }) => db.deleteFrom('api_faults').where('id', '=', p.id).where('remaining', '<=', 0))

/** Uses one request of a fault; false when another request used its last one first. */
export function spendFault(db: Db, id: number): boolean {
  const used = countDown.run(db, { id }).changes === 1
  dropSpent.run(db, { id })
  return used
}

export function armedFaults(db: Db, merchantId: string): ApiFaultRow[] {
  return db.all(db.kysely.selectFrom('api_faults').selectAll().where('merchant_id', '=', merchantId).orderBy('id'))
}

export function clearArmedFaults(db: Db, merchantId: string): number {
  return Number(db.run(db.kysely.deleteFrom('api_faults').where('merchant_id', '=', merchantId)).changes)
}
