// GET /sandbox/coverage over real HTTP: rule and branch hits, statuses, failure codes, webhook
// outcomes and faults of the caller's merchant, what is never reached in words, and every
// merchant added up without giving any of them away.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, httpClient, IBAN, openLoop, type Harness, type HttpCall } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

/** Two rules (one never matched below), a weighted default, and a standing fault. */
const SCENARIO = `
name: coverage-test
seed: 11
rules:
  - name: closed
    when: { iban: DE66100000000000000101 }
    then:
      steps:
        - { after: 1s, status: failed, failure: account_closed }
  - name: slow
    when: { amount: { min: 5000 } }
    then:
      steps:
        - { after: 1s, status: in_transit }
        - { after: 1h, status: paid }
default:
  branches:
    - { name: ok, weight: 3, steps: [{ after: 2s, status: paid }] }
    - { weight: 1, steps: [{ after: 2s, status: failed, failure: system_error }] }
api:
  faults: [{ path: balance/retrieve, status: 429, when: before, share: 1 }]
`
const CLOSED_IBAN = 'DE66100000000000000101'
const DEFAULT_PAYOUTS = 8

interface Item {
  name: string
  hits: number
  required: boolean
  group?: string
}

let h: Harness
let call: HttpCall
let open: Receiver[]
beforeEach(async () => {
  h = await harness()
  call = await httpClient(h)
  open = []
})
afterEach(async () => {
  await Promise.all(open.map((r) => r.close()))
  await h.close()
})

async function coverage(query = '', key = h.key) {
  const { status, body } = await call('GET', `/sandbox/coverage${query}`, undefined, key)
  expect(status).toBe(200)
  return body
}

const itemsOf = (report: any, kind: string): Item[] => report.kinds.find((k: { kind: string }) => k.kind === kind).items
const item = (report: any, kind: string, name: string) => itemsOf(report, kind).find((i) => i.name === name)

/** Payouts through the scenario: two to the closed account, DEFAULT_PAYOUTS others; then 1 h of clock. */
async function exercise(key = h.key) {
  expect((await call('PUT', '/sandbox/scenario', { yaml: SCENARIO }, key)).status).toBe(200)
  for (let i = 0; i < 2; i++) await call('POST', '/api/service/payout/create', openLoop(10 + i, CLOSED_IBAN), key)
  for (let i = 0; i < DEFAULT_PAYOUTS; i++) await call('POST', '/api/service/payout/create', openLoop(20 + i), key)
  await call('POST', '/sandbox/clock/advance', { by: '1h' }, key)
  const { body } = await call('POST', '/api/service/payout/list', { limit: 100 }, key)
  return body.items as Array<{ status: string; failure?: { code: string } }>
}

