// Table types for Kysely. Times are sandbox-clock epoch milliseconds, money is integer minor
// units of the row's currency, booleans are 0/1, JSON columns hold serialized text.
import type { Generated, Selectable } from 'kysely'

export interface MerchantTable {
  id: string
  name: string
  api_key: string
  webhook_secret: string
  open_loop: number
  /** Shipped scenario name, or the name inside an uploaded YAML. */
  scenario_name: string
  /** The uploaded scenario the merchant runs; null when a shipped file is used by name. */
  scenario_id: string | null
  /** Overrides the scenario's own seed when set. */
  seed: number | null
  clock_mode: 'frozen' | 'realtime'
  /** Sandbox time at the anchor; the current time when frozen. */
  clock_now: number
  /** Wall time at the anchor (realtime only). */
  clock_wall: number
  clock_speed: number
  /**
   * Wall time by which the scheduler must look at this merchant: never after its earliest job
   * falls due, possibly before. Null when no job falls due by wall time alone.
   */
  next_wake_wall: number | null
  payout_seq: number
  customer_payouts: number
  beneficiary_payouts: number
  created_at: number
  /** Where beneficiary-payout/create sweeps each currency: JSON { [currency]: FinancialAddress }; null until first set or invented. */
  beneficiary_accounts: string | null
}

/** One account per merchant and currency (created on first use): what it holds and what is free. */
export interface BalanceTable {
  merchant_id: string
  currency: string
  /** What payouts, refunds and returns may still take: `booked` less what those in flight hold. */
  available: number
  account_id: string
  /** The ledger's balance: the `after` of the account's last booking. */
  booked: number
}

/** One movement of money on an account, written in the transaction of the change behind it. */
export interface BookingTable {
  /** Insertion order: the chain of `before`/`after` and the cursor of transaction/list. */
  n: Generated<number>
  id: string
  merchant_id: string
  account_id: string
  currency: string
  side: 'credit' | 'debit'
  amount: number
  before: number
  after: number
  at: number
  process_type: string | null
  process_id: string | null
  bank_statement_reference: string
  /** FinancialAddress JSON of the receiving and the sending account. */
  creditor: string
  debtor: string
}

export interface OrderTable {
  id: string
  merchant_id: string
  reference_id: string
  status: string
  total: number
  currency: string
  payer_financial_address: string | null
  created_at: number
  updated_at: number
  subaccount_id: string | null
  /** The create request's `customer`, JSON. */
  customer: string | null
  /** Sandbox time at which an unpaid order is canceled. */
  expires_at: number | null
  /** Where the payer must pay: JSON { bankAccount, bankStatementReference }. */
  destination: string | null
  bank_statement_reference: string | null
  /** The incoming payment's transaction, once paid. */
  transaction_id: string | null
  /** Minor units refunded successfully so far. */
  refund_amount: number | null
  /** JSON StatusHistory[] as Ivy renders it. */
  status_history: string | null
  /** JSON StatusClassification of a failed or abandoned order. */
  status_classification: string | null
}

export interface SubaccountTable {
  id: string
  merchant_id: string
  legal_name: string
  mcc: string
  website_url: string | null
  status: 'active' | 'inactive'
  created_at: number
  updated_at: number
}

export interface RefundTable {
  id: string
  merchant_id: string
  order_id: string
  /** 1, 2, 3... per merchant: the simulator's random stream. */
  seq: number
  amount: number
  currency: string
  status: 'initiated' | 'pending' | 'succeeded' | 'failed'
  /** The refund reference shown to the payer (bankStatementReference, or one made up). */
  reference_id: string
  /** Minor units taken from the balance while the refund is in flight. */
  reserved: number
  transaction_id: string | null
  rule: string
  created_at: number
  updated_at: number
}

export interface DepositTable {
  id: string
  merchant_id: string
  seq: number
  amount: number
  currency: string
  /** FinancialAddress JSON. */
  payer: string
  payee: string
  /** The deposit's rail as Ivy spells it there (lower snake case for fiat). */
  rail: string | null
  bank_statement_reference: string | null
  tx_hash: string | null
  transaction_id: string
  received_at: number
}

export interface ReturnTable {
  id: string
  merchant_id: string
  deposit_id: string
  seq: number
  amount: number
  currency: string
  status: 'initiated' | 'succeeded' | 'failed' | 'returned'
  reserved: number
  transaction_id: string | null
  rule: string
  failed_at: number | null
  succeeded_at: number | null
  created_at: number
  updated_at: number
}

export interface PayoutTable {
  id: string
  merchant_id: string
  /** 1, 2, 3... per merchant: list order and the simulator's random stream. */
  seq: number
  type: 'customer' | 'beneficiary'
  status: 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled'
  amount: number
  currency: string
  destination: string
  order_id: string | null
  metadata: string | null
  payment_reference: string | null
  /** The rail the request asked for, if any. */
  rail: string | null
  transaction_id: string | null
  failure_code: string | null
  /** Minor units held from the balance; 0 once paid out, released or never covered. */
  reserved: number
  /** The scenario rule that decided this payout's fate. */
  rule: string
  created_at: number
  updated_at: number
}

export interface JournalTable {
  id: Generated<number>
  merchant_id: string
  /** Null only on a fault answered before anything was done. */
  payout_id: string | null
  at: number
  from_status: string | null
  /** Null only on a fault row, which changes no status. */
  to_status: string | null
  /** Who moved it: api (created), simulator, sandbox (a forced outcome), or fault (an injected API fault). */
  source: string
  rule: string | null
  reason_code: string | null
  failure_code: string | null
  /** The Ivy path, status and "before"/"after" of an injected fault; null on every other row. */
  fault_path: string | null
  fault_status: number | null
  fault_when: string | null
}

