import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h.close())

describe('GET /sandbox/events', () => {
  it('lists every state change of the merchant\'s payouts, newest first, paginated and filterable', async () => {
    h = await harness({ merchant: { scenario: 'always-paid' } })
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await h.post('/api/service/payout/create', openLoop(1 + i))).body.id)
    await h.advance('1m')
    const all = await h.get('/sandbox/events?limit=100')
    expect(all.status).toBe(200)
    expect(all.body.count).toBe(15)
    expect(all.body.items).toHaveLength(15)
    const ordered = [...all.body.items].sort((a: { id: number }, b: { id: number }) => b.id - a.id)
    expect(all.body.items).toEqual(ordered)
    expect(all.body.items.at(-1)).toEqual({
      id: expect.any(Number),
      payoutId: ids[0],
      at: T0,
      from: null,
      to: 'pending',
      source: 'api',
      rule: 'default',
      reasonCode: null,
      failureCode: null,
      fault: null,
    })

    const page = await h.get('/sandbox/events?limit=4&skip=12')
    expect(page.body).toMatchObject({ count: 15, skip: 12, hasNext: false })
    expect(page.body.items).toEqual(all.body.items.slice(12))
    expect((await h.get('/sandbox/events?limit=4&skip=4')).body.hasNext).toBe(true)

    const one = await h.get(`/sandbox/events?payoutId=${ids[2]}`)
    expect(one.body.items.map((e: { to: string }) => e.to)).toEqual(['paid', 'in_transit', 'pending'])
    expect(one.body.items.every((e: { payoutId: string }) => e.payoutId === ids[2])).toBe(true)
  })

  it('shows nothing of another merchant', async () => {
    h = await harness()
    const { body } = await h.post('/api/service/payout/create', openLoop(1))
    const other = h.newMerchant()
    expect((await h.get(`/sandbox/events?payoutId=${body.id}`, { key: other.key })).body).toEqual({ items: [], count: 0, skip: 0, hasNext: false })
  })

  it.each(['limit=0', 'limit=101', 'skip=-1', 'limit=abc'])('refuses %s', async (query) => {
    h = await harness()
    const res = await h.get(`/sandbox/events?${query}`)
    expect(res.status).toBe(400)
    expect(res.body.param).toBe(query.split('=')[0])
  })
})
