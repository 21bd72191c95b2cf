// Refunds pay a paid order's payer back, in part or whole, never more than is left to refund
// (the total less what succeeded and what is in flight). A refund reserves its amount from the
// order currency's account; one the balance does not cover is still created and fails at once,
// as a payout does [sandbox]. Its timeline comes from the scenario's `refunds:` key. Every
// status change goes through `transitionRefund()` (states.ts), which moves the money and moves
// the order on: in_refund while any refund is in flight, then refunded, partially_refunded or
// refund_failed.
import type { JobRow, OrderRow, RefundRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { Conflict, Invalid, NotFound } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { decimalsOf, EXPONENT, toDecimalString, toMajor, toMinor, type AnyCurrency } from '../lib/money.js'
import { seededRandom } from '../lib/random.js'
import { debitReserved, release, reserve } from '../ledger/service.js'
import { findOrder, findOrderById } from '../orders/repo.js'
import { referenceOf, transitionOrder } from '../orders/service.js'
import { REFUNDABLE_ORDER_STATUSES, type OrderStatus } from '../orders/states.js'
import type { Runtime } from '../runtime.js'
import { deleteJob, scheduleStep } from '../sim/jobs.js'
import { matchMoneyRule } from '../sim/scenario/match.js'
import { after } from '../sim/scenario/plan.js'
import { forceNow } from '../sim/force.js'
import type { Fired } from '../sim/steps.js'
import { objectEventNames } from '../webhooks/events.js'
import { emitEvent } from '../webhooks/outbox.js'
import { findRefund, insertRefund, nextRefundSeq, refundsOfOrder, saveRefundState } from './repo.js'
import type { CreateRefundBody, Refund } from './schemas.js'
import { canTransitionRefund, IN_FLIGHT, type RefundStatus } from './states.js'

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    amount: toMajor(row.amount, row.currency as AnyCurrency),
    currency: row.currency as Refund['currency'],
    orderId: row.order_id,
    status: row.status,
    ...(row.transaction_id !== null && { transactionId: row.transaction_id }),
  }
}

export function retrieveRefund(rt: Runtime, ctx: MerchantContext, id: string): RefundRow {
  const refund = findRefund(rt.db, ctx.merchant.id, id)
  if (!refund) throw new NotFound('Refund')
  return refund
}

/** refund/create: the order by orderId or referenceId, the amount checked against what is left. */
export function createRefund(rt: Runtime, ctx: MerchantContext, body: CreateRefundBody): RefundRow {
  const param = body.orderId !== undefined ? 'orderId' : 'referenceId'
  return rt.db.tx(() => {
    const order = findOrder(rt.db, ctx.merchant.id, (body.orderId ?? body.referenceId)!)
    if (!order) throw new NotFound('Order', param)
    const currency = order.currency as AnyCurrency
    if (decimalsOf(body.amount) > EXPONENT[currency]) throw new Invalid(`must have at most ${EXPONENT[currency]} decimals for ${currency}`, 'amount')
    return startRefund(rt, ctx, order, toMinor(body.amount, currency), body.bankStatementReference, param)
  })
}

/** Money of the order neither refunded nor in flight. */
function leftToRefund(rt: Runtime, order: OrderRow): number {
  const inFlight = refundsOfOrder(rt.db, order.id)
    .filter((r) => IN_FLIGHT.includes(r.status))
    .reduce((sum, r) => sum + r.amount, 0)
  return order.total - (order.refund_amount ?? 0) - inFlight
}

/** Starts a refund of `amount` (minor units) on `order`, in the caller's transaction; `param` names the order in errors. */
export function startRefund(rt: Runtime, ctx: MerchantContext, order: OrderRow, amount: number, reference: string | undefined, param = 'orderId'): RefundRow {
  const { merchant, now, clock } = ctx
  const currency = order.currency as AnyCurrency
  if (!REFUNDABLE_ORDER_STATUSES.includes(order.status as OrderStatus)) throw new Conflict(`order is ${order.status}; only a paid order can be refunded`, param)
  const left = leftToRefund(rt, order)
  if (amount > left) throw new Invalid(`must be at most ${toMajor(left, currency)} ${currency}, what is left to refund of the order`, 'amount')
  const funded = reserve(rt, merchant.id, currency, amount)
  const seq = nextRefundSeq(rt.db, merchant.id)
  const plan = funded ? planRefund(ctx, seq, order, amount) : { rule: 'insufficient-balance', steps: [{ at: now, status: 'failed' as const }] }
  const id = rt.ids.uuid()
  const row: RefundRow = {
    id,
    merchant_id: merchant.id,
    order_id: order.id,
    seq,
    amount,
    currency,
    status: 'initiated',
    // [sandbox] Without one from the request: "RF" and twelve characters drawn from the refund id.
    reference_id: reference ?? referenceOf('RF', id, 12),
    reserved: funded ? amount : 0,
    transaction_id: null,
    rule: plan.rule,
    created_at: now,
    updated_at: now,
  }
  insertRefund(rt.db, row)
  for (const step of plan.steps) {
    scheduleStep(rt.db, merchant.id, clock, { kind: 'refund_step', dueAt: step.at, subjectId: id, toStatus: step.status, failureCode: null, reasonCode: null, rule: plan.rule })
  }
  if (order.status !== 'in_refund') transitionOrder(rt, ctx, order, { to: 'in_refund', at: now, reason: 'ORDER_REFUND_INITIATED' })
  emitRefundEvent(rt, ctx, row, 'initiated')
  return row
}

