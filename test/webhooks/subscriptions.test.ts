// webhook-subscription/create | update | list | delete | ping: Ivy's exact shapes, one URL per
// merchant, validation of URLs and event names, scoping to the merchant, idempotent create,
// and ping against a real receiver that answers 200, 500, slowly, with a redirect, or not at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, T0, type Harness } from '../helpers/harness.js'
import { receiverPool, startReceiver } from '../helpers/receiver.js'

let h: Harness
const pool = receiverPool()
const receiver = pool.start
beforeEach(async () => {
  h = await harness({ webhookTimeoutMs: 300 })
})
afterEach(async () => {
  await pool.closeAll()
  await h.close()
})

const op = (name: string, body: unknown, opts: { key?: string; headers?: Record<string, string> } = {}) => h.post(`/api/service/webhook-subscription/${name}`, body, opts)
const create = (body: unknown, opts?: { key?: string; headers?: Record<string, string> }) => op('create', body, opts)
const storedCount = () => (h.rt.db.sqlite.prepare('select count(*) as n from webhook_subscriptions').get() as { n: number }).n

describe('webhook-subscription/create', () => {
  it('answers the Subscription with the payout events by default', async () => {
    const res = await create({ url: 'https://merchant.example/ivy/webhooks' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: 'https://merchant.example/ivy/webhooks',
      events: ['payout.initiated', 'payout.paid', 'payout.failed'],
      merchant: h.merchant.id,
      merchantApp: h.merchant.id,
      createdAt: T0,
      updatedAt: T0,
    })
  })

  it('keeps the events it is given, legacy names included', async () => {
    const res = await create({ url: 'http://127.0.0.1:9/legacy', events: ['user_payout.paid', 'payout.failed'] })
    expect(res.status).toBe(200)
    expect(res.body.events).toEqual(['user_payout.paid', 'payout.failed'])
  })

  it('replays a create sent again with the same Idempotency-Key, and refuses the key with another body', async () => {
    const headers = { 'Idempotency-Key': 'subscribe-once' }
    const first = await create({ url: 'https://once.example/h' }, { headers })
    const replay = await create({ url: 'https://once.example/h' }, { headers })
    expect(replay.status).toBe(200)
    expect(replay.body).toEqual(first.body)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    const other = await create({ url: 'https://twice.example/h' }, { headers })
    expect(other.status).toBe(409)
    expect(other.body).toMatchObject({ category: 'idempotency_error' })
    expect(storedCount()).toBe(1)
  })

  it('needs an API key', async () => {
    const res = await h.post('/api/service/webhook-subscription/create', { url: 'https://a.example/h' }, { key: null })
    expect(res.status).toBe(401)
    expect(storedCount()).toBe(0)
  })
})

describe('one URL per merchant', () => {
  it('a second subscription to the same URL is a 409 on url; another merchant may use it', async () => {
    const url = 'https://shared.example/hook'
    expect((await create({ url })).status).toBe(200)
    const again = await create({ url, events: ['payout.paid'] })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'CONFLICT', category: 'invalid_request_error', param: 'url', statusCode: 409 })
    const other = h.newMerchant()
    const theirs = await create({ url }, { key: other.key })
    expect(theirs.status).toBe(200)
    expect(theirs.body.merchant).toBe(other.id)
    expect(storedCount()).toBe(2)
  })

  it.each([
    ['an uppercase scheme and host', 'HTTPS://SHARED.EXAMPLE/hook'],
    ['the default port written out', 'https://shared.example:443/hook'],
    ['a zero-padded port', 'http://127.0.0.1:04480/ok'],
  ])('another spelling of a taken URL is the same URL: %s', async (_, spelling) => {
    const taken = spelling.startsWith('http://127') ? 'http://127.0.0.1:4480/ok' : 'https://shared.example/hook'
    expect((await create({ url: taken })).status).toBe(200)
    const again = await create({ url: spelling })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'CONFLICT', param: 'url' })
    expect(storedCount()).toBe(1)
  })

  it('update may keep its own URL but not take another subscription\'s', async () => {
    const a = (await create({ url: 'https://a.example/h' })).body
    await create({ url: 'https://b.example/h' })
    expect((await op('update', { id: a.id, url: 'https://a.example/h' })).status).toBe(200)
    const taken = await op('update', { id: a.id, url: 'https://b.example/h' })
    expect(taken.status).toBe(409)
    expect(taken.body).toMatchObject({ code: 'CONFLICT', param: 'url' })
  })
})

