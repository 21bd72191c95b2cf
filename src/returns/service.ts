// Returns: a deposit sent back whole to its payer. return/create reserves the amount and plans
// the return's timeline from the scenario's `returns` (sim/scenario/plan.ts); every status change
// then goes through `transitionReturn()`, which moves the money and queues the event.
import type { JobRow, ReturnRow } from '../db/schema.js'
import { retrieveDeposit } from '../deposits/service.js'
import { findDeposit } from '../deposits/repo.js'
import type { MerchantContext } from '../engine/context.js'
import { Conflict, NotFound } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { credit, debitReserved, release, reserve, type Movement } from '../ledger/service.js'
import { EXPONENT, formatMoney, toMajor, type AnyCurrency } from '../lib/money.js'
import type { DepositRail } from '../rails/registry.js'
import type { Runtime } from '../runtime.js'
import { deleteJob, scheduleStep } from '../sim/jobs.js'
import { planReturn } from '../sim/scenario/plan.js'
import { forceNow } from '../sim/force.js'
import type { Fired } from '../sim/steps.js'
import { objectEventNames } from '../webhooks/events.js'
import { emitEvent } from '../webhooks/outbox.js'
import { toReturn } from './render.js'
import { findReturn, insertReturn, nextReturnSeq, returnsOfDeposit, saveReturnState } from './repo.js'
import { canTransitionReturn, type ReturnStatus } from './states.js'

/** The amount's first two decimals, whatever the currency's minor unit (12.66 -> 66). */
const centsOf = (minor: number, currency: AnyCurrency) => Math.floor(minor / 10 ** (EXPONENT[currency] - 2)) % 100

function emitReturnEvent(rt: Runtime, ctx: MerchantContext, row: ReturnRow, change: ReturnStatus, at: number): void {
  emitEvent(rt, ctx, { names: objectEventNames('return', change), payload: () => toReturn(row), at, stream: ['return', row.seq], live: 'money' })
}

/**
 * Sends the deposit back whole: `initiated`, its amount reserved, its timeline scheduled. Refused
 * with a 409 on depositId while another return of it is not failed, and [sandbox] when the
 * account's available balance does not cover the amount (nothing is written then).
 */
export function createReturn(rt: Runtime, ctx: MerchantContext, depositId: string): ReturnRow {
  const { merchant, clock, now, scenario, seed } = ctx
  return rt.db.tx(() => {
    const deposit = retrieveDeposit(rt, ctx, depositId, 'depositId')
    const earlier = returnsOfDeposit(rt.db, deposit.id).find((r) => r.status !== 'failed')
    if (earlier) throw new Conflict(`the deposit already has a return that is ${earlier.status} (${earlier.id}); only a failed one may be tried again`, 'depositId')
    const currency = deposit.currency as AnyCurrency
    if (!reserve(rt, merchant.id, currency, deposit.amount)) {
      throw new Conflict(`the available ${currency} balance does not cover the deposit's ${formatMoney(deposit.amount, currency)}`, 'depositId')
    }
    const seq = nextReturnSeq(rt.db, merchant.id)
    const facts = { amount: toMajor(deposit.amount, currency), cents: centsOf(deposit.amount, currency), currency, rail: deposit.rail as DepositRail }
    const plan = planReturn(scenario, seed, seq, facts, now)
    const row: ReturnRow = {
      id: rt.ids.uuid(),
      merchant_id: merchant.id,
      deposit_id: deposit.id,
      seq,
      amount: deposit.amount,
      currency,
      status: 'initiated',
      reserved: deposit.amount,
      transaction_id: null,
      rule: plan.rule,
      failed_at: null,
      succeeded_at: null,
      created_at: now,
      updated_at: now,
    }
    insertReturn(rt.db, row)
    for (const step of plan.steps) {
      scheduleStep(rt.db, merchant.id, clock, { kind: 'return_step', dueAt: step.at, subjectId: row.id, toStatus: step.status, failureCode: null, reasonCode: null, rule: plan.rule })
    }
    emitReturnEvent(rt, ctx, row, 'initiated', now)
    return row
  })
}

export function retrieveReturn(rt: Runtime, ctx: MerchantContext, id: string): ReturnRow {
  const found = findReturn(rt.db, ctx.merchant.id, id)
  if (!found) throw new NotFound('Return')
  return found
}

/**
 * The only way a return changes status, in the caller's transaction: succeeded books the reserved
 * money out to the payer, failed gives the reservation back, returned books it in again.
 */
export function transitionReturn(rt: Runtime, ctx: MerchantContext, row: ReturnRow, to: ReturnStatus, at: number): ReturnRow {
  if (!canTransitionReturn(row.status, to)) throw new Conflict(`return is ${row.status} and cannot become ${to}`, 'status')
  const deposit = findDeposit(rt.db, row.merchant_id, row.deposit_id)!
  const currency = row.currency as AnyCurrency
  const next: ReturnRow = { ...row, status: to, updated_at: Math.max(at, row.updated_at) }
  const movement: Movement = {
    currency,
    amount: row.amount,
    at: next.updated_at,
    process: { type: 'deposit_return', id: row.id },
    reference: `RETURN ${row.seq}`,
    counterparty: JSON.parse(deposit.payer) as FinancialAddress,
  }
  if (to === 'succeeded') {
    next.transaction_id = debitReserved(rt, ctx.merchant, movement).id
    next.succeeded_at = next.updated_at
  }
  if (to === 'failed') {
    release(rt, row.merchant_id, currency, row.reserved)
    next.failed_at = next.updated_at
  }
  if (to === 'returned') credit(rt, ctx.merchant, movement)
  next.reserved = 0
  saveReturnState(rt.db, next)
  emitReturnEvent(rt, ctx, next, to, next.updated_at)
  return next
}

/** Fires one scheduled step of a return's timeline; a step its return has made stale is dropped. */
export function runReturnStep(rt: Runtime, ctx: MerchantContext, job: JobRow, fired: Fired[]): void {
  deleteJob(rt.db, job.id)
  const row = findReturn(rt.db, job.merchant_id, job.subject_id!)
  const to = job.to_status as ReturnStatus
  if (!row || !canTransitionReturn(row.status, to)) return
  transitionReturn(rt, ctx, row, to, job.due_at)
  fired.push({ object: 'return', id: row.id, from: row.status, to, at: job.due_at })
}

/** A sandbox tool decides the return's outcome now; the scenario's remaining steps are dropped. */
export function forceReturn(rt: Runtime, ctx: MerchantContext, id: string, to: 'succeeded' | 'failed' | 'returned'): ReturnRow {
  return forceNow(
    rt,
    () => retrieveReturn(rt, ctx, id),
    (row) => transitionReturn(rt, ctx, row, to, ctx.now),
  )
}
