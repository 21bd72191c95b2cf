// What the sandbox shows of webhooks: events with their deliveries, every attempt, the inbox;
// and the controls: redeliver an event, rotate the signing secret.
import type { MerchantRow } from '../db/schema.js'
import { Invalid, Forbidden, TooLarge } from '../engine/errors.js'
import { toIso } from '../lib/clock.js'
import { findMerchant, updateMerchant } from '../merchants/repo.js'
import { contextOf } from '../engine/context.js'
import type { Runtime } from '../runtime.js'
import { addInboxItem, listAttempts, listEvents, listInbox, subscriptionsMentioning, trimInbox } from './repo.js'
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
  return { items, count, skip }
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
  return { items, count, skip }
}

export function rotateWebhookSecret(rt: Runtime, merchantId: string): { webhookSecret: string } {
  const webhookSecret = rt.ids.secret('whsec_')
  rt.db.tx(() => updateMerchant(rt.db, merchantId, { webhook_secret: webhookSecret }))
  return { webhookSecret }
}

/** [sandbox] Bytes of one body an inbox keeps at most; Ivy's events are a few KiB. */
const INBOX_MAX_BODY_BYTES = 64 * 1024
/** [sandbox] How deep a kept body may nest; deeper would overflow the stack when it is shown. */
const INBOX_MAX_DEPTH = 32
/** [sandbox] Items an inbox keeps per merchant; older ones are dropped as new ones arrive. */
const INBOX_KEEPS = 200

/** Merchants subscribed to this inbox, matched by path: the sandbox answers to several host names. */
function inboxSubscribers(rt: Runtime, name: string): MerchantRow[] {
  const path = `/sandbox/inbox/${name}`
  const ids = new Set(subscriptionsMentioning(rt.db, path).filter((s) => new URL(s.url).pathname === path).map((s) => s.merchant_id))
  return [...ids].flatMap((id) => findMerchant(rt.db, id) ?? [])
}

/** How deep a text nests brackets outside JSON strings, counted without parsing it (a parser may recurse). */
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth)
    else if (char === ']' || char === '}') depth--
  }
  return deepest
}

/**
 * The built-in receiver. A body is kept only for the subscriber of this inbox whose secret made
 * its signature (a ping, or an event it was sent): an unsigned or forged post, whatever event it
 * quotes, is kept for no one, so the inbox carries nothing from one tenant to another and
 * anyone's posts cannot fill it. Each merchant's newest INBOX_KEEPS items are kept.
 */
export function receiveInInbox(rt: Runtime, name: string, body: string, signature: string | undefined): { received: boolean; signatureValid: boolean } {
  if (Buffer.byteLength(body) > INBOX_MAX_BODY_BYTES) {
    throw new TooLarge(`an inbox keeps bodies of at most ${INBOX_MAX_BODY_BYTES / 1024} KiB`)
  }
  if (nestingDepth(body) > INBOX_MAX_DEPTH) throw new Invalid(`an inbox keeps bodies nested at most ${INBOX_MAX_DEPTH} levels deep`)
  const signer = signature === undefined ? undefined : inboxSubscribers(rt, name).find((m) => signatureMatches(body, m.webhook_secret, signature))
  if (!signer) return { received: false, signatureValid: false }
  let eventId: string | null = null
  let eventType: string | null = null
  try {
    const parsed = JSON.parse(body) as { id?: unknown; type?: unknown }
    if (typeof parsed.id === 'string') eventId = parsed.id
    if (typeof parsed.type === 'string') eventType = parsed.type
  } catch {
    // Not JSON: kept as received.
  }
  rt.db.tx(() => {
    addInboxItem(rt.db, {
      name,
      merchant_id: signer.id,
      received_at: contextOf(rt, signer).now,
      event_id: eventId,
      event_type: eventType,
      signature: signature ?? null,
      signature_valid: 1,
      body,
    })
    trimInbox(rt.db, name, signer.id, INBOX_KEEPS)
    rt.live.notify(signer.id, 'webhooks')
  })
  return { received: true, signatureValid: true }
}

/** An inbox is read with the key of a merchant subscribed to it, and shows that merchant's items only. */
export function readInbox(rt: Runtime, merchantId: string, name: string, skip: number, limit: number) {
  if (!inboxSubscribers(rt, name).some((m) => m.id === merchantId)) {
    throw new Forbidden(`this merchant has no webhook subscription to /sandbox/inbox/${name}`)
  }
  return inboxPage(rt, { name, merchantId }, skip, limit)
}

export function inboxPage(rt: Runtime, filter: { name?: string; merchantId: string }, skip: number, limit: number) {
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
  return { items, count, skip }
}
