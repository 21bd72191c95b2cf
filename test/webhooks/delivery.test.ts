// Webhook delivery over real HTTP to a receiver on 127.0.0.1: the events each payout change
// sends, their exact body and signature, legacy names, the retry schedule on the sandbox clock,
// every way an attempt can fail, a slow receiver, redelivery, secret rotation and the inbox.
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { RETRY_DELAYS_S } from '../../src/webhooks/events.js'
import { harness, openLoop, T0, type Harness, type HarnessOptions } from '../helpers/harness.js'
import { hmacHex, HUGE_BODY_BYTES, receiverPool, startReceiver } from '../helpers/receiver.js'

/** Magic IBANs of the default scenario. */
const CLOSED_ACCOUNT = 'DE66100000000000000101'
const EXPIRES = 'DE82100000000000000201'
const LATE_RETURN = 'DE28100000000000000203'

interface Attempt {
  attempt: number
  eventId: string
  eventType: string
  payoutId: string
  url: string
  at: string
  statusCode: number | null
  delivered: boolean
  error: string | null
  responseExcerpt: string | null
  latencyMs: number
  signature: string
}

let h: Harness
const pool = receiverPool()
const receiver = pool.start
afterEach(async () => {
  await pool.closeAll()
  await h.close()
})

async function start(options: HarnessOptions = {}) {
  h = await harness({ webhookTimeoutMs: 300, merchant: { scenario: 'always-paid' }, ...options })
}

/** A harness whose merchant has one receiver subscribed to `events`. */
async function subscribed(events?: string[], options?: HarnessOptions) {
  await start(options)
  const r = await receiver()
  expect((await subscribe(r.url, events)).status).toBe(200)
  return r
}

/** A receiver answering 500 forever, subscribed to payout.initiated, once the first attempt for a new payout failed. */
async function firstAttemptFailed() {
  const r = await subscribed(['payout.initiated'])
  r.otherwise({ status: 500 })
  const payout = await createPayout(1)
  await h.advance('0s')
  const [sub] = (await h.post('/api/service/webhook-subscription/list', {})).body.items
  return { r, payout, sub }
}

const subscribe = (url: string, events?: string[]) => h.post('/api/service/webhook-subscription/create', { url, events })
const createPayout = async (amount: number, iban?: string, extra?: Record<string, unknown>) => (await h.post('/api/service/payout/create', openLoop(amount, iban, extra))).body
const retrieve = async (id: string) => (await h.post('/api/service/payout/retrieve', { id })).body

/** Every attempt of the merchant, oldest first. */
async function attempts(): Promise<Attempt[]> {
  const { body } = await h.get('/sandbox/webhooks/deliveries?limit=100')
  expect(body.count).toBeLessThanOrEqual(100)
  return [...body.items].reverse()
}

async function deliveryOf(eventIndex = 0) {
  const { body } = await h.get('/sandbox/webhooks/events?limit=100')
  return body.items[eventIndex].deliveries[0]
}

/** Seconds after T0 of each attempt. */
const offsets = (list: Attempt[]) => list.map((a) => (Date.parse(a.at) - Date.parse(T0)) / 1000)
/** Ivy's plan: the first attempt at 0 s, then each retry RETRY_DELAYS_S[i] after the one before. */
const plannedOffsets = (count: number) => Array.from({ length: count }, (_, n) => RETRY_DELAYS_S.slice(0, n).reduce((sum, s) => sum + s, 0))
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString()

