// The scenario file format. A scenario decides, per payout, what the rail does:
//
//   name: default
//   seed: 20251005                 # the random stream; a merchant's own seed overrides it
//   rules:                          # first match decides
//     - name: account-closed
//       when:                       # every condition given must hold; a list of blocks = any block
//         iban: DE52100000000000000101
//       then:
//         steps:                    # a timeline, each step `after` the previous one
//           - after: 800ms
//             status: in_transit
//           - after: { lognormal: { median: 1.2s, sigma: 0.55, max: 10s } }
//             status: failed
//             failure: account_closed
//             reason: AC04          # ISO 20022 reason, kept in the journal
//   default:                        # payouts no rule matched
//     branches:                     # weighted, drawn with the seeded generator
//       - { weight: 99, steps: [...] }
//       - { weight: 1, steps: [...] }
//   payee: { rules: [...], default: { match: 100 } }     # answers of payee/verify
//   webhooks: { duplicate: 0.1, reorder: 0.1, failFirstAttempt: 0.2 }   # delivery chaos
//   api:                            # standing faults on the API (src/faults), seeded
//     faults: [{ path: payout/create, status: 503, when: after, share: 0.1, retryAfter?: 1, delay?: 2s }]
//   returns:                        # what happens to a return/create (src/returns); absent, DEFAULT_RETURNS
//     rules:                        # first match decides, on the deposit returned
//       - { name: bounce, when: { cents: 67 }, then: { steps: [{ after: 2s, status: succeeded }, { after: 30s, status: returned }] } }
//     default: { steps: [{ after: 2s, status: succeeded }] }   # or { branches: [...] }
//
//   orders:                         # what the payer does after order/create (first match decides)
//     rules: [{ name, when: {amount, currency, referenceId}, then: {after: 2s, outcome: paid} }]
//     default: { after: 5s, outcome: abandoned }   # absent: the order waits for its payer
//   refunds:                        # a refund's timeline (first match decides)
//     rules: [{ name, when: {amount, currency, referenceId}, then: {steps: [{after, status}]} }]
//     default: { steps: [{ after: 1s, status: pending }, { after: 2s, status: succeeded }] }
//
// Order outcomes: paid (by an invented payer), failed (with classification {primary,
// secondary?}), abandoned (canceled, classification payment_abandoned). Refund steps: pending,
// succeeded, failed, following refunds/states.ts. Their conditions: amount (exact, {min,max} or
// {pattern} on the decimal text, "12.13"), currency, referenceId (the order's). Their delays are
// durations, {uniform} or {lognormal}. Without `refunds.rules`, an amount ending in .13 fails.
//
// Conditions: amount (exact or {min,max}, major units), currency, destinationType, payoutType,
// iban, country, sortCode, accountNumber, accountHolderName, paymentReference, rail (the rail the
// payout takes: the one asked for, or the usual one the sandbox picked), railAsked (true when the
// request named the rail), metadata ({key: value}), payee (what payee/verify answers for the
// destination). Text conditions take a value, a list of values or {pattern: regex} (RE2 syntax,
// see pattern.ts).
// Delays: a duration ("1.5s"), {uniform: {min, max}}, {lognormal: {median, sigma, max?}} (max
// 30 days when not given), {whenOpen: delay} (that delay counted from the rail's next opening,
// now while it is open: TARGET's cut-off), or {businessDays: n, at?: "HH:MM"} on the payout's
// rail calendar (UTC), rails/registry.ts.
// Statuses: in_transit, paid, failed (with failure), canceled (expired), returned (a paid payout
// coming back later, as failed with the failure given). A timeline must follow the state machine.
// Return conditions: amount (as for payouts), cents (the amount's first two decimals: 12.66 and
// USDC 0.661 have 66), currency, rail (the deposit's, as Ivy spells it there). Return statuses:
// succeeded, failed, returned (after succeeded: the payer's bank sent the money back).
import { z } from 'zod'
import { StandingFault } from '../../faults/schemas.js'
import { FINANCIAL_ADDRESS_TYPES } from '../../financial-address/schemas.js'
import { CURRENCIES, CURRENCIES_OF } from '../../lib/money.js'
import { DURATION_HINT, parseDuration } from '../../lib/duration.js'
import { FAILURE_CODES } from '../../payouts/failures.js'
import { PAYOUT_TYPES } from '../../payouts/schemas.js'
import { DEPOSIT_RAILS, RAILS } from '../../rails/registry.js'
import { canTransition, type PayoutStatus } from '../../payouts/states.js'
import { canTransitionReturn, type ReturnStatus } from '../../returns/states.js'
import { CLASSIFICATION_PRIMARY, CLASSIFICATION_SECONDARY } from '../../orders/states.js'
import { canTransitionRefund, type RefundStatus } from '../../refunds/states.js'
import { patternProblem } from './pattern.js'

