import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const plus = (ms: number) => new Date(Date.parse(T0) + ms).toISOString()

describe('sandbox clock', () => {
  it('a new merchant starts frozen at the instant asked for and stays there', async () => {
    h = await harness()
    expect((await h.get('/sandbox/clock')).body).toEqual({ now: T0, mode: 'frozen', speed: 1 })
    expect((await h.get('/sandbox/clock')).body.now).toBe(T0)
  })

  it('POST /sandbox/merchants takes the clock and answers it', async () => {
    h = await harness()
    const res = await h.post('/sandbox/merchants', { clock: { mode: 'frozen', now: '2027-01-04T08:00:00Z' } }, { key: null })
    expect(res.status).toBe(200)
    expect(res.body.clock).toEqual({ now: '2027-01-04T08:00:00.000Z', mode: 'frozen', speed: 1 })
    expect((await h.get('/sandbox/clock', { key: res.body.apiKey })).body.now).toBe('2027-01-04T08:00:00.000Z')
  })

  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['6d', 6 * 86_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
  ])('advances by %s', async (by, ms) => {
    h = await harness()
    const res = await h.advance(by)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ now: plus(ms), fired: [] })
    expect((await h.get('/sandbox/clock')).body.now).toBe(plus(ms))
  })

  it('advances to an instant, and refuses one in the past (time never moves backwards)', async () => {
    h = await harness()
    expect((await h.post('/sandbox/clock/advance', { to: '2026-03-03T00:00:00Z' })).body.now).toBe('2026-03-03T00:00:00.000Z')
    const back = await h.post('/sandbox/clock/advance', { to: '2026-03-02T23:00:00Z' })
    expect(back.status).toBe(400)
    expect(back.body).toMatchObject({ code: 'VALIDATION', param: 'to' })
    expect((await h.get('/sandbox/clock')).body.now).toBe('2026-03-03T00:00:00.000Z')
  })

  it.each([
    [{ by: 'soon' }, 'by'],
    [{ by: '-5m' }, 'by'],
    [{ by: '10' }, 'by'],
    [{ to: 'tomorrow' }, 'to'],
    [{ to: '2040-01-01T00:00:00Z' }, 'to', 'an advance moves the clock at most 10 years'],
    [{}, undefined, 'give exactly one of "by" and "to"'],
    [{ by: '1m', to: '2027-01-01T00:00:00Z' }, undefined, 'give exactly one of "by" and "to"'],
    [[], undefined, 'Request body must be a JSON object: Invalid input: expected object, received array'],
  ])('refuses %j', async (body, param, message?: string) => {
    h = await harness()
    const res = await h.post('/sandbox/clock/advance', body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION')
    expect(res.body.param).toBe(param)
    if (message) expect(res.body.message).toBe(message)
    expect((await h.get('/sandbox/clock')).body.now).toBe(T0)
  })

  it('fires what falls due in time order, ties in creation order, and answers the transitions', async () => {
    h = await harness({ merchant: { scenario: 'always-paid', clock: { mode: 'frozen', now: T0 } } })
    const a = (await h.post('/api/service/payout/create', openLoop(1))).body
    const b = (await h.post('/api/service/payout/create', openLoop(2))).body
    const { body } = await h.advance('1m')
    expect(body.fired).toHaveLength(4)
    const times = body.fired.map((f: { at: string }) => Date.parse(f.at))
    expect([...times].sort((x, y) => x - y)).toEqual(times)
    for (const id of [a.id, b.id]) {
      expect(body.fired.filter((f: { payoutId: string }) => f.payoutId === id).map((f: { to: string }) => f.to)).toEqual(['in_transit', 'paid'])
    }
  })

  it('freezes a realtime clock and resumes it with a speed, on the wall clock it was given', async () => {
    let wall = Date.parse('2030-01-01T00:00:00Z')
    h = await harness({ wall: () => wall, merchant: { clock: { mode: 'realtime', now: T0 } } })
    wall += 5_000
    expect((await h.get('/sandbox/clock')).body).toEqual({ now: plus(5_000), mode: 'realtime', speed: 1 })
    expect((await h.post('/sandbox/clock/freeze')).body).toEqual({ now: plus(5_000), mode: 'frozen', speed: 1 })
    wall += 60_000
    expect((await h.get('/sandbox/clock')).body.now).toBe(plus(5_000))
    expect((await h.post('/sandbox/clock/resume', { speed: 60 })).body).toEqual({ now: plus(5_000), mode: 'realtime', speed: 60 })
    wall += 1_000
    expect((await h.get('/sandbox/clock')).body.now).toBe(plus(65_000))
  })

  it('a realtime clock settles payouts as wall time passes, without anyone advancing it', async () => {
    let wall = Date.parse('2030-01-01T00:00:00Z')
    h = await harness({ wall: () => wall, merchant: { scenario: 'always-paid', clock: { mode: 'realtime', now: T0 } } })
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(5))
    expect(payout.status).toBe('pending')
    wall += 15_000
    const { body } = await h.post('/api/service/payout/retrieve', { id: payout.id })
    expect(body.status).toBe('paid')
  })

  it('each merchant has its own clock', async () => {
    h = await harness()
    const other = h.newMerchant({ clock: { mode: 'frozen', now: T0 } })
    await h.advance('6d')
    expect((await h.get('/sandbox/clock')).body.now).toBe(plus(6 * 86_400_000))
    expect((await h.get('/sandbox/clock', { key: other.key })).body.now).toBe(T0)
  })
})
