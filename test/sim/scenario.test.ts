// Scenario files: each step kind and status path, first-match rules and their conditions,
// weighted branches, determinism, uploading and refusing files.
import { readdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { SCENARIOS_DIR } from '../../src/package-files.js'
import { harness, IBAN, openLoop, T0, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const ms = (iso: string) => Date.parse(iso) - Date.parse(T0)

async function upload(yaml: string, key?: string) {
  return h.request('PUT', '/sandbox/scenario', { yaml }, { key })
}

async function history(id: string, key?: string) {
  const { body } = await h.get(`/sandbox/events?payoutId=${id}`, { key })
  return (body.items as Array<{ from: string | null; to: string; at: string; rule: string; reasonCode: string | null }>).reverse()
}

const SCENARIO = `
name: steps
seed: 5
rules:
  - name: fixed
    when: { amount: 1 }
    then: { steps: [{ after: 2s, status: in_transit }, { after: 3s, status: paid }] }
  - name: uniform
    when: { amount: 2 }
    then: { steps: [{ after: { uniform: { min: 10s, max: 20s } }, status: paid }] }
  - name: lognormal
    when: { amount: 3 }
    then: { steps: [{ after: { lognormal: { median: 5s, sigma: 0.5, max: 30s } }, status: paid }] }
  - name: business-days
    when: { amount: 4 }
    then: { steps: [{ after: { businessDays: 2, at: "09:30" }, status: paid }] }
  - name: rejected
    when: { amount: 5 }
    then: { steps: [{ after: 1s, status: in_transit }, { after: 1s, status: failed, failure: account_blocked, reason: AC06 }] }
  - name: refused-at-once
    when: { amount: 6 }
    then: { steps: [{ after: 0s, status: failed, failure: invalid_instruction, reason: FF01 }] }
  - name: expires
    when: { amount: 7 }
    then: { steps: [{ after: 15m, status: canceled }] }
  - name: returned
    when: { amount: 8 }
    then: { steps: [{ after: 1s, status: paid }, { after: 2d, status: returned, failure: account_closed, reason: AC04 }] }
default:
  steps: [{ after: 1s, status: paid }]
`

describe('step kinds and status paths', () => {
  it.each([
    [1, [['pending', 'in_transit', 2_000], ['in_transit', 'paid', 5_000]], 'fixed'],
    [5, [['pending', 'in_transit', 1_000], ['in_transit', 'failed', 2_000]], 'rejected'],
    [6, [['pending', 'failed', 0]], 'refused-at-once'],
    [7, [['pending', 'canceled', 900_000]], 'expires'],
    [8, [['pending', 'paid', 1_000], ['paid', 'failed', 1_000 + 2 * 86_400_000]], 'returned'],
    [9, [['pending', 'paid', 1_000]], 'default'],
  ])('amount %d follows its timeline exactly', async (amount, path, rule) => {
    h = await harness()
    expect((await upload(SCENARIO)).status).toBe(200)
    const { body } = await h.post('/api/service/payout/create', openLoop(amount))
    await h.advance('7d')
    const steps = (await history(body.id)).slice(1)
    expect(steps.map((s) => [s.from, s.to, ms(s.at)])).toEqual(path)
    expect(steps.every((s) => s.rule === rule)).toBe(true)
  })

  it('a uniform delay falls in its range, a lognormal one near its median and under its cap', async () => {
    h = await harness()
    await upload(SCENARIO)
    const ids = { uniform: [] as string[], lognormal: [] as string[] }
    for (let i = 0; i < 40; i++) {
      ids.uniform.push((await h.post('/api/service/payout/create', openLoop(2))).body.id)
      ids.lognormal.push((await h.post('/api/service/payout/create', openLoop(3))).body.id)
    }
    await h.advance('1m')
    const delays = async (list: string[]) => Promise.all(list.map(async (id) => ms((await history(id))[1]!.at)))
    const uniform = await delays(ids.uniform)
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10_000)
    expect(Math.max(...uniform)).toBeLessThanOrEqual(20_000)
    expect(new Set(uniform).size).toBeGreaterThan(30)
    const lognormal = (await delays(ids.lognormal)).sort((a, b) => a - b)
    const median = lognormal[20]!
    expect(median).toBeGreaterThan(3_500)
    expect(median).toBeLessThan(7_000)
    expect(Math.max(...lognormal)).toBeLessThanOrEqual(30_000)
  })

  it('business days skip a weekend and a TARGET holiday', async () => {
    // Thursday 2 April 2026: Good Friday and Easter Monday are TARGET holidays, then the weekend.
    h = await harness({ merchant: { clock: { mode: 'frozen', now: '2026-04-02T15:00:00Z' } } })
    await upload(SCENARIO)
    const { body } = await h.post('/api/service/payout/create', openLoop(4))
    await h.advance('10d')
    expect((await history(body.id))[1]).toMatchObject({ to: 'paid', at: '2026-04-08T09:30:00.000Z' })
  })

  it('the failure code reaches the Payout and the ISO reason code stays in the journal', async () => {
    h = await harness()
    await upload(SCENARIO)
    const { body } = await h.post('/api/service/payout/create', openLoop(5))
    await h.advance('1m')
    const payout = (await h.post('/api/service/payout/retrieve', { id: body.id })).body
    expect(payout.failure).toEqual({ code: 'account_blocked', message: expect.any(String), retry: false })
    expect(JSON.stringify(payout)).not.toContain('AC06')
    expect((await history(body.id)).at(-1)).toMatchObject({ reasonCode: 'AC06' })
  })
})

describe('rules', () => {
  const RULES = `
name: rules
seed: 1
rules:
  - { name: by-range, when: { amount: { min: 100, max: 200 } }, then: &a { steps: [{ after: 1s, status: paid }] } }
  - { name: by-currency-and-type, when: { currency: GBP, destinationType: sort_code }, then: *a }
  - { name: by-country, when: { country: [FR, NL] }, then: *a }
  - { name: by-iban, when: { iban: "${IBAN.DE2}" }, then: *a }
  - { name: by-holder, when: { accountHolderName: { pattern: "^acme" } }, then: *a }
  - { name: by-reference, when: { paymentReference: { pattern: "^RISK-" } }, then: *a }
  - { name: by-metadata, when: { metadata: { tier: gold } }, then: *a }
  - { name: by-rail, when: { rail: SEPA }, then: *a }
  - { name: by-payout-type, when: { payoutType: beneficiary }, then: *a }
  - { name: either-block, when: [{ amount: 42 }, { amount: 43 }], then: *a }
  - { name: first-wins, when: { amount: 150 }, then: *a }
default: *a
`
  it.each([
    [openLoop(150), 'by-range'],
    [{ amount: 10, currency: 'GBP', destination: { financialAddress: { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'X' } } } }, 'by-currency-and-type'],
    [openLoop(10, IBAN.NL), 'by-country'],
    [openLoop(10, IBAN.FR), 'by-country'],
    [openLoop(10, 'de93 5001 0517 6719 4515 85'), 'by-iban'],
    [{ ...openLoop(10), destination: { financialAddress: { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'ACME Trading GmbH' } } } }, 'by-holder'],
    [openLoop(10, IBAN.DE, { paymentReference: 'RISK-1' }), 'by-reference'],
    [openLoop(10, IBAN.DE, { metadata: { tier: 'gold' } }), 'by-metadata'],
    [openLoop(10, IBAN.DE, { rail: 'SEPA' }), 'by-rail'],
    [{ ...openLoop(10), destination: { ...openLoop(10).destination, type: 'beneficiary' } }, 'by-payout-type'],
    [openLoop(43), 'either-block'],
    [openLoop(10, IBAN.DE, { metadata: { tier: 'silver' }, rail: 'SEPA_INSTANT' }), 'default'],
  ])('%j is decided by %s', async (request, rule) => {
    h = await harness()
    expect((await upload(RULES)).status).toBe(200)
    const { body } = await h.post('/api/service/payout/create', request)
    expect(body.id).toEqual(expect.any(String))
    expect((await history(body.id))[0]!.rule).toBe(rule)
  })

  it('weighted branches are drawn with the seed, in about their proportions', async () => {
    h = await harness()
    await upload(`
name: branches
seed: 3
default:
  branches:
    - { name: often, weight: 3, steps: [{ after: 1s, status: paid }] }
    - { name: rarely, weight: 1, steps: [{ after: 1s, status: failed, failure: unknown }] }
`)
    const rules: string[] = []
    for (let i = 0; i < 200; i++) rules.push((await history((await h.post('/api/service/payout/create', openLoop(1))).body.id))[0]!.rule)
    const often = rules.filter((r) => r === 'default#often').length
    expect(often + rules.filter((r) => r === 'default#rarely').length).toBe(200)
    expect(often).toBeGreaterThan(125)
    expect(often).toBeLessThan(175)
  })
})