describe('events of payout changes', () => {
  it('payout.initiated on create and payout.paid later carry { id, type, date, payload } with the Payout of that moment, signed over the exact bytes', async () => {
    const r = await subscribed()
    const created = await createPayout(12.34, undefined, { paymentReference: 'Rückzahlung – Bestellung №42 ✓', metadata: { orderRef: 'ä-1' } })
    await h.advance('0s')
    const [initiated] = await r.waitFor(1)
    expect(initiated!.method).toBe('POST')
    expect(initiated!.headers['content-type']).toBe('application/json')
    expect(initiated!.json).toStrictEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'payout.initiated', date: T0, payload: created })
    expect(Object.keys(initiated!.json)).toEqual(['id', 'type', 'date', 'payload'])
    expect(initiated!.json.payload).toStrictEqual(await retrieve(created.id))
    // The signature is the HMAC of the bytes as sent (non-ASCII included), lowercase hex, no prefix.
    expect(initiated!.signature).toMatch(/^[0-9a-f]{64}$/)
    expect(initiated!.signature).toBe(hmacHex(initiated!.raw, h.merchant.secret))
    expect(r.signedWith(initiated!, 'whsec_someone_else')).toBe(false)

    await h.advance('1m')
    const [, paid] = await r.waitFor(2)
    const now = await retrieve(created.id)
    expect(now).toMatchObject({ status: 'paid', transactionId: expect.any(String) })
    expect(paid!.json).toStrictEqual({ id: expect.any(String), type: 'payout.paid', date: now.updatedAt, payload: now })
    expect(paid!.json.id).not.toBe(initiated!.json.id)
    expect(r.signedWith(paid!, h.merchant.secret)).toBe(true)
    expect(r.deliveries).toHaveLength(2)
  })

  it('the event and its delivery exist as soon as the payout changed, before any attempt', async () => {
    await subscribed(['payout.initiated'])
    const created = await createPayout(5)
    const { body } = await h.get('/sandbox/webhooks/events')
    expect(body).toMatchObject({ count: 1, hasNext: false })
    expect(body.items[0]).toStrictEqual({
      id: expect.any(String),
      type: 'payout.initiated',
      payoutId: created.id,
      date: T0,
      deliveries: [{ id: expect.any(Number), subscriptionId: expect.any(String), state: 'pending', attempts: 0, nextAttemptAt: T0 }],
    })
  })

  it('payout.failed carries the failure; an uncovered payout sends initiated then failed at once', async () => {
    const r = await subscribed(undefined, { merchant: { scenario: 'default' } })
    const closed = await createPayout(5, CLOSED_ACCOUNT)
    await h.advance('1m')
    const uncovered = await createPayout(20_000)
    await h.advance('0s')
    const [, failed, , uncoveredFailed] = await r.waitFor(4)
    expect(r.deliveries.map((d) => [d.json.payload.id, d.json.type])).toEqual([
      [closed.id, 'payout.initiated'],
      [closed.id, 'payout.failed'],
      [uncovered.id, 'payout.initiated'],
      [uncovered.id, 'payout.failed'],
    ])
    expect(failed!.json.payload).toStrictEqual(await retrieve(closed.id))
    expect(failed!.json.payload.failure).toEqual({ code: 'account_closed', message: expect.any(String), retry: false })
    expect(uncoveredFailed!.json.payload.failure).toEqual({ code: 'insufficient_funds', message: expect.any(String), retry: true })
    expect(uncoveredFailed!.json.date).toBe(uncovered.createdAt)
  })

  it('a paid payout returned later sends payout.failed after payout.paid', async () => {
    const r = await subscribed(['payout.paid', 'payout.failed'], { merchant: { scenario: 'default' } })
    const payout = await createPayout(7, LATE_RETURN)
    await h.advance('4d')
    expect(r.deliveries.map((d) => d.json.type)).toEqual(['payout.paid', 'payout.failed'])
    expect(r.deliveries[1]!.json.payload).toStrictEqual(await retrieve(payout.id))
    expect(r.deliveries[1]!.json.payload).toMatchObject({ status: 'failed', transactionId: expect.any(String), failure: { code: 'duplicate_transaction' } })
  })

  it('nothing is sent for in_transit or canceled', async () => {
    const r = await subscribed(undefined, { merchant: { scenario: 'default' } })
    const expiring = await createPayout(6, EXPIRES)
    const forced = await createPayout(8)
    expect((await h.post(`/sandbox/payouts/${forced.id}/force`, { status: 'canceled' })).status).toBe(200)
    const paid = await createPayout(9)
    await h.advance('1h')
    expect((await retrieve(expiring.id)).status).toBe('canceled')
    expect((await retrieve(paid.id)).status).toBe('paid')
    // A refused change sends nothing either.
    expect((await h.post(`/sandbox/payouts/${forced.id}/force`, { status: 'paid' })).status).toBe(409)
    await h.advance('1m')
    expect(r.deliveries.map((d) => [d.json.payload.id, d.json.type])).toEqual([
      [expiring.id, 'payout.initiated'],
      [forced.id, 'payout.initiated'],
      [paid.id, 'payout.initiated'],
      [paid.id, 'payout.paid'],
    ])
  })

  it('a forced outcome answers only after the webhook it caused was attempted, so the receiver already has it', async () => {
    const r = await subscribed()
    const payout = await createPayout(5)
    await h.advance('0s')
    expect(r.deliveries.map((d) => d.json.type)).toEqual(['payout.initiated'])
    const forced = await h.post(`/sandbox/payouts/${payout.id}/force`, { status: 'failed', failureCode: 'account_closed' })
    expect(forced.status).toBe(200)
    expect(r.deliveries.map((d) => [d.json.type, d.json.payload.status])).toEqual([
      ['payout.initiated', 'pending'],
      ['payout.failed', 'failed'],
    ])
    expect((await deliveryOf(0)).state).toBe('delivered')
  })

  it('legacy user_payout.* names go only to the subscriptions that list them, as separate events', async () => {
    await start()
    const [modern, legacy, mixed] = [await receiver(), await receiver(), await receiver()]
    await subscribe(modern.url)
    await subscribe(legacy.url, ['user_payout.initiated', 'user_payout.paid', 'user_payout.failed'])
    await subscribe(mixed.url, ['payout.paid', 'user_payout.paid'])
    const payout = await createPayout(10)
    await h.advance('1m')
    expect(modern.deliveries.map((d) => d.json.type)).toEqual(['payout.initiated', 'payout.paid'])
    expect(legacy.deliveries.map((d) => d.json.type)).toEqual(['user_payout.initiated', 'user_payout.paid'])
    expect(mixed.deliveries.map((d) => d.json.type)).toEqual(['payout.paid', 'user_payout.paid'])
    const paid = await retrieve(payout.id)
    for (const d of [modern.deliveries[1]!, legacy.deliveries[1]!, mixed.deliveries[0]!, mixed.deliveries[1]!]) {
      expect(d.json.payload).toStrictEqual(paid)
      expect(modern.signedWith(d, h.merchant.secret)).toBe(true)
    }
    // One event per name: the mixed subscription got the same payout.paid event as the modern one.
    expect(mixed.deliveries[0]!.json.id).toBe(modern.deliveries[1]!.json.id)
    expect(mixed.deliveries[1]!.json.id).toBe(legacy.deliveries[1]!.json.id)
    expect(legacy.deliveries[1]!.json.id).not.toBe(modern.deliveries[1]!.json.id)
  })

  it('delivers to the URL exactly as given, path and query included', async () => {
    await start()
    const r = await receiver()
    await subscribe(`${r.url}/ivy?source=sandbox&x=1`, ['payout.initiated'])
    await createPayout(1)
    await h.advance('0s')
    expect(r.deliveries.map((d) => d.path)).toEqual(['/webhooks/ivy?source=sandbox&x=1'])
  })

  it('lists events newest first, in the order they were made when made at the same sandbox time', async () => {
    await subscribed(['payout.initiated'])
    const ids = []
    for (let i = 0; i < 6; i++) ids.push((await createPayout(1 + i)).id)
    const { body } = await h.get('/sandbox/webhooks/events')
    expect(body.items.map((e: { payoutId: string }) => e.payoutId)).toEqual(ids.reverse())
  })
})

