// Accounts: one row per merchant and currency (the `balances` table), with the account's id,
// `available` (what payouts, refunds and returns may still take) and `booked` (the ledger's
// balance), both in minor units.
import { query, type Db } from '../db/database.js'
import type { BalanceRow } from '../db/schema.js'

const byCurrency = query((db, p: { merchantId: string; currency: string }) =>
  db.selectFrom('balances').selectAll().where('merchant_id', '=', p.merchantId).where('currency', '=', p.currency),
)
const byAccountId = query((db, p: { merchantId: string; accountId: string }) =>
  db.selectFrom('balances').selectAll().where('merchant_id', '=', p.merchantId).where('account_id', '=', p.accountId),
)
const insert = query((db, p: { merchantId: string; currency: string; accountId: string }) =>
  db.insertInto('balances').values({ merchant_id: p.merchantId, currency: p.currency, available: 0, account_id: p.accountId, booked: 0 }),
)
const addTo = query((db, p: { merchantId: string; currency: string; available: number; booked: number }) =>
  db
    .updateTable('balances')
    .set((eb) => ({ available: eb('available', '+', p.available), booked: eb('booked', '+', p.booked) }))
    .where('merchant_id', '=', p.merchantId)
    .where('currency', '=', p.currency),
)
const takeIfCovered = query((db, p: { merchantId: string; currency: string; amount: number }) =>
  db
    .updateTable('balances')
    .set((eb) => ({ available: eb('available', '-', p.amount) }))
    .where('merchant_id', '=', p.merchantId)
    .where('currency', '=', p.currency)
    .where('available', '>=', p.amount),
)
const all = query((db, p: { merchantId: string }) => db.selectFrom('balances').selectAll().where('merchant_id', '=', p.merchantId).orderBy('currency'))

export function findAccount(db: Db, merchantId: string, currency: string): BalanceRow | undefined {
  return byCurrency.get(db, { merchantId, currency })
}

export function findAccountById(db: Db, merchantId: string, accountId: string): BalanceRow | undefined {
  return byAccountId.get(db, { merchantId, accountId })
}

export function insertAccount(db: Db, merchantId: string, currency: string, accountId: string): void {
  insert.run(db, { merchantId, currency, accountId })
}

export function availableBalance(db: Db, merchantId: string, currency: string): number {
  return findAccount(db, merchantId, currency)?.available ?? 0
}

/** Takes `amount` minor units from `available` if it covers them; answers whether it did. */
export function reserveIfCovered(db: Db, merchantId: string, currency: string, amount: number): boolean {
  return takeIfCovered.run(db, { merchantId, currency, amount }).changes === 1
}

/** Adds to the account's available and booked amounts (negative to take); the account exists. */
export function changeAccount(db: Db, merchantId: string, currency: string, delta: { available: number; booked: number }): void {
  addTo.run(db, { merchantId, currency, ...delta })
}

export function balancesOf(db: Db, merchantId: string): BalanceRow[] {
  return all.all(db, { merchantId })
}
