// return/create and return/retrieve over HTTP: the Return shape field by field, the money it
// reserves, books out and (when returned) books in again, the state machine on the clock
// (default timeline and the magic amounts), its events at a real receiver, a snapshot restore,
// the scenario's `returns` key, and every bad input refused with its param and nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, httpClient, openLoop, T0, type Harness } from '../helpers/harness.js'
import { receiverPool } from '../helpers/receiver.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString()

const deposit = async (amount: number, currency = 'EUR', key?: string) => (await h.post('/sandbox/deposits', { amount, currency }, { key })).body
const createReturn = (depositId: string, opts?: { key?: string; headers?: Record<string, string> }) => h.post('/api/service/return/create', { depositId }, opts)
const retrieve = async (id: string) => (await h.post('/api/service/return/retrieve', { id })).body
const available = async (currency = 'EUR') => (await h.post('/api/service/balance/retrieve', { currency })).body.balances[0].available
const transactions = async () => (await h.post('/api/service/transaction/list', { from: 0, to: 4102444800 })).body.data
const count = (table: string) => (h.rt.db.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n
const reserved = () => h.rt.db.sqlite.prepare('select coalesce(sum(reserved), 0) n from returns').pluck().get()

async function written() {
  return {
    returns: h.rt.db.sqlite.prepare('select id, status, reserved from returns order by id').all(),
    jobs: count('jobs'),
    events: count('webhook_events'),
    balances: h.rt.db.sqlite.prepare('select merchant_id, currency, available, booked from balances order by merchant_id, currency').all(),
    transactions: await transactions(),
  }
}

/** Each account's bookings chain, and the last `after` is what balance/retrieve and the reservations imply. */
async function expectLedgerHolds() {
  const byCurrency = new Map<string, Array<{ balance: { before: string; after: string } }>>()
  for (const t of await transactions()) byCurrency.set(t.currency, [...(byCurrency.get(t.currency) ?? []), t])
  for (const [currency, list] of byCurrency) {
    list.slice(1).forEach((t, i) => expect(t.balance.before).toBe(list[i]!.balance.after))
    const row = h.rt.db.sqlite.prepare('select available, booked from balances where merchant_id = ? and currency = ?').get(h.merchant.id, currency) as { available: number; booked: number }
    const held = h.rt.db.sqlite.prepare("select coalesce(sum(reserved), 0) n from returns where merchant_id = ? and currency = ? and status = 'initiated'").pluck().get(h.merchant.id, currency) as number
    const payouts = h.rt.db.sqlite.prepare("select coalesce(sum(reserved), 0) n from payouts where merchant_id = ? and currency = ? and status in ('pending', 'in_transit')").pluck().get(h.merchant.id, currency) as number
    expect(Number(list.at(-1)!.balance.after.replace('.', ''))).toBe(row.booked)
    expect(row.booked - held - payouts).toBe(row.available)
  }
}

describe('return/create', () => {
  it('answers an initiated Return, reserves the deposit, then succeeds on the clock and books the money out to the payer', async () => {
    const d = await deposit(25.5)
    expect(await available()).toBe(10025.5)
    const ledgerBefore = await transactions()

    const res = await createReturn(d.id)
    expect(res.status).toBe(200)
    const created = res.body
    expect(Object.keys(created).sort()).toEqual(['amount', 'createdAt', 'currency', 'depositId', 'id', 'status'])
    expect(created).toStrictEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), amount: 25.5, createdAt: T0, currency: 'EUR', depositId: d.id, status: 'initiated' })
    expect(await retrieve(created.id)).toStrictEqual(created)
    expect(await available()).toBe(10000)
    expect(await transactions()).toStrictEqual(ledgerBefore)
    expect((await h.post('/api/service/deposit/retrieve', { id: d.id })).body).toStrictEqual({ ...d, returns: [created] })
    await expectLedgerHolds()

    const advanced = (await h.advance('3s')).body
    const fired = advanced.fired.filter((f: { object: string }) => f.object === 'return')
    expect(fired).toStrictEqual([{ object: 'return', id: created.id, from: 'initiated', to: 'succeeded', at: expect.any(String) }])
    const when = fired[0].at
    expect(Date.parse(when) - Date.parse(T0)).toBeGreaterThanOrEqual(1000)
    expect(Date.parse(when) - Date.parse(T0)).toBeLessThanOrEqual(3000)

    const succeeded = await retrieve(created.id)
    expect(Object.keys(succeeded).sort()).toEqual(['amount', 'createdAt', 'currency', 'depositId', 'id', 'status', 'succeededAt', 'transactionId'])
    expect(succeeded).toStrictEqual({ ...created, status: 'succeeded', succeededAt: when, transactionId: expect.any(String) })
    expect(await available()).toBe(10000)
    const ledger = await transactions()
    expect(ledger).toHaveLength(ledgerBefore.length + 1)
    expect(ledger.at(-1)).toStrictEqual({
      id: succeeded.transactionId,
      amount: '25.50',
      balance: { before: '10025.50', after: '10000.00' },
      bankStatementReference: 'RETURN 1',
      creditor: d.payer,
      currency: 'EUR',
      debtor: d.payee,
      side: 'debit',
      transactionDate: Math.floor(Date.parse(when) / 1000),
      paymentProcessId: created.id,
      paymentProcessType: 'deposit_return',
    })
    expect((await h.post('/api/service/deposit/retrieve', { id: d.id })).body.returns).toStrictEqual([succeeded])
    expect(reserved()).toBe(0)
    await expectLedgerHolds()
    // Nothing more is scheduled: a day later it is still succeeded.
    expect((await h.advance('1d')).body.fired).toEqual([])
    expect((await retrieve(created.id)).status).toBe('succeeded')
  })

  it('a deposit ending in .66 fails: the reservation is given back, nothing is booked, and it may be returned again', async () => {
    const d = await deposit(10.66)
    const ledgerBefore = await transactions()
    const first = (await createReturn(d.id)).body
    expect(await available()).toBe(10000)
    await h.advance('3s')
    const failed = await retrieve(first.id)
    expect(Object.keys(failed).sort()).toEqual(['amount', 'createdAt', 'currency', 'depositId', 'failedAt', 'id', 'status'])
    expect(failed).toStrictEqual({ ...first, status: 'failed', failedAt: expect.any(String) })
    expect(Date.parse(failed.failedAt)).toBeGreaterThan(Date.parse(T0))
    expect(await available()).toBe(10010.66)
    expect(await transactions()).toStrictEqual(ledgerBefore)
    expect(reserved()).toBe(0)

    const second = await createReturn(d.id)
    expect(second.status).toBe(200)
    expect(second.body).toMatchObject({ status: 'initiated', depositId: d.id })
    expect((await h.post('/api/service/deposit/retrieve', { id: d.id })).body.returns.map((r: { id: string }) => r.id)).toEqual([first.id, second.body.id])
    await expectLedgerHolds()
  })

  it('a deposit ending in .67 succeeds after 2 s and comes back 30 s later: booked out, then in again', async () => {
    const d = await deposit(40.67, 'GBP')
    const r = (await createReturn(d.id)).body
    expect(await available('GBP')).toBe(10000)
    const first = (await h.advance('2s')).body.fired
    expect(first).toStrictEqual([{ object: 'return', id: r.id, from: 'initiated', to: 'succeeded', at: at(2000) }])
    const second = (await h.advance('30s')).body.fired
    expect(second).toStrictEqual([{ object: 'return', id: r.id, from: 'succeeded', to: 'returned', at: at(32000) }])
    const returned = await retrieve(r.id)
    expect(returned).toStrictEqual({ ...r, status: 'returned', succeededAt: at(2000), transactionId: expect.any(String) })
    expect(await available('GBP')).toBe(10040.67)
    const [out, back] = (await transactions()).slice(-2)
    expect(out).toMatchObject({ id: returned.transactionId, side: 'debit', amount: '40.67', balance: { before: '10040.67', after: '10000.00' }, paymentProcessType: 'deposit_return', paymentProcessId: r.id, creditor: { type: d.payer.type } })
    expect(back).toMatchObject({ side: 'credit', amount: '40.67', balance: { before: '10000.00', after: '10040.67' }, paymentProcessType: 'deposit_return', paymentProcessId: r.id, transactionDate: Date.parse(at(32000)) / 1000 })
    await expectLedgerHolds()
    // Only a failed return may be tried again [sandbox: the brief's rule].
    expect((await createReturn(d.id)).body).toMatchObject({ statusCode: 409, param: 'depositId' })
  })

  it('USDC deposits are returned with six decimals', async () => {
    const d = await deposit(1.234567, 'USDC')
    const r = (await createReturn(d.id)).body
    expect(r).toMatchObject({ amount: 1.234567, currency: 'USDC' })
    await h.advance('3s')
    expect((await transactions()).at(-1)).toMatchObject({ amount: '1.234567', side: 'debit', currency: 'USDC', balance: { after: '0.000000' } })
  })

  it('replays the same answer for the same Idempotency-Key, creating one return', async () => {
    const d = await deposit(5)
    const headers = { 'Idempotency-Key': 'return-once' }
    const first = await createReturn(d.id, { headers })
    const again = await createReturn(d.id, { headers })
    expect(again.status).toBe(200)
    expect(again.body).toStrictEqual(first.body)
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
    expect(count('returns')).toBe(1)
  })

  it('sends return.initiated, return.succeeded, return.failed and return.returned with the Return of that moment to a real receiver', async () => {
    const pool = receiverPool()
    try {
      const r = await pool.start()
      const events = ['return.initiated', 'return.succeeded', 'return.failed', 'return.returned']
      expect((await h.post('/api/service/webhook-subscription/create', { url: r.url, events })).status).toBe(200)
      const ok = (await createReturn((await deposit(3)).id)).body
      const failing = (await createReturn((await deposit(3.66)).id)).body
      const bouncing = (await createReturn((await deposit(3.67)).id)).body
      await h.advance('1m')
      const received = await r.waitFor(6)
      const seen = received.map((e) => [e.json.type, e.json.payload.id]).sort()
      expect(seen).toEqual(
        [
          ['return.initiated', ok.id],
          ['return.initiated', failing.id],
          ['return.initiated', bouncing.id],
          ['return.succeeded', ok.id],
          ['return.failed', failing.id],
          ['return.succeeded', bouncing.id],
        ].sort(),
      )
      await r.waitFor(7)
      const last = r.deliveries.at(-1)!.json
      expect(last).toStrictEqual({ id: expect.any(String), type: 'return.returned', date: at(32000), payload: await retrieve(bouncing.id) })
      const initiated = received.find((e) => e.json.type === 'return.initiated' && e.json.payload.id === ok.id)!
      expect(initiated.json).toStrictEqual({ id: expect.any(String), type: 'return.initiated', date: T0, payload: ok })
      const failed = received.find((e) => e.json.type === 'return.failed')!
      expect(failed.json.payload).toStrictEqual(await retrieve(failing.id))
      expect(r.deliveries.every((e) => r.signedWith(e, h.merchant.secret))).toBe(true)
      expect(r.deliveries).toHaveLength(7)
    } finally {
      await pool.closeAll()
    }
  })
})