const Duration = z.string().refine((text) => parseDuration(text) !== undefined, `expected ${DURATION_HINT}`)

const Uniform = z.strictObject({ uniform: z.strictObject({ min: Duration, max: Duration }) })
const Lognormal = z.strictObject({ lognormal: z.strictObject({ median: Duration, sigma: z.number().positive().max(5), max: Duration.optional() }) })

const Delay = z.union(
  [
    Duration,
    Uniform,
    Lognormal,
    z.strictObject({ whenOpen: z.union([Duration, Uniform, Lognormal], { error: `expected ${DURATION_HINT}, {uniform} or {lognormal}` }) }),
    z.strictObject({
      businessDays: z.number().int().min(0).max(30),
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a UTC time like "09:00"').optional(),
    }),
  ],
  { error: `expected ${DURATION_HINT}, {uniform: {min, max}}, {lognormal: {median, sigma}}, {whenOpen: delay} or {businessDays: n}` },
)
export type Delay = z.infer<typeof Delay>

const STEP_STATUSES = ['in_transit', 'paid', 'failed', 'canceled', 'returned'] as const
type StepStatus = (typeof STEP_STATUSES)[number]

const Step = z
  .strictObject({
    after: Delay,
    status: z.enum(STEP_STATUSES),
    failure: z.enum(FAILURE_CODES).optional(),
    reason: z.string().regex(/^[A-Z0-9]{4}$/, 'expected an ISO 20022 reason code like "AC04"').optional(),
  })
  .superRefine((step, ctx) => {
    const failing = step.status === 'failed' || step.status === 'returned'
    if (failing && !step.failure) ctx.addIssue({ code: 'custom', path: ['failure'], message: `a "${step.status}" step needs a failure code` })
    if (!failing && step.failure) ctx.addIssue({ code: 'custom', path: ['failure'], message: `only failed or returned steps carry a failure code` })
  })
export type Step = z.infer<typeof Step>

/** The payout status a step leads to: a return is a paid payout becoming failed. */
export function statusOf(step: StepStatus): PayoutStatus {
  return step === 'returned' ? 'failed' : step
}

const Timeline = z
  .array(Step)
  .min(1)
  .superRefine((steps, ctx) => {
    let from: PayoutStatus = 'pending'
    steps.forEach((step, i) => {
      const to = statusOf(step.status)
      const legal = step.status === 'returned' ? from === 'paid' : from !== 'paid' && canTransition(from, to)
      if (!legal) ctx.addIssue({ code: 'custom', path: [i, 'status'], message: `a payout cannot go from ${from} to ${step.status}` })
      from = to
    })
  })

/** One timeline, or weighted branches of them drawn with the seeded generator. */
const outcomeOf = <T extends z.ZodType>(timeline: T) =>
  z.union(
    [
      z.strictObject({ steps: timeline }),
      z.strictObject({
        branches: z.array(z.strictObject({ name: z.string().optional(), weight: z.number().positive(), steps: timeline })).min(1),
      }),
    ],
    { error: 'expected {steps: [...]} or {branches: [{weight, steps}, ...]}' },
  )

const Outcome = outcomeOf(Timeline)
export type Outcome = z.infer<typeof Outcome>

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)])
const Pattern = z.strictObject({
  pattern: z.string().superRefine((source, ctx) => {
    const problem = patternProblem(source)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }),
})
const Text = z.union([z.string(), z.array(z.string()).min(1), Pattern])
export type TextCondition = z.infer<typeof Text>

export const PAYEE_RESULTS = ['match', 'partial_match', 'no_match', 'not_available'] as const
export type PayeeResult = (typeof PAYEE_RESULTS)[number]

const AccountConditions = {
  destinationType: oneOrMany(z.enum(FINANCIAL_ADDRESS_TYPES)).optional(),
  iban: Text.optional(),
  country: Text.optional(),
  sortCode: Text.optional(),
  accountNumber: Text.optional(),
  accountHolderName: Text.optional(),
}

