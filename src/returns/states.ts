// The return state machine. Every status change, whoever asks for it (the simulator today),
// goes through `transitionReturn()` (service.ts), which consults this table:
//
//   initiated -> succeeded   the money left for the deposit's payer
//   initiated -> failed      it could not be sent; the reservation is given back
//   succeeded -> returned    [inferred] the payer's bank sent it back: the money arrives again
//
// failed and returned are final.

export const RETURN_STATUSES = ['initiated', 'succeeded', 'failed', 'returned'] as const
export type ReturnStatus = (typeof RETURN_STATUSES)[number]

const NEXT: Record<ReturnStatus, readonly ReturnStatus[]> = {
  initiated: ['succeeded', 'failed'],
  succeeded: ['returned'],
  failed: [],
  returned: [],
}

export function canTransitionReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return NEXT[from].includes(to)
}
