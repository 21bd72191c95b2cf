// Everything that waits is a row in `jobs` with a due time on its merchant's clock: the next
// steps of payouts, refunds, returns and orders, and webhook delivery attempts. Due jobs run in (due_at, id) order, so ties
// run in creation order. Scheduling a job lowers its merchant's wake (./wake.ts) if it is due
// sooner; removing one leaves the wake early, which costs one look at most.
import { query, type Db } from '../db/database.js'
import type { JobKind, JobRow } from '../db/schema.js'
import type { ClockState } from '../lib/clock.js'
import { findMerchant } from '../merchants/repo.js'
import { clockOf } from '../engine/context.js'
import { wakeForJob } from './wake.js'

const nextDue = query((db, p: { merchantId: string; until: number }) =>
  db.selectFrom('jobs').selectAll().where('merchant_id', '=', p.merchantId).where('due_at', '<=', p.until).orderBy('due_at').orderBy('id').limit(1),
)
const nextDueOfKind = query((db, p: { merchantId: string; until: number; kind: JobRow['kind'] }) =>
  db
    .selectFrom('jobs')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where('due_at', '<=', p.until)
    .where('kind', '=', p.kind)
    .orderBy('due_at')
    .orderBy('id')
    .limit(1),
)
const nextDueStepQuery = query((db, p: { merchantId: string; until: number }) =>
  db
    .selectFrom('jobs')
    .selectAll()
    .where('merchant_id', '=', p.merchantId)
    .where('due_at', '<=', p.until)
    .where('kind', '!=', 'webhook_delivery')
    .orderBy('due_at')
    .orderBy('id')
    .limit(1),
)
const insertStep = query(
  (db, p: { merchantId: string; kind: StepKind; dueAt: number; subjectId: string; toStatus: string; failureCode: string | null; reasonCode: string | null; rule: string }) =>
    db.insertInto('jobs').values({
      merchant_id: p.merchantId,
      due_at: p.dueAt,
      kind: p.kind,
      subject_id: p.subjectId,
      to_status: p.toStatus,
      failure_code: p.failureCode,
      reason_code: p.reasonCode,
      rule: p.rule,
      delivery_id: null,
    }),
)
const insertDelivery = query((db, p: { merchantId: string; dueAt: number; deliveryId: number }) =>
  db.insertInto('jobs').values({
    merchant_id: p.merchantId,
    due_at: p.dueAt,
    kind: 'webhook_delivery',
    subject_id: null,
    to_status: null,
    failure_code: null,
    reason_code: null,
    rule: null,
    delivery_id: p.deliveryId,
  }),
)
const remove = query((db, p: { id: number }) => db.deleteFrom('jobs').where('id', '=', p.id))
const removeSteps = query((db, p: { subjectId: string }) => db.deleteFrom('jobs').where('subject_id', '=', p.subjectId))
const pendingSteps = query((db, p: { subjectId: string }) =>
  db.selectFrom('jobs').selectAll().where('subject_id', '=', p.subjectId).orderBy('due_at').orderBy('id'),
)
const merchantsDue = query((db) => db.selectFrom('jobs').select('merchant_id').distinct())

export function nextDueJob(db: Db, merchantId: string, until: number): JobRow | undefined {
  return nextDue.get(db, { merchantId, until })
}

export function nextDueJobOfKind(db: Db, merchantId: string, until: number, kind: JobRow['kind']): JobRow | undefined {
  return nextDueOfKind.get(db, { merchantId, until, kind })
}

/** The next step of any object's timeline due by `until` (webhook deliveries left out). */
export function nextDueStep(db: Db, merchantId: string, until: number): JobRow | undefined {
  return nextDueStepQuery.get(db, { merchantId, until })
}

/** The kinds of job that move an object along its timeline. */
export type StepKind = Exclude<JobKind, 'webhook_delivery'>

export interface StepJob {
  kind: StepKind
  dueAt: number
  /** The payout, refund, return or order the step moves. */
  subjectId: string
  toStatus: string
  failureCode: string | null
  reasonCode: string | null
  rule: string
}

/** `clock` is the merchant's clock as it stands in this transaction. */
export function scheduleStep(db: Db, merchantId: string, clock: ClockState, step: StepJob): void {
  insertStep.run(db, { merchantId, ...step })
  wakeForJob(db, merchantId, clock, step.dueAt)
}

export function scheduleDelivery(db: Db, merchantId: string, dueAt: number, deliveryId: number): void {
  insertDelivery.run(db, { merchantId, dueAt, deliveryId })
  const merchant = findMerchant(db, merchantId)
  if (merchant) wakeForJob(db, merchantId, clockOf(merchant), dueAt)
}

export function deleteJob(db: Db, id: number): void {
  remove.run(db, { id })
}

/** Drops an object's remaining scheduled steps (a sandbox tool or an API call decided its outcome instead). */
export function cancelSteps(db: Db, subjectId: string): void {
  removeSteps.run(db, { subjectId })
}

export function scheduledSteps(db: Db, subjectId: string): JobRow[] {
  return pendingSteps.all(db, { subjectId })
}

/** Merchants with any job waiting, looked at once when the sandbox starts. */
export function merchantsWithJobs(db: Db): string[] {
  return merchantsDue.all(db, {}).map((r) => r.merchant_id)
}

/**
 * Moves every job of a merchant `by` milliseconds later (a copied example database whose clock
 * jumped to today keeps its unfinished work ahead of it). The wake stays where it was: early,
 * which costs the scheduler one look.
 */
export function postponeJobs(db: Db, merchantId: string, by: number): void {
  db.run(db.kysely.updateTable('jobs').set((eb) => ({ due_at: eb('due_at', '+', by) })).where('merchant_id', '=', merchantId))
}
