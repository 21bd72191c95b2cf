// What coverage counts, one registry entry per kind: its items with their hits, which of them the
// scenarios in use can produce (those are required), and how an uncovered one reads in words.
// A new object (refunds, returns, orders) adds its statuses with one entry in STATUS_SOURCES.
import type { Db } from '../db/database.js'
import { FAILURE_CODES } from '../payouts/failures.js'
import { PAYOUT_STATUSES } from '../payouts/states.js'
import type { Scenario } from '../sim/scenario/load.js'
import { ruleLabels } from '../sim/scenario/plan.js'
import { statusOf, type Outcome, type Step } from '../sim/scenario/schema.js'
import type { CoverageItem, CoverageKindName } from './report.js'
import { failureCodeHits, faultHits, payoutStatusHits, ruleHits, webhookOutcomes, type MerchantScope, type WebhookOutcomeCounts } from './repo.js'

export interface CoverageInput {
  db: Db
  merchantId: MerchantScope
  /** The scenarios whose possibilities are required. */
  scenarios: Scenario[]
}

interface KindDef {
  title: string
  items(input: CoverageInput): CoverageItem[]
  /** A required item without hits, in words. */
  uncovered(item: CoverageItem, input: CoverageInput): string
}

const stepsOf = (outcome: Outcome): Step[] => ('steps' in outcome ? outcome.steps : outcome.branches.flatMap((b) => b.steps))
const everyStep = (scenario: Scenario): Step[] => [...scenario.rules.flatMap((rule) => stepsOf(rule.then)), ...stepsOf(scenario.default)]

interface StatusSource {
  object: string
  statuses: readonly string[]
  /** The statuses a scenario can lead the object to. */
  producible(scenario: Scenario): Set<string>
  /** Changes into each status. */
  reached(db: Db, merchantId: MerchantScope): Map<string, number>
}

const STATUS_SOURCES: StatusSource[] = [
  {
    object: 'payout',
    statuses: PAYOUT_STATUSES,
    producible: (scenario) => new Set(['pending', ...everyStep(scenario).map((step) => statusOf(step.status))]),
    reached: payoutStatusHits,
  },
]

interface WebhookOutcome {
  name: keyof WebhookOutcomeCounts
  /** How it reads when it never happened. */
  never: string
  /** [sandbox] Required when the scenario makes it happen: a first delivery always, chaos when its share is above 0. */
  required(scenario: Scenario): boolean
}

const WEBHOOK_OUTCOMES: WebhookOutcome[] = [
  { name: 'deliveredFirstAttempt', never: 'no webhook was delivered on its first attempt', required: () => true },
  { name: 'retriedThenDelivered', never: 'no webhook was delivered after a retry', required: (s) => s.webhooks.failFirstAttempt > 0 },
  { name: 'givenUp', never: 'no webhook was given up after its last retry', required: () => false },
  { name: 'duplicated', never: 'no webhook was sent twice', required: (s) => s.webhooks.duplicate > 0 },
  { name: 'reordered', never: 'no webhook was overtaken by a later one', required: (s) => s.webhooks.reorder > 0 },
]

const faultName = (fault: { path: string; status: number; when: string }) => `${fault.path} ${fault.status} ${fault.when}`

/** Required items first, in the order given, then the others seen. */
function itemsOf(required: Iterable<string>, hits: Map<string, number>, group?: string): CoverageItem[] {
  const names = new Set(required)
  const item = (name: string, isRequired: boolean): CoverageItem => ({ name, hits: hits.get(name) ?? 0, required: isRequired, ...(group !== undefined && { group }) })
  return [...[...names].map((name) => item(name, true)), ...[...hits.keys()].filter((name) => !names.has(name)).map((name) => item(name, false))]
}

export const KINDS: { [K in CoverageKindName]: KindDef } = {
  rules: {
    title: 'Scenario rules and branches',
    items: ({ db, merchantId, scenarios }) => {
      // Payouts are counted under the scenario their merchant runs now; a rule it does not have
      // (an earlier scenario's, "insufficient-balance") is listed for information.
      const labels = new Map<string, Set<string>>()
      for (const scenario of scenarios) labels.set(scenario.name, new Set([...(labels.get(scenario.name) ?? []), ...ruleLabels(scenario)]))
      const hits = new Map<string, Map<string, number>>()
      const others = new Map<string, number>()
      for (const row of ruleHits(db, merchantId)) {
        if (!labels.get(row.scenario_name)?.has(row.rule)) others.set(row.rule, (others.get(row.rule) ?? 0) + row.n)
        else hits.set(row.scenario_name, (hits.get(row.scenario_name) ?? new Map()).set(row.rule, row.n))
      }
      return [...[...labels].flatMap(([scenario, names]) => itemsOf(names, hits.get(scenario) ?? new Map(), scenario)), ...itemsOf([], others)]
    },
    uncovered: (item, { scenarios }) => `rule ${item.name} never matched${new Set(scenarios.map((s) => s.name)).size > 1 ? ` in scenario ${item.group}` : ''}`,
  },
  statuses: {
    title: 'Statuses reached',
    items: ({ db, merchantId, scenarios }) =>
      STATUS_SOURCES.flatMap((source) => {
        const producible = new Set(scenarios.flatMap((scenario) => [...source.producible(scenario)]))
        const reached = source.reached(db, merchantId)
        return source.statuses.map((status) => ({ name: status, hits: reached.get(status) ?? 0, required: producible.has(status), group: source.object }))
      }),
    uncovered: (item) => `${item.group} status ${item.name} never reached`,
  },
  failureCodes: {
    title: 'Failure codes reached',
    items: ({ db, merchantId, scenarios }) => {
      const producible = new Set(scenarios.flatMap((scenario) => everyStep(scenario).flatMap((step) => step.failure ?? [])))
      const hits = failureCodeHits(db, merchantId)
      return FAILURE_CODES.map((code) => ({ name: code, hits: hits.get(code) ?? 0, required: producible.has(code) }))
    },
    uncovered: (item) => `failure code ${item.name} never reached`,
  },
  webhooks: {
    title: 'Webhook deliveries',
    items: ({ db, merchantId, scenarios }) => {
      const counts = webhookOutcomes(db, merchantId)
      return WEBHOOK_OUTCOMES.map((outcome) => ({ name: outcome.name, hits: counts[outcome.name], required: scenarios.some(outcome.required) }))
    },
    uncovered: (item) => WEBHOOK_OUTCOMES.find((outcome) => outcome.name === item.name)!.never,
  },
  faults: {
    title: 'API faults injected',
    items: ({ db, merchantId, scenarios }) => {
      const standing = scenarios.flatMap((scenario) => (scenario.api?.faults ?? []).map(faultName))
      return itemsOf(standing, new Map(faultHits(db, merchantId).map((row) => [faultName(row), row.n])))
    },
    uncovered: (item) => `fault ${item.name} never injected`,
  },
}
