// POST/GET/DELETE /sandbox/faults over HTTP: arming, listing, clearing, what is refused, and
// that one merchant's faults neither touch nor show for another.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'
import { httpClient } from './client.js'

let h: Harness
afterEach(() => h?.close())

describe('/sandbox/faults', () => {
  it('arms faults, lists them in firing order, and clears them', async () => {
    h = await harness()
    const api = await httpClient(h)
    const first = await api.arm({ path: 'payout/create', status: 429, when: 'before', retryAfter: 2 })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ id: expect.any(Number), path: 'payout/create', status: 429, when: 'before', remaining: 1, retryAfter: 2, delay: null, createdAt: T0 })
    const second = await api.arm({ path: 'balance/retrieve', status: 503, when: 'after', times: 3, delay: '1.5s' })
    expect(second.body).toMatchObject({ remaining: 3, delay: '1.5s', retryAfter: null })

    const listed = await api.get('/sandbox/faults')
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual({ armed: [first.body, second.body], standing: [] })

    const cleared = await api.del('/sandbox/faults')
    expect(cleared.body).toEqual({ cleared: 2 })
    expect((await api.get('/sandbox/faults')).body.armed).toEqual([])
    expect((await api.post('/api/service/payout/create', openLoop(1))).status).toBe(200)
  })

  it.each([
    ['an unknown path', { path: 'payout/explode', status: 500, when: 'before' }, 'path'],
    ['a sandbox path', { path: 'sandbox/faults', status: 500, when: 'before' }, 'path'],
    ['the prefixed path', { path: '/api/service/payout/create', status: 500, when: 'before' }, 'path'],
    ['a status that is no fault', { path: 'ping', status: 404, when: 'before' }, 'status'],
    ['a status as text', { path: 'ping', status: '500', when: 'before' }, 'status'],
    ['an unknown when', { path: 'ping', status: 500, when: 'during' }, 'when'],
    ['times 0', { path: 'ping', status: 500, when: 'before', times: 0 }, 'times'],
    ['fractional times', { path: 'ping', status: 500, when: 'before', times: 1.5 }, 'times'],
    ['a delay over 30s', { path: 'ping', status: 500, when: 'before', delay: '31s' }, 'delay'],
    ['a delay that is no duration', { path: 'ping', status: 500, when: 'before', delay: '5' }, 'delay'],
    ['a negative Retry-After', { path: 'ping', status: 429, when: 'before', retryAfter: -1 }, 'retryAfter'],
    ['an unknown field', { path: 'ping', status: 500, when: 'before', share: 1 }, 'share'],
    ['no path', { status: 500, when: 'before' }, 'path'],
  ])('refuses %s with a 400 naming the field', async (_, body, param) => {
    h = await harness()
    const api = await httpClient(h)
    const res = await api.arm(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ category: 'invalid_request_error', code: 'VALIDATION', param, statusCode: 400 })
    expect((await api.get('/sandbox/faults')).body.armed).toEqual([])
  })

  it("needs the merchant's key", async () => {
    h = await harness()
    const res = await h.post('/sandbox/faults', { path: 'ping', status: 500, when: 'before' }, { key: null })
    expect(res.status).toBe(401)
  })

  it("another merchant's requests are not faulted, and it can neither see nor clear the faults", async () => {
    h = await harness()
    const mine = await httpClient(h)
    const other = await httpClient(h, h.newMerchant().key)
    await mine.arm({ path: 'payout/create', status: 503, when: 'before', times: 2 })

    expect((await other.post('/api/service/payout/create', openLoop(1))).status).toBe(200)
    expect((await other.get('/sandbox/faults')).body.armed).toEqual([])
    expect((await other.del('/sandbox/faults')).body).toEqual({ cleared: 0 })
    expect((await mine.get('/sandbox/faults')).body.armed).toMatchObject([{ remaining: 2 }])
    expect((await mine.post('/api/service/payout/create', openLoop(1))).status).toBe(503)
  })

  it("the dashboard's Merchant page lists the armed faults", async () => {
    h = await harness()
    const api = await httpClient(h)
    const page = async () => (await h.app.request('/merchant', { headers: { cookie: `ivy_sandbox_key=${h.key}` } })).text()
    expect(await page()).toContain('None armed')
    await api.arm({ path: 'payout/create', status: 429, when: 'before', times: 3, retryAfter: 2 })
    const html = await page()
    expect(html).toContain('<code class="mono">payout/create</code>')
    expect(html).toContain('429 · Retry-After 2s')
    expect(html).toContain('next 3 requests')
  })

  it('only requests to the armed path fail', async () => {
    h = await harness()
    const api = await httpClient(h)
    await api.arm({ path: 'payout/list', status: 500, when: 'before' })
    expect((await api.post('/api/service/payout/create', openLoop(1))).status).toBe(200)
    expect((await api.post('/api/service/ping', {})).status).toBe(200)
    expect((await api.post('/api/service/payout/list', {})).status).toBe(500)
    expect((await api.post('/api/service/payout/list', {})).status).toBe(200)
  })
})
