// The ledger: every movement of money on a merchant's accounts is a booking, written in the
// transaction of the change behind it. An account's bookings chain (each `before` is the
// previous `after`), and the last `after` is its `booked` amount. `available` is what payouts,
// refunds and returns may still take: booked less what those in flight have reserved. So
//   credit          money arrives (paid order, deposit, top-up, returned payout): both grow
//   reserve         a payout, refund or return starts: available shrinks, nothing is booked yet
//   release         it fails or is canceled before leaving: available grows back
//   debitReserved   it leaves (paid, succeeded): booked shrinks; available already had
import { createHash } from 'node:crypto'
import { composeIBAN } from 'ibantools'
import type { BalanceRow, BookingRow, MerchantRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { Invalid, NotFound } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { MAX_HELD_MINOR, toMajor, type AnyCurrency } from '../lib/money.js'
import { moneyHeldByPayouts } from '../payouts/repo.js'
import type { Runtime } from '../runtime.js'
import { changeAccount, findAccount, findAccountById, insertAccount, reserveIfCovered } from '../balance/repo.js'
import { bookingsPage, insertBooking } from './repo.js'

/** What transaction/list names as the business object behind a booking (the SDK's own spelling). */
export const PAYMENT_PROCESS_TYPES = [
  'deposit',
  'deposit_return',
  'payout',
  'merchant_payout',
  'payment',
  'refund',
  'fxQuote',
  'payoutv2',
  'walletVerification',
  'topup',
] as const
export type PaymentProcessType = (typeof PAYMENT_PROCESS_TYPES)[number]

export interface Movement {
  currency: AnyCurrency
  /** Minor units, above zero. */
  amount: number
  at: number
  process: { type: PaymentProcessType; id: string | null }
  /** The text on the bank statement. */
  reference: string
  /** The other side: who paid in (a credit), or who is paid (a debit). */
  counterparty: FinancialAddress
}

/** The merchant's account in `currency`, opened (empty) on first use. */
export function ensureAccount(rt: Runtime, merchantId: string, currency: AnyCurrency): BalanceRow {
  const existing = findAccount(rt.db, merchantId, currency)
  if (existing) return existing
  insertAccount(rt.db, merchantId, currency, rt.ids.uuid())
  return findAccount(rt.db, merchantId, currency)!
}

/** Digits drawn from the account id: the same account always shows the same numbers. */
function digitsOf(accountId: string, count: number): string {
  const hex = createHash('sha256').update(accountId).digest('hex')
  return [...hex].map((ch) => String(parseInt(ch, 16) % 10)).join('').slice(0, count)
}

/** [sandbox] Where the merchant's account in its currency receives money: made up from its id, valid in form. */
export function accountAddress(merchant: Pick<MerchantRow, 'name'>, account: Pick<BalanceRow, 'account_id' | 'currency'>): FinancialAddress {
  const accountHolderName = merchant.name
  const id = account.account_id
  const iban = (countryCode: string, bban: string): FinancialAddress => ({ type: 'iban', iban: { iban: composeIBAN({ countryCode, bban })!, accountHolderName } })
  switch (account.currency as AnyCurrency) {
    case 'GBP':
      return { type: 'sort_code', sortCode: { sortCode: '040004', accountNumber: digitsOf(id, 8), accountHolderName } }
    case 'USD':
      return { type: 'aba', aba: { routingNumber: '021000021', accountNumber: digitsOf(id, 12), accountHolderName } }
    case 'USDC':
      return { type: 'wallet', wallet: { address: `0x${createHash('sha256').update(id).digest('hex').slice(0, 40)}`, blockchain: 'ETH' } }
    case 'PLN':
      return iban('PL', `10901014${digitsOf(id, 16)}`)
    case 'SEK':
      return iban('SE', `500${digitsOf(id, 17)}`)
    case 'DKK':
      return iban('DK', `5000${digitsOf(id, 10)}`)
    case 'EUR':
      return iban('DE', `10010010${digitsOf(id, 10)}`)
  }
}

function book(rt: Runtime, merchant: Pick<MerchantRow, 'id' | 'name'>, account: BalanceRow, side: 'credit' | 'debit', movement: Movement): BookingRow {
  const after = account.booked + (side === 'credit' ? movement.amount : -movement.amount)
  const own = JSON.stringify(accountAddress(merchant, account))
  const other = JSON.stringify(movement.counterparty)
  const row: Omit<BookingRow, 'n'> = {
    id: rt.ids.uuid(),
    merchant_id: merchant.id,
    account_id: account.account_id,
    currency: account.currency,
    side,
    amount: movement.amount,
    before: account.booked,
    after,
    at: movement.at,
    process_type: movement.process.type,
    process_id: movement.process.id,
    bank_statement_reference: movement.reference,
    creditor: side === 'credit' ? own : other,
    debtor: side === 'credit' ? other : own,
  }
  insertBooking(rt.db, row)
  rt.live.notify(merchant.id, 'money')
  return { ...row, n: 0 }
}

/**
 * Money arrives: booked and available grow by `amount`, in the caller's transaction. With
 * `bound`, refused (a 400 on that param) when the merchant would then hold more than
 * MAX_HELD_MINOR in the currency, counting what its payouts hold (a release or a return gives
 * that back later).
 */
export function credit(rt: Runtime, merchant: Pick<MerchantRow, 'id' | 'name'>, movement: Movement, bound?: { param: string }): BookingRow {
  const account = ensureAccount(rt, merchant.id, movement.currency)
  if (bound) {
    const held = account.available + moneyHeldByPayouts(rt.db, merchant.id, movement.currency)
    if (held + movement.amount > MAX_HELD_MINOR) {
      const { currency } = movement
      throw new Invalid(
        `a merchant holds at most ${toMajor(MAX_HELD_MINOR, currency)} ${currency} (its balance and what its payouts hold); it holds ${toMajor(held, currency)}`,
        bound.param,
      )
    }
  }
  const booking = book(rt, merchant, account, 'credit', movement)
  changeAccount(rt.db, merchant.id, movement.currency, { available: movement.amount, booked: movement.amount })
  return booking
}

/** Takes `amount` from available for money about to leave, if it covers it; answers whether it did. */
export function reserve(rt: Runtime, merchantId: string, currency: AnyCurrency, amount: number): boolean {
  // No account yet covers nothing: the reservation fails and nothing needs opening.
  return reserveIfCovered(rt.db, merchantId, currency, amount)
}

/** Gives back a reservation whose money did not leave. */
export function release(rt: Runtime, merchantId: string, currency: AnyCurrency, amount: number): void {
  if (amount > 0) changeAccount(rt.db, merchantId, currency, { available: amount, booked: 0 })
}

/** Reserved money leaves: booked shrinks by `amount` (available shrank when it was reserved). */
export function debitReserved(rt: Runtime, merchant: Pick<MerchantRow, 'id' | 'name'>, movement: Movement): BookingRow {
  const account = ensureAccount(rt, merchant.id, movement.currency)
  const booking = book(rt, merchant, account, 'debit', movement)
  changeAccount(rt.db, merchant.id, movement.currency, { available: 0, booked: -movement.amount })
  return booking
}

/** A page of bookings, and the place in the ledger of the last one when more follow. */
export interface BookingPage {
  rows: BookingRow[]
  nextAfter: number | null
}

/**
 * The merchant's bookings with `at` in [from, to) (sandbox milliseconds), on one account or all
 * of them, in booking order after `afterN`.
 */
export function listBookings(rt: Runtime, ctx: MerchantContext, query: { from: number; to: number; accountId?: string; afterN: number; limit: number }): BookingPage {
  if (query.from > query.to) throw new Invalid('from must not be after to', 'from')
  const merchantId = ctx.merchant.id
  if (query.accountId !== undefined && !findAccountById(rt.db, merchantId, query.accountId)) throw new NotFound('Account', 'accountId')
  // One more than a page tells whether another page follows.
  const rows = bookingsPage(rt.db, { merchantId, accountId: query.accountId ?? null, from: query.from, to: query.to, afterN: query.afterN, limit: query.limit + 1 })
  const more = rows.length > query.limit
  const page = rows.slice(0, query.limit)
  return { rows: page, nextAfter: more ? page.at(-1)!.n : null }
}