describe('update, list, delete', () => {
  it('update changes only what it is given and stamps updatedAt on the sandbox clock', async () => {
    const sub = (await create({ url: 'https://a.example/h', events: ['payout.paid'] })).body
    await h.advance('90s')
    const later = '2026-03-02T10:01:30.000Z'
    const urlOnly = await op('update', { id: sub.id, url: 'https://moved.example/h' })
    expect(urlOnly.body).toStrictEqual({ ...sub, url: 'https://moved.example/h', updatedAt: later })
    const eventsOnly = await op('update', { id: sub.id, events: ['payout.failed', 'user_payout.failed'] })
    expect(eventsOnly.body).toStrictEqual({ ...sub, url: 'https://moved.example/h', events: ['payout.failed', 'user_payout.failed'], updatedAt: later })
  })

  it('list pages in creation order with the envelope { items, count, skip, hasNext }, only the merchant\'s own', async () => {
    const created = []
    for (let i = 0; i < 5; i++) created.push((await create({ url: `https://s${i}.example/h` })).body)
    await create({ url: 'https://not-mine.example/h' }, { key: h.newMerchant().key })
    expect((await op('list', {})).body).toStrictEqual({ items: created, count: 5, skip: 0, hasNext: false })
    expect((await op('list', { limit: 2 })).body).toStrictEqual({ items: created.slice(0, 2), count: 5, skip: 0, hasNext: true })
    expect((await op('list', { limit: 2, skip: 4 })).body).toStrictEqual({ items: created.slice(4), count: 5, skip: 4, hasNext: false })
    expect((await op('list', { skip: 9 })).body).toStrictEqual({ items: [], count: 5, skip: 9, hasNext: false })
  })

  it('delete answers { success: true } and the subscription is gone', async () => {
    const keep = (await create({ url: 'https://keep.example/h' })).body
    const drop = (await create({ url: 'https://drop.example/h' })).body
    const res = await op('delete', { id: drop.id })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    expect((await op('list', {})).body.items).toEqual([keep])
    expect((await op('delete', { id: drop.id })).status).toBe(404)
    // The URL is free again.
    expect((await create({ url: 'https://drop.example/h' })).status).toBe(200)
  })
})