describe('retries on the sandbox clock', () => {
  it('only a 200 counts: failures are retried after 30 s, 140 s, 541 s ... and a 200 stops the retries', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ status: 500, body: 'down for maintenance' }, { status: 503 }, { status: 201 }, { status: 204 }, { status: 404 })
    await createPayout(1)
    await h.advance('3d')
    const list = await attempts()
    expect(list.map((a) => [a.attempt, a.statusCode, a.delivered, a.error])).toEqual([
      [1, 500, false, 'HTTP 500'],
      [2, 503, false, 'HTTP 503'],
      [3, 201, false, 'HTTP 201'],
      [4, 204, false, 'HTTP 204'],
      [5, 404, false, 'HTTP 404'],
      [6, 200, true, null],
    ])
    expect(offsets(list)).toEqual(plannedOffsets(6))
    expect(offsets(list)).toEqual([0, 30, 170, 711, 2137, 5337])
    expect(list[0]!.responseExcerpt).toBe('down for maintenance')
    // Every attempt sent the same bytes with the same signature.
    expect(r.deliveries).toHaveLength(6)
    expect(new Set(r.deliveries.map((d) => d.raw.toString('hex'))).size).toBe(1)
    expect(r.deliveries.every((d, i) => d.signature === list[i]!.signature && r.signedWith(d, h.merchant.secret))).toBe(true)
    expect(await deliveryOf()).toMatchObject({ state: 'delivered', attempts: 6, nextAttemptAt: null })
  })

  it('the next attempt is due at its planned time and not before', async () => {
    const r = await subscribed(['payout.initiated'])
    r.otherwise({ status: 500 })
    await createPayout(1)
    await h.advance('0s')
    expect(await deliveryOf()).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: at(30) })
    await h.advance('29s')
    expect(r.deliveries).toHaveLength(1)
    await h.advance('1s')
    expect(r.deliveries).toHaveLength(2)
    expect(await deliveryOf()).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: at(170) })
  })

  it('on a running clock the background sender makes each retry at its planned sandbox time', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ status: 500 }, { status: 500 }, { status: 500 })
    await h.serve()
    // 10,000 sandbox seconds a wall second: the first three retries come within about 0.1 s.
    expect((await h.post('/sandbox/clock/resume', { speed: 10_000 })).status).toBe(200)
    await createPayout(1)
    await r.waitFor(4)
    // Freeze, and let the attempt in flight be recorded (an advance waits for it).
    await h.post('/sandbox/clock/freeze')
    await h.advance('0s')
    const list = await attempts()
    expect(list.map((a) => [a.attempt, a.delivered])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ])
    const first = Date.parse(list[0]!.at)
    expect(list.map((a) => (Date.parse(a.at) - first) / 1000)).toEqual(plannedOffsets(4))
  })

  it('a receiver failing forever gets exactly 16 attempts (1 + 15 retries) over about 54 h, then the delivery is failed', async () => {
    const r = await subscribed(['payout.initiated'])
    r.otherwise({ status: 500 })
    await createPayout(1)
    await h.advance('3d')
    const list = await attempts()
    expect(list).toHaveLength(16)
    expect(list.map((a) => a.attempt)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(offsets(list)).toEqual(plannedOffsets(16))
    expect(offsets(list).at(-1)! / 3600).toBeCloseTo(54, 0)
    expect(await deliveryOf()).toMatchObject({ state: 'failed', attempts: 16, nextAttemptAt: null })
    await h.advance('30d')
    expect(r.deliveries).toHaveLength(16)
  })

  it('a refused connection is a failed attempt, retried', async () => {
    await start()
    const gone = await startReceiver()
    await gone.close()
    await subscribe(gone.url, ['payout.initiated'])
    await createPayout(1)
    await h.advance('30s')
    const list = await attempts()
    expect(list.map((a) => [a.attempt, a.statusCode, a.delivered, a.error, a.responseExcerpt])).toEqual([
      [1, null, false, 'connection refused', null],
      [2, null, false, 'connection refused', null],
    ])
    expect(offsets(list)).toEqual([0, 30])
  })

  it('a receiver slower than the time-out is a failed attempt, retried, and a later 200 delivers', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ delayMs: 1_000, status: 200 })
    await createPayout(1)
    await h.advance('0s')
    const [first] = await attempts()
    expect(first).toMatchObject({ attempt: 1, statusCode: null, delivered: false, error: 'timed out after 300 ms', responseExcerpt: null })
    expect(first!.latencyMs).toBeGreaterThanOrEqual(250)
    expect(first!.latencyMs).toBeLessThan(1_000)
    await h.advance('30s')
    expect((await attempts()).map((a) => [a.attempt, a.delivered])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(r.deliveries).toHaveLength(2)
  })

  it('a connection closed by the receiver is a failed attempt, retried', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ destroy: true })
    await createPayout(1)
    await h.advance('30s')
    expect((await attempts()).map((a) => [a.statusCode, a.delivered, a.error])).toEqual([
      [null, false, 'connection closed by the receiver'],
      [200, true, null],
    ])
  })

  it('a receiver that answers 200 and hangs up before the end of its body has answered: delivered, not retried', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ status: 200, hangUpMidBody: true })
    await createPayout(1)
    await h.advance('1h')
    expect((await attempts()).map((a) => [a.statusCode, a.delivered, a.error, a.responseExcerpt])).toEqual([[200, true, null, 'only the start of it']])
    expect(r.deliveries).toHaveLength(1)
  })

  it('a 500 cut off mid-body is recorded as the 500 it is, and retried', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ status: 500, hangUpMidBody: true })
    await createPayout(1)
    await h.advance('30s')
    expect((await attempts()).map((a) => [a.statusCode, a.delivered, a.error])).toEqual([
      [500, false, 'HTTP 500'],
      [200, true, null],
    ])
  })

  it('a huge response body is cut to a short excerpt; its status still decides', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ huge: true, status: 500 }, { huge: true, status: 200 })
    await createPayout(1)
    await h.advance('30s')
    const list = await attempts()
    expect(list.map((a) => [a.statusCode, a.delivered])).toEqual([
      [500, false],
      [200, true],
    ])
    for (const a of list) {
      expect(a.responseExcerpt).toMatch(/^x+$/)
      expect(a.responseExcerpt!.length).toBeLessThanOrEqual(500)
      expect(a.responseExcerpt!.length).toBeLessThan(HUGE_BODY_BYTES)
    }
  })

  it('a redirect is not followed: the attempt fails and the target receives nothing, ever', async () => {
    const r = await subscribed(['payout.initiated'])
    const target = await receiver()
    r.otherwise({ redirect: target.url })
    await createPayout(1)
    await h.advance('3d')
    const list = await attempts()
    expect(list).toHaveLength(16)
    expect(list[0]).toMatchObject({ statusCode: 302, delivered: false, error: `redirect to ${target.url} not followed` })
    expect(target.deliveries).toHaveLength(0)
    expect(await deliveryOf()).toMatchObject({ state: 'failed' })
  })

  it('a deleted subscription gets no more retries', async () => {
    const { r, sub } = await firstAttemptFailed()
    await h.post('/api/service/webhook-subscription/delete', { id: sub.id })
    await h.advance('3d')
    expect(r.deliveries).toHaveLength(1)
    expect(await deliveryOf()).toMatchObject({ state: 'canceled', attempts: 1, nextAttemptAt: null })
  })
})