const AmountCondition = z.union([z.number(), z.strictObject({ min: z.number().optional(), max: z.number().optional() })])

const Conditions = z.strictObject({
  ...AccountConditions,
  amount: AmountCondition.optional(),
  currency: oneOrMany(z.enum(CURRENCIES)).optional(),
  payoutType: z.enum(PAYOUT_TYPES).optional(),
  paymentReference: Text.optional(),
  rail: oneOrMany(z.enum(RAILS)).optional(),
  railAsked: z.boolean().optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), Pattern])).optional(),
  payee: oneOrMany(z.enum(PAYEE_RESULTS)).optional(),
})
export type Conditions = z.infer<typeof Conditions>

const Rule = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  when: z.union([Conditions, z.array(Conditions).min(1)]),
  then: Outcome,
})
export type Rule = z.infer<typeof Rule>

const PayeeRule = z
  .strictObject({
    name: z.string().min(1),
    when: z.union([z.strictObject(AccountConditions), z.array(z.strictObject(AccountConditions)).min(1)]),
    result: z.enum(PAYEE_RESULTS),
    suggestedName: z.string().min(1).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.result === 'partial_match' && !rule.suggestedName) {
      ctx.addIssue({ code: 'custom', path: ['suggestedName'], message: 'a partial_match rule names the account holder it suggests' })
    }
  })
export type PayeeRule = z.infer<typeof PayeeRule>

const PayeeMix = z
  .strictObject({
    match: z.number().min(0).optional(),
    partial_match: z.number().min(0).optional(),
    no_match: z.number().min(0).optional(),
    not_available: z.number().min(0).optional(),
  })
  .refine((mix) => Object.values(mix).some((w) => (w ?? 0) > 0), 'give at least one result a positive weight')

const Probability = z.number().min(0).max(1)

const ReturnStep = z.strictObject({ after: Delay, status: z.enum(['succeeded', 'failed', 'returned']) })
export type ReturnStep = z.infer<typeof ReturnStep>

const ReturnTimeline = z
  .array(ReturnStep)
  .min(1)
  .superRefine((steps, ctx) => {
    let from: ReturnStatus = 'initiated'
    steps.forEach((step, i) => {
      if (!canTransitionReturn(from, step.status)) ctx.addIssue({ code: 'custom', path: [i, 'status'], message: `a return cannot go from ${from} to ${step.status}` })
      from = step.status
    })
  })

const ReturnOutcome = outcomeOf(ReturnTimeline)
export type ReturnOutcome = z.infer<typeof ReturnOutcome>

const ReturnConditions = z.strictObject({
  amount: AmountCondition.optional(),
  cents: oneOrMany(z.number().int().min(0).max(99)).optional(),
  currency: oneOrMany(z.enum(CURRENCIES_OF.deposit)).optional(),
  rail: oneOrMany(z.enum(DEPOSIT_RAILS)).optional(),
})
export type ReturnConditions = z.infer<typeof ReturnConditions>

const Returns = z.strictObject({
  rules: z.array(z.strictObject({ name: z.string().min(1), description: z.string().optional(), when: z.union([ReturnConditions, z.array(ReturnConditions).min(1)]), then: ReturnOutcome })).default([]),
  default: ReturnOutcome,
})
export type Returns = z.infer<typeof Returns>

const quickly = { uniform: { min: '1s', max: '3s' } }

/**
 * [sandbox] Returns in a scenario without `returns`: succeeded in 1 to 3 s, one in 100 then sent
 * back within a minute; a deposit whose amount ends in .66 fails, one ending in .67 comes back.
 */
export const DEFAULT_RETURNS: Returns = {
  rules: [
    { name: 'magic-return-fails', when: { cents: 66 }, then: { steps: [{ after: quickly, status: 'failed' }] } },
    { name: 'magic-return-returned', when: { cents: 67 }, then: { steps: [{ after: '2s', status: 'succeeded' }, { after: '30s', status: 'returned' }] } },
  ],
  default: {
    branches: [
      { name: 'succeeded', weight: 99, steps: [{ after: quickly, status: 'succeeded' }] },
      { name: 'returned', weight: 1, steps: [{ after: quickly, status: 'succeeded' }, { after: { uniform: { min: '20s', max: '60s' } }, status: 'returned' }] },
    ],
  },
}

