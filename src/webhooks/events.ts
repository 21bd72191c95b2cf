// Webhook event names. Ivy documents three payout events and their legacy `user_payout.*`
// mirrors, which only reach subscriptions that list them. Nothing is sent for canceled or
// in_transit, as at Ivy.

export const PAYOUT_EVENTS = ['payout.initiated', 'payout.paid', 'payout.failed'] as const
export const LEGACY_PAYOUT_EVENTS = ['user_payout.initiated', 'user_payout.paid', 'user_payout.failed'] as const
export const EVENT_NAMES = [...PAYOUT_EVENTS, ...LEGACY_PAYOUT_EVENTS] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** [sandbox] A subscription created without `events` receives the current payout events. */
export const DEFAULT_EVENTS: EventName[] = [...PAYOUT_EVENTS]

export type PayoutEventKind = 'initiated' | 'paid' | 'failed'

export function eventNamesFor(kind: PayoutEventKind): EventName[] {
  return [`payout.${kind}`, `user_payout.${kind}`]
}

/**
 * [sandbox] Seconds before each retry of an undelivered webhook: Ivy's published start of the
 * schedule (30 s, 140 s, 541 s, 1,426 s, 3,200 s), then growing to 7 h; 15 retries, about 54 h.
 */
export const RETRY_DELAYS_S = [30, 140, 541, 1_426, 3_200, 6_000, 9_000, 12_600, 16_200, 19_800, 23_400, 25_200, 25_200, 25_200, 25_200]