describe('an advance with more attempts to make than its bound', () => {
  it('stops at the last attempt made, answers 503 saying where, and the next advance goes on from there', async () => {
    const r = await subscribed(['payout.initiated'], { maxAttemptsPerAdvance: 3 })
    r.otherwise({ status: 500 })
    await createPayout(1)
    const stopped = await h.post('/sandbox/clock/advance', { by: '3d' })
    expect(stopped.status).toBe(503)
    expect(r.deliveries).toHaveLength(3)
    // The third attempt (the second retry) was the last: 30 s + 140 s after the first.
    const at = new Date(Date.parse(T0) + 170_000).toISOString()
    expect(stopped.body).toMatchObject({ category: 'api_error', data: { now: at }, message: expect.stringContaining(`the clock is at ${at}`) })
    expect((await h.get('/sandbox/clock')).body.now).toBe(at)
    expect((await h.post('/sandbox/clock/advance', { by: '541s' })).body.now).toBe(new Date(Date.parse(at) + 541_000).toISOString())
    expect(r.deliveries).toHaveLength(4)
  })
})

describe('a subscription whose events change', () => {
  it('gets no more retries of an event type it no longer lists: that delivery is canceled; the types it lists go on', async () => {
    const { r, payout, sub } = await firstAttemptFailed()
    expect((await h.post('/api/service/webhook-subscription/update', { id: sub.id, events: ['payout.paid'] })).status).toBe(200)
    await h.advance('3d')
    const sent = (type: string) => r.deliveries.filter((d) => d.json.type === type)
    expect(sent('payout.initiated')).toHaveLength(1)
    expect(sent('payout.paid')).toHaveLength(16)
    const { body } = await h.get(`/sandbox/webhooks/events?payoutId=${payout.id}`)
    const delivery = (type: string) => body.items.find((e: { type: string }) => e.type === type).deliveries[0]
    expect(delivery('payout.initiated')).toMatchObject({ state: 'canceled', attempts: 1, nextAttemptAt: null })
    expect(delivery('payout.paid')).toMatchObject({ state: 'failed', attempts: 16 })
  })

  it('still gets retries of a type it lists again before the retry is due', async () => {
    const { r, sub } = await firstAttemptFailed()
    await h.post('/api/service/webhook-subscription/update', { id: sub.id, events: ['payout.failed'] })
    await h.post('/api/service/webhook-subscription/update', { id: sub.id, events: ['payout.initiated'] })
    await h.advance('30s')
    expect(r.deliveries.map((d) => d.json.type)).toEqual(['payout.initiated', 'payout.initiated'])
    expect(await deliveryOf()).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: at(170) })
  })
})