describe('determinism', () => {
  async function run(scenario: string, seed?: number) {
    const sandbox = await harness({ merchant: { scenario, seed, clock: { mode: 'frozen', now: T0 } } })
    try {
      for (let i = 0; i < 60; i++) {
        const currency = i % 3 === 0 ? 'GBP' : 'EUR'
        const financialAddress =
          currency === 'GBP'
            ? { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'Jane Doe' } }
            : { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe' } }
        await sandbox.post('/api/service/payout/create', { amount: 10 + i, currency, destination: { financialAddress } })
        await sandbox.advance('7s')
      }
      await sandbox.advance('5d')
      const rows = sandbox.rt.db.sqlite
        .prepare('select p.seq, j.from_status, j.to_status, j.at - p.created_at as after, j.rule, j.reason_code from journal j join payouts p on p.id = j.payout_id order by j.id')
        .all()
      return rows
    } finally {
      await sandbox.close()
    }
  }

  it.each(['default', 'slow-and-failing', 'instant-fallback'])('%s: two runs with the same seed write identical journals', async (scenario) => {
    const first = await run(scenario)
    const second = await run(scenario)
    expect(first.length).toBeGreaterThan(120)
    expect(second).toEqual(first)
  })

  it('another seed gives other timings', async () => {
    const first = await run('slow-and-failing', 1)
    const second = await run('slow-and-failing', 2)
    expect(second).not.toEqual(first)
  })
})

