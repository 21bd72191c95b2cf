// Webhook event names: all 32 that Ivy's SDK lists (subscriptions accept any of them), and the
// registry of which payout change emits which. Each name reaches only the subscriptions that
// list it; a subscription made without `events` gets the three current payout events.
//
//   payout created      payout.initiated, user_payout.initiated, payout_created
//   -> in_transit       payout_updated
//   -> paid             payout.paid, user_payout.paid, payout_updated
//   -> failed           payout.failed, user_payout.failed, payout_updated
//   -> canceled         payout_updated
//
// Nothing dotted is sent for in_transit or canceled, as at Ivy; the legacy payout_updated
// reports every change [sandbox]. A ping is delivered as `test`. The other objects:
//
//   order created / any status change      order_created / order_updated
//   refund initiated                       refund.initiated
//   refund succeeded / failed              refund.succeeded + refund_succeeded / refund.failed + refund_failed
//   deposit received                       deposit.received
//   return initiated|succeeded|failed|returned   return.<status>
//
// (a refund's `pending` step sends nothing: the SDK has no refund.pending).

/** In the SDK's order. */
export const EVENT_NAMES = [
  'test',
  'merchant_updated',
  'merchant_app_updated',
  'order_created',
  'order_updated',
  'refund_succeeded',
  'refund_failed',
  'refund.initiated',
  'refund.succeeded',
  'refund.failed',
  'payout_report_requested',
  'data_session_completed',
  'checkout_session_created',
  'checkout_session_updated',
  'checkout_session_expired',
  'checkout_session_completed',
  'payout_created',
  'payout_updated',
  'user_payout.initiated',
  'user_payout.failed',
  'user_payout.paid',
  'payout.initiated',
  'payout.failed',
  'payout.paid',
  'deposit.received',
  'return.initiated',
  'return.succeeded',
  'return.failed',
  'return.returned',
  'fx.initiated',
  'fx.succeeded',
  'fx.failed',
] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** The type a subscription ping is delivered with. */
export const PING_EVENT: EventName = 'test'

/** [sandbox] A subscription created without `events` receives the current payout events. */
export const DEFAULT_EVENTS: EventName[] = ['payout.initiated', 'payout.paid', 'payout.failed']

/** A payout's creation, or the status it moved to. */
export type PayoutChange = 'created' | 'in_transit' | 'paid' | 'failed' | 'canceled'

const PAYOUT_CHANGE_EVENTS: Record<PayoutChange, readonly EventName[]> = {
  created: ['payout.initiated', 'user_payout.initiated', 'payout_created'],
  in_transit: ['payout_updated'],
  paid: ['payout.paid', 'user_payout.paid', 'payout_updated'],
  failed: ['payout.failed', 'user_payout.failed', 'payout_updated'],
  canceled: ['payout_updated'],
}

export function eventNamesFor(change: PayoutChange): readonly EventName[] {
  return PAYOUT_CHANGE_EVENTS[change]
}

/** The events of every other object's changes: `created` or the status it moved to. */
const OBJECT_EVENTS = {
  order: { created: ['order_created'], updated: ['order_updated'] },
  refund: {
    initiated: ['refund.initiated'],
    pending: [],
    succeeded: ['refund.succeeded', 'refund_succeeded'],
    failed: ['refund.failed', 'refund_failed'],
  },
  deposit: { received: ['deposit.received'] },
  return: { initiated: ['return.initiated'], succeeded: ['return.succeeded'], failed: ['return.failed'], returned: ['return.returned'] },
} as const satisfies Record<string, Record<string, readonly EventName[]>>
export type EventObject = keyof typeof OBJECT_EVENTS

export function objectEventNames<O extends EventObject>(object: O, change: keyof (typeof OBJECT_EVENTS)[O]): readonly EventName[] {
  return OBJECT_EVENTS[object][change] as readonly EventName[]
}

/**
 * [sandbox] Seconds before each retry of an undelivered webhook: Ivy's published start of the
 * schedule (30 s, 140 s, 541 s, 1,426 s, 3,200 s), then growing to 7 h; 15 retries, about 54 h.
 */
export const RETRY_DELAYS_S = [30, 140, 541, 1_426, 3_200, 6_000, 9_000, 12_600, 16_200, 19_800, 23_400, 25_200, 25_200, 25_200, 25_200]

/** [sandbox] How long a reordered event (scenario chaos) is held back, so the next one overtakes it. */
export const REORDER_DELAY_MS = 5_000