describe('one merchant', () => {
  it('counts each rule and branch, status and failure code against what the scenario can produce, and says what was never reached', async () => {
    const payouts = await exercise()
    const systemErrors = payouts.filter((p) => p.failure?.code === 'system_error').length
    const paid = payouts.filter((p) => p.status === 'paid').length
    // The seed draws both default branches for these payouts, so both are exercised below.
    expect(systemErrors).toBeGreaterThan(0)
    expect(paid).toBe(DEFAULT_PAYOUTS - systemErrors)

    const report = await coverage()
    expect(report).toMatchObject({ scope: 'merchant', merchants: 1, scenarios: ['coverage-test'], covered: false })
    expect(itemsOf(report, 'rules')).toEqual([
      { name: 'closed', hits: 2, required: true, group: 'coverage-test' },
      { name: 'slow', hits: 0, required: true, group: 'coverage-test' },
      { name: 'default#ok', hits: paid, required: true, group: 'coverage-test' },
      { name: 'default#2', hits: systemErrors, required: true, group: 'coverage-test' },
    ])
    expect(itemsOf(report, 'statuses')).toEqual([
      { name: 'pending', hits: 2 + DEFAULT_PAYOUTS, required: true, group: 'payout' },
      { name: 'in_transit', hits: 0, required: true, group: 'payout' },
      { name: 'paid', hits: paid, required: true, group: 'payout' },
      { name: 'failed', hits: 2 + systemErrors, required: true, group: 'payout' },
      { name: 'canceled', hits: 0, required: false, group: 'payout' },
    ])
    expect(item(report, 'failureCodes', 'account_closed')).toEqual({ name: 'account_closed', hits: 2, required: true })
    expect(item(report, 'failureCodes', 'system_error')).toEqual({ name: 'system_error', hits: systemErrors, required: true })
    // Not in the scenario: listed for information, never uncovered.
    expect(item(report, 'failureCodes', 'insufficient_funds')).toEqual({ name: 'insufficient_funds', hits: 0, required: false })
    expect(itemsOf(report, 'failureCodes')).toHaveLength(14)
    expect(report.uncovered.map((u: { message: string }) => u.message)).toEqual([
      'rule slow never matched',
      'payout status in_transit never reached',
      'no webhook was delivered on its first attempt',
      'fault balance/retrieve 429 before never injected',
    ])
    expect(report.kinds.map((k: { kind: string; covered: boolean }) => [k.kind, k.covered])).toEqual([
      ['rules', false],
      ['statuses', false],
      ['failureCodes', true],
      ['webhooks', false],
      ['faults', false],
    ])
  })

  it('covers what was missing once it happens; rules of no current scenario and armed faults are listed for information', async () => {
    await exercise()
    const receiver = await startReceiver()
    open.push(receiver)
    await call('POST', '/api/service/webhook-subscription/create', { url: receiver.url })
    await call('POST', '/api/service/payout/create', openLoop(6000))
    await call('POST', '/api/service/balance/retrieve', {}) // the standing fault answers 429
    await call('POST', '/sandbox/faults', { path: 'ping', status: 503, when: 'before' })
    await call('POST', '/api/service/ping', {})
    await call('POST', '/api/service/payout/create', openLoop(1_000_000)) // more than the balance
    await call('POST', '/sandbox/clock/advance', { by: '2h' })

    const report = await coverage()
    expect(report.uncovered).toEqual([])
    expect(report.covered).toBe(true)
    expect(item(report, 'rules', 'slow')).toMatchObject({ hits: 1, required: true })
    expect(item(report, 'rules', 'insufficient-balance')).toEqual({ name: 'insufficient-balance', hits: 1, required: false })
    expect(item(report, 'statuses', 'in_transit')!.hits).toBe(1)
    expect(item(report, 'failureCodes', 'insufficient_funds')).toEqual({ name: 'insufficient_funds', hits: 1, required: false })
    expect(itemsOf(report, 'faults')).toEqual([
      { name: 'balance/retrieve 429 before', hits: 1, required: true },
      { name: 'ping 503 before', hits: 1, required: false },
    ])
    // payout.initiated and payout.paid of the slow payout, payout.initiated and payout.failed of the refused one.
    expect(item(report, 'webhooks', 'deliveredFirstAttempt')).toEqual({ name: 'deliveredFirstAttempt', hits: 4, required: true })
    expect(receiver.deliveries).toHaveLength(4)
  })

  it('is in the OpenAPI document with its query and the report schema', async () => {
    const { body: doc } = await call('GET', '/openapi.json')
    const operation = doc.paths['/sandbox/coverage'].get
    expect(operation).toMatchObject({ operationId: 'sandboxCoverage', tags: ['Sandbox: coverage'] })
    expect(operation.parameters).toEqual([expect.objectContaining({ name: 'merchants', in: 'query', required: false })])
    expect(operation.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CoverageReport' })
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CoverageReport', 'CoverageKind', 'CoverageItem']))
  })

  it('refuses an unknown merchants value and a missing key with the Ivy error body', async () => {
    const bad = await call('GET', '/sandbox/coverage?merchants=some')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ param: 'merchants', code: 'VALIDATION' })
    expect((await call('GET', '/sandbox/coverage', undefined, null)).status).toBe(401)
  })
})