/** Delays that need no rail calendar: what orders and refunds wait. */
const TimedDelay = z.union([Duration, Uniform, Lognormal], { error: `expected ${DURATION_HINT}, {uniform: {min, max}} or {lognormal: {median, sigma}}` })

const MoneyConditions = z.strictObject({
  amount: z.union([z.number(), z.strictObject({ min: z.number().optional(), max: z.number().optional() }), Pattern]).optional(),
  currency: oneOrMany(z.enum(CURRENCIES_OF.order)).optional(),
  referenceId: Text.optional(),
})
export type MoneyConditions = z.infer<typeof MoneyConditions>

/** An order or refund rule: its conditions, and `then` (what the payer does, or a refund's timeline). */
const moneyRule = <T extends z.ZodType>(then: T) =>
  z.strictObject({ name: z.string().min(1), when: z.union([MoneyConditions, z.array(MoneyConditions).min(1)]), then })

const uniqueNames = (rules: Array<{ name: string }>, ctx: z.RefinementCtx) => {
  const seen = new Set<string>()
  rules.forEach((rule, i) => {
    if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `rule name "${rule.name}" is used twice` })
    seen.add(rule.name)
  })
}

const OrderOutcome = z
  .strictObject({
    after: TimedDelay,
    outcome: z.enum(['paid', 'failed', 'abandoned']),
    classification: z.strictObject({ primary: z.enum(CLASSIFICATION_PRIMARY), secondary: z.enum(CLASSIFICATION_SECONDARY).optional() }).optional(),
  })
  .refine((o) => o.outcome === 'failed' || !o.classification, { path: ['classification'], message: 'only a failed outcome takes a classification' })
export type OrderOutcome = z.infer<typeof OrderOutcome>

const Orders = z.strictObject({
  rules: z.array(moneyRule(OrderOutcome)).default([]).superRefine(uniqueNames),
  default: OrderOutcome.optional(),
})

const RefundTimeline = z
  .array(z.strictObject({ after: TimedDelay, status: z.enum(['pending', 'succeeded', 'failed']) }))
  .min(1)
  .superRefine((steps, ctx) => {
    let from = 'initiated' as RefundStatus
    steps.forEach((step, i) => {
      if (!canTransitionRefund(from, step.status)) ctx.addIssue({ code: 'custom', path: [i, 'status'], message: `a refund cannot go from ${from} to ${step.status}` })
      from = step.status
    })
    if (from !== 'succeeded' && from !== 'failed') ctx.addIssue({ code: 'custom', path: [steps.length - 1, 'status'], message: 'a refund timeline ends succeeded or failed' })
  })
export type RefundTimeline = z.infer<typeof RefundTimeline>

/** [sandbox] Without rules of its own, a scenario fails refunds of an amount ending in .13. */
const MAGIC_REFUND_RULES = [
  { name: 'magic-refund-fails', when: { amount: { pattern: '\\.13$' } }, then: { steps: [{ after: '1s', status: 'pending' as const }, { after: '2s', status: 'failed' as const }] } },
]
const DEFAULT_REFUND_TIMELINE: RefundTimeline = [
  { after: '1s', status: 'pending' },
  { after: '2s', status: 'succeeded' },
]

const Refunds = z.strictObject({
  rules: z.array(moneyRule(z.strictObject({ steps: RefundTimeline }))).default(MAGIC_REFUND_RULES).superRefine(uniqueNames),
  default: z.strictObject({ steps: RefundTimeline }).default({ steps: DEFAULT_REFUND_TIMELINE }),
})

export const ScenarioFile = z.strictObject({
  name: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().optional(),
  seed: z.number().int(),
  rules: z.array(Rule).default([]).superRefine(uniqueNames),
  default: Outcome,
  payee: z.strictObject({ rules: z.array(PayeeRule).default([]), default: PayeeMix.default({ match: 1 }) }).default({ rules: [], default: { match: 1 } }),
  webhooks: z
    .strictObject({ duplicate: Probability.default(0), reorder: Probability.default(0), failFirstAttempt: Probability.default(0) })
    .default({ duplicate: 0, reorder: 0, failFirstAttempt: 0 }),
  api: z.strictObject({ faults: z.array(StandingFault).min(1) }).optional(),
  returns: Returns.optional(),
  orders: Orders.default({ rules: [] }),
  refunds: Refunds.default({ rules: MAGIC_REFUND_RULES, default: { steps: DEFAULT_REFUND_TIMELINE } }),
})
export type ScenarioFile = z.infer<typeof ScenarioFile>
