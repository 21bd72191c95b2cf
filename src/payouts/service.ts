// Payout rules: resolving the destination, reserving money, deciding the payout's fate from the
// merchant's scenario, and the one function through which every status change goes.
import type { JobRow, MerchantRow, PayoutRow } from '../db/schema.js'
import { addressFacts, type FinancialAddress } from '../financial-address/schemas.js'
import { Invalid, NotFound, Conflict, Forbidden } from '../engine/errors.js'
import { toMajor, toMinor, type AnyCurrency, type Currency } from '../lib/money.js'
import { chooseRail, type Rail } from '../rails/registry.js'
import { addJournalEntry, type JournalSource } from '../journal/repo.js'
import { credit, debitReserved, release, reserve, type Movement } from '../ledger/service.js'
import { nextPayoutSeq } from '../merchants/repo.js'
import type { MerchantContext } from '../engine/context.js'
import { findOrder } from '../orders/repo.js'
import type { Runtime } from '../runtime.js'
import { deleteJob, scheduleStep } from '../sim/jobs.js'
import { forceNow } from '../sim/force.js'
import { verifyPayee } from '../sim/scenario/match.js'
import { planPayout, type PayoutPlan } from '../sim/scenario/plan.js'
import { emitPayoutEvent } from '../webhooks/outbox.js'
import { FAILURES, type FailureCode } from './failures.js'
import { findPayout, insertPayout, listPayouts, savePayoutState } from './repo.js'
import type { CreatePayoutBody } from './schemas.js'
import type { Fired } from '../sim/steps.js'
import { canTransition, type PayoutStatus } from './states.js'

/** Order statuses a closed-loop payout can pay back: every one its payer paid. */
const PAYABLE_ORDER_STATUSES = ['paid', 'in_refund', 'partially_refunded', 'refunded', 'refund_failed']

/** Where the payout goes and on which rail: the rail asked for if it fits, else the usual one. */
function resolveDestination(rt: Runtime, merchant: MerchantRow, body: CreatePayoutBody): { destination: FinancialAddress; orderId: string | null; rail: Rail } {
  const { destination, orderId } = destinationOf(rt, merchant, body)
  const choice = chooseRail(body.rail, body.currency, destination)
  if (choice.problem) throw new Invalid(choice.problem.message, choice.problem.param)
  return { destination, orderId, rail: choice.rail }
}

function destinationOf(rt: Runtime, merchant: MerchantRow, body: CreatePayoutBody): { destination: FinancialAddress; orderId: string | null } {
  const { orderId, financialAddress } = body.destination
  if (orderId !== undefined) {
    const order = findOrder(rt.db, merchant.id, orderId)
    if (!order) throw new NotFound('Order', 'destination.orderId')
    if (!PAYABLE_ORDER_STATUSES.includes(order.status)) {
      throw new Invalid(`order is ${order.status}; only paid or refunded orders can be paid back`, 'destination.orderId')
    }
    if (!order.payer_financial_address) throw new Invalid('order has no payer account to pay back', 'destination.orderId')
    if (order.currency !== body.currency) throw new Invalid(`must be ${order.currency}, the currency of the order`, 'currency')
    return { destination: JSON.parse(order.payer_financial_address) as FinancialAddress, orderId: order.id }
  }
  if (merchant.open_loop !== 1) {
    throw new Forbidden('open-loop payouts are not enabled for this merchant', 'destination.financialAddress')
  }
  return { destination: financialAddress!, orderId: null }
}

/** Creates a payout `pending` (payout/create): to the account asked for, or to the payer of the order named. */
export function createPayout(rt: Runtime, ctx: MerchantContext, body: CreatePayoutBody): PayoutRow {
  return rt.db.tx(() => {
    const { destination, orderId, rail } = resolveDestination(rt, ctx.merchant, body)
    return startPayout(rt, ctx, {
      type: body.destination.type ?? 'customer',
      currency: body.currency,
      amount: toMinor(body.amount, body.currency),
      destination,
      orderId,
      rail,
      railAsked: body.rail,
      metadata: body.metadata,
      paymentReference: body.paymentReference,
    })
  })
}

/**
 * Creates a beneficiary payout `pending`: the merchant's own money to its own account (so no
 * open-loop check), on the usual rail of the currency, which may be one payout/create does not
 * take (PLN, SEK, DKK).
 */
