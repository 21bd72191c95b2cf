// A payout's fate: the rule that decides it and its timeline with absolute sandbox times. It
// depends only on the scenario, the seed, the payout's request (through the rule) and its
// sequence number, so the same test gets the same timings on every run and machine.
import { MAX_TIME } from '../../lib/clock.js'
import { parseDuration } from '../../lib/duration.js'
import { seededRandom, type Random } from '../../lib/random.js'
import { FAILURES, type FailureCode } from '../../payouts/failures.js'
import type { PayoutStatus } from '../../payouts/states.js'
import { addBusinessDays, nextOpening, type CalendarName } from '../../rails/calendars.js'
import { calendarOf, RAIL_SPECS, railOfDeposit, type Hours } from '../../rails/registry.js'
import type { ReturnStatus } from '../../returns/states.js'
import type { AnyCurrency } from '../../lib/money.js'
import type { Scenario } from './load.js'
import { matchReturnRule, matchRule, type PayoutFacts, type ReturnFacts } from './match.js'
import { DEFAULT_RETURNS, statusOf, type Delay, type Outcome } from './schema.js'

export interface PlannedStep {
  at: number
  status: PayoutStatus
  failureCode: FailureCode | null
  reasonCode: string | null
}

export interface PayoutPlan {
  /** Rule name, with the branch drawn when the rule has several ("default#slow"). */
  rule: string
  steps: PlannedStep[]
}

/** The rule name of payouts no rule matched. */
const DEFAULT_RULE = 'default'

export function planPayout(scenario: Scenario, seed: number, seq: number, facts: PayoutFacts, start: number): PayoutPlan {
  const rule = matchRule(scenario, facts)
  const random = seededRandom(seed, 'payout', seq)
  const { label, steps } = pickTimeline(rule?.then ?? scenario.default, random)
  const rail = { calendar: calendarOf(facts.rail, facts.currency as AnyCurrency), hours: RAIL_SPECS[facts.rail].hours }
  let at = start
  return {
    rule: `${rule?.name ?? DEFAULT_RULE}${label}`,
    steps: steps.map((step) => {
      at = after(step.after, at, random, rail)
      return {
        at,
        status: statusOf(step.status),
        failureCode: step.failure ?? null,
        reasonCode: step.reason ?? (step.failure ? FAILURES[step.failure].reason : null),
      }
    }),
  }
}

/** An outcome of any object's timeline: one list of steps, or weighted branches of them. */
type AnyOutcome<S> = { steps: S[] } | { branches: Array<{ name?: string; weight: number; steps: S[] }> }

function pickTimeline<S>(outcome: AnyOutcome<S>, random: Random): { label: string; steps: S[] } {
  if ('steps' in outcome) return { label: '', steps: outcome.steps }
  const total = outcome.branches.reduce((sum, b) => sum + b.weight, 0)
  let pick = random.next() * total
  const index = outcome.branches.findIndex((b) => (pick -= b.weight) < 0)
  const chosen = index === -1 ? outcome.branches.length - 1 : index
  const branch = outcome.branches[chosen]!
  return { label: branchLabel(branch, chosen), steps: branch.steps }
}

/** How a drawn branch is named after its rule: its name, or its position from 1. */
const branchLabel = (branch: { name?: string }, index: number) => `#${branch.name ?? index + 1}`

/** Every rule name planPayout can give for the scenario, each branch on its own, in file order. */
export function ruleLabels(scenario: Scenario): string[] {
  const labelsOf = (name: string, outcome: Outcome) => ('steps' in outcome ? [name] : outcome.branches.map((b, i) => `${name}${branchLabel(b, i)}`))
  return [...scenario.rules.flatMap((rule) => labelsOf(rule.name, rule.then)), ...labelsOf(DEFAULT_RULE, scenario.default)]
}

export interface PlannedReturnStep {
  at: number
  status: ReturnStatus
}

export interface ReturnPlan {
  rule: string
  steps: PlannedReturnStep[]
}

/**
 * A return's fate, from the scenario's `returns` (DEFAULT_RETURNS when it has none), the seed and
 * the return's sequence number; delays count on the deposit's rail (its calendar and hours).
 */
export function planReturn(scenario: Scenario, seed: number, seq: number, facts: ReturnFacts, start: number): ReturnPlan {
  const returns = scenario.returns ?? DEFAULT_RETURNS
  const rule = matchReturnRule(returns, facts)
  const random = seededRandom(seed, 'return', seq)
  const { label, steps } = pickTimeline(rule?.then ?? returns.default, random)
  const rail = railOfDeposit(facts.rail)
  const railTime = { calendar: calendarOf(rail, facts.currency), hours: RAIL_SPECS[rail].hours }
  let at = start
  return {
    rule: `${rule?.name ?? DEFAULT_RULE}${label}`,
    steps: steps.map((step) => ({ at: (at = after(step.after, at, random, railTime)), status: step.status })),
  }
}

/** [sandbox] A lognormal delay without `max` is cut at 30 days: its tail is unbounded. */
const LOGNORMAL_CAP_MS = 30 * 86_400_000

/** What a delay needs of the payout's rail: the days it counts and the hours it is open. */
export interface RailTime {
  calendar: CalendarName
  hours?: Hours
}

/** The instant `delay` after `from`; a step never falls after MAX_TIME, it happens then. */
export function after(delay: Delay, from: number, random: Random, rail: RailTime): number {
  return Math.min(MAX_TIME, unbounded(delay, from, random, rail))
}

function unbounded(delay: Delay, from: number, random: Random, rail: RailTime): number {
  if (typeof delay === 'string') return from + parseDuration(delay)!
  if ('uniform' in delay) {
    const min = parseDuration(delay.uniform.min)!
    const max = parseDuration(delay.uniform.max)!
    return from + Math.round(min + random.next() * (max - min))
  }
  if ('lognormal' in delay) {
    const { median, sigma, max } = delay.lognormal
    const drawn = parseDuration(median)! * Math.exp(sigma * random.normal())
    return from + Math.round(Math.min(drawn, max ? parseDuration(max)! : LOGNORMAL_CAP_MS))
  }
  if ('whenOpen' in delay) {
    const { hours } = rail
    const opening = hours ? nextOpening(rail.calendar, hours.zone, hours.open, hours.close, from) : from
    return unbounded(delay.whenOpen, opening, random, rail)
  }
  return addBusinessDays(rail.calendar, from, delay.businessDays, delay.at)
}
