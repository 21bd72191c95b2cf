// Balances as Ivy reports them (major units), and topping them up in the sandbox.
import { NotFound, Invalid } from '../engine/errors.js'
import type { MerchantContext } from '../engine/context.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { credit } from '../ledger/service.js'
import { CURRENCIES_OF, toMajor, toMinor, type Currency } from '../lib/money.js'
import type { Runtime } from '../runtime.js'
import { balancesOf, findAccount, findAccountById } from './repo.js'
import type { BalanceList } from './schemas.js'

/** [sandbox] Where a sandbox top-up comes from, as the ledger shows it. */
export const TOP_UP_SOURCE: FinancialAddress = { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Ivy sandbox top-up' } }

const inBalances = (currency: string): currency is Currency => (CURRENCIES_OF.balance as readonly string[]).includes(currency)

/**
 * balance/retrieve: the account `accountId` names (its currency ignored), else the one in
 * `currency`, else every account in a currency a Balance can carry. [sandbox] Accounts in PLN,
 * SEK or DKK (paid orders and deposits in them) are left out, since Ivy's Balance has no such
 * currency; asking for one by its id is refused, and transaction/list shows them.
 */
export function retrieveBalances(rt: Runtime, ctx: MerchantContext, input: { currency?: Currency; accountId?: string }): BalanceList {
  const merchantId = ctx.merchant.id
  if (input.accountId !== undefined) {
    const account = findAccountById(rt.db, merchantId, input.accountId)
    if (!account) throw new NotFound('Account', 'accountId')
    if (!inBalances(account.currency)) {
      throw new Invalid(`account ${input.accountId} holds ${account.currency}, which a balance cannot show; transaction/list lists its bookings`, 'accountId')
    }
    return { balances: [{ available: toMajor(account.available, account.currency), currency: account.currency }] }
  }
  if (input.currency) {
    return { balances: [{ available: toMajor(findAccount(rt.db, merchantId, input.currency)?.available ?? 0, input.currency), currency: input.currency }] }
  }
  return {
    balances: balancesOf(rt.db, merchantId)
      .filter((b) => inBalances(b.currency))
      .map((b) => ({ available: toMajor(b.available, b.currency as Currency), currency: b.currency as Currency })),
  }
}

/** Money into the account from the sandbox itself, booked as a `topup`; `param` is the field a bound refusal names. */
export function creditTopUp(rt: Runtime, ctx: MerchantContext, currency: Currency, minor: number, param: string): void {
  credit(
    rt,
    ctx.merchant,
    { currency, amount: minor, at: ctx.now, process: { type: 'topup', id: null }, reference: 'SANDBOX TOP-UP', counterparty: TOP_UP_SOURCE },
    { param },
  )
}

export function topUp(rt: Runtime, ctx: MerchantContext, currency: Currency, amount: number): BalanceList {
  rt.db.tx(() => creditTopUp(rt, ctx, currency, toMinor(amount, currency), 'amount'))
  return retrieveBalances(rt, ctx, {})
}