/** A fault armed by POST /sandbox/faults for a merchant's next `remaining` requests to `path`. */
export interface ApiFaultTable {
  id: Generated<number>
  merchant_id: string
  path: string
  status: number
  fault_when: 'before' | 'after'
  remaining: number
  /** Seconds, sent as Retry-After. */
  retry_after: number | null
  /** Wall-time milliseconds the answer is held. */
  delay_ms: number | null
  created_at: number
}

/** A step of one object's timeline, or a webhook delivery attempt. */
export type JobKind = 'payout_step' | 'refund_step' | 'return_step' | 'order_step' | 'webhook_delivery'

export interface JobTable {
  id: Generated<number>
  merchant_id: string
  due_at: number
  kind: JobKind
  /** The object a step moves (payout, refund, return or order); null for a webhook delivery. */
  subject_id: string | null
  to_status: string | null
  failure_code: string | null
  reason_code: string | null
  rule: string | null
  delivery_id: number | null
}

export interface IdempotencyKeyTable {
  merchant_id: string
  key: string
  request_hash: string
  response_body: string
  created_at: number
}

export interface WebhookSubscriptionTable {
  id: string
  merchant_id: string
  url: string
  /** JSON array of event names. */
  events: string
  created_at: number
  updated_at: number
}

export interface WebhookEventTable {
  id: string
  merchant_id: string
  payout_id: string | null
  type: string
  created_at: number
  /** The exact bytes sent (and signed) on every attempt. */
  body: string
}

export interface WebhookDeliveryTable {
  id: Generated<number>
  merchant_id: string
  event_id: string
  subscription_id: string
  /** pending (an attempt is scheduled), delivered, failed (gave up) or canceled (subscription gone). */
  state: 'pending' | 'delivered' | 'failed' | 'canceled'
  attempts: number
  /** Chaos from the scenario: the first attempt is recorded as failed without being sent. */
  fail_first: number
  created_at: number
}

export interface WebhookAttemptTable {
  id: Generated<number>
  merchant_id: string
  delivery_id: number
  event_id: string
  attempt: number
  url: string
  at: number
  status_code: number | null
  error: string | null
  response_excerpt: string | null
  latency_ms: number
  signature: string
}

export interface InboxTable {
  id: Generated<number>
  name: string
  merchant_id: string | null
  received_at: number
  event_id: string | null
  event_type: string | null
  signature: string | null
  signature_valid: number
  body: string
}

/** An uploaded scenario, stored once however many merchants run it. */
export interface UploadedScenarioTable {
  /** SHA-256 of the YAML, hex. */
  id: string
  yaml: string
  /** The validated scenario as JSON, read back far faster than the YAML parses; null if unknown. */
  scenario: string | null
}

/** One API call a merchant made, as the request log keeps it (the last 1,000 per merchant). */
export interface ApiRequestTable {
  id: Generated<number>
  merchant_id: string
  /** Sandbox time the answer was given. */
  at: number
  method: string
  path: string
  /** The query string, with its `?`, or ''. */
  query: string
  status: number
  duration_ms: number
  idempotency_key: string | null
  /** The API key sent, masked: its prefix and last four characters. */
  api_key: string
  request_body: string | null
  response_body: string | null
}

/** A merchant's saved state (POST /sandbox/snapshots), restored by name. */
export interface SnapshotTable {
  merchant_id: string
  name: string
  /** The merchant's sandbox time when it was taken. */
  created_at: number
  payouts: number
  /** The merchant's rows of every table (see src/snapshots/state.ts), as JSON. */
  state: string
}

export interface DatabaseSchema {
  merchants: MerchantTable
  balances: BalanceTable
  bookings: BookingTable
  orders: OrderTable
  subaccounts: SubaccountTable
  refunds: RefundTable
  deposits: DepositTable
  returns: ReturnTable
  payouts: PayoutTable
  journal: JournalTable
  jobs: JobTable
  idempotency_keys: IdempotencyKeyTable
  webhook_subscriptions: WebhookSubscriptionTable
  webhook_events: WebhookEventTable
  webhook_deliveries: WebhookDeliveryTable
  webhook_attempts: WebhookAttemptTable
  inbox: InboxTable
  uploaded_scenarios: UploadedScenarioTable
  api_requests: ApiRequestTable
  api_faults: ApiFaultTable
  snapshots: SnapshotTable
}

export type MerchantRow = Selectable<MerchantTable>
export type OrderRow = Selectable<OrderTable>
export type BalanceRow = Selectable<BalanceTable>
export type BookingRow = Selectable<BookingTable>
export type SubaccountRow = Selectable<SubaccountTable>
export type RefundRow = Selectable<RefundTable>
export type DepositRow = Selectable<DepositTable>
export type ReturnRow = Selectable<ReturnTable>
export type PayoutRow = Selectable<PayoutTable>
export type JournalRow = Selectable<JournalTable>
export type ApiRequestRow = Selectable<ApiRequestTable>
export type ApiFaultRow = Selectable<ApiFaultTable>
export type JobRow = Selectable<JobTable>
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>
export type WebhookEventRow = Selectable<WebhookEventTable>
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>
export type InboxRow = Selectable<InboxTable>
