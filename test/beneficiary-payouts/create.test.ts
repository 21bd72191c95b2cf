// beneficiary-payout/create: sweeps every available balance to the merchant's beneficiary
// account in its currency, one payout each, taking no body at all (as Ivy's SDK sends it).
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FinancialAddress } from '../../src/financial-address/schemas.js'
import { credit } from '../../src/ledger/service.js'
import { findMerchant } from '../../src/merchants/repo.js'
import { harness, IBAN, openLoop, T0, type Harness } from '../helpers/harness.js'
import { receiverPool } from '../helpers/receiver.js'

const PATH = '/api/service/beneficiary-payout/create'
const ALL_TIME = { from: 0, to: 4102444800 }
const EUR_ACCOUNT = { type: 'iban', iban: { iban: IBAN.NL, accountHolderName: 'Sweep GmbH' } } as const
const GBP_ACCOUNT = { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'Sweep Ltd' } } as const

let h: Harness
const pool = receiverPool()
beforeEach(async () => {
  h = await harness({
    merchant: { scenario: 'always-paid', balances: { EUR: 1250.5, GBP: 80, USD: 0, USDC: 3.5 }, beneficiaryAccounts: { EUR: EUR_ACCOUNT, GBP: GBP_ACCOUNT } },
  })
})
afterEach(async () => {
  await pool.closeAll()
  await h.close()
})

/** The headers Ivy's Node SDK (2.7.0) sends with a call that has no params: no body, no Content-Type. */
const sdkHeaders = (key: string) => ({
  'X-Ivy-Api-Key': key,
  'Idempotency-Key': `stainless-node-retry-${randomUUID()}`,
  Accept: 'application/json',
  'User-Agent': 'Ivy/JS 2.7.0',
  'X-Stainless-Retry-Count': '0',
  'X-Stainless-Timeout': '60',
  'X-Stainless-Lang': 'js',
  'X-Stainless-Package-Version': '2.7.0',
  'X-Stainless-OS': 'Linux',
  'X-Stainless-Arch': 'x64',
  'X-Stainless-Runtime': 'node',
  'X-Stainless-Runtime-Version': 'v20.0.0',
})

const balances = async () => (await h.post('/api/service/balance/retrieve', {})).body.balances
const sweep = () => h.post(PATH, undefined)

