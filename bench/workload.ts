// What the benchmarks send: the merchant they act as and the payout a real client would ask for.
import type { CreateMerchantBody } from '../src/merchants/schemas.js'
import type { CreatePayoutBody } from '../src/payouts/schemas.js'

/** A fixed Monday, so every run schedules the same steps. */
export const T0 = '2026-03-02T10:00:00.000Z'

/** Frozen, paid without failures, and rich enough that no payout is ever refused for funds. */
export const BENCH_MERCHANT = {
  scenario: 'always-paid',
  balances: { EUR: 900_000_000 },
  clock: { mode: 'frozen', now: T0 },
} satisfies CreateMerchantBody

/** An open-loop refund to a German IBAN, with the reference and metadata clients usually send. */
export const PAYOUT_BODY = {
  amount: 49.95,
  currency: 'EUR',
  destination: {
    financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } },
  },
  paymentReference: 'Refund order 4711',
  metadata: { customerId: 'cus_123' },
} satisfies CreatePayoutBody
