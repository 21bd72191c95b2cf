// The coverage report's plain types, on their own so that the library's public surface
// (sandbox.coverage()) needs nothing of zod, the database or the HTTP stack. schemas.ts holds
// the one zod schema of the report and checks at compile time that it describes these types.

/** What is counted; the order is the report's. */
export const COVERAGE_KINDS = ['rules', 'statuses', 'failureCodes', 'webhooks', 'faults'] as const
export type CoverageKindName = (typeof COVERAGE_KINDS)[number]

export interface CoverageItem {
  /** A rule or branch ("flaky-bank#timeout"), a status, a failure code, a webhook outcome, or a fault ("payout/create 503 after"). */
  name: string
  /** Times it happened: payouts a rule decided, changes into a status, failed payouts, deliveries, faults injected. */
  hits: number
  /** Whether the scenario can produce it: a required item without hits is uncovered; the others are for information. */
  required: boolean
  /** The scenario a rule is of (none for a rule no current scenario has), the object a status is of ("payout"). */
  group?: string
}

export interface CoverageKind {
  kind: CoverageKindName
  title: string
  /** No required item of this kind is without hits. */
  covered: boolean
  items: CoverageItem[]
}

export interface UncoveredItem {
  kind: CoverageKindName
  name: string
  /** In words: "rule magic-account-closed never matched". */
  message: string
}

export interface CoverageReport {
  /** "merchant": the caller's merchant; "all": every merchant of the sandbox, added up. */
  scope: 'merchant' | 'all'
  /** How many merchants were counted. */
  merchants: number
  /** The scenarios whose rules, statuses, failure codes, webhook chaos and standing faults are required. */
  scenarios: string[]
  /** Every required item has hits. */
  covered: boolean
  kinds: CoverageKind[]
  uncovered: UncoveredItem[]
}
