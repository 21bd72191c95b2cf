// Sandbox time ends with year 9999 [sandbox]: no clock, merchant or scheduled step goes past it,
// so every time stays one JavaScript (and ISO) can write, and every call keeps answering.
import { afterEach, describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const LAST = '9999-12-31T23:59:59.999Z'
const frozenAt = (now: string) => ({ clock: { mode: 'frozen' as const, now } })
const scenario = (after: string) => `name: slow\nseed: 3\ndefault: { steps: [{ after: ${after}, status: paid }] }\n`

async function payoutPage(id: string) {
  return (await h.app.request(`/payouts/${id}`, { headers: { cookie: `ivy_sandbox_key=${h.key}` } })).status
}

describe('the clock', () => {
  it('is not advanced past the end of year 9999: a 400 with param, the clock unchanged, every call still answering', async () => {
    h = await harness({ merchant: frozenAt('9999-12-31T23:00:00Z') })
    const by = await h.advance('2h')
    expect(by.status).toBe(400)
    expect(by.body).toMatchObject({ code: 'VALIDATION', param: 'by' })
    const to = await h.post('/sandbox/clock/advance', { to: '9999-12-31T23:59:59-01:00' })
    expect(to.status).toBe(400)
    expect(to.body).toMatchObject({ code: 'VALIDATION', param: 'to' })
    expect((await h.get('/sandbox/clock')).body.now).toBe('9999-12-31T23:00:00.000Z')
    expect((await h.post('/sandbox/clock/advance', { to: LAST })).body.now).toBe(LAST)
    expect((await h.advance('1ms')).body.param).toBe('by')
    expect((await h.post('/api/service/ping', {})).status).toBe(200)
    expect((await h.post('/api/service/payout/create', openLoop(1))).status).toBe(200)
  })

  it('of a new merchant starts no later than the end of year 9999', async () => {
    h = await harness()
    const res = await h.post('/sandbox/merchants', frozenAt('9999-12-31T23:59:59-14:00'), { key: null })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'clock.now' })
    expect((await h.post('/sandbox/merchants', frozenAt(LAST), { key: null })).body.clock.now).toBe(LAST)
  })

  it('of createSandbox() is refused past the end of year 9999 with the same error', async () => {
    await expect(createSandbox({ clock: { mode: 'frozen', now: '9999-12-31T23:59:59-05:00' } })).rejects.toMatchObject({ status: 400, param: 'clock.now' })
  })

  it('running fast in real time stops at the last instant', async () => {
    let wall = Date.parse('2026-03-02T10:00:00Z')
    h = await harness({ wall: () => wall, merchant: { clock: { mode: 'realtime', now: '9999-12-31T23:00:00Z', speed: 1_000_000 } } })
    wall += 60_000
    expect((await h.get('/sandbox/clock')).body.now).toBe(LAST)
    expect((await h.post('/api/service/ping', {})).status).toBe(200)
  })
})

describe('scheduled steps', () => {
  it('a lognormal delay without max is cut at 30 days, so its payout settles and its page shows', async () => {
    h = await harness()
    expect((await h.request('PUT', '/sandbox/scenario', { yaml: scenario('{ lognormal: { median: 3650d, sigma: 5 } }') })).status).toBe(200)
    const ids: string[] = []
    for (let i = 0; i < 20; i++) ids.push((await h.post('/api/service/payout/create', openLoop(1, IBAN.DE))).body.id)
    await h.advance('30d')
    for (const id of ids) {
      expect((await h.post('/api/service/payout/retrieve', { id })).body.status).toBe('paid')
      expect(await payoutPage(id)).toBe(200)
    }
  })

  it('a step that would fall after year 9999 happens at its last instant', async () => {
    h = await harness({ merchant: frozenAt('9999-12-30T00:00:00Z') })
    await h.request('PUT', '/sandbox/scenario', { yaml: scenario('3650d') })
    const { body } = await h.post('/api/service/payout/create', openLoop(1))
    expect(await payoutPage(body.id)).toBe(200)
    const advanced = await h.post('/sandbox/clock/advance', { to: LAST })
    expect(advanced.body.fired).toEqual([{ object: 'payout', id: body.id, payoutId: body.id, from: 'pending', to: 'paid', at: LAST }])
  })
})