/** The refund's timeline: the first `refunds:` rule that holds for it, else the scenario's default. */
function planRefund(ctx: MerchantContext, seq: number, order: OrderRow, amount: number): { rule: string; steps: Array<{ at: number; status: RefundStatus }> } {
  const { refunds } = ctx.scenario
  const currency = order.currency as AnyCurrency
  const rule = matchMoneyRule(refunds.rules, { amount: toMajor(amount, currency), amountText: toDecimalString(amount, currency), currency, referenceId: order.reference_id })
  const random = seededRandom(ctx.seed, 'refund', seq)
  let at = ctx.now
  const steps = (rule?.then ?? refunds.default).steps.map((step) => ({ at: (at = after(step.after, at, random, { calendar: 'ALWAYS' })), status: step.status }))
  return { rule: rule?.name ?? 'default', steps }
}

function emitRefundEvent(rt: Runtime, ctx: MerchantContext, row: RefundRow, change: RefundStatus): void {
  emitEvent(rt, ctx, { names: objectEventNames('refund', change), payload: () => toRefund(row), at: row.updated_at, stream: ['refund', row.seq, change], live: 'orders' })
}

/**
 * The only way a refund changes status: checks the state machine; succeeded debits the reserved
 * amount, failed releases it; a refund ending moves its order on. All in the caller's transaction.
 */
export function transitionRefund(rt: Runtime, ctx: MerchantContext, refund: RefundRow, change: { to: RefundStatus; at: number }): RefundRow {
  const from = refund.status
  const { to } = change
  if (!canTransitionRefund(from, to)) throw new Conflict(`refund is ${from} and cannot become ${to}`, 'status')
  const order = findOrderById(rt.db, refund.order_id)!
  const currency = refund.currency as AnyCurrency
  const next: RefundRow = { ...refund, status: to, updated_at: Math.max(change.at, refund.updated_at) }
  if (to === 'succeeded') {
    const payer = JSON.parse(order.payer_financial_address!) as FinancialAddress
    next.transaction_id = debitReserved(rt, ctx.merchant, { currency, amount: refund.amount, at: next.updated_at, process: { type: 'refund', id: refund.id }, reference: refund.reference_id, counterparty: payer }).id
  }
  if (to === 'failed') release(rt, refund.merchant_id, currency, refund.reserved)
  if (to === 'succeeded' || to === 'failed') next.reserved = 0
  saveRefundState(rt.db, next)
  if (to === 'succeeded' || to === 'failed') settleOrder(rt, ctx, order, next)
  emitRefundEvent(rt, ctx, next, to)
  return next
}

/** The order after `refund` ended: in_refund while others are in flight, else where its refunds leave it. */
function settleOrder(rt: Runtime, ctx: MerchantContext, order: OrderRow, refund: RefundRow): void {
  const refundAmount = (order.refund_amount ?? 0) + (refund.status === 'succeeded' ? refund.amount : 0)
  const othersInFlight = refundsOfOrder(rt.db, order.id).some((r) => r.id !== refund.id && IN_FLIGHT.includes(r.status))
  const change = othersInFlight
    ? ({ to: 'in_refund', reason: 'REFUND_UPDATED' } as const)
    : refund.status === 'failed'
      ? ({ to: 'refund_failed', reason: 'REFUND_UPDATED' } as const)
      : refundAmount === order.total
        ? ({ to: 'refunded', reason: 'ORDER_REFUNDED' } as const)
        : ({ to: 'partially_refunded', reason: 'REFUND_CHARGE_SUCCEEDED' } as const)
  transitionOrder(rt, ctx, order, { ...change, at: refund.updated_at, refundAmount })
}

/** Fires one step of a refund's timeline; a step the refund has made stale is dropped. */
export function runRefundStep(rt: Runtime, ctx: MerchantContext, job: JobRow, fired: Fired[]): void {
  deleteJob(rt.db, job.id)
  const refund = findRefund(rt.db, job.merchant_id, job.subject_id!)
  const to = job.to_status as RefundStatus
  if (!refund || !canTransitionRefund(refund.status, to)) return
  transitionRefund(rt, ctx, refund, { to, at: job.due_at })
  fired.push({ object: 'refund', id: refund.id, from: refund.status, to, at: job.due_at })
}

/** A sandbox tool decides the refund's outcome now; the scenario's remaining steps are dropped. */
export function forceRefund(rt: Runtime, ctx: MerchantContext, id: string, to: 'succeeded' | 'failed'): RefundRow {
  return forceNow(
    rt,
    () => retrieveRefund(rt, ctx, id),
    (refund) => transitionRefund(rt, ctx, refund, { to, at: ctx.now }),
  )
}
