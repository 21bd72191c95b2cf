// Webhooks and pings never reach the sandbox itself, however its address is spelled, except
// its inbox: refused when a subscription is made or changed, and again at each attempt and
// ping (a name can come to resolve to it later). Other local services stay reachable, but a
// ping shows nothing of their pages. Redeliveries never pile up retry chains.
import { networkInterfaces } from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_MERCHANT } from '../../src/merchants/service.js'
import { sandboxTargetRefusal } from '../../src/webhooks/target.js'
import { harness, openLoop, type Harness } from '../helpers/harness.js'
import { receiverPool } from '../helpers/receiver.js'

let h: Harness
let port: string
const pool = receiverPool()
beforeEach(async () => {
  h = await harness({ webhookTimeoutMs: 1_000, merchant: { scenario: 'always-paid' } })
  port = new URL(await h.serve()).port
})
afterEach(async () => {
  await pool.closeAll()
  await h.close()
})

const create = (url: string) => h.post('/api/service/webhook-subscription/create', { url })
const merchantCount = () => (h.rt.db.sqlite.prepare('select count(*) n from merchants').get() as { n: number }).n
const defaultClockMode = () => (h.rt.db.sqlite.prepare('select clock_mode from merchants where id = ?').get(DEFAULT_MERCHANT.id) as { clock_mode: string }).clock_mode

const SPELLINGS = ['127.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', '0.0.0.0', 'localhost', '[::1]', '[::ffff:127.0.0.1]', '[::]']

describe('a subscription to the sandbox itself', () => {
  it.each(SPELLINGS)('at %s is refused on create and update with a 400 on url', async (host) => {
    for (const path of ['/dashboard/clock/freeze', '/sandbox/merchants', '/dashboard/events/x/redeliver', '/sandbox/inbox/../../sandbox/merchants']) {
      const url = `http://${host}:${port}${path}`
      const res = await create(url)
      expect(res.status, url).toBe(400)
      expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'url', message: expect.stringContaining('is this sandbox itself') })
    }
    const elsewhere = (await create('http://127.0.0.1:9/hooks')).body
    const update = await h.post('/api/service/webhook-subscription/update', { id: elsewhere.id, url: `http://${host}:${port}/sandbox/merchants` })
    expect(update.status).toBe(400)
    expect(update.body.param).toBe('url')
    expect((await h.post('/api/service/webhook-subscription/list', {})).body.items.map((s: { url: string }) => s.url)).toEqual(['http://127.0.0.1:9/hooks'])
  })

  it('is refused from the dashboard form too', async () => {
    const res = await h.app.request('/dashboard/webhooks/subscriptions', {
      method: 'POST',
      headers: { cookie: `ivy_sandbox_key=${h.key}`, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: `http://127.1:${port}/dashboard/clock/freeze`, back: '/webhooks' }).toString(),
    })
    expect(new URL(res.headers.get('location')!, 'http://localhost').searchParams.get('error')).toMatch(/is this sandbox itself/)
    expect((await h.post('/api/service/webhook-subscription/list', {})).body.count).toBe(0)
  })

  it('to its inbox works under any spelling, and deliveries arrive there', async () => {
    for (const host of ['127.1', 'localhost', '[::ffff:127.0.0.1]']) {
      expect((await create(`http://${host}:${port}/sandbox/inbox/reach-${host.replace(/\W/g, '')}`)).status, host).toBe(200)
    }
    await h.post('/api/service/payout/create', openLoop(1))
    await h.advance('0s')
    const inbox = (await h.get('/sandbox/inbox/reach-1271')).body
    expect(inbox.items.map((i: { eventType: string; signatureValid: boolean }) => [i.eventType, i.signatureValid])).toEqual([['payout.initiated', true]])
  })

  it('made before the check (or a name that came to resolve here) is never sent to: each attempt fails, unsent, with the reason', async () => {
    const sub = (await create('http://127.0.0.1:9/hooks')).body
    h.rt.db.sqlite.prepare('update webhook_subscriptions set url = ? where id = ?').run(`http://2130706433:${port}/sandbox/merchants`, sub.id)
    const before = merchantCount()
    await h.post('/api/service/payout/create', openLoop(1))
    await h.advance('0s')
    await h.advance('30s')
    const attempts: Array<{ eventType: string; attempt: number; statusCode: number | null; error: string }> = (await h.get('/sandbox/webhooks/deliveries')).body.items
    expect(attempts.filter((a) => a.eventType === 'payout.initiated').map((a) => a.attempt)).toEqual([2, 1])
    for (const a of attempts) expect([a.statusCode, a.error]).toEqual([null, expect.stringMatching(/^not sent: 127\.0\.0\.1:\d+ is this sandbox itself/)])
    expect(merchantCount()).toBe(before)
  })

  it('gets no ping either', async () => {
    const sub = (await create('http://127.0.0.1:9/hooks')).body
    h.rt.db.sqlite.prepare('update webhook_subscriptions set url = ? where id = ?').run(`http://localhost:${port}/dashboard/clock/freeze`, sub.id)
    const ping = await h.post('/api/service/webhook-subscription/ping', { id: sub.id })
    expect(ping.body).toMatchObject({ statusCode: 0, success: false, response: expect.stringMatching(/^not sent: localhost:\d+ is this sandbox itself/) })
    expect(defaultClockMode()).toBe('realtime')
  })

  it("counts the machine's own interface addresses when the sandbox listens on all of them", async () => {
    const own = Object.values(networkInterfaces())
      .flatMap((nics) => nics ?? [])
      .find((nic) => nic.family === 'IPv4' && !nic.internal)
    // Nothing is sent: the check only compares addresses.
    const rt = { ...h.rt, served: new Set([{ host: '0.0.0.0', port: 4999 }]) }
    if (own) expect(await sandboxTargetRefusal(rt, `http://${own.address}:4999/`)).toMatch(/is this sandbox itself/)
    expect(await sandboxTargetRefusal(rt, 'http://127.0.0.1:4998/')).toBeNull()
    expect(await sandboxTargetRefusal({ ...rt, served: new Set([{ host: '127.0.0.1', port: 4999 }]) }, `http://${own?.address ?? '192.0.2.1'}:4999/`)).toBeNull()
  })
})

