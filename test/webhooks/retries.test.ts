// Delivery over real HTTP: only a 200 counts; everything else is retried on Ivy's backoff
// schedule on the sandbox clock, up to the 15th retry, and recorded attempt by attempt.
import { afterEach, describe, expect, it } from 'vitest'
import { RETRY_DELAYS_S } from '../../src/webhooks/events.js'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/http-receiver.js'

let h: Harness
let receivers: Receiver[] = []
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  receivers = []
  await h.close()
})

async function setup(options: { webhookTimeoutMs?: number } = {}) {
  h = await harness({ ...options, merchant: { scenario: 'always-paid' } })
  const receiver = await startReceiver()
  receivers.push(receiver)
  await h.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['payout.initiated'] })
  return receiver
}

/** Every attempt of the merchant's deliveries, oldest first. */
async function attempts() {
  const { body } = await h.get('/sandbox/webhooks/deliveries?limit=100')
  return [...body.items].reverse() as Array<{ attempt: number; at: string; statusCode: number | null; delivered: boolean; error: string | null; responseExcerpt: string | null; latencyMs: number; signature: string; eventType: string }>
}

const offsets = (list: Array<{ at: string }>) => list.map((a) => (Date.parse(a.at) - Date.parse(T0)) / 1000)
/** Seconds after the first attempt at which attempt n (1-based) happens. */
const scheduleUpTo = (n: number) => Array.from({ length: n }, (_, i) => RETRY_DELAYS_S.slice(0, i).reduce((a, b) => a + b, 0))

describe('retries', () => {
  it('retries after 30 s, 140 s, 541 s ... and a later 200 stops them', async () => {
    const receiver = await setup()
    receiver.plan({ status: 500, body: 'down' }, { status: 503 }, { status: 404 })
    await h.post('/api/service/payout/create', openLoop(1))
    await h.advance('3d')
    const list = await attempts()
    expect(list.map((a) => [a.attempt, a.statusCode, a.delivered])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 404, false],
      [4, 200, true],
    ])
    expect(offsets(list)).toEqual(scheduleUpTo(4))
    expect(list[0]).toMatchObject({ error: 'HTTP 500', responseExcerpt: 'down' })
    expect(receiver.received).toHaveLength(4)
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1)
    const events = (await h.get('/sandbox/webhooks/events')).body.items
    expect(events[0].deliveries).toEqual([{ id: expect.any(Number), subscriptionId: expect.any(String), state: 'delivered', attempts: 4, nextAttemptAt: null }])
  })

  it('a receiver that always fails gets the first try and 15 retries over about 54 hours, then none', async () => {
    const receiver = await setup()
    receiver.otherwise({ status: 500 })
    await h.post('/api/service/payout/create', openLoop(1))
    await h.advance('1d')
    const pending = (await h.get('/sandbox/webhooks/events')).body.items[0].deliveries[0]
    expect(pending.state).toBe('pending')
    expect(Date.parse(pending.nextAttemptAt) - Date.parse(T0)).toBe(scheduleUpTo(16)[pending.attempts]! * 1000)
    await h.advance('2d')
    const list = await attempts()
    expect(list).toHaveLength(16)
    expect(offsets(list)).toEqual(scheduleUpTo(16))
    expect(offsets(list).at(-1)! / 3600).toBeGreaterThan(50)
    expect(offsets(list).at(-1)! / 3600).toBeLessThan(56)
    expect((await h.get('/sandbox/webhooks/events')).body.items[0].deliveries[0]).toMatchObject({ state: 'failed', attempts: 16, nextAttemptAt: null })
    await h.advance('30d')
    expect(receiver.received).toHaveLength(16)
  })

  it.each<[string, (r: Receiver) => void, RegExp]>([
    ['a refused connection', () => undefined, /^connection refused$/],
    ['a dropped connection', (r) => r.plan({ drop: true }), /^connection closed by the receiver$/],
    ['a redirect, which is not followed', (r) => r.plan({ status: 302, location: 'http://127.0.0.1:1/elsewhere' }), /^redirect to http:\/\/127\.0\.0\.1:1\/elsewhere not followed$/],
    ['a huge error body', (r) => r.plan({ huge: 5 * 1024 * 1024 }), /^HTTP 500$/],
  ])('%s is a failed attempt, retried 30 s later', async (_, arrange, error) => {
    const receiver = await setup()
    arrange(receiver)
    if (error.source.includes('refused')) await receiver.close()
    await h.post('/api/service/payout/create', openLoop(1))
    await h.advance('0s')
    const [first] = await attempts()
    expect(first!.delivered).toBe(false)
    expect(first!.error).toMatch(error)
    if (first!.responseExcerpt) expect(first!.responseExcerpt.length).toBeLessThanOrEqual(500)
    expect((await h.get('/sandbox/webhooks/events')).body.items[0].deliveries[0]).toMatchObject({ state: 'pending', nextAttemptAt: '2026-03-02T10:00:30.000Z' })
  })

  it('a receiver slower than the time-out is a failed attempt; the API keeps answering meanwhile', async () => {
    const receiver = await setup({ webhookTimeoutMs: 300 })
    receiver.plan({ status: 200, delayMs: 1_500 })
    await h.post('/api/service/payout/create', openLoop(1))
    const advancing = h.advance('0s')
    await receiver.waitFor(1)
    // The attempt is in flight: requests of another merchant are answered at once.
    const other = h.newMerchant()
    expect((await h.post('/api/service/balance/retrieve', {}, { key: other.key })).status).toBe(200)
    expect((await advancing).status).toBe(200)
    const [first] = await attempts()
    expect(first).toMatchObject({ delivered: false, statusCode: null, error: 'timed out after 300 ms' })
    expect(first!.latencyMs).toBeGreaterThanOrEqual(250)
  })

  it('sends in the background once served, without anyone advancing the clock', async () => {
    const receiver = await setup()
    await h.serve()
    await h.post('/api/service/payout/create', openLoop(1))
    const [received] = await receiver.waitFor(1)
    expect(received!.body.type).toBe('payout.initiated')
  })
})