describe('a slow receiver', () => {
  it('keeps the API answering while a background attempt waits for it', async () => {
    const r = await subscribed(['payout.initiated'], { webhookTimeoutMs: 5_000 })
    r.plan({ delayMs: 1_000, status: 200, body: 'finally' })
    await h.serve()
    const first = await createPayout(1)
    // Sent by the wall-clock tick, not by an advance.
    await r.waitFor(1)
    // The receiver has not answered yet; the merchant's own requests go through meanwhile.
    const second = await createPayout(2)
    expect(second.status).toBe('pending')
    expect((await h.post('/api/service/payout/retrieve', { id: first.id })).status).toBe(200)
    expect((await h.post('/api/service/webhook-subscription/list', {})).status).toBe(200)
    expect((await attempts()).filter((a) => a.payoutId === first.id)).toEqual([])
    // An advance waits for the attempt in flight, then sends what is due.
    await h.advance('0s')
    const list = await attempts()
    expect(list.map((a) => [a.payoutId, a.delivered, a.responseExcerpt])).toEqual([
      [first.id, true, 'finally'],
      [second.id, true, 'ok'],
    ])
    expect(list[0]!.latencyMs).toBeGreaterThanOrEqual(900)
  })

  it('an advance waiting on it holds only its own merchant: another merchant is answered meanwhile', async () => {
    const r = await subscribed(['payout.initiated'], { webhookTimeoutMs: 5_000 })
    r.plan({ delayMs: 1_000, status: 200 })
    await createPayout(1)
    const advancing = h.advance('0s')
    await r.waitFor(1)
    const other = h.newMerchant()
    const created = await h.post('/api/service/payout/create', openLoop(2), { key: other.key })
    expect(created.status).toBe(200)
    expect(h.rt.scheduler.isAdvancing(h.merchant.id)).toBe(true)
    expect((await advancing).status).toBe(200)
    expect((await attempts()).map((a) => a.delivered)).toEqual([true])
  })
})

