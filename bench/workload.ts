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

/** Frozen on the default scenario (every rail's realistic timing), funded in every payout currency. */
export const RAILS_MERCHANT = {
  scenario: 'default',
  balances: { EUR: 900_000_000, GBP: 900_000_000, USD: 900_000_000, USDC: 900_000_000 },
  clock: { mode: 'frozen', now: T0 },
} satisfies CreateMerchantBody

const holder = { accountHolderName: 'Jane Doe' }
const iban = { type: 'iban', iban: { iban: 'DE89370400440532013000', ...holder } } as const
const sortCode = { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', ...holder } } as const
const aba = { type: 'aba', aba: { accountNumber: '000123456789', routingNumber: '021000021', ...holder } } as const
const evm = (blockchain: 'ETH' | 'ETH-SEPOLIA' | 'MATIC' | 'MATIC-AMOY') => ({ type: 'wallet', wallet: { address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', blockchain } }) as const
const solana = (blockchain: 'SOL' | 'SOL-DEVNET') => ({ type: 'wallet', wallet: { address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', blockchain } }) as const

/** One payout per payable rail (SWIFT in each of its currencies); the mixed-rail workload cycles through them. */
export const RAIL_PAYOUT_BODIES: CreatePayoutBody[] = (
  [
    ['EUR', iban, 'SEPA_INSTANT'],
    ['GBP', sortCode, 'FASTER_PAYMENTS'],
    ['EUR', iban, 'SEPA'],
    ['EUR', iban, 'TARGET'],
    ['EUR', iban, 'SWIFT'],
    ['GBP', sortCode, 'SWIFT'],
    ['USD', aba, 'SWIFT'],
    ['EUR', iban, 'INTERNAL'],
    ['USDC', evm('ETH'), 'ETH'],
    ['USDC', evm('ETH-SEPOLIA'), 'ETH-SEPOLIA'],
    ['USDC', solana('SOL'), 'SOL'],
    ['USDC', solana('SOL-DEVNET'), 'SOL-DEVNET'],
    ['USDC', evm('MATIC'), 'MATIC'],
    ['USDC', evm('MATIC-AMOY'), 'MATIC-AMOY'],
  ] as const
).map(([currency, financialAddress, rail]) => ({ amount: 49.95, currency, destination: { financialAddress }, rail, paymentReference: 'Refund order 4711' }))
