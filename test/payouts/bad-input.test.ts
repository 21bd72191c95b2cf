// Bad input gets the Ivy error body with the right status, code and param, never a 500, and
// writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'
import { snapshot } from '../helpers/state.js'

let h: Harness
let paidOrderGbp: string
let unpaidOrder: string
let foreignOrder: string
let closedLoopKey: string
beforeAll(async () => {
  h = await harness()
  paidOrderGbp = (await h.post('/sandbox/orders', { amount: 50, currency: 'GBP' })).body.id
  unpaidOrder = (await h.post('/sandbox/orders', { amount: 50, currency: 'EUR', status: 'waiting_for_payment' })).body.id
  const other = h.newMerchant()
  foreignOrder = (await h.post('/sandbox/orders', { amount: 50, currency: 'EUR' }, { key: other.key })).body.id
  closedLoopKey = h.newMerchant({ openLoop: false }).key
})
afterAll(() => h.close())

const fa = (financialAddress: unknown) => ({ amount: 10, currency: 'EUR', destination: { financialAddress } })
const iban = (value: string, extra: Record<string, unknown> = {}) => fa({ type: 'iban', iban: { iban: value, accountHolderName: 'Jane Doe', ...extra } })

type Row = [name: string, body: () => unknown, status: number, code: string, param: string | undefined]

