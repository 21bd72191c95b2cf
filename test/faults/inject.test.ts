// Faults firing on real HTTP requests: "before" acts on nothing, "after" commits and loses the
// answer (a retry with the same Idempotency-Key replays it, one without makes a second payout
// and the journal says why), Retry-After, delay, times, and a client that retries like Ivy's SDK.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'
import { httpClient } from './client.js'

let h: Harness
afterEach(() => h?.close())

const count = (table: string) => (h.rt.db.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n
const START_BALANCE = 10000

describe('faults on /api/service', () => {
  it('"before" answers an Ivy 503 and acts on nothing', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/create', status: 503, when: 'before' })
    const res = await api.post('/api/service/payout/create', openLoop(25), { 'Idempotency-Key': 'k-before' })
    expect(res.status).toBe(503)
    expect(res.body).toMatchObject({ category: 'api_error', code: 'GENERIC', message: 'Service unavailable', statusCode: 503, docUrl: expect.any(String) })
    expect(count('payouts')).toBe(0)
    expect(count('idempotency_keys')).toBe(0)
    expect((await api.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available).toBe(START_BALANCE)
    const events = (await api.get('/sandbox/events')).body.items
    expect(events).toEqual([
      expect.objectContaining({ payoutId: null, from: null, to: null, source: 'fault', rule: null, fault: { path: 'payout/create', status: 503, when: 'before' } }),
    ])
    // Used up: the retry goes through, and the key was never stored.
    const retry = await api.post('/api/service/payout/create', openLoop(25), { 'Idempotency-Key': 'k-before' })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
    expect(count('payouts')).toBe(1)
  })

  it('"after" commits the payout and answers 500; a retry with the same Idempotency-Key gets it back: one payout, one reservation', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/create', status: 500, when: 'after' })
    const lost = await api.post('/api/service/payout/create', openLoop(25), { 'Idempotency-Key': 'k-after' })
    expect(lost.status).toBe(500)
    expect(lost.body).toMatchObject({ category: 'api_error', code: 'INTERNAL_SERVER_ERROR', statusCode: 500 })
    expect(lost.headers.get('idempotent-replayed')).toBeNull()
    expect(count('payouts')).toBe(1)

    const retry = await api.post('/api/service/payout/create', openLoop(25), { 'Idempotency-Key': 'k-after' })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const payoutId = (h.rt.db.sqlite.prepare('select id from payouts').get() as { id: string }).id
    expect(retry.body.id).toBe(payoutId)
    expect(count('payouts')).toBe(1)
    expect((await api.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available).toBe(START_BALANCE - 25)
  })

  it('"after" retried without a key makes a second payout, and the journal shows the answer that was lost', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/create', status: 500, when: 'after' })
    expect((await api.post('/api/service/payout/create', openLoop(25))).status).toBe(500)
    const second = await api.post('/api/service/payout/create', openLoop(25))
    expect(second.status).toBe(200)
    expect(count('payouts')).toBe(2)
    expect((await api.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available).toBe(START_BALANCE - 50)

    const first = h.rt.db.sqlite.prepare('select id from payouts where id != ?').get(second.body.id) as { id: string }
    const history = (await api.get(`/sandbox/events?payoutId=${first.id}`)).body.items
    expect(history.map((e: { source: string; to: string | null }) => [e.source, e.to])).toEqual([
      ['fault', null],
      ['api', 'pending'],
    ])
    expect(history[0]).toMatchObject({ payoutId: first.id, fault: { path: 'payout/create', status: 500, when: 'after' } })
    // The dashboard's timeline of the first payout says the answer never reached the caller.
    const page = await h.app.request(`/payouts/${first.id}`, { headers: { cookie: `ivy_sandbox_key=${h.key}` } })
    expect(await page.text()).toContain('answered <strong>500</strong> after acting')
  })

  it('429 carries Retry-After and the rate_limiting body', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/retrieve', status: 429, when: 'before', retryAfter: 7 })
    const res = await api.post('/api/service/payout/retrieve', { id: 'nope' })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(res.body).toMatchObject({ category: 'rate_limiting', code: 'TOO_MANY_REQUESTS', statusCode: 429 })
  })

  it('a delay holds the answer that long in wall time', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'ping', status: 504, when: 'after', delay: '300ms' })
    const started = performance.now()
    const res = await api.post('/api/service/ping', {})
    const took = performance.now() - started
    expect(res.status).toBe(504)
    expect(took).toBeGreaterThanOrEqual(290)
    expect(took).toBeLessThan(10_000)
  })

  it('times: 2 fails two requests, then they go through', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'balance/retrieve', status: 502, when: 'before', times: 2 })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await api.post('/api/service/balance/retrieve', { currency: 'EUR' })).status)
    expect(statuses).toEqual([502, 502, 200, 200])
    expect((await api.get('/sandbox/faults')).body.armed).toEqual([])
  })

  it('a fault armed once fails one of several requests arriving together', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/create', status: 503, when: 'after' })
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => api.post('/api/service/payout/create', openLoop(1 + i))))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 503])
    expect(count('payouts')).toBe(6)
    expect((h.rt.db.sqlite.prepare("select count(*) n from journal where source = 'fault'").get() as { n: number }).n).toBe(1)
  })

  it('armed faults fire in the order they were armed', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'ping', status: 429, when: 'before' })
    await api.arm({ path: 'ping', status: 503, when: 'after' })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await api.post('/api/service/ping', {})).status)
    expect(statuses).toEqual([429, 503, 200])
  })

  it('a client that retries like Ivy\'s SDK (429 and 5xx, Retry-After, the same Idempotency-Key) ends with exactly one payout', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/create', status: 429, when: 'before', retryAfter: 0 })
    await api.arm({ path: 'payout/create', status: 503, when: 'after', times: 2 })
    await api.arm({ path: 'payout/create', status: 500, when: 'before' })

    const waits: number[] = []
    const attempts: number[] = []
    const createPayout = async (body: unknown) => {
      const key = 'sdk-retry-1'
      for (let attempt = 0; attempt < 8; attempt++) {
        const res = await api.post('/api/service/payout/create', body, { 'Idempotency-Key': key })
        attempts.push(res.status)
        if (res.status !== 429 && res.status < 500) return res
        const retryAfter = res.headers.get('retry-after')
        // The SDK honours Retry-After, else backs off; the backoff is recorded, not slept.
        waits.push(retryAfter === null ? 2 ** attempt * 0.5 : Number(retryAfter))
      }
      throw new Error('gave up')
    }
    const res = await createPayout(openLoop(40))
    expect(attempts).toEqual([429, 503, 503, 500, 200])
    expect(waits[0]).toBe(0)
    expect(res.headers.get('idempotent-replayed')).toBe('true')
    expect(count('payouts')).toBe(1)
    expect((await api.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available).toBe(START_BALANCE - 40)
    const faults = (await api.get('/sandbox/events')).body.items.filter((e: { source: string }) => e.source === 'fault')
    expect(faults.map((e: { fault: { status: number } }) => e.fault.status)).toEqual([500, 503, 503, 429])
  })
})