export function createBeneficiaryPayout(
  rt: Runtime,
  ctx: MerchantContext,
  payout: { currency: AnyCurrency; amount: number; destination: FinancialAddress; paymentReference: string },
): PayoutRow {
  return rt.db.tx(() => {
    const choice = chooseRail(undefined, payout.currency, payout.destination)
    if (choice.problem) throw new Invalid(choice.problem.message, choice.problem.param)
    return startPayout(rt, ctx, { ...payout, type: 'beneficiary', orderId: null, rail: choice.rail })
  })
}

/** A payout about to be created: where it goes, how much (minor units), and on which rail. */
interface NewPayout {
  type: PayoutRow['type']
  currency: AnyCurrency
  amount: number
  destination: FinancialAddress
  orderId: string | null
  rail: Rail
  /** The rail the request named, if it named one. */
  railAsked?: Rail
  metadata?: Record<string, unknown>
  paymentReference?: string
}

/** Inserts the payout, reserved from the balance if it covers it, and schedules its fate; in the caller's transaction. */
function startPayout(rt: Runtime, ctx: MerchantContext, payout: NewPayout): PayoutRow {
  const { db } = rt
  const { merchant, clock, now, scenario, seed } = ctx
  const merchantId = merchant.id
  const { type, currency, amount, destination } = payout
  // Not covering the amount is no 4xx at Ivy: the payout is created and fails when processed.
  const funded = reserve(rt, merchantId, currency, amount)
  const seq = nextPayoutSeq(db, merchantId, type)
  const account = addressFacts(destination)
  const plan: PayoutPlan = funded
    ? planPayout(scenario, seed, seq, {
        ...account,
        amount: toMajor(amount, currency),
        currency,
        payoutType: type,
        paymentReference: payout.paymentReference,
        rail: payout.rail,
        railAsked: payout.railAsked !== undefined,
        metadata: payout.metadata,
        payee: verifyPayee(scenario, seed, account).status,
      }, now)
    : { rule: 'insufficient-balance', steps: [{ at: now, status: 'failed', failureCode: 'insufficient_funds', reasonCode: 'AM04' }] }
  const row: PayoutRow = {
    id: rt.ids.uuid(),
    merchant_id: merchantId,
    seq,
    type,
    status: 'pending',
    amount,
    currency,
    destination: JSON.stringify(destination),
    order_id: payout.orderId,
    metadata: payout.metadata === undefined ? null : JSON.stringify(payout.metadata),
    payment_reference: payout.paymentReference ?? null,
    rail: payout.railAsked ?? null,
    transaction_id: null,
    failure_code: null,
    reserved: funded ? amount : 0,
    rule: plan.rule,
    created_at: now,
    updated_at: now,
  }
  insertPayout(db, row)
  journal(rt, row, null, { at: now, source: 'api', rule: plan.rule, reasonCode: null })
  for (const step of plan.steps) {
    scheduleStep(db, merchantId, clock, {
      kind: 'payout_step',
      dueAt: step.at,
      subjectId: row.id,
      toStatus: step.status,
      failureCode: step.failureCode,
      reasonCode: step.reasonCode,
      rule: plan.rule,
    })
  }
  emitPayoutEvent(rt, ctx, row, 'created', now)
  return row
}

export function retrievePayout(rt: Runtime, ctx: MerchantContext, id: string): PayoutRow {
  const payout = findPayout(rt.db, ctx.merchant.id, id)
  if (!payout) throw new NotFound('Payout')
  return payout
}

/** A page of the merchant's payouts, newest first, and how many there are in all. */
export function listMerchantPayouts(rt: Runtime, ctx: MerchantContext, input: { limit: number; skip?: number; type?: 'customer-payout' | 'beneficiary-payout' }) {
  const { merchant } = ctx
  const type = input.type === undefined ? undefined : input.type === 'customer-payout' ? 'customer' : 'beneficiary'
  const total =
    type === 'customer' ? merchant.customer_payouts : type === 'beneficiary' ? merchant.beneficiary_payouts : merchant.customer_payouts + merchant.beneficiary_payouts
  const skip = input.skip ?? 0
  return { rows: listPayouts(rt.db, merchant.id, { type }, skip, input.limit, total), total, skip }
}

interface Change {
  to: PayoutStatus
  at: number
  source: JournalSource
  rule: string | null
  failureCode?: FailureCode | null
  reasonCode: string | null
}