const payoutCreate: Row[] = [
  ['amount missing', () => ({ currency: 'EUR', destination: openLoop(1).destination }), 400, 'VALIDATION', 'amount'],
  ['amount as a string', () => ({ ...openLoop(1), amount: '10' }), 400, 'VALIDATION', 'amount'],
  ['amount 0', () => openLoop(0), 400, 'VALIDATION', 'amount'],
  ['amount negative', () => openLoop(-5), 400, 'VALIDATION', 'amount'],
  ['amount NaN (a string, JSON has no NaN)', () => ({ ...openLoop(1), amount: 'NaN' }), 400, 'VALIDATION', 'amount'],
  ['amount with 3 decimals', () => openLoop(1.005), 400, 'VALIDATION', 'amount'],
  ['amount 0.1 + 0.2', () => openLoop(0.1 + 0.2), 400, 'VALIDATION', 'amount'],
  ['amount absurdly large', () => openLoop(1e12), 400, 'VALIDATION', 'amount'],
  ['currency missing', () => ({ amount: 1, destination: openLoop(1).destination }), 400, 'VALIDATION', 'currency'],
  ['currency lowercase', () => ({ ...openLoop(1), currency: 'eur' }), 400, 'VALIDATION', 'currency'],
  ['currency unknown', () => ({ ...openLoop(1), currency: 'XYZ' }), 400, 'VALIDATION', 'currency'],
  ['currency a number', () => ({ ...openLoop(1), currency: 978 }), 400, 'VALIDATION', 'currency'],
  ['destination missing', () => ({ amount: 1, currency: 'EUR' }), 400, 'VALIDATION', 'destination'],
  ['both orderId and financialAddress', () => ({ ...openLoop(1), destination: { ...openLoop(1).destination, orderId: paidOrderGbp } }), 400, 'VALIDATION', 'destination'],
  ['neither orderId nor financialAddress', () => ({ amount: 1, currency: 'EUR', destination: {} }), 400, 'VALIDATION', 'destination'],
  ['financialAddress null and no orderId', () => fa(null), 400, 'VALIDATION', 'destination'],
  ['financialAddress without type', () => fa({ iban: { iban: IBAN.DE, accountHolderName: 'X' } }), 400, 'VALIDATION', 'destination.financialAddress.type'],
  ['an unknown type', () => fa({ type: 'swift' }), 400, 'VALIDATION', 'destination.financialAddress.type'],
  ['a type that is an object with its own toString (found by the fuzz: a 500)', () => fa({ type: { toString: 'x' }, iban: {} }), 400, 'VALIDATION', 'destination.financialAddress.type'],
  ['a type naming a member of every object', () => fa({ type: 'constructor', iban: {} }), 400, 'VALIDATION', 'destination.financialAddress.type'],
  ['type iban without its sub-object', () => fa({ type: 'iban' }), 400, 'VALIDATION', 'destination.financialAddress.iban'],
  ['type iban with only a sortCode', () => fa({ type: 'iban', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'X' } }), 400, 'VALIDATION', 'destination.financialAddress.iban'],
  ['type sort_code without its sub-object', () => ({ ...fa({ type: 'sort_code' }), currency: 'GBP' }), 400, 'VALIDATION', 'destination.financialAddress.sortCode'],
  ['an IBAN with a bad checksum', () => iban('DE89370400440532013001'), 400, 'VALIDATION', 'destination.financialAddress.iban.iban'],
  ['an IBAN one character short', () => iban('DE8937040044053201300'), 400, 'VALIDATION', 'destination.financialAddress.iban.iban'],
  ['an IBAN one character long', () => iban('DE893704004405320130000'), 400, 'VALIDATION', 'destination.financialAddress.iban.iban'],
  ['an IBAN of no country', () => iban('XX89370400440532013000'), 400, 'VALIDATION', 'destination.financialAddress.iban.iban'],
  ['an empty IBAN', () => iban(''), 400, 'VALIDATION', 'destination.financialAddress.iban.iban'],
  ['a BIC of the wrong format', () => iban(IBAN.DE, { bic: 'COBA' }), 400, 'VALIDATION', 'destination.financialAddress.iban.bic'],
  ['an empty account holder name', () => fa({ type: 'iban', iban: { iban: IBAN.DE, accountHolderName: '  ' } }), 400, 'VALIDATION', 'destination.financialAddress.iban.accountHolderName'],
  ['a sort code of 5 digits', () => ({ ...fa({ type: 'sort_code', sortCode: { sortCode: '20201', accountNumber: '55555555', accountHolderName: 'X' } }), currency: 'GBP' }), 400, 'VALIDATION', 'destination.financialAddress.sortCode.sortCode'],
  ['an account number of 7 digits', () => ({ ...fa({ type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '5555555', accountHolderName: 'X' } }), currency: 'GBP' }), 400, 'VALIDATION', 'destination.financialAddress.sortCode.accountNumber'],
  ['an ABA routing number with a bad checksum', () => ({ ...fa({ type: 'aba', aba: { accountNumber: '123456789', routingNumber: '021000022', accountHolderName: 'X' } }), currency: 'USD' }), 400, 'VALIDATION', 'destination.financialAddress.aba.routingNumber'],
  ['EUR to a UK sort code account', () => fa({ type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'X' } }), 400, 'VALIDATION', 'destination.financialAddress.type'],
  ['an unknown rail', () => openLoop(1, IBAN.DE, { rail: 'CARRIER_PIGEON' }), 400, 'VALIDATION', 'rail'],
  ['a payment reference over 140 characters', () => openLoop(1, IBAN.DE, { paymentReference: 'x'.repeat(141) }), 400, 'VALIDATION', 'paymentReference'],
  ['metadata that is not an object', () => openLoop(1, IBAN.DE, { metadata: ['a'] }), 400, 'VALIDATION', 'metadata'],
  ['an unknown payout type', () => ({ ...openLoop(1), destination: { ...openLoop(1).destination, type: 'vendor' } }), 400, 'VALIDATION', 'destination.type'],
  ['an unknown orderId', () => ({ amount: 1, currency: 'EUR', destination: { orderId: 'no-such-order' } }), 404, 'NOT_FOUND', 'destination.orderId'],
  ["another merchant's order", () => ({ amount: 1, currency: 'EUR', destination: { orderId: foreignOrder } }), 404, 'NOT_FOUND', 'destination.orderId'],
  ['an order in another currency', () => ({ amount: 1, currency: 'EUR', destination: { orderId: paidOrderGbp } }), 400, 'VALIDATION', 'currency'],
  ['an order not paid', () => ({ amount: 1, currency: 'EUR', destination: { orderId: unpaidOrder } }), 400, 'VALIDATION', 'destination.orderId'],
]

