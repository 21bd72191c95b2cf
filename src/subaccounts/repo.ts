// Subaccount rows, always read within their merchant.
import { query, type Db } from '../db/database.js'
import type { SubaccountRow } from '../db/schema.js'

const byId = query((db, p: { merchantId: string; id: string }) =>
  db.selectFrom('subaccounts').selectAll().where('merchant_id', '=', p.merchantId).where('id', '=', p.id),
)

export function findSubaccount(db: Db, merchantId: string, id: string): SubaccountRow | undefined {
  return byId.get(db, { merchantId, id })
}

export function insertSubaccount(db: Db, row: SubaccountRow): void {
  db.run(db.kysely.insertInto('subaccounts').values(row))
}
