// Balances as Ivy reports them (major units), and topping them up in the sandbox.
import { toMajor, toMinor, type Currency } from '../lib/money.js'
import type { Runtime } from '../runtime.js'
import { availableBalance, balancesOf, changeBalance } from './repo.js'
import type { BalanceList } from './schemas.js'

export function retrieveBalances(rt: Runtime, merchantId: string, currency?: Currency): BalanceList {
  if (currency) return { balances: [{ available: toMajor(availableBalance(rt.db, merchantId, currency), currency), currency }] }
  return {
    balances: balancesOf(rt.db, merchantId).map((b) => ({ available: toMajor(b.available, b.currency as Currency), currency: b.currency as Currency })),
  }
}

export function topUp(rt: Runtime, merchantId: string, currency: Currency, amount: number): BalanceList {
  rt.db.tx(() => changeBalance(rt.db, merchantId, currency, toMinor(amount, currency)))
  return retrieveBalances(rt, merchantId)
}
