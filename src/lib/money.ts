// Money is integer minor units inside the sandbox; decimals exist only at the API edge, where
// Ivy sends and expects major units as JSON numbers (100.5 = EUR 100.50).

// This module is the currency registry: every currency the sandbox knows, its minor unit, and
// which Ivy objects carry it (the SDK's enums differ per object).

/** What payouts and balances carry. */
export const CURRENCIES = ['EUR', 'GBP', 'USD', 'USDC'] as const
export type Currency = (typeof CURRENCIES)[number]

/** Currencies Ivy's orders, refunds and deposits also carry, and some rails (ELIXIR, ...) move; never a payout's. */
export const OTHER_CURRENCIES = ['PLN', 'SEK', 'DKK'] as const
export type AnyCurrency = Currency | (typeof OTHER_CURRENCIES)[number]

/** Decimal places of the minor unit: fiat has cents, USDC has six places on chain. */
export const EXPONENT: Record<AnyCurrency, number> = { EUR: 2, GBP: 2, USD: 2, USDC: 6, PLN: 2, SEK: 2, DKK: 2 }

/**
 * The currencies of each Ivy object, in the SDK's own order. Money of any of them sits in the
 * merchant's account for that currency (one per currency, created on first use); balance/retrieve
 * can show only the `balance` ones.
 */
export const CURRENCIES_OF = {
  payout: ['EUR', 'GBP', 'USDC', 'USD'],
  balance: ['USD', 'EUR', 'GBP', 'USDC'],
  order: ['EUR', 'USD', 'GBP', 'PLN', 'SEK', 'DKK'],
  refund: ['EUR', 'USD', 'GBP', 'PLN', 'SEK', 'DKK'],
  beneficiaryPayout: ['EUR', 'USD', 'GBP', 'PLN', 'SEK', 'DKK'],
  deposit: ['EUR', 'GBP', 'PLN', 'SEK', 'DKK', 'USD', 'USDC'],
} as const satisfies Record<string, readonly AnyCurrency[]>

export const MIN_AMOUNT = 0.01
/** [sandbox] The largest amount accepted, far above any real instant payout. */
export const MAX_AMOUNT = 999_999_999.99

/**
 * [sandbox] The most a merchant holds in one currency, in minor units: its balance plus what its
 * payouts have reserved or paid out (a release or a return gives that back). Fifteen digits fit
 * SQLite's integer and JavaScript's safe integers, and the decimal shown is exact for every
 * currency: 9,999,999,999,999.99 EUR, GBP or USD; 999,999,999.999999 USDC.
 */
export const MAX_HELD_MINOR = 999_999_999_999_999

/** Number of decimals written in `amount`, as JSON would have carried it. */
export function decimalsOf(amount: number): number {
  const text = String(amount)
  if (text.includes('e')) return Infinity
  return text.split('.')[1]?.length ?? 0
}

/** Integer minor units; the caller has checked `decimalsOf(amount) <= EXPONENT[currency]`. */
export function toMinor(amount: number, currency: AnyCurrency): number {
  return Math.round(amount * 10 ** EXPONENT[currency])
}

export function toMajor(minor: number, currency: AnyCurrency): number {
  return minor / 10 ** EXPONENT[currency]
}

/** Exact decimal text of minor units, all decimals written ("12.50", "-0.000001"): transaction/list's amounts. */
export function toDecimalString(minor: number, currency: AnyCurrency): string {
  const digits = EXPONENT[currency]
  const text = String(Math.abs(minor)).padStart(digits + 1, '0')
  return `${minor < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** "EUR 1,234.50" for people (CLI, dashboard). */
export function formatMoney(minor: number, currency: AnyCurrency): string {
  const digits = EXPONENT[currency]
  const major = toMajor(minor, currency).toLocaleString('en-GB', { minimumFractionDigits: Math.min(2, digits), maximumFractionDigits: digits })
  return `${currency} ${major}`
}