describe('bad input', () => {
  it.each([
    ['no depositId', {}, 400, 'depositId'],
    ['an empty depositId', { depositId: '' }, 400, 'depositId'],
    ['a numeric depositId', { depositId: 42 }, 400, 'depositId'],
    ['an unknown depositId', { depositId: '0193f0a4-6c1e-7d2b-9a41-6f1c2b3d4e5f' }, 404, 'depositId'],
  ])('return/create with %s: %i on its param, nothing written', async (_, body, status, param) => {
    await deposit(5)
    const before = await written()
    const res = await h.post('/api/service/return/create', body)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ statusCode: status, param })
    expect(await written()).toStrictEqual(before)
  })

  it("return/create of another merchant's deposit: 404 on depositId, nothing written", async () => {
    const other = h.newMerchant()
    const theirs = await deposit(5, 'EUR', other.key)
    const before = await written()
    const res = await createReturn(theirs.id)
    expect(res).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', param: 'depositId' } })
    expect(await written()).toStrictEqual(before)
  })

  it('a second return while one is initiated or succeeded: 409 on depositId, nothing written', async () => {
    const d = await deposit(5)
    const first = (await createReturn(d.id)).body
    for (const advance of ['0s', '5s']) {
      await h.advance(advance)
      const before = await written()
      const res = await createReturn(d.id)
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({ code: 'CONFLICT', statusCode: 409, param: 'depositId' })
      expect(res.body.message).toContain(first.id)
      expect(await written()).toStrictEqual(before)
    }
  })

  it('[sandbox] a return the available balance does not cover: 409 on depositId, nothing written', async () => {
    const d = await deposit(50)
    // A pending payout holds all but 10 of the EUR balance.
    expect((await h.post('/api/service/payout/create', openLoop(10_040))).body.status).toBe('pending')
    expect(await available()).toBe(10)
    const before = await written()
    const res = await createReturn(d.id)
    expect(res).toMatchObject({ status: 409, body: { code: 'CONFLICT', param: 'depositId' } })
    expect(res.body.message).toMatch(/does not cover/)
    expect(await written()).toStrictEqual(before)
  })

  it("return/retrieve of an unknown id or another merchant's return: 404 on id", async () => {
    const other = h.newMerchant()
    const theirs = (await createReturn((await deposit(5, 'EUR', other.key)).id, { key: other.key })).body
    for (const id of [theirs.id, 'nope']) expect((await h.post('/api/service/return/retrieve', { id })).body).toMatchObject({ statusCode: 404, param: 'id', code: 'NOT_FOUND' })
    expect((await h.post('/api/service/return/retrieve', { id: theirs.id }, { key: other.key })).body).toStrictEqual(theirs)
    expect((await h.post('/api/service/return/retrieve', {})).body).toMatchObject({ statusCode: 400, param: 'id' })
  })

  it('needs the API key', async () => {
    const d = await deposit(5)
    const before = await written()
    expect((await createReturn(d.id, { key: 'ivy_sandbox_nobody' })).status).toBe(401)
    expect(await written()).toStrictEqual(before)
  })
})

