// Scenario patterns run on a linear-time engine: a pattern that would backtrack for seconds or
// minutes on a backtracking engine answers at once, and other merchants are not held up.
// Patterns RE2 cannot run are refused at load, with their line and column.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const scenario = (when: string) =>
  `name: hostile\nseed: 1\nrules:\n  - name: trap\n    when: ${when}\n    then: { steps: [{ after: 1s, status: failed, failure: account_closed }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n`

const toHolder = (accountHolderName: string) => ({
  amount: 1,
  currency: 'EUR',
  destination: { financialAddress: { type: 'iban', iban: { iban: IBAN.DE, accountHolderName } } },
})

/** POSTs over the real port and times the answer in wall milliseconds. */
async function timed(url: string, path: string, body: unknown, key: string) {
  const start = performance.now()
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Ivy-Api-Key': key }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json(), ms: performance.now() - start }
}

describe('a hostile scenario pattern', () => {
  it.each([
    ['^(a|a)+$ on a holder name of 28 a and a "!"', '{ accountHolderName: { pattern: "^(a|a)+$" } }', toHolder(`${'a'.repeat(28)}!`)],
    ['a.*a.*a.*=$ on a long metadata value', '{ metadata: { note: { pattern: "a.*a.*a.*=$" } } }', openLoop(1, IBAN.DE, { metadata: { note: 'a'.repeat(400) } })],
  ])("%s: the payout answers within a second and another merchant's ping is not held up", async (_, when, payout) => {
    h = await harness()
    const url = await h.serve()
    expect((await h.request('PUT', '/sandbox/scenario', { yaml: scenario(when) })).status).toBe(200)
    const other = h.newMerchant()
    const [hostile, ping] = await Promise.all([
      timed(url, '/api/service/payout/create', payout, h.key),
      timed(url, '/api/service/ping', {}, other.key),
    ])
    expect(hostile.status).toBe(200)
    expect(ping.status).toBe(200)
    expect(hostile.ms).toBeLessThan(1_000)
    expect(ping.ms).toBeLessThan(1_000)
    // The pattern did not match, so the payout took the default path.
    await h.advance('2s')
    expect((await h.post('/api/service/payout/retrieve', { id: hostile.body.id })).body.status).toBe('paid')
  })

  it('still matches what it should, ignoring case', async () => {
    h = await harness()
    await h.request('PUT', '/sandbox/scenario', { yaml: scenario('{ accountHolderName: { pattern: "^(a|a)+$" } }') })
    const { body } = await h.post('/api/service/payout/create', toHolder('AaAa'))
    await h.advance('2s')
    expect((await h.post('/api/service/payout/retrieve', { id: body.id })).body.failure.code).toBe('account_closed')
  })

  it.each([
    ['a backreference', '(a)\\\\1'],
    ['a lookahead', '^(?=acme)'],
    ['a lookbehind', '(?<!x)acme'],
    ['a pattern longer than 1,000 characters', 'a'.repeat(1_001)],
  ])('%s is refused at load with its line and column', async (_, pattern) => {
    h = await harness()
    const res = await h.request('PUT', '/sandbox/scenario', { yaml: scenario(`{ accountHolderName: { pattern: "${pattern}" } }`) })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'yaml' })
    expect(res.body.data).toMatchObject({ line: 5, path: 'rules.0.when.accountHolderName.pattern' })
    expect(res.body.data.column).toBeGreaterThan(1)
    expect((await h.get('/sandbox/scenario')).body.source).toBe('shipped')
  })
})

describe('metadata conditions', () => {
  it('compare objects as JSON and see only the payout\'s own keys', async () => {
    h = await harness()
    const yaml = `name: meta\nseed: 1\nrules:\n  - name: by-json\n    when: { metadata: { order: { pattern: '"id":7' } } }\n    then: { steps: [{ after: 1s, status: failed, failure: account_closed }] }\n  - name: by-inherited-key\n    when: { metadata: { toString: { pattern: "native" } } }\n    then: { steps: [{ after: 1s, status: canceled }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n`
    expect((await h.request('PUT', '/sandbox/scenario', { yaml })).status).toBe(200)
    const json = (await h.post('/api/service/payout/create', openLoop(1, IBAN.DE, { metadata: { order: { id: 7 } } }))).body.id
    const plain = (await h.post('/api/service/payout/create', openLoop(1, IBAN.DE, { metadata: { other: 'x' } }))).body.id
    await h.advance('2s')
    expect((await h.post('/api/service/payout/retrieve', { id: json })).body.status).toBe('failed')
    expect((await h.post('/api/service/payout/retrieve', { id: plain })).body.status).toBe('paid')
  })
})
