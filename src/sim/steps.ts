// The step runners: which domain moves its object when a step of its timeline falls due. The
// scheduler runs every kind the same way (in due order, in its batches); adding an object with a
// timeline adds its runner here.
import type { JobRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { runOrderStep } from '../orders/service.js'
import { runPayoutStep } from '../payouts/service.js'
import { runReturnStep } from '../returns/service.js'
import { runRefundStep } from '../refunds/service.js'
import type { Runtime } from '../runtime.js'
import type { StepKind } from './jobs.js'

/** One status change made by a step (or an advance), as the advance answer lists it. */
export interface Fired {
  object: 'payout' | 'refund' | 'return' | 'order'
  id: string
  /** The payout's id, for payout steps (kept from before other objects had timelines). */
  payoutId?: string
  from: string
  to: string
  at: number
}

type StepRunner = (rt: Runtime, ctx: MerchantContext, job: JobRow, fired: Fired[]) => void

const RUNNERS: Record<StepKind, StepRunner> = {
  payout_step: runPayoutStep,
  refund_step: runRefundStep,
  return_step: runReturnStep,
  order_step: runOrderStep,
}

/** Fires one scheduled step; the runner drops a step its object has made stale. */
export function runStep(rt: Runtime, ctx: MerchantContext, job: JobRow, fired: Fired[]): void {
  RUNNERS[job.kind as StepKind](rt, ctx, job, fired)
}