describe('snapshots', () => {
  it('a restore brings back the deposit, the initiated return, its reservation and its pending step', async () => {
    const call = await httpClient(h)
    const d = (await call('POST', '/sandbox/deposits', { amount: 12, currency: 'EUR' })).body
    const r = (await call('POST', '/api/service/return/create', { depositId: d.id })).body
    expect((await call('POST', '/sandbox/snapshots', { name: 'returning' })).status).toBe(200)
    await call('POST', '/sandbox/clock/advance', { by: '5s' })
    expect((await retrieve(r.id)).status).toBe('succeeded')

    expect((await call('POST', '/sandbox/snapshots/returning/restore')).status).toBe(200)
    expect(await retrieve(r.id)).toStrictEqual(r)
    expect((await call('POST', '/api/service/deposit/retrieve', { id: d.id })).body).toStrictEqual({ ...d, returns: [r] })
    expect(await available()).toBe(10000)
    await expectLedgerHolds()
    const fired = (await call('POST', '/sandbox/clock/advance', { by: '5s' })).body.fired
    expect(fired.map((f: { id: string; to: string }) => [f.id, f.to])).toEqual([[r.id, 'succeeded']])
    expect((await retrieve(r.id)).status).toBe('succeeded')
    await expectLedgerHolds()
  })
})

