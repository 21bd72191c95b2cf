// Sending webhooks over real HTTP. Only a 200 counts as delivered; any other status, a
// redirect (never followed), a timeout, a refused or dropped connection is a failed attempt,
// retried on the backoff schedule of the sandbox clock up to the 15th retry. An attempt that
// would reach the sandbox itself is refused unsent, and fails the same way. The network call
// happens outside any transaction; its outcome, the next retry and the removal of the job are
// then written together.
import type { JobRow } from '../db/schema.js'
import { findMerchant } from '../merchants/repo.js'
import type { Runtime } from '../runtime.js'
import { deleteJob, scheduleDelivery } from '../sim/jobs.js'
import { RETRY_DELAYS_S } from './events.js'
import { subscribedTo } from './outbox.js'
import { findDelivery, findEvent, findSubscription, recordAttempt, saveDeliveryState } from './repo.js'
import { sign } from './sign.js'
import { sandboxTargetRefusal } from './target.js'

const EXCERPT_CHARS = 500
/** Bytes of a response read at most; the rest of a huge body is dropped unread. */
const MAX_RESPONSE_BYTES = 64 * 1024

export interface SendResult {
  statusCode: number | null
  error: string | null
  responseExcerpt: string | null
  latencyMs: number
  signature: string
}

export async function send(rt: Runtime, url: string, body: string, secret: string): Promise<SendResult> {
  const signature = sign(body, secret)
  return { ...(await sendWithSignature(rt, url, body, signature)), signature }
}

/**
 * Sends `body` as a delivery would, with `signature` as its X-Ivy-Signature (none when null):
 * the webhook handler check forges signatures with it.
 */
export async function sendWithSignature(rt: Runtime, url: string, body: string, signature: string | null): Promise<Omit<SendResult, 'signature'>> {
  const started = rt.wall()
  const timeout = AbortSignal.timeout(rt.webhookTimeoutMs)
  const result = (partial: Omit<SendResult, 'latencyMs' | 'signature'>) => ({ ...partial, latencyMs: rt.wall() - started })
  const refusal = await sandboxTargetRefusal(rt, url)
  if (refusal) return result({ statusCode: null, error: `not sent: ${refusal}`, responseExcerpt: null })
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-ivy-signature': signature }), 'user-agent': 'ivy-sandbox-webhooks/1' },
      redirect: 'manual',
      signal: AbortSignal.any([timeout, rt.closing]),
    })
    const excerpt = await readExcerpt(response)
    const error = response.status === 200 ? null : response.status >= 300 && response.status < 400 ? `redirect to ${response.headers.get('location') ?? '?'} not followed` : `HTTP ${response.status}`
    return result({ statusCode: response.status, error, responseExcerpt: excerpt })
  } catch (err) {
    return result({ statusCode: null, error: describeFailure(err, timeout.aborted, rt.webhookTimeoutMs), responseExcerpt: null })
  }
}

/** The start of the response body. The status line is the answer: a body cut off (a hang-up, the time-out) keeps what came. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.length
    }
  } catch {
    // Cut off after the status: a 200 stays delivered, so the receiver does not get it twice.
  }
  await reader.cancel().catch(() => undefined)
  return Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS)
}

function describeFailure(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs} ms`
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code === 'ECONNREFUSED') return 'connection refused'
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'connection closed by the receiver'
  return cause?.message ?? (err as Error).message ?? String(err)
}

/** Makes the attempt a delivery job stands for and records it. */
export async function attemptDelivery(rt: Runtime, job: JobRow): Promise<void> {
  const { db } = rt
  const delivery = findDelivery(db, job.delivery_id!)
  const event = delivery && findEvent(db, delivery.event_id)
  const subscription = delivery && findSubscription(db, delivery.merchant_id, delivery.subscription_id)
  const merchant = findMerchant(db, job.merchant_id)
  // A subscription deleted, or changed to no longer list the event's type, wants no more of it.
  if (!delivery || !event || !subscription || !merchant || !subscribedTo(subscription, event.type)) {
    db.tx(() => {
      deleteJob(db, job.id)
      if (delivery) saveDeliveryState(db, delivery.id, 'canceled', delivery.attempts)
    })
    return
  }
  const attempt = delivery.attempts + 1
  const outcome: SendResult =
    delivery.fail_first === 1 && attempt === 1
      ? { statusCode: null, error: 'chaos: first attempt failed on purpose (scenario webhooks.failFirstAttempt)', responseExcerpt: null, latencyMs: 0, signature: sign(event.body, merchant.webhook_secret) }
      : await send(rt, subscription.url, event.body, merchant.webhook_secret)
  // Shutting down mid-attempt: leave the job, the next start makes the attempt again.
  if (rt.closing.aborted) return
  db.tx(() => {
    deleteJob(db, job.id)
    rt.live.notify(delivery.merchant_id, 'webhooks')
    recordAttempt(db, {
      merchant_id: delivery.merchant_id,
      delivery_id: delivery.id,
      event_id: event.id,
      attempt,
      url: subscription.url,
      at: job.due_at,
      status_code: outcome.statusCode,
      error: outcome.error,
      response_excerpt: outcome.responseExcerpt,
      latency_ms: outcome.latencyMs,
      signature: outcome.signature,
    })
    // Replaced by a redelivery while this attempt was out: the replacement carries on alone.
    if (findDelivery(db, delivery.id)?.state === 'canceled') return
    const retryDelay = RETRY_DELAYS_S[attempt - 1]
    if (outcome.statusCode === 200) saveDeliveryState(db, delivery.id, 'delivered', attempt)
    else if (retryDelay === undefined) saveDeliveryState(db, delivery.id, 'failed', attempt)
    else {
      saveDeliveryState(db, delivery.id, 'pending', attempt)
      scheduleDelivery(db, delivery.merchant_id, job.due_at + retryDelay * 1000, delivery.id)
    }
  })
}
