// Balances: one row per merchant and currency, `available` in minor units.
import { query, type Db } from '../db/database.js'

const balanceOf = query((db, p: { merchantId: string; currency: string }) =>
  db.selectFrom('balances').select('available').where('merchant_id', '=', p.merchantId).where('currency', '=', p.currency),
)
const addToBalance = query((db, p: { merchantId: string; currency: string; delta: number }) =>
  db
    .insertInto('balances')
    .values({ merchant_id: p.merchantId, currency: p.currency, available: p.delta })
    .onConflict((oc) => oc.columns(['merchant_id', 'currency']).doUpdateSet((eb) => ({ available: eb('balances.available', '+', eb.ref('excluded.available')) }))),
)
const allBalances = query((db, p: { merchantId: string }) =>
  db.selectFrom('balances').select(['currency', 'available']).where('merchant_id', '=', p.merchantId).orderBy('currency'),
)

export function availableBalance(db: Db, merchantId: string, currency: string): number {
  return balanceOf.get(db, { merchantId, currency })?.available ?? 0
}

/** Adds `delta` minor units (negative to take), creating the currency's balance on first use. */
export function changeBalance(db: Db, merchantId: string, currency: string, delta: number): void {
  addToBalance.run(db, { merchantId, currency, delta })
}

export function balancesOf(db: Db, merchantId: string): Array<{ currency: string; available: number }> {
  return allBalances.all(db, { merchantId })
}
