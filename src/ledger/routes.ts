// Ivy's transaction/list: the ledger's bookings as Transactions, cursor-paged.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { BookingRow, MerchantRow } from '../db/schema.js'
import { Invalid } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import { toDecimalString, type AnyCurrency } from '../lib/money.js'
import type { Runtime } from '../runtime.js'
import { ListTransactionsBody, Transaction, TRANSACTIONS_PER_PAGE, TransactionList, type TransactionAddress } from './schemas.js'
import { accountAddress, listBookings, type PaymentProcessType } from './service.js'

export const listTransactionsRoute = ivyRoute({
  path: 'transaction/list',
  operationId: 'listTransactions',
  tag: TAGS.transactions,
  summary: 'List the bookings of the merchant\'s accounts, oldest first',
  description:
    'Every movement of money (paid order, deposit, top-up, payout paid or returned, beneficiary payout, refund, return) is a booking. ' +
    `[sandbox] from/to are Unix seconds; ${TRANSACTIONS_PER_PAGE} per page; amounts are unsigned, side gives the direction.`,
  body: ListTransactionsBody,
  response: TransactionList,
  errors: [404],
})

/** The cursor names a place in the ledger; it is opaque to clients. */
const CURSOR_PREFIX = 'txc_'
const toCursor = (n: number) => `${CURSOR_PREFIX}${n.toString(36)}`
function fromCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  const n = cursor.startsWith(CURSOR_PREFIX) ? parseInt(cursor.slice(CURSOR_PREFIX.length), 36) : NaN
  if (!Number.isSafeInteger(n) || n < 0 || toCursor(n) !== cursor) throw new Invalid('afterCursor is not a cursor transaction/list gave', 'afterCursor')
  return n
}

/** A FinancialAddress as transactions show it: no aba sub-object, a wallet without its chain. */
function toTransactionAddress(address: FinancialAddress): TransactionAddress {
  const { type } = address
  const holder = (account: { accountHolderName?: string }) => account.accountHolderName ?? ''
  if (address.iban) return { type, iban: { ...address.iban, accountHolderName: holder(address.iban) } }
  if (address.sortCode) return { type, sortCode: { ...address.sortCode, accountHolderName: holder(address.sortCode) } }
  if (address.bankCode) return { type, bankCode: { ...address.bankCode, accountHolderName: holder(address.bankCode) } }
  if (address.bban) return { type, bban: { ...address.bban, accountHolderName: holder(address.bban) } }
  if (address.wallet) return { type, wallet: { address: address.wallet.address } }
  return { type }
}

/**
 * The merchant's own side is drawn from the booking's account, not read from the row: a fork's
 * copied bookings (and migration 008's opening balances) then show the account they sit on, as
 * its new bookings do.
 */
function toTransaction(row: BookingRow, merchant: Pick<MerchantRow, 'name'>): Transaction {
  const currency = row.currency as AnyCurrency
  const own = accountAddress(merchant, row)
  const stored = (json: string) => JSON.parse(json) as FinancialAddress
  return {
    id: row.id,
    amount: toDecimalString(row.amount, currency),
    balance: { after: toDecimalString(row.after, currency), before: toDecimalString(row.before, currency) },
    bankStatementReference: row.bank_statement_reference,
    creditor: toTransactionAddress(row.side === 'credit' ? own : stored(row.creditor)),
    currency: row.currency,
    debtor: toTransactionAddress(row.side === 'debit' ? own : stored(row.debtor)),
    side: row.side,
    transactionDate: Math.floor(row.at / 1000),
    ...(row.process_id !== null && { paymentProcessId: row.process_id }),
    ...(row.process_type !== null && { paymentProcessType: row.process_type as PaymentProcessType }),
  }
}

export function registerLedgerRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(listTransactionsRoute, (c) => {
    const body = c.req.valid('json')
    const ctx = c.get('context')
    const page = listBookings(rt, ctx, {
      from: body.from * 1000,
      to: body.to * 1000,
      accountId: body.accountId,
      afterN: fromCursor(body.afterCursor),
      limit: TRANSACTIONS_PER_PAGE,
    })
    const paging = page.nextAfter === null ? { hasNext: false } : { hasNext: true, nextCursor: toCursor(page.nextAfter) }
    return c.json({ data: page.rows.map((row) => toTransaction(row, ctx.merchant)), paging }, 200)
  })
}
