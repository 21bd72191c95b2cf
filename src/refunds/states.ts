// The refund state machine; every change goes through `transitionRefund()`:
//
//   initiated -> pending      handed to the bank
//   initiated -> succeeded    settled at once
//   initiated -> failed       refused (the balance did not cover it, a bank reject)
//   pending   -> succeeded    the money reached the payer
//   pending   -> failed       the payer's bank rejected it
//
// succeeded and failed are final.

export const REFUND_STATUSES = ['initiated', 'pending', 'succeeded', 'failed'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

const NEXT: Record<RefundStatus, readonly RefundStatus[]> = {
  initiated: ['pending', 'succeeded', 'failed'],
  pending: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
}

export function canTransitionRefund(from: RefundStatus, to: RefundStatus): boolean {
  return NEXT[from].includes(to)
}

/** A refund whose money has not yet left or come back. */
export const IN_FLIGHT: readonly RefundStatus[] = ['initiated', 'pending']
