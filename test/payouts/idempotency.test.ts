// Idempotency-Key as the contract has it: replay for the same body, 409 for another body or
// while the first is in flight, per merchant, kept 24 h of sandbox time; and the same key sent
// concurrently makes exactly one payout and one reservation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const withKey = (key: string, merchantKey?: string) => ({ headers: { 'Idempotency-Key': key }, key: merchantKey })
const count = (table: string) => (h.rt.db.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n
const balance = async (key?: string) => (await h.post('/api/service/balance/retrieve', { currency: 'EUR' }, { key })).body.balances[0].available

describe('Idempotency-Key', () => {
  it('the same key and body replay the stored response: one payout, one reservation, one journal row', async () => {
    const first = await h.post('/api/service/payout/create', openLoop(25), withKey('k-1'))
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    await h.advance('1h')
    const second = await h.post('/api/service/payout/create', openLoop(25), withKey('k-1'))
    expect(second.status).toBe(200)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(second.body).toEqual(first.body)
    expect(count('payouts')).toBe(1)
    expect(count('journal')).toBeGreaterThanOrEqual(1)
    expect((h.rt.db.sqlite.prepare("select count(*) n from journal where to_status = 'pending'").get() as { n: number }).n).toBe(1)
    expect(await balance()).toBe(10000 - 25)
  })

  it('key order in the body does not make it another body', async () => {
    const body = openLoop(3)
    const reordered = { destination: body.destination, currency: body.currency, amount: body.amount }
    const first = await h.post('/api/service/payout/create', body, withKey('k-order'))
    const second = await h.post('/api/service/payout/create', reordered, withKey('k-order'))
    expect(second.body.id).toBe(first.body.id)
  })

  it('the same key with another body is a 409 idempotency_error and changes nothing', async () => {
    await h.post('/api/service/payout/create', openLoop(25), withKey('k-2'))
    const res = await h.post('/api/service/payout/create', openLoop(26), withKey('k-2'))
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ category: 'idempotency_error', code: 'CONFLICT', param: 'Idempotency-Key', statusCode: 409 })
    // Ivy's SDK retries every 409 unless told not to; this one can never succeed.
    expect(res.headers.get('x-should-retry')).toBe('false')
    expect(res.headers.get('retry-after')).toBeNull()
    expect(count('payouts')).toBe(1)
    expect(await balance()).toBe(10000 - 25)
  })

  it.each([
    ['a field the API ignores added', (b: any) => ({ ...b, note: 'x' })],
    ['the IBAN written with spaces and lowercase, the same account', (b: any) => {
      const iban = b.destination.financialAddress.iban
      return { ...b, destination: { financialAddress: { ...b.destination.financialAddress, iban: { ...iban, iban: iban.iban.toLowerCase().replace(/(.{4})/g, '$1 ').trim() } } } }
    }],
  ])('the body as sent is compared, before validation: %s is another body', async (_, change) => {
    const first = await h.post('/api/service/payout/create', openLoop(7), withKey('k-sent'))
    expect(first.status).toBe(200)
    const res = await h.post('/api/service/payout/create', change(openLoop(7)), withKey('k-sent'))
    expect(res.status).toBe(409)
    expect(res.body.category).toBe('idempotency_error')
    expect(count('payouts')).toBe(1)
  })

  it('keys are per merchant', async () => {
    const other = h.newMerchant()
    const a = await h.post('/api/service/payout/create', openLoop(5), withKey('shared'))
    const b = await h.post('/api/service/payout/create', openLoop(5), withKey('shared', other.key))
    expect(b.body.id).not.toBe(a.body.id)
    expect(b.headers.get('idempotent-replayed')).toBeNull()
    expect(count('payouts')).toBe(2)
  })

  it('a key is kept 24 hours of sandbox time', async () => {
    const first = await h.post('/api/service/payout/create', openLoop(5), withKey('k-day'))
    await h.advance('23h59m')
    expect((await h.post('/api/service/payout/create', openLoop(5), withKey('k-day'))).body.id).toBe(first.body.id)
    await h.advance('2m')
    const later = await h.post('/api/service/payout/create', openLoop(5), withKey('k-day'))
    expect(later.status).toBe(200)
    expect(later.body.id).not.toBe(first.body.id)
    expect(count('payouts')).toBe(2)
  })

  it('a refused request stores nothing, so the corrected retry with the same key goes through', async () => {
    const bad = await h.post('/api/service/payout/create', openLoop(5, 'DE89370400440532013001'), withKey('k-fix'))
    expect(bad.status).toBe(400)
    expect(count('idempotency_keys')).toBe(0)
    const good = await h.post('/api/service/payout/create', openLoop(5), withKey('k-fix'))
    expect(good.status).toBe(200)
  })

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
  ])('a key that is %s is a 400', async (_, key) => {
    const res = await h.post('/api/service/payout/create', openLoop(5), withKey(key))
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'Idempotency-Key' })
    expect(count('payouts')).toBe(0)
  })

  it('a key of 255 characters is fine', async () => {
    expect((await h.post('/api/service/payout/create', openLoop(5), withKey('k'.repeat(255)))).status).toBe(200)
  })

  it('the same key sent 20 times at once through the app: one payout, one reservation; the rest are told the first is in flight', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.post('/api/service/payout/create', openLoop(40), withKey('k-burst'))))
    // The first holds the key until its change is committed; the others arrive meanwhile.
    expect(answers.map((a) => a.status)).toEqual([200, ...Array(19).fill(409)])
    for (const a of answers.slice(1)) {
      expect(a.body).toMatchObject({ category: 'idempotency_error', statusCode: 409, param: 'Idempotency-Key', message: 'a request with this Idempotency-Key is still in flight' })
      // A retry of this one will succeed: the SDK is told when, and not told to give up.
      expect([a.headers.get('retry-after'), a.headers.get('x-should-retry')]).toEqual(['1', null])
    }
    expect(count('payouts')).toBe(1)
    expect(await balance()).toBe(10000 - 40)
    // Once it is answered, the same request replays it.
    const later = await h.post('/api/service/payout/create', openLoop(40), withKey('k-burst'))
    expect(later.headers.get('idempotent-replayed')).toBe('true')
    expect(later.body.id).toBe(answers[0]!.body.id)
  })

  it('the same key sent 20 times at once over real HTTP: one payout, one reservation', async () => {
    const url = await h.serve()
    const send = () =>
      fetch(`${url}/api/service/payout/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Ivy-Api-Key': h.key, 'Idempotency-Key': 'k-http' },
        body: JSON.stringify(openLoop(40)),
      }).then(async (res) => ({ status: res.status, body: await res.json() }))
    const answers = await Promise.all(Array.from({ length: 20 }, send))
    const ok = answers.filter((a) => a.status === 200)
    expect(ok.length).toBeGreaterThanOrEqual(1)
    expect(new Set(ok.map((a) => a.body.id)).size).toBe(1)
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409 && a.body.category === 'idempotency_error')).toBe(true)
    expect(count('payouts')).toBe(1)
    expect(await balance()).toBe(10000 - 40)
  })

  it('webhook-subscription/create honours it too', async () => {
    const body = { url: 'https://example.com/hooks' }
    const first = await h.post('/api/service/webhook-subscription/create', body, withKey('sub'))
    const second = await h.post('/api/service/webhook-subscription/create', body, withKey('sub'))
    expect(second.body).toEqual(first.body)
    expect(count('webhook_subscriptions')).toBe(1)
  })
})
