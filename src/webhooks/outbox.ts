// Queuing webhooks. An event is written in the same transaction as the payout change it
// reports, with one delivery per subscription that lists its name and a job for the first
// attempt, so no event is lost whatever happens after the commit. The body is fixed at that
// moment: every attempt sends (and signs) the same bytes. Chaos from the scenario (duplicates,
// reordering, a failed first attempt) is drawn here from the seeded generator.
import type { PayoutRow, WebhookSubscriptionRow } from '../db/schema.js'
import { ApiError } from '../http/errors.js'
import { toIso } from '../lib/clock.js'
import { seededRandom } from '../lib/random.js'
import { requireMerchant } from '../merchants/service.js'
import { toPayout } from '../payouts/render.js'
import type { Runtime } from '../runtime.js'
import { scheduleDelivery } from '../sim/jobs.js'
import { eventNamesFor, type EventName, type PayoutChange } from './events.js'
import { addDelivery, cancelPendingDeliveries, findEvent, listSubscriptions, saveEvent } from './repo.js'

/** [sandbox] How long a reordered event is held back, so the next one overtakes it. */
const REORDER_DELAY_MS = 5_000

export function subscribedTo(subscription: WebhookSubscriptionRow, name: string): boolean {
  return (JSON.parse(subscription.events) as string[]).includes(name)
}

export function emitPayoutEvent(rt: Runtime, payout: PayoutRow, change: PayoutChange, at: number): void {
  // Every payout change is reported here, to the dashboard's open pages as well as to webhooks.
  rt.live.notify(payout.merchant_id, 'payouts')
  const subscriptions = listSubscriptions(rt.db, payout.merchant_id)
  if (subscriptions.length === 0) return
  const merchant = requireMerchant(rt, payout.merchant_id)
  const scenario = rt.scenarios.forMerchant(merchant)
  const chaos = scenario.webhooks
  const seed = merchant.seed ?? scenario.seed
  for (const name of eventNamesFor(change)) {
    const receivers = subscriptions.filter((s) => subscribedTo(s, name))
    if (receivers.length === 0) continue
    const id = rt.ids.uuid()
    const body = JSON.stringify({ id, type: name, date: toIso(at), payload: toPayout(payout) })
    saveEvent(rt.db, { id, merchant_id: payout.merchant_id, payout_id: payout.id, type: name, created_at: at, body })
    receivers.forEach((subscription, index) => {
      const random = seededRandom(seed, 'webhook', payout.seq, name, index)
      const dueAt = random.next() < chaos.reorder ? at + REORDER_DELAY_MS : at
      const failFirst = random.next() < chaos.failFirstAttempt
      const copies = random.next() < chaos.duplicate ? 2 : 1
      for (let copy = 0; copy < copies; copy++) queueDelivery(rt, payout.merchant_id, id, subscription.id, dueAt, failFirst && copy === 0)
    })
  }
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
export function redeliverEvent(rt: Runtime, merchantId: string, eventId: string, now: number): number {
  return rt.db.tx(() => {
    const event = findEvent(rt.db, eventId)
    if (!event || event.merchant_id !== merchantId) throw ApiError.notFound('Webhook event')
    const receivers = listSubscriptions(rt.db, merchantId).filter((s) => subscribedTo(s, event.type as EventName))
    for (const subscription of receivers) {
      cancelPendingDeliveries(rt.db, event.id, subscription.id)
      queueDelivery(rt, merchantId, event.id, subscription.id, now, false)
    }
    rt.live.notify(merchantId, 'webhooks')
    return receivers.length
  })
}
