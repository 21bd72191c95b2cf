// Every JSON body: keys that name the object machinery are refused wherever they are (never
// silently dropped), and what a payout stores and echoes (metadata, a wallet address) is bounded.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const rows = (table: string) => (h.rt.db.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n
const json = { 'content-type': 'application/json' }
/** A valid payout/create body with one more field written as raw JSON (JSON.stringify would drop a __proto__ key). */
const payoutWith = (field: string) => `${JSON.stringify(openLoop(1)).slice(0, -1)},${field}}`

describe('prototype keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('"%s" in the balances of a new merchant is a 400 naming it, and makes no merchant', async (key) => {
    h = await harness()
    const before = rows('merchants')
    const res = await h.post('/sandbox/merchants', undefined, { key: null, headers: json, raw: `{"balances":{"${key}":{"EUR":5}}}` })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: `balances.${key}` })
    expect(rows('merchants')).toBe(before)
  })

  it.each([
    ['a metadata key', '"metadata":{"__proto__":{"admin":true}}', 'metadata.__proto__'],
    ['a key deep in metadata', '"metadata":{"a":[{"b":{"constructor":1}}]}', 'metadata.a.0.b.constructor'],
    ['a top-level key', '"prototype":{}', 'prototype'],
  ])('%s on payout/create is a 400 naming it, and writes nothing', async (_, field, param) => {
    h = await harness()
    const res = await h.post('/api/service/payout/create', undefined, { headers: json, raw: payoutWith(field) })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param })
    expect(rows('payouts')).toBe(0)
  })

  it.each(['__proto__', 'constructor'])('"%s" as a metadata key of a scenario rule is refused at load with its line (it would match every payout)', async (key) => {
    h = await harness()
    const yaml = `name: x\nseed: 1\nrules:\n  - name: r\n    when:\n      metadata: { ${key}: "yes" }\n    then: { steps: [{ after: 1s, status: canceled }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n`
    const res = await h.request('PUT', '/sandbox/scenario', { yaml })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ param: 'yaml', data: { line: 6, path: `rules.0.when.metadata.${key}` } })
    expect((await h.get('/sandbox/scenario')).body.source).toBe('shipped')
  })

  it('other keys that merely contain the words are data, kept as sent', async () => {
    h = await harness()
    const metadata = { proto: 1, __proto: 2, constructorId: 'c-1', 'prototype.v2': true }
    const res = await h.post('/api/service/payout/create', openLoop(1, undefined, { metadata }))
    expect(res.status).toBe(200)
    expect((await h.post('/api/service/payout/retrieve', { id: res.body.id })).body.metadata).toEqual(metadata)
  })
})

describe('stored payout fields are bounded [sandbox]', () => {
  const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))

  it.each([
    ['51 metadata keys', { metadata: keys(51) }, 'metadata'],
    ['metadata over 16 KiB as JSON', { metadata: { a: 'x'.repeat(8_000), b: 'é'.repeat(4_200) } }, 'metadata'],
    ['a metadata key over 100 characters', { metadata: { ['k'.repeat(101)]: 1 } }, `metadata.${'k'.repeat(101)}`],
  ])('%s is a 400 with param, and writes nothing', async (_, extra, param) => {
    h = await harness()
    const res = await h.post('/api/service/payout/create', openLoop(1, undefined, extra))
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param })
    expect(rows('payouts')).toBe(0)
  })

  it('metadata at the bounds is kept and echoed', async () => {
    h = await harness()
    for (const metadata of [keys(50), { ['k'.repeat(100)]: 'x'.repeat(16 * 1024 - 200) }]) {
      const res = await h.post('/api/service/payout/create', openLoop(1, undefined, { metadata }))
      expect(res.status).toBe(200)
      expect(res.body.metadata).toEqual(metadata)
    }
  })

  it('a wallet address over 200 characters is a 400 with param', async () => {
    h = await harness({ merchant: { balances: { USDC: 10 } } })
    const body = { amount: 1, currency: 'USDC', destination: { financialAddress: { type: 'wallet', wallet: { address: `0x${'a'.repeat(199)}`, blockchain: 'ETH' } } } }
    const res = await h.post('/api/service/payout/create', body)
    expect(res.status).toBe(400)
    expect(res.body.param).toBe('destination.financialAddress.wallet.address')
    expect(rows('payouts')).toBe(0)
  })
})
