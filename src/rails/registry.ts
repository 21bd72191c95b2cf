// The rails registry: every value of Ivy's `rail` enum with the currencies it carries, the
// account types it reaches, its banking calendar and opening hours, and its default timeline
// (in words here; as a timeline in scenarios/default.yaml, whose rules match on `rail`, so that
// scenario authors see and copy it). Adding a rail touches this file and its tests, and, when it
// can carry a payout, its rule in default.yaml (test/rails/registry.test.ts asks for one).
// Facts and figures: ../shared/rails.md.
import type { FinancialAddress, FinancialAddressType } from '../financial-address/schemas.js'
import { CURRENCIES, OTHER_CURRENCIES, type AnyCurrency } from '../lib/money.js'
import { BLOCKCHAINS } from './chains.js'
import type { CalendarName, Zone } from './calendars.js'

/** Ivy's `rail` enum, in the SDK's order. */
export const RAILS = [
  'SEPA_INSTANT', 'FASTER_PAYMENTS', 'SEPA', 'ELIXIR', 'EXPRESS_ELIXIR', 'SEK_ACCOUNT_TO_ACCOUNT', 'SUMCLEARING',
  'STRAKSCLEARING', 'SWIFT', 'INTERNAL', 'TARGET', ...BLOCKCHAINS,
] as const
export type Rail = (typeof RAILS)[number]

/** When a rail takes payments on its business days, local time of `zone`; a rail without hours is open around the clock. */
export interface Hours {
  zone: Zone
  open: string
  close: string
}

export interface RailSpec {
  currencies: readonly AnyCurrency[]
  destinations: readonly FinancialAddressType[]
  /** The days `businessDays` delays count; SWIFT follows the calendar of the currency it moves. */
  calendar: CalendarName | Partial<Record<AnyCurrency, CalendarName>>
  hours?: Hours
  /** The default timeline of settlement and failure, as the shipped default scenario plays it. */
  timing: string
}

const BANK_ACCOUNTS = ['iban', 'bban'] as const
const ALL_TYPES = ['iban', 'sort_code', 'bank_code', 'bban', 'wallet', 'aba'] as const

const chain = (name: string, timing: string): RailSpec => ({ currencies: ['USDC'], destinations: ['wallet'], calendar: 'ALWAYS', timing: `USDC on ${name}; ${timing}` })

export const RAIL_SPECS: Record<Rail, RailSpec> = {
  SEPA_INSTANT: { currencies: ['EUR'], destinations: BANK_ACCOUNTS, calendar: 'TARGET', timing: '24/7, seconds (median 1.2 s); about 0.9% rejected or timed out' },
  FASTER_PAYMENTS: { currencies: ['GBP'], destinations: ['sort_code', 'iban'], calendar: 'UK', timing: '24/7 [sandbox], seconds (median 2 s); 0.3% held up to 2 h; about 1% rejected' },
  SEPA: { currencies: ['EUR'], destinations: BANK_ACCOUNTS, calendar: 'TARGET', timing: 'the next TARGET business day at 09:00 UTC; about 0.5% rejected' },
  ELIXIR: { currencies: ['PLN'], destinations: BANK_ACCOUNTS, calendar: 'PL', timing: 'sessions at about 10:30, 14:30, 17:30 CET on Polish business days; after the last, the next business day' },
  EXPRESS_ELIXIR: { currencies: ['PLN'], destinations: BANK_ACCOUNTS, calendar: 'PL', timing: '24/7, seconds' },
  SEK_ACCOUNT_TO_ACCOUNT: { currencies: ['SEK'], destinations: [...BANK_ACCOUNTS, 'bank_code'], calendar: 'ALWAYS', timing: '24/7 in RIX-INST, seconds' },
  SUMCLEARING: { currencies: ['DKK'], destinations: [...BANK_ACCOUNTS, 'bank_code'], calendar: 'DK', timing: 'batches on Danish banking days, the same or the next banking day' },
  STRAKSCLEARING: { currencies: ['DKK'], destinations: [...BANK_ACCOUNTS, 'bank_code'], calendar: 'DK', timing: '24/7, seconds' },
  SWIFT: {
    currencies: ['EUR', 'GBP', 'USD'],
    destinations: ['iban', 'sort_code', 'aba', 'bank_code'],
    calendar: { EUR: 'TARGET', GBP: 'UK', USD: 'US' },
    hours: { zone: 'UTC', open: '07:00', close: '17:00' },
    timing: '70% the same business day (median 30 min), 25% D+1 to D+2, 5% D+3 to D+5; 1% rejected by a correspondent (MS03, AC01)',
  },
  INTERNAL: { currencies: [...CURRENCIES, ...OTHER_CURRENCIES], destinations: ALL_TYPES, calendar: 'ALWAYS', timing: 'instant (under a second), 24/7' },
  TARGET: {
    currencies: ['EUR'],
    destinations: BANK_ACCOUNTS,
    calendar: 'TARGET',
    hours: { zone: 'CET', open: '07:00', close: '17:00' },
    timing: 'minutes while T2 is open (07:00-17:00 CET on TARGET business days), else the next opening',
  },
  ETH: chain('Ethereum', 'finality in about 13 min; 0.3% provider errors'),
  'ETH-SEPOLIA': chain('Ethereum Sepolia (testnet)', 'as ETH'),
  SOL: chain('Solana', 'finalized in about 13 s; 0.3% provider errors'),
  'SOL-DEVNET': chain('Solana devnet', 'as SOL'),
  MATIC: chain('Polygon PoS', 'final in about 5 s; 0.3% provider errors'),
  'MATIC-AMOY': chain('Polygon Amoy (testnet)', 'as MATIC'),
}

