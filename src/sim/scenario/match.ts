// Which rule decides a payout, and what payee verification answers for an account. The first
// rule whose conditions all hold wins; text conditions compare normalised values (IBANs and
// account numbers without spaces, uppercase; names case-insensitively); patterns ignore case and
// run on RE2 (pattern.ts).
import type { AddressFacts } from '../../financial-address/schemas.js'
import type { AnyCurrency } from '../../lib/money.js'
import type { DepositRail, Rail } from '../../rails/registry.js'
import { seededRandom } from '../../lib/random.js'
import type { Conditions, MoneyConditions, PayeeResult, ReturnConditions, Returns, Rule, TextCondition } from './schema.js'
import { PAYEE_RESULTS } from './schema.js'
import { patternMatches } from './pattern.js'
import type { Scenario } from './load.js'

export interface PayoutFacts extends AddressFacts {
  amount: number
  currency: string
  payoutType: string
  paymentReference?: string
  /** The rail the payout takes: the one asked for, or the one the sandbox picked. */
  rail: Rail
  /** Whether the request named the rail (instant only) or left it to the sandbox (instant preferred). */
  railAsked: boolean
  metadata?: Record<string, unknown>
  payee: PayeeResult
}

/** What a `returns` rule looks at: the deposit returned. */
export interface ReturnFacts {
  /** Major units. */
  amount: number
  /** The amount's first two decimals (12.66 -> 66). */
  cents: number
  currency: AnyCurrency
  rail: DepositRail
}

export interface PayeeVerdict {
  status: PayeeResult
  suggestedAccountHolderName?: string
}

const compact = (value: string) => value.replace(/[\s-]/g, '').toUpperCase()
const loose = (value: string) => value.trim().toLowerCase()

function textHolds(condition: TextCondition | undefined, value: string | undefined, normalise: (v: string) => string): boolean {
  if (condition === undefined) return true
  if (value === undefined) return false
  if (typeof condition === 'object' && !Array.isArray(condition)) return patternMatches(condition, value)
  const wanted = Array.isArray(condition) ? condition : [condition]
  return wanted.some((w) => normalise(w) === normalise(value))
}

function oneOf<T>(condition: T | T[] | undefined, value: T | undefined): boolean {
  if (condition === undefined) return true
  return Array.isArray(condition) ? condition.includes(value as T) : condition === value
}

function accountHolds(c: Partial<Conditions>, f: AddressFacts): boolean {
  return (
    oneOf(c.destinationType, f.type) &&
    textHolds(c.iban, f.iban, compact) &&
    textHolds(c.country, f.country, compact) &&
    textHolds(c.sortCode, f.sortCode, compact) &&
    textHolds(c.accountNumber, f.accountNumber, compact) &&
    textHolds(c.accountHolderName, f.accountHolderName, loose)
  )
}

function amountHolds(condition: Conditions['amount'], amount: number): boolean {
  if (condition === undefined) return true
  if (typeof condition === 'number') return condition === amount
  return (condition.min === undefined || amount >= condition.min) && (condition.max === undefined || amount <= condition.max)
}

/** A metadata value as a condition sees it: text as is, numbers and booleans written out, objects as JSON. */
function metadataText(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function metadataHolds(condition: Conditions['metadata'], metadata: Record<string, unknown> | undefined): boolean {
  if (condition === undefined) return true
  return Object.entries(condition).every(([key, wanted]) => {
    // Only the payout's own keys: "constructor" must not find Object's.
    const value = metadata !== undefined && Object.hasOwn(metadata, key) ? metadata[key] : undefined
    if (value === undefined || value === null) return false
    if (typeof wanted === 'object') return patternMatches(wanted, metadataText(value))
    return metadataText(value) === String(wanted)
  })
}

function holds(c: Conditions, f: PayoutFacts): boolean {
  return (
    accountHolds(c, f) &&
    amountHolds(c.amount, f.amount) &&
    oneOf(c.currency, f.currency as never) &&
    oneOf(c.payoutType, f.payoutType as never) &&
    textHolds(c.paymentReference, f.paymentReference, (v) => v) &&
    oneOf(c.rail, f.rail) &&
    (c.railAsked === undefined || c.railAsked === f.railAsked) &&
    metadataHolds(c.metadata, f.metadata) &&
    oneOf(c.payee, f.payee)
  )
}

const anyBlock = <C>(when: C | C[], test: (c: C) => boolean) => (Array.isArray(when) ? when.some(test) : test(when))

export function matchRule(scenario: Scenario, facts: PayoutFacts): Rule | undefined {
  return scenario.rules.find((rule) => anyBlock(rule.when, (c) => holds(c, facts)))
}

function returnHolds(c: ReturnConditions, f: ReturnFacts): boolean {
  return amountHolds(c.amount, f.amount) && oneOf(c.cents, f.cents) && oneOf(c.currency, f.currency) && oneOf(c.rail, f.rail)
}

export function matchReturnRule(returns: Returns, facts: ReturnFacts): Returns['rules'][number] | undefined {
  return returns.rules.find((rule) => anyBlock(rule.when, (c) => returnHolds(c, facts)))
}

/** payee/verify for `facts`: the first payee rule that holds, else a draw from the default mix. */
export function verifyPayee(scenario: Scenario, seed: number, facts: AddressFacts): PayeeVerdict {
  const rule = scenario.payee.rules.find((r) => anyBlock(r.when, (c) => accountHolds(c, facts)))
  if (rule) return rule.suggestedName ? { status: rule.result, suggestedAccountHolderName: rule.suggestedName } : { status: rule.result }
  // The same account and name always get the same answer for a given seed.
  const random = seededRandom(seed, 'payee', facts.iban ?? `${facts.sortCode ?? ''}${facts.accountNumber ?? ''}`, loose(facts.accountHolderName ?? ''))
  const weights = PAYEE_RESULTS.map((r) => scenario.payee.default[r] ?? 0)
  let pick = random.next() * weights.reduce((a, b) => a + b, 0)
  const status = PAYEE_RESULTS.find((_, i) => (pick -= weights[i]!) < 0) ?? 'match'
  if (status !== 'partial_match') return { status }
  return { status, suggestedAccountHolderName: closeMatchOf(facts.accountHolderName ?? '') }
}

/** A name a bank could plausibly hold for a close match: "Jane Doe" is held as "J. Doe". */
function closeMatchOf(name: string): string {
  const words = name.trim().split(/\s+/)
  if (words.length < 2) return `${name.trim()} Ltd`
  return [`${words[0]![0]!.toUpperCase()}.`, ...words.slice(1)].join(' ')
}

/** What the rules of orders and refunds look at. */
export interface MoneyFacts {
  /** Major units. */
  amount: number
  /** The amount with all its currency's decimals ("12.10"), as `{pattern}` sees it. */
  amountText: string
  currency: string
  /** The order's referenceId. */
  referenceId: string
}

function moneyHolds(c: MoneyConditions, f: MoneyFacts): boolean {
  const amount = typeof c.amount === 'object' && 'pattern' in c.amount ? patternMatches(c.amount, f.amountText) : amountHolds(c.amount, f.amount)
  return amount && oneOf(c.currency, f.currency as never) && textHolds(c.referenceId, f.referenceId, (v) => v)
}

/** The first order or refund rule whose conditions hold for `facts`. */
export function matchMoneyRule<R extends { when: MoneyConditions | MoneyConditions[] }>(rules: readonly R[], facts: MoneyFacts): R | undefined {
  return rules.find((rule) => anyBlock(rule.when, (c) => moneyHolds(c, facts)))
}
