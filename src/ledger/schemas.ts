// Ivy's transaction/list: the ledger's bookings, cursor-paged, with decimal strings.
import { z } from '@hono/zod-openapi'
import { FINANCIAL_ADDRESS_TYPES } from '../financial-address/schemas.js'
import { PAYMENT_PROCESS_TYPES } from './service.js'

/** [sandbox] Bookings per page; the SDK sends no limit. */
export const TRANSACTIONS_PER_PAGE = 100

/** Unix seconds [sandbox: the contract leaves seconds or milliseconds open]. */
const UnixSeconds = z.number().int().min(0).max(253_402_300_799).openapi({ description: 'Unix time in seconds [sandbox].', example: 1767225600 })

export const ListTransactionsBody = z
  .object({
    from: UnixSeconds.openapi({ description: 'Unix time in seconds, inclusive lower bound [sandbox: seconds].' }),
    to: UnixSeconds.openapi({ description: 'Unix time in seconds, exclusive upper bound [sandbox: seconds].' }),
    accountId: z.string().min(1).max(100).optional().openapi({ description: "One of the merchant's accounts; absent, all of them." }),
    afterCursor: z.string().min(1).max(100).optional().openapi({ description: "A previous page's paging.nextCursor." }),
  })
  .openapi('ListTransactionsRequest')
export type ListTransactionsBody = z.infer<typeof ListTransactionsBody>

const holder = z.string()
/** Creditor and debtor: the FinancialAddress shape of transactions (no aba, no blockchain). */
const TransactionAddress = z
  .object({
    type: z.enum(FINANCIAL_ADDRESS_TYPES),
    bankCode: z.object({ accountHolderName: holder, accountNumber: z.string(), code: z.string() }).optional(),
    bban: z.object({ accountHolderName: holder, bban: z.string(), bic: z.string().optional() }).optional(),
    iban: z.object({ accountHolderName: holder, iban: z.string(), bic: z.string().optional() }).optional(),
    sortCode: z.object({ accountHolderName: holder, accountNumber: z.string(), sortCode: z.string() }).optional(),
    wallet: z.object({ address: z.string() }).optional(),
  })
  .openapi('TransactionFinancialAddress')
export type TransactionAddress = z.infer<typeof TransactionAddress>

export const Transaction = z
  .object({
    id: z.string(),
    amount: z.string().openapi({ description: 'Decimal, unsigned; `side` gives the direction [sandbox].', example: '12.50' }),
    balance: z.object({ after: z.string(), before: z.string() }),
    bankStatementReference: z.string(),
    creditor: TransactionAddress,
    currency: z.string(),
    debtor: TransactionAddress,
    side: z.enum(['credit', 'debit']),
    transactionDate: z.number().int().openapi({ description: 'Unix time in seconds [sandbox].' }),
    paymentProcessId: z.string().optional(),
    paymentProcessType: z.enum(PAYMENT_PROCESS_TYPES).optional(),
  })
  .openapi('Transaction')
export type Transaction = z.infer<typeof Transaction>

export const TransactionList = z
  .object({ data: z.array(Transaction), paging: z.object({ hasNext: z.boolean(), nextCursor: z.string().optional() }) })
  .openapi('TransactionList')
export type TransactionList = z.infer<typeof TransactionList>