describe('sandbox webhook tools', () => {
  it('the attempts view is the merchant\'s own and filters by event and by payout', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ status: 500 })
    const [a, b] = [await createPayout(1), await createPayout(2)]
    await h.advance('30s')
    const list = await attempts()
    expect(list.map((x) => [x.payoutId, x.attempt, x.delivered])).toEqual([
      [a.id, 1, false],
      [b.id, 1, true],
      [a.id, 2, true],
    ])
    const byPayout = (await h.get(`/sandbox/webhooks/deliveries?payoutId=${a.id}`)).body
    expect(byPayout.items.map((x: Attempt) => x.attempt)).toEqual([2, 1])
    const byEvent = (await h.get(`/sandbox/webhooks/deliveries?eventId=${list[1]!.eventId}`)).body
    expect(byEvent).toMatchObject({ count: 1, items: [{ payoutId: b.id }] })
    expect(list[0]).toMatchObject({ url: r.url, statusCode: 500, responseExcerpt: '', latencyMs: expect.any(Number), signature: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect((await h.get('/sandbox/webhooks/deliveries', { key: h.newMerchant().key })).body).toStrictEqual({ items: [], count: 0, skip: 0, hasNext: false })
    expect((await h.get('/sandbox/webhooks/deliveries', { key: null })).status).toBe(401)
  })

  it('redeliver sends the same event (same id, same bytes) again now', async () => {
    const r = await subscribed(['payout.initiated'])
    r.otherwise({ status: 500 })
    await createPayout(1)
    await h.advance('3d')
    expect(await deliveryOf()).toMatchObject({ state: 'failed', attempts: 16 })
    const [first] = r.deliveries
    r.otherwise({ status: 200 })
    const res = await h.post(`/sandbox/webhooks/events/${first!.json.id}/redeliver`)
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ eventId: first!.json.id, deliveries: 1 })
    await h.advance('0s')
    const again = r.deliveries[16]!
    expect(r.deliveries).toHaveLength(17)
    expect(again.json.id).toBe(first!.json.id)
    expect(again.raw.equals(first!.raw)).toBe(true)
    expect(r.signedWith(again, h.merchant.secret)).toBe(true)
    const { body } = await h.get('/sandbox/webhooks/events')
    expect(body.items[0].deliveries.map((d: { state: string; attempts: number }) => [d.state, d.attempts])).toEqual([
      ['failed', 16],
      ['delivered', 1],
    ])
  })

  it('redeliver of an unknown event, or of another merchant\'s, is a 404', async () => {
    const r = await subscribed(['payout.initiated'])
    await createPayout(1)
    await h.advance('0s')
    const [sent] = await r.waitFor(1)
    expect((await h.post('/sandbox/webhooks/events/no-such-event/redeliver')).status).toBe(404)
    const other = h.newMerchant()
    expect((await h.post(`/sandbox/webhooks/events/${sent!.json.id}/redeliver`, undefined, { key: other.key })).status).toBe(404)
    await h.advance('1d')
    expect(r.deliveries).toHaveLength(1)
  })

  it('rotating the secret signs every later attempt with the new one, retries of older events included', async () => {
    const r = await subscribed(['payout.initiated'])
    r.plan({ status: 500 })
    await createPayout(1)
    await h.advance('0s')
    const rotated = await h.post('/sandbox/webhooks/secret/rotate')
    expect(rotated.status).toBe(200)
    const secret = rotated.body.webhookSecret
    expect(secret).toMatch(/^whsec_/)
    expect(secret).not.toBe(h.merchant.secret)
    expect((await h.get('/sandbox/merchant')).body.webhookSecret).toBe(secret)
    await h.advance('30s')
    const [before, retry] = await r.waitFor(2)
    expect(retry!.raw.equals(before!.raw)).toBe(true)
    expect(r.signedWith(before!, h.merchant.secret)).toBe(true)
    expect(r.signedWith(retry!, secret)).toBe(true)
    expect(r.signedWith(retry!, h.merchant.secret)).toBe(false)
    expect((await attempts()).map((a) => a.signature)).toEqual([before!.signature, retry!.signature])
  })
})