describe('choosing and uploading scenarios', () => {
  it('GET /sandbox/scenario shows the active scenario; PUT switches to a shipped one', async () => {
    h = await harness()
    const { body } = await h.get('/sandbox/scenario')
    expect(body).toMatchObject({ name: 'default', source: 'shipped', seed: 20251005 })
    expect(body.rules).toContain('magic-account-closed')
    expect(body.shipped).toEqual(expect.arrayContaining(['default', 'always-paid', 'instant-fallback', 'slow-and-failing', 'webhook-chaos']))
    const put = await h.request('PUT', '/sandbox/scenario', { name: 'always-paid', seed: 77 })
    expect(put.body).toMatchObject({ name: 'always-paid', source: 'shipped', seed: 77 })
    expect((await h.get('/sandbox/scenario')).body.name).toBe('always-paid')
  })

  it('an unknown shipped name is refused', async () => {
    h = await harness()
    const res = await h.request('PUT', '/sandbox/scenario', { name: 'nope' })
    expect(res.status).toBe(400)
    expect(res.body.param).toBe('name')
    expect((await h.get('/sandbox/scenario')).body.name).toBe('default')
  })

  it.each([
    ['a YAML syntax error', 'name: x\nseed: 1\ndefault: { steps: [\n', 4, ''],
    ['an unknown field', 'name: x\nseed: 1\ncolour: red\ndefault: { steps: [{ after: 1s, status: paid }] }\n', 3, 'colour'],
    ['an unknown field deep inside a rule', 'name: x\nseed: 1\nrules:\n  - name: r\n    when:\n      amount:\n        min: 1\n        mx: 5\n    then: { steps: [{ after: 1s, status: paid }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n', 8, 'rules.0.when.amount.mx'],
    ['a merge key of a scalar', 'name: x\nseed: 1\ndefault:\n  <<: 5\n  steps: [{ after: 1s, status: paid }]\n', 1, ''],
    ['an alias bomb', `name: x\nseed: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n${[...'bcdefg'].map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`).join('\n')}\ndefault: { steps: [{ after: 1s, status: paid }] }\n`, 1, ''],
    ['a bad duration', 'name: x\nseed: 1\ndefault:\n  steps:\n    - { after: 5 minutes, status: paid }\n', 5, 'default.steps.0.after'],
    ['an impossible path', 'name: x\nseed: 1\ndefault:\n  steps:\n    - { after: 1s, status: paid }\n    - { after: 1s, status: canceled }\n', 6, 'default.steps.1.status'],
    ['a failure without a code', 'name: x\nseed: 1\ndefault:\n  steps:\n    - { after: 1s, status: failed }\n', 5, 'default.steps.0.failure'],
    ['an unknown failure code', 'name: x\nseed: 1\ndefault:\n  steps:\n    - { after: 1s, status: failed, failure: oops }\n', 5, 'default.steps.0.failure'],
    ['a bad currency in a rule', 'name: x\nseed: 1\nrules:\n  - name: r\n    when: { currency: eur }\n    then: { steps: [{ after: 1s, status: paid }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n', 5, 'rules.0.when.currency'],
    ['a pattern RE2 cannot run', 'name: x\nseed: 1\nrules:\n  - name: r\n    when: { accountHolderName: { pattern: "^(?=a)" } }\n    then: { steps: [{ after: 1s, status: paid }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n', 5, 'rules.0.when.accountHolderName.pattern'],
    ['a rule name used twice', 'name: x\nseed: 1\nrules:\n  - { name: r, when: { amount: 1 }, then: { steps: [{ after: 1s, status: paid }] } }\n  - { name: r, when: { amount: 2 }, then: { steps: [{ after: 1s, status: paid }] } }\ndefault: { steps: [{ after: 1s, status: paid }] }\n', 5, 'rules.1.name'],
  ])('refuses %s with its line and path, and changes nothing', async (_, yaml, line, path) => {
    h = await harness()
    const res = await upload(yaml)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'yaml' })
    expect(res.body.data.line).toBe(line)
    if (path) expect(res.body.data.path).toBe(path)
    expect(res.body.message).toContain(`:${line}:`)
    expect((await h.get('/sandbox/scenario')).body).toMatchObject({ name: 'default', source: 'shipped' })
  })

  it('an uploaded scenario decides the next payouts and survives as the merchant\'s own', async () => {
    h = await harness()
    const yaml = 'name: all-fail\nseed: 9\ndefault:\n  steps:\n    - { after: 2s, status: failed, failure: system_error }\n'
    expect((await upload(yaml)).body).toMatchObject({ name: 'all-fail', source: 'uploaded', seed: 9, yaml })
    const { body } = await h.post('/api/service/payout/create', openLoop(1))
    await h.advance('3s')
    expect((await h.post('/api/service/payout/retrieve', { id: body.id })).body.failure.code).toBe('system_error')
    const other = h.newMerchant()
    expect((await h.get('/sandbox/scenario', { key: other.key })).body.name).toBe('default')
  })
})

describe('shipped scenarios', () => {
  const shipped = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace('.yaml', ''))

  it.each(shipped)('%s loads and settles every payout it is given within 10 days', async (scenario) => {
    h = await harness({ merchant: { scenario, clock: { mode: 'frozen', now: T0 } } })
    const ids: string[] = []
    for (let i = 0; i < 30; i++) ids.push((await h.post('/api/service/payout/create', openLoop(1 + i, i % 2 ? IBAN.DE : IBAN.NL))).body.id)
    await h.advance('10d')
    for (const id of ids) {
      const { body } = await h.post('/api/service/payout/retrieve', { id })
      expect(['paid', 'failed', 'canceled']).toContain(body.status)
    }
  })

  it('always-paid pays every payout', async () => {
    h = await harness({ merchant: { scenario: 'always-paid' } })
    const ids = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await h.post('/api/service/payout/create', openLoop(1 + i))).body.id))
    await h.advance('1m')
    for (const id of ids) expect((await h.post('/api/service/payout/retrieve', { id })).body.status).toBe('paid')
  })

  it('instant-fallback: an unreachable bank falls back to the next business day; instant-only fails', async () => {
    // Friday afternoon: the fallback settles on Monday at 09:00.
    h = await harness({ merchant: { scenario: 'instant-fallback', clock: { mode: 'frozen', now: '2026-03-06T16:00:00Z' } } })
    const preferred = (await h.post('/api/service/payout/create', openLoop(10, 'DE91200000000000000001'))).body.id
    const only = (await h.post('/api/service/payout/create', openLoop(10, 'DE91200000000000000001', { rail: 'SEPA_INSTANT' }))).body.id
    await h.advance('4d')
    expect((await history(preferred)).at(-1)).toMatchObject({ to: 'paid', at: '2026-03-09T09:00:00.000Z' })
    expect((await history(only)).at(-1)).toMatchObject({ to: 'failed', reasonCode: 'CNOR' })
  })
})

describe('shipped scenario files', () => {
  it('are read when first used, and a file not named after its scenario is refused when read or checked', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { ShippedScenarios } = await import('../../src/sim/scenario/load.js')
    const dir = mkdtempSync(join(tmpdir(), 'ivy-shipped-'))
    try {
      writeFileSync(join(dir, 'fine.yaml'), 'name: fine\nseed: 1\ndefault: { steps: [{ after: 1s, status: paid }] }\n')
      writeFileSync(join(dir, 'wrong.yaml'), 'name: right\nseed: 1\ndefault: { steps: [{ after: 1s, status: paid }] }\n')
      const shipped = new ShippedScenarios(dir)
      expect(shipped.names()).toEqual(['fine', 'wrong'])
      expect(shipped.get('fine')?.name).toBe('fine')
      expect(() => shipped.get('wrong')).toThrow('wrong.yaml: the scenario\'s name is "right"; name the file right.yaml')
      expect(() => new ShippedScenarios(dir).checkAll()).toThrow('name the file right.yaml')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