describe('webhook outcomes', () => {
  it('counts first-attempt deliveries, retries, duplicates and reordered events from the chaos the scenario drew', async () => {
    const chaos = `name: all-chaos\nseed: 3\ndefault: { steps: [{ after: 1s, status: paid }] }\nwebhooks: { duplicate: 1, reorder: 1, failFirstAttempt: 1 }\n`
    await call('PUT', '/sandbox/scenario', { yaml: chaos })
    const receiver = await startReceiver()
    open.push(receiver)
    await call('POST', '/api/service/webhook-subscription/create', { url: receiver.url })
    const payouts = 3
    for (let i = 0; i < payouts; i++) await call('POST', '/api/service/payout/create', openLoop(5 + i))
    await call('POST', '/sandbox/clock/advance', { by: '10m' })

    // Each payout: payout.initiated and payout.paid, each held back, sent twice, the first copy's first attempt failed.
    const events = payouts * 2
    const arrivals = new Map<string, number>()
    for (const d of receiver.deliveries) arrivals.set(d.json.id, (arrivals.get(d.json.id) ?? 0) + 1)
    expect([...arrivals.values()]).toEqual(Array(events).fill(2))
    const report = await coverage()
    expect(itemsOf(report, 'webhooks')).toEqual([
      { name: 'deliveredFirstAttempt', hits: events, required: true },
      { name: 'retriedThenDelivered', hits: events, required: true },
      { name: 'givenUp', hits: 0, required: false },
      { name: 'duplicated', hits: events, required: true },
      { name: 'reordered', hits: events, required: true },
    ])
  })

  it('counts deliveries given up after the last retry; a redelivery is neither a duplicate nor reordered', async () => {
    const receiver = (await startReceiver()).otherwise({ status: 500 })
    open.push(receiver)
    await call('PUT', '/sandbox/scenario', { name: 'always-paid' })
    await call('POST', '/api/service/webhook-subscription/create', { url: receiver.url, events: ['payout.paid'] })
    await call('POST', '/api/service/payout/create', openLoop(5))
    await call('POST', '/sandbox/clock/advance', { by: '3d' })
    receiver.otherwise({ status: 200 })
    const { body: events } = await call('GET', '/sandbox/webhooks/events')
    await call('POST', `/sandbox/webhooks/events/${events.items[0].id}/redeliver`)
    await call('POST', '/sandbox/clock/advance', { by: '1s' })
    expect(receiver.deliveries.at(-1)!.json.id).toBe(events.items[0].id)

    const report = await coverage()
    expect(itemsOf(report, 'webhooks')).toEqual([
      { name: 'deliveredFirstAttempt', hits: 1, required: true },
      { name: 'retriedThenDelivered', hits: 0, required: false },
      { name: 'givenUp', hits: 1, required: false },
      { name: 'duplicated', hits: 0, required: false },
      { name: 'reordered', hits: 0, required: false },
    ])
  })
})

describe('?merchants=all', () => {
  it('adds up every merchant that made payouts, and answers names and counts only', async () => {
    const other = h.newMerchant()
    const mine = await exercise()
    const theirs = await exercise(other.key)
    const failedWith = (payouts: typeof mine, code: string) => payouts.filter((p) => p.failure?.code === code).length

    const report = await coverage('?merchants=all')
    expect(report).toMatchObject({ scope: 'all', scenarios: ['coverage-test'] })
    expect(report.merchants).toBeGreaterThanOrEqual(2)
    expect(item(report, 'rules', 'closed')).toMatchObject({ hits: 4, required: true })
    expect(item(report, 'statuses', 'pending')!.hits).toBe(2 * (2 + DEFAULT_PAYOUTS))
    expect(item(report, 'failureCodes', 'account_closed')!.hits).toBe(4)
    expect(item(report, 'failureCodes', 'system_error')!.hits).toBe(failedWith(mine, 'system_error') + failedWith(theirs, 'system_error'))
    // The same for either merchant's key: nothing in it belongs to one of them.
    expect(await coverage('?merchants=all', other.key)).toEqual(report)
    const text = JSON.stringify(report)
    for (const secret of [h.merchant.id, h.key, h.merchant.secret, other.id, other.key, other.secret]) expect(text).not.toContain(secret)

    // Each merchant alone sees its own half.
    expect(item(await coverage(), 'rules', 'closed')!.hits).toBe(2)
  })

  it('requires the rules of every scenario in use, naming the scenario when there are several', async () => {
    const other = h.newMerchant({ scenario: 'always-paid' })
    await exercise()
    await call('POST', '/api/service/payout/create', openLoop(5, IBAN.FR), other.key)
    const report = await coverage('?merchants=all')
    expect(report.scenarios.sort()).toEqual(['always-paid', 'coverage-test'])
    expect(report.uncovered.map((u: { message: string }) => u.message)).toContain('rule slow never matched in scenario coverage-test')
    const alwaysPaid = itemsOf(report, 'rules').filter((i) => i.group === 'always-paid')
    expect(alwaysPaid.every((i) => i.required)).toBe(true)
    expect(alwaysPaid.reduce((sum, i) => sum + i.hits, 0)).toBe(1)
  })
})
