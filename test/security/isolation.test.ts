// Tenant isolation and authentication: a merchant sees only its own objects, another
// merchant's id looks exactly like an unknown one, and every keyed route wants a valid key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
let a: { key: string; id: string }
let b: { key: string; id: string }
let payoutOfA: string
let orderOfA: { id: string; referenceId: string }
beforeAll(async () => {
  h = await harness()
  a = h.merchant
  b = h.newMerchant({ balances: { EUR: 77 } })
  payoutOfA = (await h.post('/api/service/payout/create', openLoop(10))).body.id
  orderOfA = (await h.post('/sandbox/orders', { amount: 5, currency: 'EUR', referenceId: 'A-ORDER-1' })).body
})
afterAll(() => h.close())

const asB = { key: '' }
beforeAll(() => {
  asB.key = b.key
})

describe('tenant isolation', () => {
  it("another merchant's payout is a 404 with the very body of an unknown id", async () => {
    const foreign = await h.post('/api/service/payout/retrieve', { id: payoutOfA }, asB)
    const unknown = await h.post('/api/service/payout/retrieve', { id: 'no-such-id' }, asB)
    expect(foreign.status).toBe(404)
    expect(foreign.body).toEqual(unknown.body)
  })

  it("another merchant's order is a 404 by id and by referenceId", async () => {
    const unknown = await h.post('/api/service/order/details', { id: 'nope' }, asB)
    for (const id of [orderOfA.id, orderOfA.referenceId]) {
      const res = await h.post('/api/service/order/details', { id }, asB)
      expect(res.status).toBe(404)
      expect(res.body).toEqual(unknown.body)
    }
    expect((await h.post('/api/service/order/details', { id: orderOfA.referenceId })).body.id).toBe(orderOfA.id)
  })

  it('lists, balances, journal and clock are per merchant', async () => {
    expect((await h.post('/api/service/payout/list', {}, asB)).body).toEqual({ items: [], count: 0, skip: 0, hasNext: false })
    expect((await h.post('/api/service/payout/list', {})).body.count).toBe(1)
    expect((await h.post('/api/service/balance/retrieve', {}, asB)).body).toEqual({ balances: [{ available: 77, currency: 'EUR' }] })
    expect((await h.get('/sandbox/events', asB)).body.count).toBe(0)
    await h.advance('1d', b.key)
    expect((await h.get('/sandbox/clock')).body.now).not.toBe((await h.get('/sandbox/clock', asB)).body.now)
  })

  it("a sandbox tool cannot touch another merchant's payout", async () => {
    const res = await h.post(`/sandbox/payouts/${payoutOfA}/force`, { status: 'paid' }, asB)
    expect(res.status).toBe(404)
    expect((await h.post('/api/service/payout/retrieve', { id: payoutOfA })).body.status).not.toBe('paid')
  })

  it('merchants made with POST /sandbox/merchants (no key needed) are distinct, with their own credentials', async () => {
    const made = await Promise.all([1, 2, 3].map(() => h.post('/sandbox/merchants', {}, { key: null })))
    const ids = new Set(made.map((m) => m.body.id))
    const keys = new Set(made.map((m) => m.body.apiKey))
    const secrets = new Set(made.map((m) => m.body.webhookSecret))
    expect([ids.size, keys.size, secrets.size]).toEqual([3, 3, 3])
    expect(made[0]!.body).toMatchObject({ balances: { EUR: 10000, GBP: 10000 }, openLoop: true, scenario: 'default', seed: null, clock: { mode: 'frozen' } })
    const named = await h.post('/sandbox/merchants', { name: 'Acme', balances: { USD: 5, USDC: 1.123456 }, openLoop: false }, { key: null })
    expect(named.body).toMatchObject({ name: 'Acme', balances: { USD: 5, USDC: 1.123456 }, openLoop: false })
    expect((await h.get('/sandbox/merchant', { key: named.body.apiKey })).body.id).toBe(named.body.id)
  })

  it.each([
    [{ balances: { eur: 5 } }, 'balances.eur'],
    [{ balances: { EUR: -1 } }, 'balances.EUR'],
    [{ balances: { EUR: 1.001 } }, 'balances.EUR'],
    [{ scenario: 'nope' }, 'scenario'],
    [{ clock: { mode: 'sideways' } }, 'clock.mode'],
    [{ clock: { mode: 'frozen', now: 'yesterday' } }, 'clock.now'],
    [{ openLoop: 'yes' }, 'openLoop'],
  ])('POST /sandbox/merchants refuses %j', async (body, param) => {
    const before = (h.rt.db.sqlite.prepare('select count(*) n from merchants').get() as { n: number }).n
    const res = await h.post('/sandbox/merchants', body, { key: null })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param })
    expect((h.rt.db.sqlite.prepare('select count(*) n from merchants').get() as { n: number }).n).toBe(before)
  })
})

describe('authentication', () => {
  const keyed: Array<[string, string, unknown]> = [
    ['POST', '/api/service/payout/create', openLoop(1)],
    ['POST', '/api/service/payout/retrieve', { id: 'x' }],
    ['POST', '/api/service/payout/list', {}],
    ['POST', '/api/service/balance/retrieve', {}],
    ['POST', '/api/service/order/details', { id: 'x' }],
    ['POST', '/api/service/payee/verify', {}],
    ['POST', '/api/service/ping', {}],
    ['POST', '/api/service/webhook-subscription/list', {}],
    ['GET', '/sandbox/clock', undefined],
    ['POST', '/sandbox/clock/advance', { by: '1m' }],
    ['POST', '/sandbox/orders', { amount: 1, currency: 'EUR' }],
    ['POST', '/sandbox/balance/top-up', { amount: 1, currency: 'EUR' }],
    ['POST', '/sandbox/payouts/x/force', { status: 'paid' }],
    ['GET', '/sandbox/events', undefined],
    ['PUT', '/sandbox/scenario', { name: 'always-paid' }],
    ['GET', '/sandbox/webhooks/deliveries', undefined],
    ['GET', '/sandbox/merchant', undefined],
  ]

  it.each(keyed)('%s %s without a key → 401 UNAUTHENTICATED, with an unknown key → 401 AUTHENTICATION', async (method, path, body) => {
    const before = (h.rt.db.sqlite.prepare('select count(*) n from journal').get() as { n: number }).n
    const missing = await h.request(method, path, body, { key: null })
    expect(missing.status).toBe(401)
    expect(missing.body).toMatchObject({ code: 'UNAUTHENTICATED', category: 'invalid_request_error', statusCode: 401 })
    const unknown = await h.request(method, path, body, { key: 'ivy_sandbox_not_a_key' })
    expect(unknown.status).toBe(401)
    expect(unknown.body).toMatchObject({ code: 'AUTHENTICATION', statusCode: 401 })
    expect((h.rt.db.sqlite.prepare('select count(*) n from journal').get() as { n: number }).n).toBe(before)
  })

  it('the header name is case-insensitive', async () => {
    const res = await h.post('/api/service/ping', {}, { key: null, headers: { 'x-ivy-api-key': a.key } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({})
  })

  it('the default merchant answers to its documented key', async () => {
    const res = await h.get('/sandbox/merchant', { key: 'ivy_sandbox_default_key' })
    expect(res.body).toMatchObject({ apiKey: 'ivy_sandbox_default_key', webhookSecret: 'whsec_sandbox_default_secret', clock: { mode: 'realtime' } })
  })
})