function journal(rt: Runtime, payout: PayoutRow, from: PayoutStatus | null, change: Omit<Change, 'to'>): void {
  addJournalEntry(rt.db, {
    merchant_id: payout.merchant_id,
    payout_id: payout.id,
    at: change.at,
    from_status: from,
    to_status: payout.status,
    source: change.source,
    rule: change.rule,
    reason_code: change.reasonCode,
    failure_code: payout.failure_code,
  })
}

/**
 * The only way a payout changes status: checks the state machine, moves money (a failure or
 * cancellation releases the reservation, a return gives the amount back), journals the change
 * and queues its webhooks, all in the caller's transaction.
 */
export function transitionPayout(rt: Runtime, ctx: MerchantContext, payout: PayoutRow, change: Change): PayoutRow {
  const from = payout.status
  const { to } = change
  if (!canTransition(from, to)) throw new Conflict(`payout is ${from} and cannot become ${to}`, 'status')
  if (to === 'paid' && payout.reserved < payout.amount) {
    throw new Conflict('payout is not covered by the balance and cannot be paid', 'status')
  }
  const next: PayoutRow = { ...payout, status: to, updated_at: Math.max(change.at, payout.updated_at) }
  const movement = (): Movement => ({
    currency: payout.currency as Currency,
    amount: payout.amount,
    at: next.updated_at,
    process: { type: payout.type === 'beneficiary' ? 'merchant_payout' : 'payout', id: payout.id },
    reference: payout.payment_reference ?? `PAYOUT ${payout.seq}`,
    counterparty: JSON.parse(payout.destination) as FinancialAddress,
  })
  if (to === 'paid') {
    next.transaction_id = debitReserved(rt, ctx.merchant, movement()).id
    next.reserved = 0
  }
  if (to === 'failed' || to === 'canceled') {
    // A paid payout coming back is money arriving; one that never left gives its reservation back.
    if (from === 'paid') credit(rt, ctx.merchant, movement())
    else release(rt, payout.merchant_id, payout.currency as Currency, payout.reserved)
    next.reserved = 0
  }
  if (to === 'failed') next.failure_code = change.failureCode ?? 'unknown'
  savePayoutState(rt.db, next)
  journal(rt, next, from, change)
  // No move leads back to pending (states.ts), so every change here is reported.
  if (to !== 'pending') emitPayoutEvent(rt, ctx, next, to, next.updated_at)
  return next
}

/** Fires one scheduled step (the scheduler's unit of work); a step made stale is dropped. */
export function runPayoutStep(rt: Runtime, ctx: MerchantContext, job: JobRow, fired: Fired[]): void {
  deleteJob(rt.db, job.id)
  const payout = findPayout(rt.db, job.merchant_id, job.subject_id!)
  const to = job.to_status as PayoutStatus
  if (!payout || !canTransition(payout.status, to) || (to === 'paid' && payout.reserved < payout.amount)) return
  transitionPayout(rt, ctx, payout, {
    to,
    at: job.due_at,
    source: 'simulator',
    rule: job.rule,
    failureCode: job.failure_code as FailureCode | null,
    reasonCode: job.reason_code,
  })
  fired.push({ object: 'payout', id: payout.id, payoutId: payout.id, from: payout.status, to, at: job.due_at })
}

/** A sandbox tool decides the outcome now; the scenario's remaining steps are dropped. */
export function forcePayout(
  rt: Runtime,
  ctx: MerchantContext,
  id: string,
  outcome: { status: 'paid' | 'failed' | 'canceled'; failureCode?: FailureCode; reasonCode?: string },
): PayoutRow {
  return forceNow(
    rt,
    () => retrievePayout(rt, ctx, id),
    // Asked after the lookup: an unknown payout is a 404 whatever the body says.
    (payout) => {
      if (outcome.status === 'failed' && !outcome.failureCode) throw new Invalid('failureCode is required to fail a payout', 'failureCode')
      return transitionPayout(rt, ctx, payout, {
        to: outcome.status,
        at: ctx.now,
        source: 'sandbox',
        rule: null,
        failureCode: outcome.failureCode,
        reasonCode: outcome.reasonCode ?? (outcome.failureCode ? FAILURES[outcome.failureCode].reason : null),
      })
    },
  )
}
