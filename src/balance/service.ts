// Balances as Ivy reports them (major units), crediting them, and topping them up in the sandbox.
import { Invalid } from '../engine/errors.js'
import { MAX_HELD_MINOR, toMajor, toMinor, type Currency } from '../lib/money.js'
import { moneyHeldByPayouts } from '../payouts/repo.js'
import type { Runtime } from '../runtime.js'
import { availableBalance, balancesOf, changeBalance } from './repo.js'
import type { BalanceList } from './schemas.js'

export function retrieveBalances(rt: Runtime, merchantId: string, currency?: Currency): BalanceList {
  if (currency) return { balances: [{ available: toMajor(availableBalance(rt.db, merchantId, currency), currency), currency }] }
  return {
    balances: balancesOf(rt.db, merchantId).map((b) => ({ available: toMajor(b.available, b.currency as Currency), currency: b.currency as Currency })),
  }
}

/**
 * Adds `minor` to the balance, in the caller's transaction, unless the merchant would then hold
 * more than MAX_HELD_MINOR in `currency` (a 400 naming `param`). Counting what payouts hold
 * keeps the bound when they are released or returned later.
 */
export function creditBalance(rt: Runtime, merchantId: string, currency: Currency, minor: number, param: string): void {
  const held = availableBalance(rt.db, merchantId, currency) + moneyHeldByPayouts(rt.db, merchantId, currency)
  if (held + minor > MAX_HELD_MINOR) {
    throw new Invalid(
      `a merchant holds at most ${toMajor(MAX_HELD_MINOR, currency)} ${currency} (its balance and what its payouts hold); it holds ${toMajor(held, currency)}`,
      param,
    )
  }
  changeBalance(rt.db, merchantId, currency, minor)
}

export function topUp(rt: Runtime, merchantId: string, currency: Currency, amount: number): BalanceList {
  rt.db.tx(() => creditBalance(rt, merchantId, currency, toMinor(amount, currency), 'amount'))
  return retrieveBalances(rt, merchantId)
}
