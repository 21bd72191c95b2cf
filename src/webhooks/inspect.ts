// What the sandbox shows of webhooks: events with their deliveries, every attempt, the inbox;
// and the controls: redeliver an event, rotate the signing secret.
import type { MerchantRow } from '../db/schema.js'
import { envelope } from '../http/list.js'
import { toIso } from '../lib/clock.js'
import { findMerchant, updateMerchant } from '../merchants/repo.js'
import { merchantNow } from '../merchants/service.js'
import type { Runtime } from '../runtime.js'
import { addInboxItem, findEvent, listAttempts, listEvents, listInbox, subscriptionsMentioning } from './repo.js'
import { signatureMatches } from './sign.js'

export function attemptsPage(rt: Runtime, merchantId: string, filter: { eventId?: string; payoutId?: string }, skip: number, limit: number) {
  const { rows, count } = listAttempts(rt.db, merchantId, filter, skip, limit)
  const items = rows.map((a) => ({
    id: a.id,
    deliveryId: a.delivery_id,
    eventId: a.event_id,
    eventType: a.event_type,
    payoutId: a.payout_id,
    attempt: a.attempt,
    url: a.url,
    at: toIso(a.at),
    statusCode: a.status_code,
    delivered: a.status_code === 200,
    error: a.error,
    responseExcerpt: a.response_excerpt,
    latencyMs: a.latency_ms,
    signature: a.signature,
  }))
  return envelope(items, count, skip)
}

export function eventsPage(rt: Runtime, merchantId: string, payoutId: string | undefined, skip: number, limit: number) {
  const { listings, count } = listEvents(rt.db, merchantId, payoutId, skip, limit)
  const items = listings.map(({ event, deliveries }) => ({
    id: event.id,
    type: event.type,
    payoutId: event.payout_id,
    date: toIso(event.created_at),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      subscriptionId: d.subscription_id,
      state: d.state,
      attempts: d.attempts,
      nextAttemptAt: d.next_attempt_at === null ? null : toIso(d.next_attempt_at),
    })),
  }))
  return envelope(items, count, skip)
}

export function rotateWebhookSecret(rt: Runtime, merchantId: string): { webhookSecret: string } {
  const webhookSecret = rt.ids.secret('whsec_')
  rt.db.tx(() => updateMerchant(rt.db, merchantId, { webhook_secret: webhookSecret }))
  return { webhookSecret }
}

/** Merchants subscribed to this inbox, matched by path: the sandbox answers to any host name. */
function inboxSubscribers(rt: Runtime, name: string): MerchantRow[] {
  const path = `/sandbox/inbox/${name}`
  const ids = new Set(subscriptionsMentioning(rt.db, path).filter((s) => new URL(s.url).pathname === path).map((s) => s.merchant_id))
  return [...ids].flatMap((id) => findMerchant(rt.db, id) ?? [])
}

/**
 * Whose delivery this is, and whether it is signed with that merchant's secret. A stored event
 * names its merchant. A ping is not stored (it is no payout event), so it belongs to the
 * subscriber of this inbox whose secret made its signature: the body alone claims no merchant.
 */
function senderOf(rt: Runtime, name: string, eventId: string | null, body: string, signature: string | undefined) {
  const event = eventId === null ? undefined : findEvent(rt.db, eventId)
  if (event) {
    const merchant = findMerchant(rt.db, event.merchant_id)
    return { merchant, signatureValid: Boolean(merchant && signature && signatureMatches(body, merchant.webhook_secret, signature)) }
  }
  const signer = signature === undefined ? undefined : inboxSubscribers(rt, name).find((m) => signatureMatches(body, m.webhook_secret, signature))
  return { merchant: signer, signatureValid: signer !== undefined }
}

/** The built-in receiver: keeps what it is sent, with whether its signature is valid. */
export function receiveInInbox(rt: Runtime, name: string, body: string, signature: string | undefined): { received: boolean; signatureValid: boolean } {
  let eventId: string | null = null
  let eventType: string | null = null
  try {
    const parsed = JSON.parse(body) as { id?: unknown; type?: unknown }
    if (typeof parsed.id === 'string') eventId = parsed.id
    if (typeof parsed.type === 'string') eventType = parsed.type
  } catch {
    // Not JSON: kept as received.
  }
  const { merchant, signatureValid } = senderOf(rt, name, eventId, body, signature)
  rt.db.tx(() =>
    addInboxItem(rt.db, {
      name,
      merchant_id: merchant?.id ?? null,
      // Sandbox time is a merchant's clock; a body no merchant is known to have sent gets wall time.
      received_at: merchant ? merchantNow(rt, merchant.id) : rt.wall(),
      event_id: eventId,
      event_type: eventType,
      signature: signature ?? null,
      signature_valid: signatureValid ? 1 : 0,
      body,
    }),
  )
  return { received: true, signatureValid }
}

export function inboxPage(rt: Runtime, filter: { name?: string; merchantId?: string }, skip: number, limit: number) {
  const { rows, count } = listInbox(rt.db, filter, skip, limit)
  const items = rows.map((r) => {
    let body: unknown = r.body
    try {
      body = JSON.parse(r.body)
    } catch {
      // Shown as the text received.
    }
    return {
      id: r.id,
      name: r.name,
      receivedAt: toIso(r.received_at),
      eventId: r.event_id,
      eventType: r.event_type,
      signature: r.signature,
      signatureValid: r.signature_valid === 1,
      body,
    }
  })
  return envelope(items, count, skip)
}
