// Snapshots of a merchant over real HTTP: saved, listed, restored exactly (payouts, balances,
// clock, pending work), deleted; a restore waits for work in flight and touches no other
// merchant; snapshots of a file-backed sandbox survive a restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { harness, httpClient, openLoop, T0, type Harness, type HttpCall } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { MERCHANT_TABLES, NOT_SAVED } from '../../src/snapshots/state.js'

let h: Harness | undefined
let receiver: Receiver | undefined
let dir: string | undefined
afterEach(async () => {
  await h?.close()
  await receiver?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  h = receiver = dir = undefined
})


async function stateOf(call: HttpCall, key?: string) {
  const payouts = (await call('POST', '/api/service/payout/list', { limit: 100 }, key)).body
  const balance = (await call('POST', '/api/service/balance/retrieve', { currency: 'EUR' }, key)).body
  const clock = (await call('GET', '/sandbox/clock', undefined, key)).body
  return { payouts, balance, clock }
}

describe('snapshots', () => {
  it('save, list, restore exactly (payouts, balances, clock, pending jobs), delete', async () => {
    h = await harness({ merchant: { scenario: 'always-paid', clock: { mode: 'frozen', now: T0 } } })
    const call = await httpClient(h)
    const { body: kept } = await call('POST', '/api/service/payout/create', openLoop(100))
    const before = await stateOf(call)

    const saved = await call('POST', '/sandbox/snapshots', { name: 'seeded' })
    expect(saved).toEqual({ status: 200, body: { name: 'seeded', createdAt: T0, payouts: 1 } })
    expect((await call('POST', '/sandbox/snapshots', { name: 'seeded' })).body).toMatchObject({ statusCode: 409, param: 'name' })

    // After the snapshot: a second payout, and the first one paid.
    await call('POST', '/api/service/payout/create', openLoop(50))
    const advanced = await call('POST', '/sandbox/clock/advance', { by: '1m' })
    expect(advanced.body.fired.filter((f: any) => f.payoutId === kept.id).map((f: any) => f.to)).toEqual(['in_transit', 'paid'])
    expect((await stateOf(call)).payouts.items).toHaveLength(2)

    const restored = await call('POST', '/sandbox/snapshots/seeded/restore')
    expect(restored).toEqual({ status: 200, body: { name: 'seeded', createdAt: T0, payouts: 1 } })
    expect(await stateOf(call)).toEqual(before)
    expect((await call('POST', '/api/service/payout/retrieve', { id: kept.id })).body.status).toBe('pending')

    // Its pending steps were restored too: the next advance pays it again.
    const again = await call('POST', '/sandbox/clock/advance', { by: '1m' })
    expect(again.body.fired.map((f: any) => [f.payoutId, f.to])).toEqual([
      [kept.id, 'in_transit'],
      [kept.id, 'paid'],
    ])
    expect((await call('POST', '/api/service/balance/retrieve', { currency: 'EUR' })).body).toEqual({ balances: [{ available: 9900, currency: 'EUR' }] })

    expect((await call('GET', '/sandbox/snapshots')).body).toEqual({ items: [{ name: 'seeded', createdAt: T0, payouts: 1 }] })
    // A restore may be repeated: the snapshot stays until deleted.
    await call('POST', '/sandbox/snapshots/seeded/restore')
    expect(await stateOf(call)).toEqual(before)
    expect(await call('DELETE', '/sandbox/snapshots/seeded')).toEqual({ status: 200, body: { name: 'seeded', deleted: true } })
    expect((await call('GET', '/sandbox/snapshots')).body).toEqual({ items: [] })
  })

  it('covers every table with merchant rows (a new one must be saved or named as not saved)', async () => {
    h = await harness()
    const db = h.rt.db.sqlite
    const tables = (db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>)
      .map((t) => t.name)
      .filter((name) => (db.prepare(`select name from pragma_table_info(?)`).all(name) as Array<{ name: string }>).some((c) => c.name === 'merchant_id'))
    expect(tables.sort()).toEqual([...MERCHANT_TABLES, ...NOT_SAVED].sort())
  })

  it('refuses unknown and badly named snapshots with the Ivy error body', async () => {
    h = await harness()
    const call = await httpClient(h)
    for (const [method, path] of [
      ['POST', '/sandbox/snapshots/nope/restore'],
      ['DELETE', '/sandbox/snapshots/nope'],
    ] as const) {
      const res = await call(method, path)
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', param: 'name', statusCode: 404, category: 'invalid_request_error', docUrl: expect.any(String) })
    }
    for (const body of [{ name: 'has space' }, { name: 'x'.repeat(65) }, { name: '' }, { name: 7 }, {}]) {
      const res = await call('POST', '/sandbox/snapshots', body)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ statusCode: 400, param: 'name' })
    }
    const res = await call('POST', `/sandbox/snapshots/${'y'.repeat(65)}/restore`)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ param: 'name' })
    expect((await call('GET', '/sandbox/snapshots', undefined, null)).status).toBe(401)
  })

  it("acts on the caller's merchant only: another's snapshots are invisible, its data untouched", async () => {
    h = await harness({ merchant: { scenario: 'always-paid' } })
    const call = await httpClient(h)
    const other = h.newMerchant({ scenario: 'always-paid' })
    await call('POST', '/sandbox/snapshots', { name: 'empty' })
    await call('POST', '/api/service/payout/create', openLoop(10))
    await call('POST', '/api/service/payout/create', openLoop(20), other.key)
    const otherBefore = await stateOf(call, other.key)

    expect((await call('GET', '/sandbox/snapshots', undefined, other.key)).body).toEqual({ items: [] })
    expect((await call('POST', '/sandbox/snapshots/empty/restore', undefined, other.key)).status).toBe(404)
    await call('POST', '/sandbox/snapshots/empty/restore')
    expect((await stateOf(call)).payouts.items).toEqual([])
    expect(await stateOf(call, other.key)).toEqual(otherBefore)
  })

  it('a restore waits for an advance in flight (a webhook being answered slowly), then leaves the snapshot exactly', async () => {
    h = await harness({ merchant: { scenario: 'always-paid' } })
    const call = await httpClient(h)
    receiver = await startReceiver()
    receiver.otherwise({ delayMs: 300, status: 200 })
    await call('POST', '/api/service/webhook-subscription/create', { url: receiver.url })
    await call('POST', '/api/service/payout/create', openLoop(100))
    await call('POST', '/sandbox/snapshots', { name: 'before-advance' })
    const before = await stateOf(call)

    const advance = call('POST', '/sandbox/clock/advance', { by: '1h' })
    await receiver.waitFor(1, 10_000)
    const restore = call('POST', '/sandbox/snapshots/before-advance/restore')
    const read = call('POST', '/api/service/balance/retrieve', { currency: 'EUR' })
    const order: string[] = []
    await Promise.all([advance.then(() => order.push('advance')), restore.then(() => order.push('restore'))])
    // The advance ran to its end (every webhook answered) before the restore began.
    expect(order).toEqual(['advance', 'restore'])
    expect((await advance).body.fired.map((f: any) => f.to)).toEqual(['in_transit', 'paid'])
    expect((await restore).status).toBe(200)
    expect((await read).status).toBe(200)
    expect(await stateOf(call)).toEqual(before)
  })

  it('concurrent creates and a restore: every payout is whole or absent, and the balance matches', async () => {
    h = await harness({ merchant: { scenario: 'always-paid' } })
    const call = await httpClient(h)
    await call('POST', '/sandbox/snapshots', { name: 'start' })
    const creates = Array.from({ length: 40 }, (_, i) => call('POST', '/api/service/payout/create', openLoop(1 + i)))
    const restore = call('POST', '/sandbox/snapshots/start/restore')
    const more = Array.from({ length: 40 }, (_, i) => call('POST', '/api/service/payout/create', openLoop(100 + i)))
    const results = await Promise.all([...creates, restore, ...more])
    expect(results.every((r) => r.status === 200)).toBe(true)
    const { payouts, balance } = await stateOf(call)
    const reserved = payouts.items.reduce((sum: number, p: any) => sum + p.amount, 0)
    expect(balance.balances[0].available).toBeCloseTo(10000 - reserved, 6)
    const db = h.rt.db.sqlite
    const orphans = db.prepare('select count(*) n from journal j where not exists (select 1 from payouts p where p.id = j.payout_id)').get() as { n: number }
    const jobless = db.prepare("select count(*) n from payouts p where not exists (select 1 from jobs where jobs.subject_id = p.id)").get() as { n: number }
    expect({ orphans: orphans.n, jobless: jobless.n }).toEqual({ orphans: 0, jobless: 0 })
  })

  it("a realtime merchant's clock goes on from the snapshot's time after a restore", async () => {
    let wall = Date.parse(T0)
    h = await harness({ wall: () => wall, merchant: { clock: { mode: 'realtime', now: T0 } } })
    const call = await httpClient(h)
    wall += 5_000
    await call('POST', '/sandbox/snapshots', { name: 'realtime' })
    wall += 3_600_000
    expect((await call('POST', '/sandbox/snapshots/realtime/restore')).body.createdAt).toBe('2026-03-02T10:00:05.000Z')
    expect((await call('GET', '/sandbox/clock')).body).toMatchObject({ now: '2026-03-02T10:00:05.000Z', mode: 'realtime' })
    wall += 1_000
    expect((await call('GET', '/sandbox/clock')).body.now).toBe('2026-03-02T10:00:06.000Z')
  })

  it('snapshots of a file-backed sandbox survive a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-snapshots-'))
    const db = join(dir, 'sandbox.db')
    h = await harness({ db, merchant: { scenario: 'always-paid' } })
    const { key } = h.merchant
    let call = await httpClient(h)
    const { body: payout } = await call('POST', '/api/service/payout/create', openLoop(42))
    await call('POST', '/sandbox/snapshots', { name: 'durable' })
    await call('POST', '/sandbox/clock/advance', { by: '1m' })
    await h.close()

    h = await harness({ db })
    call = await httpClient(h)
    expect((await call('GET', '/sandbox/snapshots', undefined, key)).body.items).toEqual([{ name: 'durable', createdAt: T0, payouts: 1 }])
    expect((await call('POST', '/sandbox/snapshots/durable/restore', undefined, key)).status).toBe(200)
    expect((await call('POST', '/api/service/payout/retrieve', { id: payout.id }, key)).body.status).toBe('pending')
  })
})