/** The calendar `rail` counts business days on when it moves `currency`. */
export function calendarOf(rail: Rail, currency: AnyCurrency): CalendarName {
  const { calendar } = RAIL_SPECS[rail]
  return typeof calendar === 'string' ? calendar : (calendar[currency] ?? 'ALWAYS')
}

/**
 * The rail money in `currency` takes when nobody names one [sandbox: the usual, instant one where
 * the currency has it]: a payout's (USDC payouts take their wallet's chain) and a deposit's.
 */
const USUAL_RAIL: Record<AnyCurrency, Rail> = {
  EUR: 'SEPA_INSTANT',
  GBP: 'FASTER_PAYMENTS',
  USD: 'SWIFT',
  USDC: 'ETH',
  PLN: 'EXPRESS_ELIXIR',
  SEK: 'SEK_ACCOUNT_TO_ACCOUNT',
  DKK: 'STRAKSCLEARING',
}

export function usualRail(currency: AnyCurrency): Rail {
  return USUAL_RAIL[currency]
}

/** Ivy's `rail` enum as a Deposit spells it, in the SDK's order: fiat rails in lower snake case, chains as they are. */
export const DEPOSIT_RAILS = [
  'sepa_instant', 'faster_payments', 'sepa', 'elixir', 'express_elixir', 'sek_account_to_account', 'sumclearing',
  'straksclearing', 'swift', 'internal', 'target', ...BLOCKCHAINS,
] as const
export type DepositRail = (typeof DEPOSIT_RAILS)[number]

export function railOfDeposit(rail: DepositRail): Rail {
  return rail.toUpperCase() as Rail
}

export function depositRailOf(rail: Rail): DepositRail {
  return ((BLOCKCHAINS as readonly string[]).includes(rail) ? rail : rail.toLowerCase()) as DepositRail
}

export type RailChoice = { rail: Rail; problem?: undefined } | { rail?: undefined; problem: { param: string; message: string } }

const or = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : items[0]!)

export function railsFor(currency: AnyCurrency): Rail[] {
  return RAILS.filter((rail) => RAIL_SPECS[rail].currencies.includes(currency))
}

/**
 * The rail a payout of `currency` to `destination` takes: the one asked for if it carries both,
 * else the usual one; a problem (with its param) when the asked rail does not fit, when no rail
 * was asked and the usual one does not reach the destination, or when fiat goes to a wallet or
 * USDC to a bank account (INTERNAL carries every currency, but not across that line).
 */
export function chooseRail(asked: Rail | undefined, currency: AnyCurrency, destination: FinancialAddress): RailChoice {
  if ((currency === 'USDC') !== (destination.type === 'wallet')) {
    const message = currency === 'USDC' ? 'USDC payouts go to wallet accounts' : `${currency} payouts go to bank accounts, not wallets`
    return { problem: { param: 'destination.financialAddress.type', message } }
  }
  if (asked === undefined) {
    const chain = BLOCKCHAINS.find((b) => b === destination.wallet?.blockchain)
    const rail = currency === 'USDC' ? chain : USUAL_RAIL[currency]
    const destinations = RAIL_SPECS[rail ?? 'ETH'].destinations
    if (rail === undefined || !destinations.includes(destination.type)) {
      const others = railsFor(currency).filter((r) => RAIL_SPECS[r].destinations.includes(destination.type))
      const hint = others.length ? ` (name rail ${or(others)} for ${destination.type} accounts)` : ''
      return { problem: { param: 'destination.financialAddress.type', message: `${currency} payouts go to ${or(destinations)} accounts${hint}` } }
    }
    return { rail }
  }
  const spec = RAIL_SPECS[asked]
  if (!spec.currencies.includes(currency)) {
    return { problem: { param: 'rail', message: `${asked} carries ${or(spec.currencies)}, not ${currency}; ${currency} payouts take ${or(railsFor(currency))}` } }
  }
  if (!spec.destinations.includes(destination.type)) {
    return { problem: { param: 'rail', message: `${asked} carries ${or(spec.currencies)} to ${or(spec.destinations)} accounts, not ${destination.type}` } }
  }
  const blockchain = destination.wallet?.blockchain
  if (destination.type === 'wallet' && (BLOCKCHAINS as readonly string[]).includes(asked) && blockchain !== asked) {
    return { problem: { param: 'rail', message: `${asked} cannot pay a wallet on ${blockchain}; name rail ${blockchain} or none` } }
  }
  return { rail: asked }
}
