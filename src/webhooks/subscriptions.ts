// Webhook subscriptions: one URL per merchant at most once, events from Ivy's list.
import type { WebhookSubscriptionRow } from '../db/schema.js'
import { ApiError } from '../http/errors.js'
import { DEFAULT_LIMIT, envelope } from '../http/list.js'
import { toIso } from '../lib/clock.js'
import { merchantNow, requireMerchant } from '../merchants/service.js'
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
  if (!subscription) throw ApiError.notFound('Webhook subscription')
  return subscription
}

/** The form two spellings of one address share: scheme and host lowercased, default and zero-padded ports dropped. */
const sameAddress = (url: string) => new URL(url).href

function refuseTakenUrl(rt: Runtime, merchantId: string, url: string, except?: string): void {
  const address = sameAddress(url)
  const taken = listSubscriptions(rt.db, merchantId).some((s) => s.id !== except && sameAddress(s.url) === address)
  if (taken) throw ApiError.conflict('a subscription with this URL already exists', 'url')
}

export function createSubscription(rt: Runtime, merchantId: string, body: { url: string; events?: EventName[] }): WebhookSubscription {
  return rt.db.tx(() => {
    refuseTakenUrl(rt, merchantId, body.url)
    const now = merchantNow(rt, merchantId)
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

export function changeSubscription(rt: Runtime, merchantId: string, body: { id: string; url?: string; events?: EventName[] }): WebhookSubscription {
  return rt.db.tx(() => {
    requireSubscription(rt, merchantId, body.id)
    if (body.url !== undefined) refuseTakenUrl(rt, merchantId, body.url, body.id)
    updateSubscription(rt.db, body.id, {
      ...(body.url !== undefined && { url: body.url }),
      ...(body.events !== undefined && { events: storedEvents(body.events) }),
      updated_at: merchantNow(rt, merchantId),
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

export function listMerchantSubscriptions(rt: Runtime, merchantId: string, input: { limit?: number; skip?: number }) {
  const all = listSubscriptions(rt.db, merchantId)
  const skip = input.skip ?? 0
  return envelope(all.slice(skip, skip + (input.limit ?? DEFAULT_LIMIT)).map(toSubscription), all.length, skip)
}

/** [sandbox] Characters of a 2xx answer a ping shows. */
const PING_EXCERPT_CHARS = 200

/**
 * Sends a signed test event to the subscription's URL and reports what it answered: the status,
 * and the start of the body only of a 2xx answer. A ping can reach any local service, so it
 * must not become a way to read their pages (a 404 or a login page says nothing about a handler).
 */
export async function pingSubscription(rt: Runtime, merchantId: string, id: string) {
  const subscription = requireSubscription(rt, merchantId, id)
  const merchant = requireMerchant(rt, merchantId)
  const date = toIso(merchantNow(rt, merchantId))
  const body = JSON.stringify({ id: rt.ids.uuid(), type: PING_EVENT, date, payload: {} })
  const result = await send(rt, subscription.url, body, merchant.webhook_secret)
  return {
    id: subscription.id,
    date,
    response: isSuccess(result.statusCode) ? (result.responseExcerpt ?? '').slice(0, PING_EXCERPT_CHARS) : (result.error ?? ''),
    statusCode: result.statusCode ?? 0,
    success: result.statusCode === 200,
  }
}