function expectIvyError(res: { status: number; body: any }, status: number, code: string, param: string | undefined) {
  expect(res.status).toBe(status)
  expect(res.body).toEqual({
    message: expect.any(String),
    category: 'invalid_request_error',
    code,
    ...(param !== undefined && { param }),
    docUrl: expect.stringMatching(/^https:\/\//),
    devMessage: expect.any(String),
    statusCode: status,
  })
}

describe('payout/create refuses bad input and writes nothing', () => {
  it.each(payoutCreate)('%s → %i %s %s', async (_, body, status, code, param) => {
    const before = snapshot(h)
    expectIvyError(await h.post('/api/service/payout/create', body()), status, code, param)
    expect(snapshot(h)).toEqual(before)
  })

  it('open loop disabled for the merchant: 403 AUTHORIZATION', async () => {
    const before = snapshot(h)
    expectIvyError(await h.post('/api/service/payout/create', openLoop(1), { key: closedLoopKey }), 403, 'AUTHORIZATION', 'destination.financialAddress')
    expect(snapshot(h)).toEqual(before)
  })

  it.each([
    ['malformed JSON', '{"amount": 10,', 'application/json', 'Malformed JSON in request body'],
    ['a text/plain body', JSON.stringify(openLoop(1)), 'text/plain', 'Content-Type must be application/json'],
    ['a body over 1 MiB', JSON.stringify({ ...openLoop(1), metadata: { pad: 'x'.repeat(1_100_000) } }), 'application/json', 'request body is larger than 1 MiB'],
    ['a JSON array', '[]', 'application/json', undefined],
    ['JSON null', 'null', 'application/json', undefined],
  ])('%s → 400 VALIDATION', async (_, raw, contentType, message) => {
    const before = snapshot(h)
    const res = await h.post('/api/service/payout/create', undefined, { raw, headers: { 'content-type': contentType } })
    expectIvyError(res, 400, 'VALIDATION', undefined)
    if (message) expect(res.body.message).toBe(message)
    expect(snapshot(h)).toEqual(before)
  })

  it.each([
    ['amount', { currency: 'EUR', destination: openLoop(1).destination }],
    ['currency', { amount: 1, destination: openLoop(1).destination }],
    ['destination', { amount: 1, currency: 'EUR' }],
    ['destination.financialAddress.type', fa({ iban: { iban: IBAN.DE, accountHolderName: 'X' } })],
  ])('a missing %s is reported as required, whatever its type', async (param, body) => {
    const res = await h.post('/api/service/payout/create', body)
    expect(res.body).toMatchObject({ param, message: `${param} is required` })
  })

  it('a present but wrong value says what is wrong with it', async () => {
    const res = await h.post('/api/service/payout/create', { ...openLoop(1), currency: 'eur' })
    expect(res.body).toMatchObject({ param: 'currency', message: 'currency: must be one of "EUR", "GBP", "USD", "USDC"' })
  })

  it('spaces, dashes and lowercase in account data are normalised, not refused', async () => {
    const res = await h.post('/api/service/payout/create', iban('de89 3704-0044 0532 0130 00', { bic: 'coba deff xxx' }))
    expect(res.status).toBe(200)
    expect(res.body.destination).toEqual({ type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe', bic: 'COBADEFFXXX' } })
  })

  it('unknown extra fields are ignored, and not echoed', async () => {
    const res = await h.post('/api/service/payout/create', { ...openLoop(2), colour: 'red' })
    expect(res.status).toBe(200)
    expect(res.body).not.toHaveProperty('colour')
  })
})

describe('other endpoints refuse bad input', () => {
  it.each<[string, unknown, string]>([
    ['payout/retrieve', {}, 'id'],
    ['payout/retrieve', { id: 42 }, 'id'],
    ['payout/list', { limit: 101 }, 'limit'],
    ['payout/list', { limit: 0 }, 'limit'],
    ['payout/list', { skip: -1 }, 'skip'],
    ['payout/list', { type: 'vendor-payout' }, 'type'],
    ['balance/retrieve', { currency: 'eur' }, 'currency'],
    ['order/details', {}, 'id'],
    ['payee/verify', {}, 'payee'],
    ['payee/verify', { payee: { type: 'iban', iban: { iban: 'DE89370400440532013001', accountHolderName: 'X' } } }, 'payee.iban.iban'],
    ['payee/verify', { payee: { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'X' } } }, 'payee.type'],
    ['payee/verify', { payee: { type: 'iban' } }, 'payee.iban'],
  ])('%s %j → 400 param %s', async (path, body, param) => {
    const before = snapshot(h)
    expectIvyError(await h.post(`/api/service/${path}`, body), 400, 'VALIDATION', param)
    expect(snapshot(h)).toEqual(before)
  })

  it.each([
    ['payout/retrieve', { id: 'no-such-payout' }],
    ['order/details', { id: 'no-such-order' }],
  ])('%s of an unknown id → 404', async (path, body) => {
    expectIvyError(await h.post(`/api/service/${path}`, body), 404, 'NOT_FOUND', 'id')
  })
})
