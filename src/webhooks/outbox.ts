// Queuing webhooks. An event is written in the same transaction as the payout change it
// reports, with one delivery per subscription that lists its name and a job for the first
// attempt, so no event is lost whatever happens after the commit. The body is fixed at that
// moment: every attempt sends (and signs) the same bytes. Chaos from the scenario (duplicates,
// reordering, a failed first attempt) is drawn here from the seeded generator.
import type { PayoutRow, WebhookSubscriptionRow } from '../db/schema.js'
import { NotFound } from '../engine/errors.js'
import { toIso } from '../lib/clock.js'
import { seededRandom } from '../lib/random.js'
import type { MerchantContext } from '../engine/context.js'
import type { LiveKind } from '../live/feed.js'
import { toPayout } from '../payouts/render.js'
import type { Runtime } from '../runtime.js'
import { scheduleDelivery } from '../sim/jobs.js'
import { eventNamesFor, REORDER_DELAY_MS, type EventName, type PayoutChange } from './events.js'
import { addDelivery, cancelPendingDeliveries, findEvent, listSubscriptions, saveEvent } from './repo.js'

export function subscribedTo(subscription: WebhookSubscriptionRow, name: string): boolean {
  return (JSON.parse(subscription.events) as string[]).includes(name)
}

/** One change to report: the names it is sent under, and the object it carries. */
export interface EventToSend {
  names: readonly EventName[]
  /** The object as the API renders it (a Payout, an Order, a Refund...); rendered only when a subscription will receive it. */
  payload: () => unknown
  at: number
  /** Draws this change's delivery chaos: the same object and change always draw the same. */
  stream: ReadonlyArray<string | number>
  /** Payout events are found by their payout (the dashboard, /sandbox/events?payoutId=). */
  payoutId?: string
  /** Which of the dashboard's live pages the change concerns. */
  live: LiveKind
}

/** Queues `event` under each of its names for every subscription that lists the name, in the caller's transaction. */
export function emitEvent(rt: Runtime, ctx: MerchantContext, event: EventToSend): void {
  const merchantId = ctx.merchant.id
  // Every change reported here reaches the dashboard's open pages as well as webhooks.
  rt.live.notify(merchantId, event.live)
  const subscriptions = listSubscriptions(rt.db, merchantId)
  if (subscriptions.length === 0) return
  const chaos = ctx.scenario.webhooks
  const { seed } = ctx
  let payload: unknown
  for (const name of event.names) {
    const receivers = subscriptions.filter((s) => subscribedTo(s, name))
    if (receivers.length === 0) continue
    const id = rt.ids.uuid()
    payload ??= event.payload()
    const body = JSON.stringify({ id, type: name, date: toIso(event.at), payload })
    saveEvent(rt.db, { id, merchant_id: merchantId, payout_id: event.payoutId ?? null, type: name, created_at: event.at, body })
    receivers.forEach((subscription, index) => {
      const random = seededRandom(seed, 'webhook', ...event.stream, name, index)
      const dueAt = random.next() < chaos.reorder ? event.at + REORDER_DELAY_MS : event.at
      const failFirst = random.next() < chaos.failFirstAttempt
      const copies = random.next() < chaos.duplicate ? 2 : 1
      for (let copy = 0; copy < copies; copy++) queueDelivery(rt, merchantId, id, subscription.id, dueAt, failFirst && copy === 0)
    })
  }
}

export function emitPayoutEvent(rt: Runtime, ctx: MerchantContext, payout: PayoutRow, change: PayoutChange, at: number): void {
  emitEvent(rt, ctx, { names: eventNamesFor(change), payload: () => toPayout(payout), at, stream: [payout.seq], payoutId: payout.id, live: 'payouts' })
}

function queueDelivery(rt: Runtime, merchantId: string, eventId: string, subscriptionId: string, dueAt: number, failFirst: boolean): void {
  const deliveryId = addDelivery(rt.db, {
    merchant_id: merchantId,
    event_id: eventId,
    subscription_id: subscriptionId,
    state: 'pending',
    attempts: 0,
    fail_first: failFirst ? 1 : 0,
    created_at: dueAt,
  })
  scheduleDelivery(rt.db, merchantId, dueAt, deliveryId)
}

/**
 * Sends an event again, now, to every current subscription that lists its name. A delivery of
 * it still pending there (waiting for a retry) is replaced, not doubled: however often an event
 * is redelivered, each subscription has one delivery of it on the way.
 */
export function redeliverEvent(rt: Runtime, ctx: MerchantContext, eventId: string): number {
  const merchantId = ctx.merchant.id
  const { now } = ctx
  return rt.db.tx(() => {
    const event = findEvent(rt.db, eventId)
    if (!event || event.merchant_id !== merchantId) throw new NotFound('Webhook event')
    const receivers = listSubscriptions(rt.db, merchantId).filter((s) => subscribedTo(s, event.type as EventName))
    for (const subscription of receivers) {
      cancelPendingDeliveries(rt.db, event.id, subscription.id)
      queueDelivery(rt, merchantId, event.id, subscription.id, now, false)
    }
    rt.live.notify(merchantId, 'webhooks')
    return receivers.length
  })
}