describe('beneficiary-payout/create', () => {
  it('takes the POST as the SDK sends it over HTTP (no body, no Content-Type) and answers a top-level array of BeneficiaryPayout', async () => {
    const url = await h.serve()
    const headers = sdkHeaders(h.key)
    const res = await fetch(url + PATH, { method: 'POST', headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const body = (await res.json()) as Array<Record<string, unknown>>
    expect(Array.isArray(body)).toBe(true)
    expect(body.map((p) => p.currency)).toEqual(['EUR', 'GBP'])
    const referenceId = body[0]!.referenceId as string
    expect(body[0]).toEqual({
      id: expect.any(String),
      amount: 1250.5,
      createdAt: T0,
      currency: 'EUR',
      description: "Payout of the available EUR balance to the merchant's beneficiary account",
      merchant: h.merchant.id,
      referenceId,
      statementDescriptor: `IVY PAYOUT ${referenceId.slice(0, 8).toUpperCase()}`,
      status: 'pending',
      type: 'merchant',
    })
    expect(Object.keys(body[1]!).sort()).toEqual(['amount', 'createdAt', 'currency', 'description', 'id', 'merchant', 'referenceId', 'statementDescriptor', 'status', 'type'])
    expect(body[1]).toMatchObject({ amount: 80, currency: 'GBP', referenceId, type: 'merchant', status: 'pending' })

    // The SDK's retry of that call (same key, still no body) replays it; nothing is paid twice.
    const retry = await fetch(url + PATH, { method: 'POST', headers: { ...headers, 'X-Stainless-Retry-Count': '1' } })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await retry.json()).toEqual(body)
    // A new call finds nothing left to sweep.
    const again = await fetch(url + PATH, { method: 'POST', headers: sdkHeaders(h.key) })
    expect(await again.json()).toEqual([])
    expect((await h.post('/api/service/payout/list', { type: 'beneficiary-payout' })).body.count).toBe(2)
  })

  it('is documented in /openapi.json without a request body, answering an array of BeneficiaryPayout', async () => {
    const doc = (await h.get('/openapi.json')).body
    const op = doc.paths[PATH].post
    expect(op.requestBody).toBeUndefined()
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/BeneficiaryPayoutList' })
    const item = doc.components.schemas.BeneficiaryPayout
    expect(item.required.sort()).toEqual(['amount', 'createdAt', 'currency', 'description', 'id', 'merchant', 'referenceId', 'statementDescriptor', 'status', 'type'])
    expect(Object.keys(item.properties).sort()).toEqual(item.required.sort())
    expect(item.properties.currency.enum).toEqual(['EUR', 'USD', 'GBP', 'PLN', 'SEK', 'DKK'])
  })

  it('a JSON body, empty or not, is no harm; no key is a 401 and sweeps nothing', async () => {
    expect((await h.post(PATH, undefined, { key: null })).status).toBe(401)
    expect((await h.post(PATH, {})).body).toHaveLength(2)
    expect((await h.post(PATH, {}, { headers: { 'content-type': 'application/json' } })).body).toEqual([])
  })

  it('sweeps each available balance to its beneficiary account: the balance goes to 0, USDC and zero balances stay out', async () => {
    const before = await balances()
    expect(before).toEqual([
      { available: 1250.5, currency: 'EUR' },
      { available: 80, currency: 'GBP' },
      { available: 0, currency: 'USD' },
      { available: 3.5, currency: 'USDC' },
    ])
    const swept = (await sweep()).body as Array<{ id: string; currency: string }>
    expect(await balances()).toEqual([
      { available: 0, currency: 'EUR' },
      { available: 0, currency: 'GBP' },
      { available: 0, currency: 'USD' },
      { available: 3.5, currency: 'USDC' },
    ])
    const payouts = await Promise.all(swept.map(async (p) => (await h.post('/api/service/payout/retrieve', { id: p.id })).body))
    expect(payouts[0]).toMatchObject({ type: 'beneficiary', status: 'pending', amount: 1250.5, currency: 'EUR', destination: EUR_ACCOUNT })
    expect(payouts[1]).toMatchObject({ type: 'beneficiary', status: 'pending', amount: 80, currency: 'GBP', destination: GBP_ACCOUNT })
    expect(payouts[0].paymentReference).toBe((swept[0] as { statementDescriptor?: string }).statementDescriptor)
  })

  it('the payouts run like any payout: paid after an advance, booked as merchant_payout debits with before and after', async () => {
    const swept = (await sweep()).body as Array<{ id: string; currency: string; statementDescriptor: string }>
    expect((await h.post('/api/service/transaction/list', ALL_TIME)).body.data.filter((t: { side: string }) => t.side === 'debit')).toEqual([])
    await h.advance('1m')
    const paid = await Promise.all(swept.map(async (p) => (await h.post('/api/service/payout/retrieve', { id: p.id })).body))
    expect(paid.map((p) => p.status)).toEqual(['paid', 'paid'])
    const debits = (await h.post('/api/service/transaction/list', ALL_TIME)).body.data.filter((t: { side: string }) => t.side === 'debit')
    expect(debits).toHaveLength(2)
    const eur = debits.find((t: { currency: string }) => t.currency === 'EUR')
    expect(eur).toMatchObject({
      id: paid[0].transactionId,
      amount: '1250.50',
      balance: { before: '1250.50', after: '0.00' },
      bankStatementReference: swept[0]!.statementDescriptor,
      creditor: EUR_ACCOUNT,
      paymentProcessId: swept[0]!.id,
      paymentProcessType: 'merchant_payout',
    })
    const gbp = debits.find((t: { currency: string }) => t.currency === 'GBP')
    expect(gbp).toMatchObject({ amount: '80.00', balance: { before: '80.00', after: '0.00' }, paymentProcessType: 'merchant_payout', creditor: GBP_ACCOUNT })
    // GET /sandbox/merchant shows the accounts emptied, in booked money as in available.
    const accounts = (await h.get('/sandbox/merchant')).body.accounts
    expect(accounts.find((a: { currency: string }) => a.currency === 'EUR')).toMatchObject({ available: 0, booked: 0 })
  })

  it('payout/list shows them with type beneficiary; the customer-payout filter leaves them out', async () => {
    const customer = (await h.post('/api/service/payout/create', openLoop(50))).body
    const swept = (await sweep()).body as Array<{ id: string }>
    const beneficiary = (await h.post('/api/service/payout/list', { type: 'beneficiary-payout' })).body
    expect(beneficiary.count).toBe(2)
    expect(beneficiary.items.map((p: { id: string }) => p.id)).toEqual(swept.map((p) => p.id).reverse())
    expect(beneficiary.items.every((p: { type: string }) => p.type === 'beneficiary')).toBe(true)
    const customers = (await h.post('/api/service/payout/list', { type: 'customer-payout' })).body
    expect(customers.items.map((p: { id: string }) => p.id)).toEqual([customer.id])
    // The customer payout reserved 50 first; the sweep took the rest.
    expect(swept.length).toBe(2)
    expect((await h.post('/api/service/payout/retrieve', { id: swept[0]!.id })).body.amount).toBe(1200.5)
  })

  it('USD goes to the invented ABA account, over SWIFT, and is paid', async () => {
    const m = await h.newMerchant({ scenario: 'always-paid', balances: { USD: 99.99 } })
    const { beneficiaryAccounts } = (await h.get('/sandbox/merchant', { key: m.key })).body
    expect(beneficiaryAccounts.USD.type).toBe('aba')
    const [payout] = (await h.post(PATH, undefined, { key: m.key })).body
    expect(payout).toMatchObject({ currency: 'USD', amount: 99.99, status: 'pending', type: 'merchant' })
    await h.advance('1m', m.key)
    expect((await h.post('/api/service/payout/retrieve', { id: payout.id }, { key: m.key })).body).toMatchObject({ status: 'paid', destination: beneficiaryAccounts.USD })
  })

  it('nothing available answers [] and writes nothing', async () => {
    const empty = await h.newMerchant({ balances: {} })
    const res = await h.post(PATH, undefined, { key: empty.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual([])
    expect((await h.post('/api/service/payout/list', {}, { key: empty.key })).body.count).toBe(0)
    expect((await h.post('/api/service/transaction/list', ALL_TIME, { key: empty.key })).body.data).toEqual([])
  })

  it('needs no open loop: a merchant without it still sweeps to its own account', async () => {
    const closed = await h.newMerchant({ openLoop: false, balances: { EUR: 10 } })
    expect((await h.post('/api/service/payout/create', openLoop(1), { key: closed.key })).status).toBe(403)
    const res = await h.post(PATH, undefined, { key: closed.key })
    expect(res.body).toMatchObject([{ currency: 'EUR', amount: 10 }])
  })

  it('PLN, SEK and DKK (from paid orders) are swept too, on EXPRESS_ELIXIR, SEK_ACCOUNT_TO_ACCOUNT and STRAKSCLEARING, and get paid', async () => {
    const m = await h.newMerchant({ balances: {} })
    // A scenario naming each rail tells which rail each payout took (its rule is in the journal).
    const rule = (name: string, rail: string) => `  - { name: ${name}, when: { rail: ${rail}, payoutType: beneficiary }, then: { steps: [{ after: 2s, status: paid }] } }\n`
    const yaml = `name: per-rail\nseed: 1\nrules:\n${rule('elixir', 'EXPRESS_ELIXIR')}${rule('sek', 'SEK_ACCOUNT_TO_ACCOUNT')}${rule('straks', 'STRAKSCLEARING')}default:\n  steps: [{ after: 1s, status: failed, failure: system_error }]\n`
    expect((await h.request('PUT', '/sandbox/scenario', { yaml }, { key: m.key })).status).toBe(200)
    // Money in these currencies arrives as paid orders and deposits; booked here as the ledger books them.
    const row = findMerchant(h.rt.db, m.id)!
    const payer = { type: 'iban' as const, iban: { iban: IBAN.FR, accountHolderName: 'Payer' } }
    h.rt.db.tx(() => {
      for (const [currency, amount] of [['PLN', 100_00], ['SEK', 250_50], ['DKK', 75_25]] as const) {
        credit(h.rt, row, { currency, amount, at: Date.parse(T0), process: { type: 'payment', id: null }, reference: 'ORDER', counterparty: payer })
      }
    })
    const merchant = (await h.get('/sandbox/merchant', { key: m.key })).body
    const swept = (await h.post(PATH, undefined, { key: m.key })).body as Array<{ id: string; currency: string; amount: number }>
    expect(swept.map((p) => [p.currency, p.amount])).toEqual([['PLN', 100], ['SEK', 250.5], ['DKK', 75.25]])
    await h.advance('1m', m.key)
    const rules: string[] = []
    for (const p of swept) {
      const payout = (await h.post('/api/service/payout/retrieve', { id: p.id }, { key: m.key })).body
      expect(payout).toMatchObject({ status: 'paid', currency: p.currency, type: 'beneficiary', destination: merchant.beneficiaryAccounts[p.currency] })
      const journal = (await h.get(`/sandbox/events?payoutId=${p.id}`, { key: m.key })).body.items as Array<{ to: string; rule: string }>
      rules.push(journal.find((e) => e.to === 'paid')!.rule)
    }
    expect(rules).toEqual(['elixir', 'sek', 'straks'])
    const listed = (await h.post('/api/service/payout/list', { type: 'beneficiary-payout' }, { key: m.key })).body.items
    expect(listed.map((p: { currency: string }) => p.currency)).toEqual(['DKK', 'SEK', 'PLN'])
    const accounts = (await h.get('/sandbox/merchant', { key: m.key })).body.accounts
    expect(accounts.map((a: { currency: string; booked: number }) => [a.currency, a.booked])).toEqual([['DKK', 0], ['PLN', 0], ['SEK', 0]])
    const debits = (await h.post('/api/service/transaction/list', ALL_TIME, { key: m.key })).body.data.filter((t: { side: string }) => t.side === 'debit')
    expect(debits.map((t: { currency: string; paymentProcessType: string }) => [t.currency, t.paymentProcessType])).toEqual([
      ['PLN', 'merchant_payout'],
      ['SEK', 'merchant_payout'],
      ['DKK', 'merchant_payout'],
    ])
  })

  it('a payout the beneficiary bank refuses fails like any payout, and its money comes back to the balance', async () => {
    // DE66100000000000000101 is the default scenario's magic "account closed" IBAN.
    const closed = { type: 'iban', iban: { iban: 'DE66100000000000000101', accountHolderName: 'Sweep GmbH' } } as const
    const m = await h.newMerchant({ balances: { EUR: 40 }, beneficiaryAccounts: { EUR: closed } })
    const [payout] = (await h.post(PATH, undefined, { key: m.key })).body
    expect((await h.post('/api/service/balance/retrieve', { currency: 'EUR' }, { key: m.key })).body.balances[0].available).toBe(0)
    await h.advance('1m', m.key)
    expect((await h.post('/api/service/payout/retrieve', { id: payout.id }, { key: m.key })).body).toMatchObject({ status: 'failed', failure: { code: 'account_closed' } })
    expect((await h.post('/api/service/balance/retrieve', { currency: 'EUR' }, { key: m.key })).body.balances[0].available).toBe(40)
  })

  it('its payouts survive a snapshot restore: back to pending with the balance still swept, then paid and booked again', async () => {
    const swept = (await sweep()).body as Array<{ id: string }>
    expect((await h.post('/sandbox/snapshots', { name: 'swept' })).status).toBe(200)
    await h.advance('1m')
    expect((await h.post('/api/service/payout/retrieve', { id: swept[0]!.id })).body.status).toBe('paid')
    expect((await h.post('/sandbox/snapshots/swept/restore')).status).toBe(200)
    expect((await h.post('/api/service/payout/retrieve', { id: swept[0]!.id })).body).toMatchObject({ status: 'pending', type: 'beneficiary' })
    expect((await balances()).map((b: { available: number }) => b.available)).toEqual([0, 0, 0, 3.5])
    expect((await h.post('/api/service/transaction/list', ALL_TIME)).body.data.filter((t: { side: string }) => t.side === 'debit')).toEqual([])
    await h.advance('1m')
    const debits = (await h.post('/api/service/transaction/list', ALL_TIME)).body.data.filter((t: { side: string }) => t.side === 'debit')
    expect(debits.map((t: { paymentProcessId: string; paymentProcessType: string }) => [t.paymentProcessId, t.paymentProcessType])).toEqual(swept.map((p) => [p.id, 'merchant_payout']))
  })

  it('sends the payout events of each payout, with the Payout (type beneficiary) as payload', async () => {
    const r = await pool.start()
    expect((await h.post('/api/service/webhook-subscription/create', { url: r.url })).status).toBe(200)
    const swept = (await sweep()).body as Array<{ id: string }>
    await h.advance('1m')
    const deliveries = await r.waitFor(4)
    const seen = deliveries.map((d) => [d.json.type, d.json.payload.id, d.json.payload.type])
    for (const p of swept) {
      expect(seen).toContainEqual(['payout.initiated', p.id, 'beneficiary'])
      expect(seen).toContainEqual(['payout.paid', p.id, 'beneficiary'])
    }
    const paid = deliveries.find((d) => d.json.type === 'payout.paid' && d.json.payload.id === swept[0]!.id)!
    expect(paid.json.payload).toStrictEqual((await h.post('/api/service/payout/retrieve', { id: swept[0]!.id })).body)
  })

  it("the invented beneficiary accounts are valid FinancialAddresses that each currency's rail reaches", async () => {
    const merchant = (await h.get('/sandbox/merchant')).body
    expect(merchant.beneficiaryAccounts.EUR).toEqual(EUR_ACCOUNT)
    for (const currency of ['USD', 'PLN', 'SEK', 'DKK']) expect(FinancialAddress.safeParse(merchant.beneficiaryAccounts[currency]).success, currency).toBe(true)
  })
})
