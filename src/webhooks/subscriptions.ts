// Webhook subscriptions: one URL per merchant at most once, events from Ivy's list.
import type { WebhookSubscriptionRow } from '../db/schema.js'
import { NotFound, Conflict } from '../engine/errors.js'
import { toIso } from '../lib/clock.js'
import type { MerchantContext } from '../engine/context.js'
import type { Page } from '../engine/page.js'
import type { Runtime } from '../runtime.js'
import { send } from './deliver.js'
import { DEFAULT_EVENTS, PING_EVENT, type EventName } from './events.js'
import { deleteSubscription, findSubscription, insertSubscription, listSubscriptions, updateSubscription } from './repo.js'
import type { WebhookSubscription } from './schemas.js'

export function toSubscription(row: WebhookSubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as EventName[],
    merchant: row.merchant_id,
    // [sandbox] One app per merchant: the app id is the merchant id.
    merchantApp: row.merchant_id,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  }
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300

/** Each name once, in the order given. */
const storedEvents = (events: readonly EventName[]) => JSON.stringify([...new Set(events)])

function requireSubscription(rt: Runtime, merchantId: string, id: string): WebhookSubscriptionRow {
  const subscription = findSubscription(rt.db, merchantId, id)
  if (!subscription) throw new NotFound('Webhook subscription')
  return subscription
}

/** The form two spellings of one address share: scheme and host lowercased, default and zero-padded ports dropped. */
const sameAddress = (url: string) => new URL(url).href

function refuseTakenUrl(rt: Runtime, merchantId: string, url: string, except?: string): void {
  const address = sameAddress(url)
  const taken = listSubscriptions(rt.db, merchantId).some((s) => s.id !== except && sameAddress(s.url) === address)
  if (taken) throw new Conflict('a subscription with this URL already exists', 'url')
}

export function createSubscription(rt: Runtime, ctx: MerchantContext, body: { url: string; events?: EventName[] }): WebhookSubscription {
  const merchantId = ctx.merchant.id
  const { now } = ctx
  return rt.db.tx(() => {
    refuseTakenUrl(rt, merchantId, body.url)
    const row: WebhookSubscriptionRow = {
      id: rt.ids.uuid(),
      merchant_id: merchantId,
      url: body.url,
      events: storedEvents(body.events ?? DEFAULT_EVENTS),
      created_at: now,
      updated_at: now,
    }
    insertSubscription(rt.db, row)
    rt.live.notify(merchantId, 'webhooks')
    return toSubscription(row)
  })
}

export function changeSubscription(rt: Runtime, ctx: MerchantContext, body: { id: string; url?: string; events?: EventName[] }): WebhookSubscription {
  const merchantId = ctx.merchant.id
  return rt.db.tx(() => {
    requireSubscription(rt, merchantId, body.id)
    if (body.url !== undefined) refuseTakenUrl(rt, merchantId, body.url, body.id)
    updateSubscription(rt.db, body.id, {
      ...(body.url !== undefined && { url: body.url }),
      ...(body.events !== undefined && { events: storedEvents(body.events) }),
      updated_at: ctx.now,
    })
    rt.live.notify(merchantId, 'webhooks')
    return toSubscription(requireSubscription(rt, merchantId, body.id))
  })
}

export function removeSubscription(rt: Runtime, merchantId: string, id: string): { success: boolean } {
  return rt.db.tx(() => {
    requireSubscription(rt, merchantId, id)
    deleteSubscription(rt.db, id)
    rt.live.notify(merchantId, 'webhooks')
    return { success: true }
  })
}

export function listMerchantSubscriptions(rt: Runtime, merchantId: string, input: { limit: number; skip?: number }): Page<WebhookSubscription> {
  const all = listSubscriptions(rt.db, merchantId)
  const skip = input.skip ?? 0
  return { items: all.slice(skip, skip + input.limit).map(toSubscription), count: all.length, skip }
}

/** [sandbox] Characters of a 2xx answer a ping shows. */
const PING_EXCERPT_CHARS = 200

/**
 * Sends a signed test event to the subscription's URL and reports what it answered: the status,
 * and the start of the body only of a 2xx answer. A ping can reach any local service, so it
 * must not become a way to read their pages (a 404 or a login page says nothing about a handler).
 */
export async function pingSubscription(rt: Runtime, ctx: MerchantContext, id: string) {
  const subscription = requireSubscription(rt, ctx.merchant.id, id)
  const date = toIso(ctx.now)
  const body = JSON.stringify({ id: rt.ids.uuid(), type: PING_EVENT, date, payload: {} })
  const result = await send(rt, subscription.url, body, ctx.merchant.webhook_secret)
  return {
    id: subscription.id,
    date,
    response: isSuccess(result.statusCode) ? (result.responseExcerpt ?? '').slice(0, PING_EXCERPT_CHARS) : (result.error ?? ''),
    statusCode: result.statusCode ?? 0,
    success: result.statusCode === 200,
  }
}
