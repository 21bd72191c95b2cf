// payout/retrieve and payout/list: Ivy's envelope, newest first, offset pagination, type filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
const created: Array<{ id: string; type: string }> = []
beforeAll(async () => {
  h = await harness({ merchant: { balances: { EUR: 100_000 } } })
  for (let i = 0; i < 250; i++) {
    const type = i % 5 === 0 ? 'beneficiary' : 'customer'
    const body = openLoop(1 + (i % 9), undefined, {})
    const res = await h.post('/api/service/payout/create', { ...body, destination: { ...body.destination, type } })
    created.push({ id: res.body.id, type })
  }
})
afterAll(() => h.close())

const newestFirst = (type?: string) => [...created].reverse().filter((p) => !type || p.type === type).map((p) => p.id)
const list = async (body: Record<string, unknown>) => (await h.post('/api/service/payout/list', body)).body

describe('payout/list', () => {
  it('answers Ivy\'s envelope with 10 newest payouts by default, each the full Payout object', async () => {
    const page = await list({})
    expect(Object.keys(page)).toEqual(['items', 'count', 'skip', 'hasNext'])
    expect(page).toMatchObject({ count: 250, skip: 0, hasNext: true })
    expect(page.items.map((p: { id: string }) => p.id)).toEqual(newestFirst().slice(0, 10))
    expect(page.items[0]).toEqual((await h.post('/api/service/payout/retrieve', { id: page.items[0].id })).body)
  })

  it.each([
    [0, 100],
    [100, 100],
    [150, 100],
    [200, 50],
    [237, 13],
    [249, 1],
  ])('skip %i, limit %i is exactly that slice', async (skip, limit) => {
    const page = await list({ skip, limit })
    expect(page.items.map((p: { id: string }) => p.id)).toEqual(newestFirst().slice(skip, skip + limit))
    expect(page).toMatchObject({ count: 250, skip, hasNext: skip + limit < 250 })
  })

  it('skipping past the end gives no items and the same count', async () => {
    expect(await list({ skip: 300, limit: 10 })).toEqual({ items: [], count: 250, skip: 300, hasNext: false })
  })

  it.each([
    ['customer-payout', 'customer'],
    ['beneficiary-payout', 'beneficiary'],
  ])('type %s counts and pages only those', async (filter, type) => {
    const expected = newestFirst(type)
    const first = await list({ type: filter, limit: 100 })
    expect(first.count).toBe(expected.length)
    expect(first.items.every((p: { type: string }) => p.type === type)).toBe(true)
    const last = await list({ type: filter, limit: 30, skip: expected.length - 30 })
    expect(last.items.map((p: { id: string }) => p.id)).toEqual(expected.slice(-30))
    expect(last.hasNext).toBe(false)
  })
})
