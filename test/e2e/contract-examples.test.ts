// The real server on a free port, driven over HTTP with the contract's own examples, and the
// OpenAPI document it serves.
import { IVY_PATHS } from '../../src/engine/ivy-api.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from '../helpers/harness.js'

let h: Harness
let url: string
beforeAll(async () => {
  h = await harness({ merchant: { scenario: 'always-paid', clock: { mode: 'frozen', now: '2026-03-02T10:00:00Z' } } })
  url = await h.serve()
})
afterAll(() => h.close())

async function ivy(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/service/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ivy-Api-Key': h.key, ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

const holder = 'Jane Doe'
const examples: Array<[string, string, unknown]> = [
  ['DE89370400440532013000', 'EUR', { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: holder } }],
  ["Ivy's docs example DE93500105176719451585", 'EUR', { type: 'iban', iban: { iban: 'DE93500105176719451585', accountHolderName: holder, bic: 'INGDDEFFXXX' } }],
  ['FR1420041010050500013M02606', 'EUR', { type: 'iban', iban: { iban: 'FR1420041010050500013M02606', accountHolderName: holder } }],
  ['NL91ABNA0417164300', 'EUR', { type: 'iban', iban: { iban: 'NL91ABNA0417164300', accountHolderName: holder } }],
  ['GB33BUKB20201555555555 in GBP', 'GBP', { type: 'iban', iban: { iban: 'GB33BUKB20201555555555', accountHolderName: holder } }],
  ['sort code 202015, account 55555555', 'GBP', { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: holder } }],
]

describe('the contract over HTTP', () => {
  it('ping answers 200 for a valid key, 401 for another', async () => {
    expect(await ivy('ping', {})).toEqual({ status: 200, body: {} })
    expect((await ivy('ping', {}, { 'X-Ivy-Api-Key': 'wrong' })).status).toBe(401)
  })

  it.each(examples)('open loop to %s: created pending, then paid', async (_, currency, financialAddress) => {
    const created = await ivy('payout/create', { amount: 100, currency, destination: { financialAddress }, paymentReference: 'Refund 1001', metadata: { orderRef: '1001' } })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ amount: 100, currency, destination: financialAddress, status: 'pending', type: 'customer' })
    await h.advance('1m')
    const retrieved = await ivy('payout/retrieve', { id: created.body.id })
    expect(retrieved.body).toMatchObject({ status: 'paid', transactionId: expect.any(String), paymentReference: 'Refund 1001', metadata: { orderRef: '1001' } })
  })

  it('closed loop: an order paid by a customer is paid back to the account it came from', async () => {
    const order = await (await fetch(`${url}/sandbox/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ivy-Api-Key': h.key },
      body: JSON.stringify({ amount: 59.9, currency: 'EUR', referenceId: 'checkout-9' }),
    })).json()
    expect((await ivy('order/details', { id: 'checkout-9' })).body).toEqual(order)
    const payout = await ivy('payout/create', { amount: 59.9, currency: 'EUR', destination: { orderId: order.id, type: 'customer' } })
    expect(payout.body).toMatchObject({ status: 'pending', destination: order.payerFinancialAddress })
    const listed = await ivy('payout/list', { limit: 1 })
    expect(listed.body.items[0].id).toBe(payout.body.id)
    expect((await ivy('balance/retrieve', { currency: 'EUR' })).body.balances).toHaveLength(1)
  })
})

describe('GET /openapi.json', () => {
  let doc: any
  beforeAll(async () => {
    doc = await (await fetch(`${url}/openapi.json`)).json()
  })

  it('is OpenAPI 3.1 with the API key scheme', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.securitySchemes.IvyApiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-Ivy-Api-Key' })
  })

  it('lists every Ivy operation as a POST under /api/service with an Ivy tag', () => {
    const ivyPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/service/'))
    // Every operation of the SDK in scope is served: the 25 of src/engine/ivy-api.ts.
    expect(ivyPaths.sort()).toEqual(IVY_PATHS.map((p) => `/api/service/${p}`).sort())
    expect(ivyPaths).toHaveLength(25)
    for (const path of ivyPaths) {
      expect(Object.keys(doc.paths[path])).toEqual(['post'])
      expect(doc.paths[path].post.tags[0]).not.toMatch(/^Sandbox/)
      // The SDK sends beneficiary-payout/create with no body at all.
      if (path === '/api/service/beneficiary-payout/create') expect(doc.paths[path].post.requestBody).toBeUndefined()
      else expect(doc.paths[path].post.requestBody.required).toBe(true)
    }
  })

  it('puts every sandbox route under a "Sandbox:" tag', () => {
    const sandbox = Object.entries(doc.paths).filter(([p]) => p.startsWith('/sandbox/'))
    expect(sandbox.length).toBeGreaterThan(15)
    for (const [, operations] of sandbox) for (const op of Object.values(operations as Record<string, { tags: string[] }>)) expect(op.tags[0]).toMatch(/^Sandbox: /)
  })

  it('documents the Payout, FinancialAddress and Error shapes of the contract', () => {
    const { Payout, FinancialAddress, Error: ErrorBody } = doc.components.schemas
    expect(Payout.required.sort()).toEqual(['amount', 'createdAt', 'currency', 'destination', 'id', 'status', 'type', 'updatedAt'])
    expect(Object.keys(Payout.properties).sort()).toEqual(
      ['amount', 'createdAt', 'currency', 'destination', 'failure', 'id', 'metadata', 'paymentReference', 'status', 'transactionId', 'type', 'updatedAt'],
    )
    expect(Object.keys(FinancialAddress.properties).sort()).toEqual(['aba', 'bankCode', 'bban', 'iban', 'sortCode', 'type', 'wallet'])
    expect(ErrorBody.required.sort()).toEqual(['category', 'code', 'devMessage', 'docUrl', 'message', 'statusCode'])
  })
})