describe('forks', () => {
  it('a fork has its own copy of the deposit and its initiated return, under new ids, and runs the return on its own', async () => {
    const d = await deposit(12)
    const r = (await createReturn(d.id)).body
    const fork = await h.post('/sandbox/merchants', { from: h.merchant.id })
    expect(fork.status).toBe(200)
    const key = fork.body.apiKey
    const callFork = (path: string, body: unknown) => h.post(path, body, { key })
    // The source's ids name nothing at the fork.
    expect((await callFork('/api/service/deposit/retrieve', { id: d.id })).status).toBe(404)
    expect((await callFork('/api/service/return/retrieve', { id: r.id })).status).toBe(404)
    const [copy] = h.rt.db.sqlite.prepare('select id from deposits where merchant_id = ?').pluck().all(fork.body.id) as string[]
    const forked = (await callFork('/api/service/deposit/retrieve', { id: copy })).body
    expect(forked).toMatchObject({ amount: 12, currency: 'EUR', payer: d.payer, returns: [{ status: 'initiated', depositId: copy, amount: 12 }] })
    expect(forked.returns[0].id).not.toBe(r.id)
    expect(forked.transactionId).not.toBe(d.transactionId)
    const fired = (await h.advance('5s', key)).body.fired
    expect(fired).toEqual([expect.objectContaining({ object: 'return', id: forked.returns[0].id, to: 'succeeded' })])
    expect((await retrieve(r.id)).status).toBe('initiated')
  })
})

