// The payout state machine. Every status change, whoever asks for it (the simulator, a sandbox
// tool, the balance check), goes through `transitionPayout()`, which consults this table:
//
//   pending    -> in_transit   handed to the rail
//   pending    -> paid         settled without a visible in-transit phase
//   pending    -> failed       refused: balance, bank reject, invalid beneficiary, technical error
//   pending    -> canceled     stopped before it was attempted (expired, canceled by an admin)
//   in_transit -> paid         the beneficiary bank accepted it
//   in_transit -> failed       the beneficiary bank rejected it, or it timed out
//   paid       -> failed       a later return (recall answered by the beneficiary's bank)
//
// failed and canceled are final; paid is final except for that rare return.

export const PAYOUT_STATUSES = ['pending', 'in_transit', 'paid', 'failed', 'canceled'] as const
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number]

const NEXT: Record<PayoutStatus, readonly PayoutStatus[]> = {
  pending: ['in_transit', 'paid', 'failed', 'canceled'],
  in_transit: ['paid', 'failed'],
  paid: ['failed'],
  failed: [],
  canceled: [],
}

export function canTransition(from: PayoutStatus, to: PayoutStatus): boolean {
  return NEXT[from].includes(to)
}