describe('bad input is a 400 naming the field, and nothing is stored', () => {
  it.each([
    ['a URL that is not one', { url: 'not a url' }, 'url'],
    ['a URL without a host', { url: 'http://' }, 'url'],
    ['an ftp:// URL', { url: 'ftp://files.example/hook' }, 'url'],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url'],
    ['a file: URL', { url: 'file:///etc/passwd' }, 'url'],
    ['a URL longer than 2048 characters', { url: `https://long.example/${'a'.repeat(2048)}` }, 'url'],
    ['no URL', { events: ['payout.paid'] }, 'url'],
    ['a URL with a user name and password, which fetch cannot send to', { url: 'http://user:pw@127.0.0.1:4480/hook' }, 'url'],
    ['a URL with a user name only', { url: 'https://user@hooks.example/h' }, 'url'],
    ['a URL that is not a string', { url: 42 }, 'url'],
    ['an unknown event name', { url: 'https://a.example/h', events: ['payout.paid', 'payout.exploded'] }, 'events.1'],
    ['a canceled event, which Ivy does not send', { url: 'https://a.example/h', events: ['payout.canceled'] }, 'events.0'],
    ['an empty event list', { url: 'https://a.example/h', events: [] }, 'events'],
    ['events that are not a list', { url: 'https://a.example/h', events: 'payout.paid' }, 'events'],
  ])('create with %s', async (_, body, param) => {
    const res = await create(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', category: 'invalid_request_error', statusCode: 400, param, message: expect.any(String) })
    expect(storedCount()).toBe(0)
  })

  it.each([
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url'],
    ['an unknown event name', { events: ['payout.exploded'] }, 'events.0'],
    ['an empty event list', { events: [] }, 'events'],
  ])('update with %s', async (_, change, param) => {
    const sub = (await create({ url: 'https://a.example/h' })).body
    const res = await op('update', { id: sub.id, ...change })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param })
    expect((await op('list', {})).body.items).toEqual([sub])
  })

  it('says what is wrong: a missing URL is required, a bad one must be http(s)', async () => {
    expect((await create({})).body.message).toBe('url is required')
    expect((await create({ url: 'ftp://x.example/' })).body.message).toBe('url: must be an absolute http:// or https:// URL')
    expect((await create({ url: 'http://u:p@x.example/' })).body.message).toBe('url: must not contain a user name or password')
  })

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await h.post('/api/service/webhook-subscription/create', undefined, { raw: '{"url":', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(storedCount()).toBe(0)
  })

  it.each(['update', 'delete', 'ping'])('%s of an unknown id, or of another merchant\'s subscription, is a 404 on id', async (name) => {
    const theirs = (await create({ url: 'https://theirs.example/h' }, { key: h.newMerchant().key })).body
    for (const id of ['00000000-0000-7000-8000-000000000000', theirs.id]) {
      const res = await op(name, { id, url: 'https://mine.example/h' })
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', category: 'invalid_request_error', param: 'id' })
    }
    // Theirs is untouched.
    expect(storedCount()).toBe(1)
    expect((await op('list', {})).body.count).toBe(0)
  })
})

describe('webhook-subscription/ping', () => {
  it('sends a signed test event and answers { id, date, response, statusCode, success }', async () => {
    const r = await receiver()
    r.plan({ status: 200, body: 'pong' })
    const sub = (await create({ url: r.url })).body
    const res = await op('ping', { id: sub.id })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ id: sub.id, date: T0, response: 'pong', statusCode: 200, success: true })
    const [ping] = r.deliveries
    expect(r.deliveries).toHaveLength(1)
    expect(ping!.method).toBe('POST')
    expect(ping!.json).toStrictEqual({ id: expect.any(String), type: 'ping', date: T0, payload: {} })
    expect(r.signedWith(ping!, h.merchant.secret)).toBe(true)
  })

  it('reports a receiver that answers 500 as unsuccessful, with its status and nothing of its body', async () => {
    const r = await receiver()
    r.plan({ status: 500, body: 'database down' })
    const sub = (await create({ url: r.url })).body
    expect((await op('ping', { id: sub.id })).body).toStrictEqual({ id: sub.id, date: T0, response: 'HTTP 500', statusCode: 500, success: false })
  })

  it('reports a refused connection with statusCode 0', async () => {
    const gone = await startReceiver()
    await gone.close()
    const sub = (await create({ url: gone.url })).body
    const res = await op('ping', { id: sub.id })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ id: sub.id, date: T0, response: 'connection refused', statusCode: 0, success: false })
  })

  it('gives up on a receiver slower than the time-out', async () => {
    const r = await receiver()
    r.plan({ delayMs: 2_000, status: 200 })
    const sub = (await create({ url: r.url })).body
    const res = await op('ping', { id: sub.id })
    expect(res.body).toStrictEqual({ id: sub.id, date: T0, response: 'timed out after 300 ms', statusCode: 0, success: false })
  })

  it('does not follow a redirect', async () => {
    const [r, target] = [await receiver(), await receiver()]
    r.plan({ redirect: target.url })
    const sub = (await create({ url: r.url })).body
    const res = await op('ping', { id: sub.id })
    expect(res.body).toMatchObject({ statusCode: 302, success: false })
    expect(target.deliveries).toHaveLength(0)
  })
})
