// Orders exist here to be paid back by closed-loop payouts. The sandbox makes them paid (or in
// any status a test needs); a paid order credits the merchant's balance, as a settled pay-in.
import { createRequire } from 'node:module'
import { composeIBAN, isValidIBAN } from 'ibantools'
import type { OrderRow } from '../db/schema.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { NotFound, Conflict } from '../engine/errors.js'
import { toIso } from '../lib/clock.js'
import { toMajor, toMinor, type AnyCurrency, type Currency } from '../lib/money.js'
import { seededRandom } from '../lib/random.js'
import { credit } from '../ledger/service.js'
import type { MerchantContext } from '../engine/context.js'
import type { Runtime } from '../runtime.js'
import { findOrder, insertOrder } from './repo.js'
import type { CreateOrderBody, Order } from './schemas.js'

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    referenceId: row.reference_id,
    status: row.status as Order['status'],
    price: { total: toMajor(row.total, row.currency as Currency), currency: row.currency as Currency },
    ...(row.payer_financial_address !== null && { payerFinancialAddress: JSON.parse(row.payer_financial_address) as FinancialAddress }),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  }
}

export function orderDetails(rt: Runtime, ctx: MerchantContext, idOrReference: string): OrderRow {
  const order = findOrder(rt.db, ctx.merchant.id, idOrReference)
  if (!order) throw new NotFound('Order')
  return order
}

export function createOrder(rt: Runtime, ctx: MerchantContext, body: CreateOrderBody): OrderRow {
  const merchantId = ctx.merchant.id
  const { now } = ctx
  return rt.db.tx(() => {
    const id = rt.ids.uuid()
    // order/details looks orders up by referenceId too, so one may name only one order. The
    // default takes the id's random tail (its head is the creation time, shared by neighbours).
    const referenceId = body.referenceId ?? `order-${id.slice(-12)}`
    if (findOrder(rt.db, merchantId, referenceId)) throw new Conflict('an order with this referenceId already exists', 'referenceId')
    const payer = body.payerFinancialAddress ?? inventPayer(id, body.currency)
    const row: OrderRow = {
      id,
      merchant_id: merchantId,
      reference_id: referenceId,
      status: body.status ?? 'paid',
      total: toMinor(body.amount, body.currency),
      currency: body.currency,
      payer_financial_address: JSON.stringify(payer),
      created_at: now,
      updated_at: now,
      subaccount_id: null,
      customer: null,
      expires_at: null,
      destination: null,
      bank_statement_reference: null,
      transaction_id: null,
      refund_amount: 0,
      status_history: '[]',
    }
    if (row.status === 'paid') {
      row.transaction_id = credit(
        rt,
        ctx.merchant,
        { currency: body.currency, amount: row.total, at: now, process: { type: 'payment', id }, reference: referenceId, counterparty: payer },
        { param: 'amount' },
      ).id
    }
    insertOrder(rt.db, row)
    return row
  })
}

// faker is loaded when a payer is first invented, not with the package: its German locale alone
// costs more to load than the whole HTTP stack, and most sandboxes never invent a payer.
type Faker = typeof import('@faker-js/faker/locale/de').faker
let loadedFaker: Faker | undefined
const germanFaker = (): Faker => (loadedFaker ??= (createRequire(import.meta.url)('@faker-js/faker/locale/de') as { faker: Faker }).faker)

/** Payers outside the euro bank at a real bank code (national check digits hold): country, bank code, account digits. */
const IBAN_BANKS = { PLN: ['PL', '10901014', 16], SEK: ['SE', '500', 17], DKK: ['DK', '5000', 10] } as const

/** A plausible payer account in the currency of an order (or a deposit), the same for the same id. */
export function inventPayer(orderId: string, currency: AnyCurrency): FinancialAddress {
  const faker = germanFaker()
  faker.seed(Math.floor(seededRandom('payer', orderId).next() * 2 ** 31))
  const accountHolderName = faker.person.fullName()
  switch (currency) {
    case 'EUR': {
      let iban = faker.finance.iban({ countryCode: 'DE' })
      for (let tries = 0; !isValidIBAN(iban) && tries < 10; tries++) iban = faker.finance.iban({ countryCode: 'DE' })
      return { type: 'iban', iban: { iban, accountHolderName } }
    }
    case 'PLN':
    case 'SEK':
    case 'DKK': {
      const [countryCode, bank, digits] = IBAN_BANKS[currency]
      return { type: 'iban', iban: { iban: composeIBAN({ countryCode, bban: bank + faker.string.numeric(digits) })!, accountHolderName } }
    }
    case 'GBP':
      return { type: 'sort_code', sortCode: { sortCode: faker.string.numeric(6), accountNumber: faker.string.numeric(8), accountHolderName } }
    case 'USD':
      return { type: 'aba', aba: { accountNumber: faker.finance.accountNumber(10), routingNumber: faker.finance.routingNumber(), accountHolderName } }
    case 'USDC':
      return { type: 'wallet', wallet: { address: faker.finance.ethereumAddress(), blockchain: 'ETH' } }
  }
}
