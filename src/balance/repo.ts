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
const takeIfCovered = query((db, p: { merchantId: string; currency: string; amount: number }) =>
  db
    .updateTable('balances')
    .set((eb) => ({ available: eb('available', '-', p.amount) }))
    .where('merchant_id', '=', p.merchantId)
    .where('currency', '=', p.currency)
    .where('available', '>=', p.amount),
)
const allBalances = query((db, p: { merchantId: string }) =>
  db.selectFrom('balances').select(['currency', 'available']).where('merchant_id', '=', p.merchantId).orderBy('currency'),
)

export function availableBalance(db: Db, merchantId: string, currency: string): number {
  return balanceOf.get(db, { merchantId, currency })?.available ?? 0
}

/** Takes `amount` minor units if the balance covers it; answers whether it did. */
export function reserveIfCovered(db: Db, merchantId: string, currency: string, amount: number): boolean {
  return takeIfCovered.run(db, { merchantId, currency, amount }).changes === 1
}

/** Adds `delta` minor units (negative to take), creating the currency's balance on first use. */
export function changeBalance(db: Db, merchantId: string, currency: string, delta: number): void {
  addToBalance.run(db, { merchantId, currency, delta })
}

export function balancesOf(db: Db, merchantId: string): Array<{ currency: string; available: number }> {
  return allBalances.all(db, { merchantId })
}
