// The request log: every API call of a merchant, with its bodies and the key masked, newest
// first, filtered, bounded to the last 1,000, and nobody else's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, T0, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const log = async (query = '') => (await h.get(`/sandbox/requests${query}`)).body

describe('GET /sandbox/requests', () => {
  it('keeps each call: method, path, status, sandbox time, idempotency key, both bodies, the key masked', async () => {
    const body = openLoop(12.5, IBAN.DE, { paymentReference: 'Invoice 7' })
    const created = await h.post('/api/service/payout/create', body, { headers: { 'Idempotency-Key': 'order-7' } })
    const refused = await h.post('/api/service/payout/create', { ...body, amount: -1 })
    const page = await log()
    expect(page).toMatchObject({ count: 2, skip: 0, hasNext: false })
    expect(page.items[0]).toMatchObject({ method: 'POST', path: '/api/service/payout/create', query: '', status: 400, idempotencyKey: null, requestBody: { ...body, amount: -1 }, responseBody: refused.body })
    expect(page.items[1]).toStrictEqual({
      id: expect.any(Number),
      at: T0,
      method: 'POST',
      path: '/api/service/payout/create',
      query: '',
      status: 200,
      durationMs: expect.any(Number),
      idempotencyKey: 'order-7',
      apiKey: `${h.key.slice(0, 8)}…${h.key.slice(-4)}`,
      requestBody: body,
      responseBody: created.body,
    })
    expect(JSON.stringify(page)).not.toContain(h.key)
  })

  it('keeps sandbox calls with their query, but not reads of the log itself or calls without a valid key', async () => {
    await h.advance('1h')
    await h.get('/sandbox/events?limit=5')
    await log()
    await h.get('/sandbox/clock', { key: 'ivy_nobody' })
    const page = await log()
    expect(page.items.map((r: { method: string; path: string; query: string; at: string }) => [r.method, r.path, r.query, r.at])).toEqual([
      ['GET', '/sandbox/events', '?limit=5', '2026-03-02T11:00:00.000Z'],
      ['POST', '/sandbox/clock/advance', '', '2026-03-02T11:00:00.000Z'],
    ])
    expect(page.items[0].requestBody).toBeNull()
  })

  it('filters by path, method and status or status class', async () => {
    await h.post('/api/service/payout/create', openLoop(1))
    await h.post('/api/service/payout/create', { amount: 1 })
    await h.post('/api/service/ping', {})
    await h.get('/sandbox/clock')
    const paths = async (query: string) => (await log(query)).items.map((r: { path: string; status: number }) => `${r.path} ${r.status}`)
    expect(await paths('?path=payout/create')).toEqual(['/api/service/payout/create 400', '/api/service/payout/create 200'])
    expect(await paths('?status=4xx')).toEqual(['/api/service/payout/create 400'])
    expect(await paths('?status=200&method=POST')).toEqual(['/api/service/ping 200', '/api/service/payout/create 200'])
    expect(await paths('?method=GET')).toEqual(['/sandbox/clock 200'])
    expect((await h.get('/sandbox/requests?status=4x')).body).toMatchObject({ statusCode: 400, param: 'status' })
  })

  it("is the caller's own: another merchant sees none of it", async () => {
    await h.post('/api/service/ping', {})
    const other = h.newMerchant()
    expect((await h.get('/sandbox/requests', { key: other.key })).body).toStrictEqual({ items: [], count: 0, skip: 0, hasNext: false })
  })

  it('keeps the last 1,000 calls of a merchant', async () => {
    for (let i = 0; i < 1_005; i++) await h.post('/api/service/payout/retrieve', { id: `p-${i}` })
    const page = await log('?limit=100&skip=900')
    expect(page.count).toBe(1_000)
    expect(page.items.at(-1).requestBody).toEqual({ id: 'p-5' })
    expect((await log('?limit=1')).items[0].requestBody).toEqual({ id: 'p-1004' })
  })
})
