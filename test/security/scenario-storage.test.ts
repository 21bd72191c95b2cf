// Uploaded scenarios are stored once per content and only while a merchant runs them, their
// parsed form is cached with a bound, and an upload is at most 64 KiB [sandbox].
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { PARSED_CACHE_LIMITS } from '../../src/sim/scenario/library.js'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const yamlOf = (name: string, failure = 'system_error') =>
  `name: ${name}\nseed: 1\ndefault: { steps: [{ after: 1s, status: failed, failure: ${failure} }] }\n`
const upload = (yaml: string, key?: string) => h.request('PUT', '/sandbox/scenario', { yaml }, { key })
const stored = () => h.rt.db.sqlite.prepare('select count(*) n from uploaded_scenarios').pluck().get() as number

async function failureOf(key: string) {
  const { body } = await h.post('/api/service/payout/create', openLoop(1), { key })
  await h.advance('2s', key)
  return (await h.post('/api/service/payout/retrieve', { id: body.id }, { key })).body.failure?.code
}

describe('uploaded scenarios', () => {
  it('merchants uploading the same YAML share one stored copy', async () => {
    h = await harness()
    const others = Array.from({ length: 5 }, () => h.newMerchant())
    for (const m of [h.merchant, ...others]) expect((await upload(yamlOf('shared'), m.key)).status).toBe(200)
    expect(stored()).toBe(1)
    expect(await failureOf(others[4]!.key)).toBe('system_error')
  })

  it('a replaced upload is deleted unless another merchant still runs it', async () => {
    h = await harness()
    const other = h.newMerchant()
    for (let i = 0; i < 20; i++) await upload(yamlOf(`mine-${i}`))
    expect(stored()).toBe(1)
    await upload(yamlOf('mine-19'), other.key)
    await h.request('PUT', '/sandbox/scenario', { name: 'default' })
    expect(stored()).toBe(1)
    expect((await h.get('/sandbox/scenario', { key: other.key })).body).toMatchObject({ name: 'mine-19', source: 'uploaded' })
    await h.request('PUT', '/sandbox/scenario', { name: 'default' }, { key: other.key })
    expect(stored()).toBe(0)
  })

  it('more distinct uploads than the parse cache holds: each merchant still runs its own, read back without parsing', async () => {
    h = await harness()
    const count = PARSED_CACHE_LIMITS.entries + 20
    const merchants = Array.from({ length: count }, () => h.newMerchant())
    for (const [i, m] of merchants.entries()) expect((await upload(yamlOf(`m-${i}`, i % 2 ? 'account_closed' : 'system_error'), m.key)).status).toBe(200)
    expect(stored()).toBe(count)
    // The first ones have left the cache since: they are read back from their validated form
    // (JSON), not parsed again from the YAML, which is spoiled here to show it.
    h.rt.db.sqlite.prepare("update uploaded_scenarios set yaml = 'not: [yaml' where yaml like '%name: m-0%'").run()
    expect(await failureOf(merchants[0]!.key)).toBe('system_error')
    expect(await failureOf(merchants[1]!.key)).toBe('account_closed')
    expect((await h.get('/sandbox/scenario', { key: merchants[1]!.key })).body.name).toBe('m-1')
  })

  it('distinct uploads do not pile up in memory', async () => {
    setFlagsFromString('--expose_gc')
    const gc = runInNewContext('gc') as () => void
    h = await harness()
    const padded = (i: number) => `name: big-${i}\nseed: ${i}\ndescription: "${'x'.repeat(60 * 1024 - 200)}"\ndefault: { steps: [{ after: 1s, status: paid }] }\n`
    expect((await upload(padded(0))).status).toBe(200)
    gc()
    const before = process.memoryUsage().heapUsed
    // 400 distinct scenarios of 60 KiB: 23 MiB of YAML, held twice over if kept.
    for (let i = 1; i <= 400; i++) expect((await upload(padded(i))).status).toBe(200)
    gc()
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 2 ** 20)
    expect(stored()).toBe(1)
  })

  it('over 64 KiB of YAML is a 400 naming yaml, and changes nothing', async () => {
    h = await harness()
    // 40,000 two-byte characters: under 64 Ki characters, but about 78 KiB.
    const yaml = `${yamlOf('big')}# ${'é'.repeat(40_000)}\n`
    const res = await upload(yaml)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'yaml' })
    expect((await h.get('/sandbox/scenario')).body.source).toBe('shipped')
    expect(stored()).toBe(0)
  })
})
