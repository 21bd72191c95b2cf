// Ivy's webhook-subscription endpoints: exact shapes, URL unique per merchant, validation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, T0, type Harness } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/http-receiver.js'

let h: Harness
let receiver: Receiver
beforeEach(async () => {
  h = await harness()
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.close()
  await h.close()
})

const create = (body: unknown, key?: string, headers?: Record<string, string>) => h.post('/api/service/webhook-subscription/create', body, { key, headers })
const subscriptionCount = () => (h.rt.db.sqlite.prepare('select count(*) n from webhook_subscriptions').get() as { n: number }).n

describe('webhook-subscription/*', () => {
  it('create answers the subscription; events default to the three payout events', async () => {
    const res = await create({ url: 'https://example.com/ivy' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: expect.any(String),
      url: 'https://example.com/ivy',
      events: ['payout.initiated', 'payout.paid', 'payout.failed'],
      merchant: h.merchant.id,
      merchantApp: h.merchant.id,
      createdAt: T0,
      updatedAt: T0,
    })
  })

  it('update changes url and events; list pages them; delete removes one', async () => {
    const a = (await create({ url: 'https://a.example/ivy', events: ['payout.paid'] })).body
    const b = (await create({ url: 'https://b.example/ivy', events: ['user_payout.failed'] })).body
    await h.advance('1m')
    const updated = await h.post('/api/service/webhook-subscription/update', { id: a.id, url: 'https://c.example/ivy', events: ['payout.failed', 'user_payout.paid'] })
    expect(updated.body).toEqual({ ...a, url: 'https://c.example/ivy', events: ['payout.failed', 'user_payout.paid'], updatedAt: '2026-03-02T10:01:00.000Z' })

    const page = await h.post('/api/service/webhook-subscription/list', { limit: 1 })
    expect(page.body).toEqual({ items: [updated.body], count: 2, skip: 0, hasNext: true })
    expect((await h.post('/api/service/webhook-subscription/list', { skip: 1 })).body).toEqual({ items: [b], count: 2, skip: 1, hasNext: false })

    expect((await h.post('/api/service/webhook-subscription/delete', { id: a.id })).body).toEqual({ success: true })
    expect((await h.post('/api/service/webhook-subscription/list', {})).body.items).toEqual([b])
    expect((await h.post('/api/service/webhook-subscription/delete', { id: a.id })).status).toBe(404)
  })

  it('a URL is unique per merchant, but another merchant may use it', async () => {
    await create({ url: receiver.url })
    const again = await create({ url: receiver.url, events: ['payout.paid'] })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'CONFLICT', param: 'url' })
    const other = h.newMerchant()
    expect((await create({ url: receiver.url }, other.key)).status).toBe(200)
    const second = (await create({ url: 'https://x.example/ivy' })).body
    expect((await h.post('/api/service/webhook-subscription/update', { id: second.id, url: receiver.url })).status).toBe(409)
  })

  it.each([
    ['a URL that is not one', { url: 'not a url' }, 'url'],
    ['an ftp URL', { url: 'ftp://example.com/hook' }, 'url'],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url'],
    ['no URL', { events: ['payout.paid'] }, 'url'],
    ['an unknown event name', { url: 'https://example.com/h', events: ['payout.paid', 'payout.exploded'] }, 'events.1'],
    ['an empty event list', { url: 'https://example.com/h', events: [] }, 'events'],
    ['events that are not a list', { url: 'https://example.com/h', events: 'payout.paid' }, 'events'],
  ])('refuses %s with a 400 and creates nothing', async (_, body, param) => {
    const res = await create(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', category: 'invalid_request_error', param })
    expect(subscriptionCount()).toBe(0)
  })

  it.each(['update', 'delete', 'ping'])('%s of an unknown or another merchant\'s subscription is a 404', async (op) => {
    const other = h.newMerchant()
    const theirs = (await create({ url: 'https://theirs.example/h' }, other.key)).body
    for (const id of ['no-such-id', theirs.id]) {
      const res = await h.post(`/api/service/webhook-subscription/${op}`, { id, url: 'https://mine.example/h' })
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', param: 'id' })
    }
  })

  it('ping sends a signed test event and reports what the receiver answered', async () => {
    const sub = (await create({ url: receiver.url })).body
    receiver.plan({ status: 200, body: 'pong' }, { status: 500, body: 'boom' })
    const ok = await h.post('/api/service/webhook-subscription/ping', { id: sub.id })
    expect(ok.body).toEqual({ id: sub.id, date: T0, response: 'pong', statusCode: 200, success: true })
    const failed = await h.post('/api/service/webhook-subscription/ping', { id: sub.id })
    expect(failed.body).toEqual({ id: sub.id, date: T0, response: 'boom', statusCode: 500, success: false })
    expect(receiver.received.every((r) => receiver.signatureValid(r, h.merchant.secret))).toBe(true)
    expect(receiver.received[0]!.body).toMatchObject({ type: 'ping', date: T0 })
  })

  it('ping to a port nobody listens on reports the refused connection', async () => {
    const closed = await startReceiver()
    await closed.close()
    const sub = (await create({ url: closed.url })).body
    const res = await h.post('/api/service/webhook-subscription/ping', { id: sub.id })
    expect(res.body).toEqual({ id: sub.id, date: T0, response: 'connection refused', statusCode: 0, success: false })
  })

  it('create honours Idempotency-Key', async () => {
    const headers = { 'Idempotency-Key': 'sub-1' }
    const first = await create({ url: 'https://once.example/h' }, undefined, headers)
    const second = await create({ url: 'https://once.example/h' }, undefined, headers)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(subscriptionCount()).toBe(1)
  })
})
