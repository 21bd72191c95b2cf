// Forks over real HTTP: POST /sandbox/merchants { from } makes a new merchant with new keys and a
// copy of the source's payouts, orders, balances, clock, scenario and pending work, isolated
// both ways; only the source's key may fork it.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, httpClient, openLoop, T0, type Harness, type HttpCall } from '../helpers/harness.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})


/** What a merchant shows through the API, ids left out (a fork's are new). */
async function viewOf(call: HttpCall, key: string) {
  const payouts = (await call('POST', '/api/service/payout/list', { limit: 100 }, key)).body
  const balance = (await call('POST', '/api/service/balance/retrieve', { currency: 'EUR' }, key)).body
  const merchant = (await call('GET', '/sandbox/merchant', undefined, key)).body
  const journal = (await call('GET', '/sandbox/events?limit=100', undefined, key)).body
  return {
    // Ids are new in a fork, the paid payout's transaction (its ledger booking) too; that it has one is kept.
    payouts: payouts.items.map(({ id: _, transactionId, ...p }: any) => ({ ...p, booked: transactionId !== undefined })),
    count: payouts.count,
    balance,
    clock: merchant.clock,
    scenario: merchant.scenario,
    seed: merchant.seed,
    journal: journal.items.map(({ payoutId: _p, id: _i, ...e }: any) => e),
  }
}

describe('fork', () => {
  it('copies payouts, balances, clock and pending work under new ids and keys; each side is isolated', async () => {
    h = await harness({ merchant: { scenario: 'always-paid', seed: 7, clock: { mode: 'frozen', now: T0 } } })
    const call = await httpClient(h)
    const { body: paid } = await call('POST', '/api/service/payout/create', openLoop(10))
    await call('POST', '/sandbox/clock/advance', { by: '1m' })
    const { body: pending } = await call('POST', '/api/service/payout/create', openLoop(25, undefined, { metadata: { ref: 'A-1' } }))
    const source = await viewOf(call, h.key)

    const forked = await call('POST', '/sandbox/merchants', { from: h.merchant.id, name: 'per-test' })
    expect(forked.status).toBe(200)
    const fork = forked.body
    expect(fork).toMatchObject({ name: 'per-test', scenario: 'always-paid', seed: 7, balances: { EUR: 10000 - 35, GBP: 10000 } })
    expect(fork.id).not.toBe(h.merchant.id)
    expect(fork.apiKey).not.toBe(h.key)
    expect(fork.webhookSecret).not.toBe(h.merchant.secret)
    expect(await viewOf(call, fork.apiKey)).toEqual(source)
    const forkIds = (await call('POST', '/api/service/payout/list', { limit: 100 }, fork.apiKey)).body.items.map((p: any) => p.id)
    expect(forkIds).not.toContain(paid.id)
    expect(forkIds).not.toContain(pending.id)
    // The source's ids are not the fork's: looking one up there finds nothing.
    expect((await call('POST', '/api/service/payout/retrieve', { id: pending.id }, fork.apiKey)).status).toBe(404)

    // Pending work fires on the fork's advance and leaves the source alone.
    const advanced = await call('POST', '/sandbox/clock/advance', { by: '1m' }, fork.apiKey)
    expect(advanced.body.fired.map((f: any) => [f.payoutId, f.to])).toEqual([
      [forkIds[0], 'in_transit'],
      [forkIds[0], 'paid'],
    ])
    expect(await viewOf(call, h.key)).toEqual(source)

    // And the source's changes do not reach the fork.
    const forkView = await viewOf(call, fork.apiKey)
    await call('POST', '/api/service/payout/create', openLoop(5))
    await call('POST', '/sandbox/clock/advance', { by: '1m' })
    expect(await viewOf(call, fork.apiKey)).toEqual(forkView)
  })

  it("refuses a fork without the source's key, with another merchant's key, or with options a fork copies", async () => {
    h = await harness()
    const call = await httpClient(h)
    const other = h.newMerchant()
    const merchantsBefore = h.rt.db.sqlite.prepare('select count(*) n from merchants').get()

    const missing = await call('POST', '/sandbox/merchants', { from: h.merchant.id }, null)
    expect(missing.status).toBe(401)
    expect(missing.body).toMatchObject({ code: 'UNAUTHENTICATED', param: 'from', statusCode: 401, docUrl: expect.any(String) })
    expect((await call('POST', '/sandbox/merchants', { from: h.merchant.id }, 'ivy_sandbox_wrong')).status).toBe(401)
    const foreign = await call('POST', '/sandbox/merchants', { from: h.merchant.id }, other.key)
    expect(foreign.status).toBe(403)
    expect(foreign.body).toMatchObject({ code: 'AUTHORIZATION', param: 'from', statusCode: 403, category: 'invalid_request_error' })
    const unknown = await call('POST', '/sandbox/merchants', { from: 'no-such-merchant' }, other.key)
    expect(unknown.status).toBe(403)
    const combined = await call('POST', '/sandbox/merchants', { from: h.merchant.id, scenario: 'always-paid' })
    expect(combined.status).toBe(400)
    expect(combined.body).toMatchObject({ param: 'scenario' })
    expect((await call('POST', '/sandbox/merchants', { from: 42 })).body).toMatchObject({ statusCode: 400, param: 'from' })

    expect(h.rt.db.sqlite.prepare('select count(*) n from merchants').get()).toEqual(merchantsBefore)
    // Without `from` the endpoint stays keyless.
    expect((await call('POST', '/sandbox/merchants', {}, null)).status).toBe(200)
  })
})