describe("the scenario's returns key", () => {
  const upload = (yaml: string) => h.request('PUT', '/sandbox/scenario', { yaml })
  const base = 'name: mine\nseed: 7\ndefault: { steps: [{ after: 1s, status: paid }] }\n'

  it('decides the timeline by the deposit: its own rules, else its own default', async () => {
    const yaml =
      base +
      'returns:\n' +
      '  rules:\n' +
      '    - { name: slow-gbp, when: { currency: GBP }, then: { steps: [{ after: 1h, status: failed }] } }\n' +
      '    - { name: big, when: { amount: { min: 1000 }, rail: sepa_instant }, then: { steps: [{ after: 10s, status: succeeded }, { after: 1m, status: returned }] } }\n' +
      '  default: { steps: [{ after: 5s, status: succeeded }] }\n'
    expect((await upload(yaml)).status).toBe(200)
    const gbp = (await createReturn((await deposit(1, 'GBP')).id)).body
    const big = (await createReturn((await deposit(1000)).id)).body
    const plain = (await createReturn((await deposit(10.66)).id)).body
    const fired = (await h.advance('2h')).body.fired.map((f: { id: string; to: string; at: string }) => [f.id, f.to, f.at])
    expect(fired).toEqual([
      [plain.id, 'succeeded', at(5_000)],
      [big.id, 'succeeded', at(10_000)],
      [big.id, 'returned', at(70_000)],
      [gbp.id, 'failed', at(3_600_000)],
    ])
    expect(h.rt.db.sqlite.prepare('select rule from returns order by seq').pluck().all()).toEqual(['slow-gbp', 'big', 'default'])
  })

  it.each([
    ['a failed return returned', 'returns: { default: { steps: [{ after: 1s, status: failed }, { after: 1s, status: returned }] } }\n', 'returns.default.steps.1.status'],
    ['an unknown status', 'returns: { default: { steps: [{ after: 1s, status: paid }] } }\n', 'returns.default.steps.0.status'],
    ['cents past 99', 'returns: { rules: [{ name: x, when: { cents: 100 }, then: { steps: [{ after: 1s, status: failed }] } }], default: { steps: [{ after: 1s, status: succeeded }] } }\n', 'returns.rules.0.when'],
    ['an unknown condition', 'returns: { rules: [{ name: x, when: { iban: DE89370400440532013000 }, then: { steps: [{ after: 1s, status: failed }] } }], default: { steps: [{ after: 1s, status: succeeded }] } }\n', 'returns.rules.0.when'],
  ])('refuses %s, with its path', async (_, returns, path) => {
    const res = await upload(base + returns)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ param: 'yaml' })
    expect(res.body.message).toContain(path)
  })
})
