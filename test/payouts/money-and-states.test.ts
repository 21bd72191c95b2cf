// Money moves with the state machine: a payout reserves its amount, a failure or cancellation
// releases it, a return gives it back; final states stay final; the journal records every move.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { scenario: 'always-paid' } })
})
afterEach(() => h.close())

const eur = async () => (await h.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available
const create = async (amount: number, iban?: string) => (await h.post('/api/service/payout/create', openLoop(amount, iban))).body
const force = (id: string, body: Record<string, unknown>) => h.post(`/sandbox/payouts/${id}/force`, body)
const journal = async (id: string) => (await h.get(`/sandbox/events?payoutId=${id}`)).body.items

describe('balance', () => {
  it('create reserves; paid keeps it spent; failed and canceled release it; a return gives it back', async () => {
    const paid = await create(100)
    const failed = await create(200)
    const canceled = await create(300)
    expect(await eur()).toBe(10000 - 600)
    await force(failed.id, { status: 'failed', failureCode: 'account_closed' })
    expect(await eur()).toBe(10000 - 400)
    await force(canceled.id, { status: 'canceled' })
    expect(await eur()).toBe(10000 - 100)
    await h.advance('1m')
    expect((await h.post('/api/service/payout/retrieve', { id: paid.id })).body.status).toBe('paid')
    expect(await eur()).toBe(10000 - 100)
    const returned = await force(paid.id, { status: 'failed', failureCode: 'account_closed' })
    expect(returned.body).toMatchObject({ status: 'failed', transactionId: expect.any(String), failure: { code: 'account_closed' } })
    expect(await eur()).toBe(10000)
  })

  it('a payout the balance does not cover is created pending, then fails with insufficient_funds; the balance is untouched', async () => {
    const payout = await create(10_000.01)
    expect(payout.status).toBe('pending')
    expect(await eur()).toBe(10000)
    const after = (await h.post('/api/service/payout/retrieve', { id: payout.id })).body
    expect(after).toMatchObject({ status: 'failed', failure: { code: 'insufficient_funds', retry: true } })
    expect((await journal(payout.id))[0]).toMatchObject({ from: 'pending', to: 'failed', source: 'simulator', rule: 'insufficient-balance', reasonCode: 'AM04' })
    expect(await eur()).toBe(10000)
    expect((await force(payout.id, { status: 'paid' })).status).toBe(409)
  })

  it('a top-up covers the next payout; a paid order credits the balance; USDC keeps six decimals', async () => {
    expect((await h.post('/sandbox/balance/top-up', { currency: 'EUR', amount: 5000.5 })).body.balances).toContainEqual({ available: 15000.5, currency: 'EUR' })
    expect((await create(15_000)).status).toBe('pending')
    expect(await eur()).toBe(0.5)
    await h.post('/sandbox/orders', { amount: 49.99, currency: 'EUR' })
    expect(await eur()).toBe(50.49)
    await h.post('/sandbox/orders', { amount: 10, currency: 'EUR', status: 'waiting_for_payment' })
    expect(await eur()).toBe(50.49)
    await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 1.123456 })
    const all = (await h.post('/api/service/balance/retrieve', {})).body.balances
    expect(all).toEqual([
      { available: 50.49, currency: 'EUR' },
      { available: 10000, currency: 'GBP' },
      { available: 1.123456, currency: 'USDC' },
    ])
    expect((await h.post('/sandbox/balance/top-up', { currency: 'EUR', amount: 0 })).status).toBe(400)
    expect((await h.post('/sandbox/balance/top-up', { currency: 'EUR', amount: 1.001 })).body.param).toBe('amount')
  })

  it('a currency never held reads as zero', async () => {
    expect((await h.post('/api/service/balance/retrieve', { currency: 'USD' })).body).toEqual({ balances: [{ available: 0, currency: 'USD' }] })
  })
})

describe('state machine', () => {
  it.each([
    ['paid', { status: 'canceled' }],
    ['paid', { status: 'paid' }],
    ['failed', { status: 'paid' }],
    ['failed', { status: 'failed', failureCode: 'unknown' }],
    ['canceled', { status: 'failed', failureCode: 'unknown' }],
    ['canceled', { status: 'paid' }],
  ] as const)('a %s payout cannot be forced to %j: 409 with the Ivy error body', async (state, move) => {
    const payout = await create(10)
    await force(payout.id, state === 'failed' ? { status: 'failed', failureCode: 'account_blocked' } : { status: state })
    const before = await journal(payout.id)
    const res = await force(payout.id, move)
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ code: 'CONFLICT', category: 'invalid_request_error', param: 'status', statusCode: 409 })
    expect(await journal(payout.id)).toEqual(before)
  })

  it('failing needs a failure code', async () => {
    const payout = await create(10)
    const res = await force(payout.id, { status: 'failed' })
    expect(res.status).toBe(400)
    expect(res.body.param).toBe('failureCode')
    expect((await h.post('/api/service/payout/retrieve', { id: payout.id })).body.status).toBe('pending')
  })

  it('an unknown payout is a 404; a bad status a 400', async () => {
    expect((await force('nope', { status: 'paid' })).status).toBe(404)
    const payout = await create(10)
    expect((await force(payout.id, { status: 'in_transit' })).body).toMatchObject({ code: 'VALIDATION', param: 'status' })
    expect((await force(payout.id, { status: 'failed', failureCode: 'oops' })).body).toMatchObject({ param: 'failureCode' })
  })

  it('the journal records every change with its time, source, rule and reason, newest first', async () => {
    const payout = await create(10)
    await h.advance('600ms')
    await h.advance('2m')
    const entries = await journal(payout.id)
    expect(entries.map((e: { from: string | null; to: string; source: string }) => [e.from, e.to, e.source])).toEqual([
      ['in_transit', 'paid', 'simulator'],
      ['pending', 'in_transit', 'simulator'],
      [null, 'pending', 'api'],
    ])
    expect(entries[2]).toMatchObject({ at: T0, rule: 'default' })
    const other = await create(20)
    await force(other.id, { status: 'failed', failureCode: 'account_closed' })
    await force((await create(30)).id, { status: 'failed', failureCode: 'blocked_by_review', reasonCode: 'RR04' })
    const [closed] = await journal(other.id)
    expect(closed).toMatchObject({ from: 'pending', to: 'failed', source: 'sandbox', rule: null, reasonCode: 'AC04', failureCode: 'account_closed', at: '2026-03-02T10:02:00.600Z' })
  })

  it("forcing drops the scenario's remaining steps", async () => {
    const payout = await create(10)
    await force(payout.id, { status: 'canceled' })
    expect(h.rt.db.sqlite.prepare('select count(*) n from jobs where subject_id = ?').get(payout.id)).toEqual({ n: 0 })
    expect((await h.advance('7d')).body.fired).toEqual([])
    expect((await journal(payout.id)).map((e: { to: string }) => e.to)).toEqual(['canceled', 'pending'])
  })
})