describe('the built-in inbox', () => {
  /** A served harness with its merchant subscribed to a fresh inbox. */
  async function subscribedInbox() {
    await start()
    const base = await h.serve()
    const name = `test-${randomUUID().slice(0, 8)}`
    const inbox = `${base}/sandbox/inbox/${name}`
    const sub = (await subscribe(inbox)).body
    const post = (body: string, signature?: string, type = 'application/json') =>
      fetch(inbox, { method: 'POST', headers: { 'content-type': type, ...(signature && { 'x-ivy-signature': signature }) }, body })
    return { base, name, inbox, sub, post }
  }

  it('keeps what a subscribed merchant signed; a forged, unsigned or foreign post is kept for no one', async () => {
    const { base, name, post } = await subscribedInbox()
    const payout = await createPayout(3)
    await h.advance('1m')
    const { body: listed } = await h.get(`/sandbox/inbox/${name}`)
    const paidBody = JSON.stringify(listed.items[0].body)
    // A real event's body with a signature made with the wrong secret; no signature; not JSON.
    expect(await (await post(paidBody, hmacHex(paidBody, 'whsec_forged'))).json()).toStrictEqual({ received: false, signatureValid: false })
    expect(await (await post(paidBody)).json()).toStrictEqual({ received: false, signatureValid: false })
    expect(await (await post('not json at all', 'abc', 'text/plain')).json()).toStrictEqual({ received: false, signatureValid: false })
    // Signed with the subscribed merchant's secret, a body is kept even when it is no JSON.
    expect(await (await post('signed text', hmacHex('signed text', h.merchant.secret), 'text/plain')).json()).toStrictEqual({ received: true, signatureValid: true })
    // Malformed JSON is refused like anywhere else in the API: a 400, nothing kept.
    expect((await post('{"id":', 'abc')).status).toBe(400)

    const all = (await h.get(`/sandbox/inbox/${name}`)).body
    expect(all.count).toBe(3)
    expect(all.items.map((i: { eventType: string | null; signatureValid: boolean }) => [i.eventType, i.signatureValid])).toEqual([
      [null, true],
      ['payout.paid', true],
      ['payout.initiated', true],
    ])
    expect(all.items[1]).toMatchObject({ name, signatureValid: true, signature: expect.stringMatching(/^[0-9a-f]{64}$/), body: { type: 'payout.paid', payload: await retrieve(payout.id) } })
    expect(all.items[0].body).toBe('signed text')
    expect((await fetch(`${base}/sandbox/inbox/not%20a%20name!`, { method: 'POST', body: '{}' })).status).toBe(400)
  })

  it('a ping to the inbox is checked with the secret of the merchant subscribed to it, at that merchant\'s sandbox time; a tampered one is not kept', async () => {
    const { base, name, sub, post } = await subscribedInbox()
    // Another merchant subscribed to the same inbox, with its own secret and clock.
    const other = h.newMerchant({ clock: { mode: 'frozen', now: '2026-05-01T00:00:00.000Z' } })
    const otherSub = (await h.post('/api/service/webhook-subscription/create', { url: `${base}/sandbox/inbox/${name}` }, { key: other.key })).body
    await h.advance('1h')
    expect((await h.post('/api/service/webhook-subscription/ping', { id: sub.id })).body).toMatchObject({ statusCode: 200, success: true })
    expect((await h.post('/api/service/webhook-subscription/ping', { id: otherSub.id }, { key: other.key })).body).toMatchObject({ success: true })
    // Each sees its own ping only.
    const [ping, ...more] = (await h.get(`/sandbox/inbox/${name}`)).body.items
    const [otherPing, ...otherMore] = (await h.get(`/sandbox/inbox/${name}`, { key: other.key })).body.items
    expect([more, otherMore]).toEqual([[], []])
    expect(ping).toMatchObject({ eventType: 'ping', signatureValid: true, receivedAt: at(3600), body: { type: 'ping', date: at(3600) } })
    expect(otherPing).toMatchObject({ eventType: 'ping', signatureValid: true, receivedAt: '2026-05-01T00:00:00.000Z' })

    const tampered = JSON.stringify({ ...ping.body, payload: { forged: true } })
    expect(await (await post(tampered, ping.signature)).json()).toStrictEqual({ received: false, signatureValid: false })
    // Signed with a merchant's secret, but that merchant has no subscription to this inbox.
    const stranger = h.newMerchant()
    const unsubscribed = JSON.stringify(ping.body)
    expect(await (await post(unsubscribed, hmacHex(unsubscribed, stranger.secret))).json()).toStrictEqual({ received: false, signatureValid: false })
    expect((await h.get(`/sandbox/inbox/${name}`)).body.count).toBe(1)
  })

  it('is read with the key of a merchant subscribed to it: no key is a 401, another merchant\'s a 403', async () => {
    const { name, inbox } = await subscribedInbox()
    await createPayout(3)
    await h.advance('0s')
    const keyless = await fetch(inbox)
    expect(keyless.status).toBe(401)
    expect(await keyless.json()).toMatchObject({ code: 'UNAUTHENTICATED', statusCode: 401 })
    const stranger = h.newMerchant()
    const foreign = await h.get(`/sandbox/inbox/${name}`, { key: stranger.key })
    expect(foreign.status).toBe(403)
    expect(foreign.body).toMatchObject({ code: 'AUTHORIZATION', message: `this merchant has no webhook subscription to /sandbox/inbox/${name}`, statusCode: 403 })
    expect((await h.get(`/sandbox/inbox/${name}`)).body.count).toBe(1)
  })

  it("an unsigned post quoting a merchant's event id shows nowhere: not in its inbox, not on its dashboard", async () => {
    const { name, post } = await subscribedInbox()
    const payout = await createPayout(3)
    await h.advance('0s')
    const [event] = (await h.get(`/sandbox/webhooks/events?payoutId=${payout.id}`)).body.items
    const forged = JSON.stringify({ id: event.id, type: 'payout.paid', date: T0, payload: { id: payout.id, metadata: { planted: 'FORGED-BY-A-STRANGER' } } })
    expect(await (await post(forged)).json()).toStrictEqual({ received: false, signatureValid: false })
    expect(await (await post(forged, 'f'.repeat(64))).json()).toStrictEqual({ received: false, signatureValid: false })
    const listed = (await h.get(`/sandbox/inbox/${name}`)).body
    expect(listed.items.map((i: { eventType: string }) => i.eventType)).toEqual(['payout.initiated'])
    const dashboard = await (await h.app.request('/webhooks', { headers: { cookie: `ivy_sandbox_key=${h.key}` } })).text()
    expect(dashboard).toContain('payout.initiated')
    expect(dashboard).not.toContain('FORGED-BY-A-STRANGER')
  })

  it('refuses an over-deep or over-large body with the Ivy error body, and goes on answering', async () => {
    const { name, post } = await subscribedInbox()
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    const tooDeep = await post(deep, hmacHex(deep, h.merchant.secret))
    expect(tooDeep.status).toBe(400)
    expect(await tooDeep.json()).toMatchObject({ code: 'VALIDATION', message: 'an inbox keeps bodies nested at most 32 levels deep', statusCode: 400 })
    // Brackets inside strings are text, not nesting.
    const bracketsInText = JSON.stringify({ text: '['.repeat(100) })
    expect((await post(bracketsInText, hmacHex(bracketsInText, h.merchant.secret))).status).toBe(200)
    const large = JSON.stringify({ text: 'x'.repeat(64 * 1024) })
    const tooLarge = await post(large, hmacHex(large, h.merchant.secret))
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.json()).toMatchObject({ code: 'VALIDATION', message: 'an inbox keeps bodies of at most 64 KiB', statusCode: 413 })
    const read = await h.get(`/sandbox/inbox/${name}`)
    expect(read.status).toBe(200)
    expect(read.body.count).toBe(1)
  })

  it('keeps the newest 200 items of each merchant', async () => {
    const { name } = await subscribedInbox()
    for (let i = 0; i < 205; i++) {
      const body = JSON.stringify({ n: i })
      const res = await h.post(`/sandbox/inbox/${name}`, undefined, { key: null, raw: body, headers: { 'content-type': 'application/json', 'x-ivy-signature': hmacHex(body, h.merchant.secret) } })
      expect(res.body).toEqual({ received: true, signatureValid: true })
    }
    const page = (await h.get(`/sandbox/inbox/${name}?limit=100&skip=100`)).body
    expect(page.count).toBe(200)
    expect(page.items.at(-1).body).toEqual({ n: 5 })
    expect((await h.get(`/sandbox/inbox/${name}?limit=1`)).body.items[0].body).toEqual({ n: 204 })
  })
})