describe('another local service', () => {
  it('may be subscribed and pinged, but a ping shows only the status of a non-2xx answer, and the start of a 2xx one', async () => {
    const r = await pool.start()
    r.plan({ status: 404, body: '<h1>Admin console</h1> secret settings' }, { status: 200, body: 'y'.repeat(1_000) })
    const sub = (await create(r.url)).body
    expect((await h.post('/api/service/webhook-subscription/ping', { id: sub.id })).body).toMatchObject({ statusCode: 404, success: false, response: 'HTTP 404' })
    const ok = (await h.post('/api/service/webhook-subscription/ping', { id: sub.id })).body
    expect(ok).toMatchObject({ statusCode: 200, success: true })
    expect(ok.response).toBe('y'.repeat(200))
    expect(r.deliveries).toHaveLength(2)
  })
})

describe('redelivery', () => {
  it('replaces a delivery still waiting for its retry: however often an event is redelivered, one delivery of it is on the way', async () => {
    const r = await pool.start()
    r.otherwise({ status: 500 })
    await create(r.url)
    const payout = (await h.post('/api/service/payout/create', openLoop(1))).body
    await h.advance('0s')
    const [event] = (await h.get(`/sandbox/webhooks/events?payoutId=${payout.id}`)).body.items.filter((e: { type: string }) => e.type === 'payout.initiated')
    for (let i = 0; i < 3; i++) {
      expect((await h.post(`/sandbox/webhooks/events/${event.id}/redeliver`)).body).toEqual({ eventId: event.id, deliveries: 1 })
      await h.advance('0s')
    }
    const [listed] = (await h.get(`/sandbox/webhooks/events?payoutId=${payout.id}`)).body.items.filter((e: { id: string }) => e.id === event.id)
    expect(listed.deliveries.map((d: { state: string }) => d.state)).toEqual(['canceled', 'canceled', 'canceled', 'pending'])
    expect(r.deliveries.filter((d) => d.json?.id === event.id)).toHaveLength(4)
  })
})
