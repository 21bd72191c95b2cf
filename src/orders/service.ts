// Orders wait for an incoming bank transfer. order/create answers where the payer must pay; the
// payer is simulated (POST /sandbox/orders/{id}/pay, or the scenario's `orders:` rules after a
// delay); an order unpaid at its expiresAt is canceled. A paid order credits the balance.
// Every status change goes through `transitionOrder()` (states.ts), which appends the status
// history and queues order_updated in the caller's transaction.
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { composeIBAN, isValidIBAN } from 'ibantools'
import type { JobRow, MerchantRow, OrderRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { Conflict, Invalid, NotFound } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { MAX_TIME, toIso } from '../lib/clock.js'
import { toDecimalString, toMajor, toMinor, type AnyCurrency } from '../lib/money.js'
import { seededRandom } from '../lib/random.js'
import { accountAddress, credit, ensureAccount } from '../ledger/service.js'
import { refundsOfOrder } from '../refunds/repo.js'
import type { Runtime } from '../runtime.js'
import { cancelSteps, deleteJob, scheduleStep } from '../sim/jobs.js'
import { matchMoneyRule } from '../sim/scenario/match.js'
import { after } from '../sim/scenario/plan.js'
import type { OrderOutcome } from '../sim/scenario/schema.js'
import type { Fired } from '../sim/steps.js'
import { findSubaccount } from '../subaccounts/repo.js'
import { emitEvent } from '../webhooks/outbox.js'
import { objectEventNames } from '../webhooks/events.js'
import { findOrder, findOrderById, insertOrder, referenceTaken, saveOrderState } from './repo.js'
import type { CreateOrderBody, Order, OrderRefund, StatusClassification, StatusHistory } from './schemas.js'
import { canTransitionOrder, type OrderStatus, type StatusHistoryReason } from './states.js'

/** [sandbox] How long an order waits for its payer when order/create gives no expiresAt. */
export const DEFAULT_ORDER_LIFETIME_MS = 60 * 60 * 1000

/** A stable id drawn from `parts`, shaped like Ivy's uuids. */
function derivedUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** [sandbox] The merchant's one app: every order names it as appId and merchantAppId. */
export const appIdOf = (merchantId: string) => derivedUuid('app', merchantId)

/** [sandbox] A made-up statement reference: `prefix` and `length` characters drawn from the object's id. */
export function referenceOf(prefix: string, id: string, length: number): string {
  return `${prefix}${createHash('sha256').update(id).digest('hex').slice(0, length).toUpperCase()}`
}

/** A Refund's status as the order's refunds[] (OrderRefund) shows it: no `initiated` there. */
const ORDER_REFUND_STATUS = { initiated: 'pending', pending: 'pending', succeeded: 'succeeded', failed: 'failed' } as const

/** Ivy's Order; `details` adds merchantFinancialAddress, which only order/details shows. */
export function renderOrder(rt: Runtime, merchant: Pick<MerchantRow, 'name'>, row: OrderRow, options: { details?: boolean } = {}): Order {
  const currency = row.currency as AnyCurrency
  const destination = row.destination === null ? undefined : (JSON.parse(row.destination) as NonNullable<Order['destination']>)
  const customer = row.customer === null ? undefined : (JSON.parse(row.customer) as CreateOrderBody['customer'])
  const subaccount = row.subaccount_id === null ? undefined : findSubaccount(rt.db, row.merchant_id, row.subaccount_id)
  const refunds: OrderRefund[] = refundsOfOrder(rt.db, row.id).map((refund) => ({
    id: refund.id,
    amount: toMajor(refund.amount, currency),
    createdAt: toIso(refund.created_at),
    referenceId: refund.reference_id,
    status: ORDER_REFUND_STATUS[refund.status],
    updatedAt: toIso(refund.updated_at),
    ...(refund.transaction_id !== null && { transactionId: refund.transaction_id }),
  }))
  const appId = appIdOf(row.merchant_id)
  return {
    id: row.id,
    appId,
    applicationFeeAmount: 0,
    createdAt: toIso(row.created_at),
    instantPaymentScheme: false,
    merchantAppId: appId,
    merchantId: row.merchant_id,
    price: { currency: currency as Order['price']['currency'], total: toMajor(row.total, currency) },
    referenceId: row.reference_id,
    shopName: merchant.name,
    status: row.status as OrderStatus,
    updatedAt: toIso(row.updated_at),
    ...(customer?.id !== undefined && { customerId: customer.id }),
    ...(destination && { destination }),
    ...(options.details && destination && { merchantFinancialAddress: destination.bankAccount }),
    ...(row.payer_financial_address !== null && { payerFinancialAddress: JSON.parse(row.payer_financial_address) as FinancialAddress }),
    refundAmount: toMajor(row.refund_amount ?? 0, currency),
    refunds,
    ...(row.status_classification !== null && { statusClassification: JSON.parse(row.status_classification) as StatusClassification }),
    statusHistoryList: JSON.parse(row.status_history ?? '[]') as StatusHistory[],
    ...(row.subaccount_id !== null && { subaccountId: row.subaccount_id }),
    ...(subaccount && { subaccountLegalName: subaccount.legal_name }),
    ...(row.transaction_id !== null && { transactionId: row.transaction_id }),
  }
}

export function orderDetails(rt: Runtime, ctx: MerchantContext, idOrReference: string, param = 'id'): OrderRow {
  const order = findOrder(rt.db, ctx.merchant.id, idOrReference)
  if (!order) throw new NotFound('Order', param)
  return order
}

/** Sandbox time of a create request's expiresAt (Unix seconds as text); it must lie ahead. */
function expiryOf(ctx: MerchantContext, expiresAt: string | undefined): number {
  if (expiresAt === undefined) return Math.min(MAX_TIME, ctx.now + DEFAULT_ORDER_LIFETIME_MS)
  const at = Number(expiresAt) * 1000
  if (at <= ctx.now) throw new Invalid(`must be after the sandbox's now (${Math.floor(ctx.now / 1000)})`, 'expiresAt')
  if (at > MAX_TIME) throw new Invalid('is past the end of the sandbox clock', 'expiresAt')
  return at
}

/** What the scenario's payer does, as a step: paid, failed or abandoned (canceled). */
const OUTCOME_STEP: Record<OrderOutcome['outcome'], { toStatus: OrderStatus; reason: StatusHistoryReason }> = {
  paid: { toStatus: 'paid', reason: 'PAYMENT_SUCCEEDED' },
  failed: { toStatus: 'failed', reason: 'PAYMENT_FAILED' },
  abandoned: { toStatus: 'canceled', reason: 'CHECKOUT_SESSION_ABORTED' },
}

/** [sandbox] A failed payment the scenario gives no classification. */
const DEFAULT_FAILED: StatusClassification = { primary: 'payment_execution_failed', secondary: 'payment_rejected' }
const ABANDONED: StatusClassification = { primary: 'payment_abandoned' }

/** Creates an order waiting_for_payment; schedules its expiry and whatever the scenario's payer does. */
export function createOrder(rt: Runtime, ctx: MerchantContext, body: CreateOrderBody): OrderRow {
  const { merchant } = ctx
  return rt.db.tx(() => {
    if (body.subaccountId !== undefined && !findSubaccount(rt.db, merchant.id, body.subaccountId)) throw new NotFound('Subaccount', 'subaccountId')
    const row = openOrder(rt, ctx, {
      amount: toMinor(body.amount, body.currency),
      currency: body.currency,
      referenceId: body.referenceId,
      expiresAt: expiryOf(ctx, body.expiresAt),
      subaccountId: body.subaccountId ?? null,
      customer: body.customer ?? null,
    })
    const outcome = planOrderOutcome(ctx, row)
    if (outcome) {
      const step = OUTCOME_STEP[outcome.then.outcome]
      const classification = outcome.then.outcome === 'failed' ? (outcome.then.classification ?? DEFAULT_FAILED) : outcome.then.outcome === 'abandoned' ? ABANDONED : null
      scheduleStep(rt.db, merchant.id, ctx.clock, {
        kind: 'order_step',
        dueAt: outcome.at,
        subjectId: row.id,
        toStatus: step.toStatus,
        // An order step's failure code is the StatusClassification it sets, as JSON.
        failureCode: classification && JSON.stringify(classification),
        reasonCode: step.reason,
        rule: outcome.rule,
      })
    }
    return row
  })
}

interface NewOrder {
  amount: number
  currency: AnyCurrency
  referenceId: string
  expiresAt: number
  subaccountId: string | null
  customer: CreateOrderBody['customer'] | null
}

/** Inserts the order, waiting_for_payment, with its destination and its expiry step; queues order_created. */
export function openOrder(rt: Runtime, ctx: MerchantContext, order: NewOrder): OrderRow {
  const { merchant, now } = ctx
  if (referenceTaken(rt.db, merchant.id, order.referenceId)) throw new Conflict('an order with this referenceId already exists', 'referenceId')
  const id = rt.ids.uuid()
  const account = ensureAccount(rt, merchant.id, order.currency)
  // [sandbox] The reference the payer must quote: "IVY" and ten characters drawn from the order id.
  const reference = referenceOf('IVY', id, 10)
  const history: StatusHistory[] = [{ createdAt: toIso(now), currentStatus: 'waiting_for_payment', reason: 'ORDER_CREATED', updatedAt: toIso(now), previousStatus: null }]
  const row: OrderRow = {
    id,
    merchant_id: merchant.id,
    reference_id: order.referenceId,
    status: 'waiting_for_payment',
    total: order.amount,
    currency: order.currency,
    payer_financial_address: null,
    created_at: now,
    updated_at: now,
    subaccount_id: order.subaccountId,
    customer: order.customer === null ? null : JSON.stringify(order.customer),
    expires_at: order.expiresAt,
    destination: JSON.stringify({ bankAccount: { ...accountAddress(merchant, account), paymentReference: reference }, bankStatementReference: reference }),
    bank_statement_reference: reference,
    transaction_id: null,
    refund_amount: 0,
    status_history: JSON.stringify(history),
    status_classification: null,
  }
  insertOrder(rt.db, row)
  scheduleStep(rt.db, merchant.id, ctx.clock, {
    kind: 'order_step',
    dueAt: order.expiresAt,
    subjectId: id,
    toStatus: 'canceled',
    failureCode: null,
    reasonCode: 'ORDER_CANCELED',
    rule: 'expired',
  })
  emitOrderEvent(rt, ctx, row, 'created')
  return row
}

/** The scenario rule that decides what the payer does, and when; none means the order waits for its payer. */
function planOrderOutcome(ctx: MerchantContext, row: OrderRow): { rule: string; at: number; then: OrderOutcome } | undefined {
  const { orders } = ctx.scenario
  const currency = row.currency as AnyCurrency
  const rule = matchMoneyRule(orders.rules, { amount: toMajor(row.total, currency), amountText: toDecimalString(row.total, currency), currency, referenceId: row.reference_id })
  const then = rule?.then ?? orders.default
  if (!then) return undefined
  const random = seededRandom(ctx.seed, 'order', row.reference_id)
  return { rule: rule?.name ?? 'default', at: after(then.after, row.created_at, random, { calendar: 'ALWAYS' }), then }
}

function emitOrderEvent(rt: Runtime, ctx: MerchantContext, row: OrderRow, change: 'created' | 'updated'): void {
  const history = JSON.parse(row.status_history ?? '[]') as unknown[]
  emitEvent(rt, ctx, { names: objectEventNames('order', change), payload: () => renderOrder(rt, ctx.merchant, row), at: row.updated_at, stream: ['order', row.id, history.length, row.refund_amount ?? 0], live: 'orders' })
}

export interface OrderChange {
  to: OrderStatus
  at: number
  reason: StatusHistoryReason
  /** Who paid (to paid). */
  payer?: FinancialAddress
  classification?: StatusClassification | null
  /** Minor units refunded successfully so far (refunds moving on). */
  refundAmount?: number
}

/**
 * The only way an order changes: checks the state machine, credits the balance when it is paid,
 * appends the status history, saves and queues order_updated, in the caller's transaction. A
 * change to the status it has (a refund settling while another is in flight) adds no history.
 */
export function transitionOrder(rt: Runtime, ctx: MerchantContext, order: OrderRow, change: OrderChange, bound?: { param: string }): OrderRow {
  const from = order.status as OrderStatus
  const { to } = change
  if (to !== from && !canTransitionOrder(from, to)) throw new Conflict(`order is ${from} and cannot become ${to}`, 'id')
  const at = Math.max(change.at, order.updated_at)
  const next: OrderRow = { ...order, status: to, updated_at: at }
  if (change.refundAmount !== undefined) next.refund_amount = change.refundAmount
  if (change.classification) next.status_classification = JSON.stringify(change.classification)
  if (to === 'paid') {
    const payer = change.payer ?? inventPayer(order.id, order.currency as AnyCurrency)
    next.payer_financial_address = JSON.stringify(payer)
    const movement = { currency: order.currency as AnyCurrency, amount: order.total, at, process: { type: 'payment' as const, id: order.id }, reference: order.bank_statement_reference ?? order.reference_id, counterparty: payer }
    next.transaction_id = credit(rt, ctx.merchant, movement, bound).id
  }
  if (to !== from) {
    const history = JSON.parse(order.status_history ?? '[]') as StatusHistory[]
    history.push({ createdAt: toIso(at), currentStatus: to, reason: change.reason, updatedAt: toIso(at), previousStatus: from })
    next.status_history = JSON.stringify(history)
  }
  saveOrderState(rt.db, next)
  // Its other scheduled steps (expiry, the scenario's payer) are stale once it is no longer waiting.
  if (from === 'waiting_for_payment') cancelSteps(rt.db, order.id)
  emitOrderEvent(rt, ctx, next, 'updated')
  return next
}

/** The simulated payer pays the order (sandbox); only an order waiting for payment can be paid. */
export function payOrder(rt: Runtime, ctx: MerchantContext, idOrReference: string, payer: FinancialAddress | undefined, bound?: { param: string }): OrderRow {
  return rt.db.tx(() => {
    const order = orderDetails(rt, ctx, idOrReference)
    if (order.status !== 'waiting_for_payment') throw new Conflict(`order is ${order.status}; only an order waiting for payment can be paid`, 'id')
    return transitionOrder(rt, ctx, order, { to: 'paid', at: ctx.now, reason: 'PAYMENT_SUCCEEDED', payer }, bound)
  })
}

/** order/expire: the merchant ends an order still waiting for payment; it ends canceled. */
export function expireOrder(rt: Runtime, ctx: MerchantContext, idOrReference: string): OrderRow {
  return rt.db.tx(() => {
    const order = orderDetails(rt, ctx, idOrReference)
    if (order.status !== 'waiting_for_payment') throw new Conflict(`order is ${order.status}; only an order waiting for payment can be expired`, 'id')
    return transitionOrder(rt, ctx, order, { to: 'canceled', at: ctx.now, reason: 'ORDER_EXPIRED_BY_MERCHANT' })
  })
}

/** Fires an order's expiry or its scenario outcome; a step of an order no longer waiting is dropped. */
export function runOrderStep(rt: Runtime, ctx: MerchantContext, job: JobRow, fired: Fired[]): void {
  deleteJob(rt.db, job.id)
  const order = findOrderById(rt.db, job.subject_id!)
  if (!order || order.status !== 'waiting_for_payment') return
  const to = job.to_status as OrderStatus
  transitionOrder(rt, ctx, order, {
    to,
    at: job.due_at,
    reason: job.reason_code as StatusHistoryReason,
    classification: job.failure_code === null ? null : (JSON.parse(job.failure_code) as StatusClassification),
  })
  fired.push({ object: 'order', id: order.id, from: order.status, to, at: job.due_at })
}

// faker is loaded when a payer is first invented, not with the package: its German locale alone
// costs more to load than the whole HTTP stack, and most sandboxes never invent a payer.
type Faker = typeof import('@faker-js/faker/locale/de').faker
let loadedFaker: Faker | undefined
const germanFaker = (): Faker => (loadedFaker ??= (createRequire(import.meta.url)('@faker-js/faker/locale/de') as { faker: Faker }).faker)

/** Payers outside the euro bank at a real bank code (national check digits hold): country, bank code, account digits. */
const IBAN_BANKS = { PLN: ['PL', '10901014', 16], SEK: ['SE', '500', 17], DKK: ['DK', '5000', 10] } as const

/** A plausible payer account in the currency of an order (or a deposit), the same for the same id. */
export function inventPayer(orderId: string, currency: AnyCurrency): FinancialAddress {
  const faker = germanFaker()
  faker.seed(Math.floor(seededRandom('payer', orderId).next() * 2 ** 31))
  const accountHolderName = faker.person.fullName()
  switch (currency) {
    case 'EUR': {
      let iban = faker.finance.iban({ countryCode: 'DE' })
      for (let tries = 0; !isValidIBAN(iban) && tries < 10; tries++) iban = faker.finance.iban({ countryCode: 'DE' })
      return { type: 'iban', iban: { iban, accountHolderName } }
    }
    case 'PLN':
    case 'SEK':
    case 'DKK': {
      const [countryCode, bank, digits] = IBAN_BANKS[currency]
      return { type: 'iban', iban: { iban: composeIBAN({ countryCode, bban: bank + faker.string.numeric(digits) })!, accountHolderName } }
    }
    case 'GBP':
      return { type: 'sort_code', sortCode: { sortCode: faker.string.numeric(6), accountNumber: faker.string.numeric(8), accountHolderName } }
    case 'USD':
      return { type: 'aba', aba: { accountNumber: faker.finance.accountNumber(10), routingNumber: faker.finance.routingNumber(), accountHolderName } }
    case 'USDC':
      return { type: 'wallet', wallet: { address: faker.finance.ethereumAddress(), blockchain: 'ETH' } }
  }
}
