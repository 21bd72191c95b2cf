// `npm run seed`: builds sandbox.db.example, the database a first `npm start` copies (and then
// makes its own: adoptExample). Three weeks of the default merchant's activity
// made through the real services on the default scenario, so every row is one the sandbox
// itself could have written: paid orders, payouts on several rails, in every status and with
// every failure code (the magic values force the rare ones), their journals, and the webhook
// events of every change with their deliveries to the built-in inbox (one of them retried). The
// last payouts are still on their way, their next steps scheduled. Faker, the clock and the ids
// are all seeded: the same bytes on every run.
import { Faker, base, de, en } from '@faker-js/faker'
import { rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { clockAt } from './lib/clock.js'
import { DEFAULT_MERCHANT } from './merchants/service.js'
import { clockOf, merchantContext, requireMerchant } from './engine/context.js'
import { saveClock } from './merchants/repo.js'
import type { FinancialAddress } from './financial-address/schemas.js'
import { createSandboxOrder } from './orders/sandbox.js'
import { createOrder, expireOrder, orderDetails, payOrder, transitionOrder } from './orders/service.js'
import { createRefund } from './refunds/service.js'
import { receiveDeposit } from './deposits/service.js'
import { createReturn } from './returns/service.js'
import { sweepBalances } from './beneficiary-payouts/service.js'
import { createSubaccount } from './subaccounts/service.js'
import { toMajor, type Currency } from './lib/money.js'
import { createPayout } from './payouts/service.js'
import type { CreatePayoutBody } from './payouts/schemas.js'
import { createRuntime, type Runtime } from './runtime.js'
import { topUp } from './balance/service.js'
import { createSubscription } from './webhooks/subscriptions.js'
import { listSubscriptions, updateSubscription } from './webhooks/repo.js'
import { receiveInInbox } from './webhooks/inspect.js'
import { postponeJobs } from './sim/jobs.js'
import { FAILURE_CODES } from './payouts/failures.js'
import { DEFAULT_EVENTS } from './webhooks/events.js'

const START = Date.UTC(2026, 10, 2, 8, 0, 0)
const MAGIC_EUR = [
  'DE66100000000000000101', 'DE39100000000000000102', 'DE12100000000000000103', 'DE82100000000000000104',
  'DE55100000000000000105', 'DE28100000000000000106', 'DE98100000000000000107', 'DE71100000000000000108',
  'DE44100000000000000109', 'DE17100000000000000110', 'DE87100000000000000111', 'DE60100000000000000112',
  'DE33100000000000000113', 'DE06100000000000000114', 'DE82100000000000000201', 'DE55100000000000000202',
  'DE28100000000000000203', 'DE98100000000000000204', 'DE71100000000000000205',
]
/** Where the example's subscription sends webhooks: the built-in inbox of a sandbox on the default port. */
const EXAMPLE_INBOX = 'http://localhost:4010/sandbox/inbox/'
/** The stand-in inbox answers this delivery attempt (counted from 1) with a 503, once: the example's retried delivery. */
const REFUSED_ATTEMPT = 3

/**
 * The example's webhooks are really sent during the seed, to a stand-in for the built-in inbox on
 * a loopback port that keeps each as the inbox does (receiveInInbox) and answers as it does.
 * The seed's wall clock stands still, so every attempt's latency is 0 ms: the same bytes again.
 */
async function standInInbox(rt: Runtime): Promise<{ origin: string; close(): Promise<void> }> {
  let attempts = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      if (++attempts === REFUSED_ATTEMPT) return answer(503, { message: 'inbox busy, try again' })
      const name = decodeURIComponent(new URL(req.url!, 'http://inbox').pathname.slice('/sandbox/inbox/'.length))
      const signature = req.headers['x-ivy-signature']
      answer(200, receiveInInbox(rt, name, Buffer.concat(chunks).toString('utf8'), typeof signature === 'string' ? signature : undefined))
    })
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections()
      return new Promise((closed) => server.close(() => closed()))
    },
  }
}
const OTHER_EUR_RAILS = ['SEPA', 'TARGET', 'SWIFT'] as const
const REFERENCES = ['Refund order', 'Cashback', 'Winnings payout', 'Marketplace settlement', 'Deposit return', 'Insurance claim']

/**
 * Money in and out around payouts, early in the story: a subaccount; orders made through
 * order/create that end paid, canceled at their expiry, expired by the merchant and failed;
 * refunds of paid orders, whole, in part and failing (the magic .13); deposits in four
 * currencies, one sent back; and one beneficiary sweep of every balance, after which the
 * merchant tops up again. The clock runs on between them, so each settles as it would.
 */
async function moneyInAndOut(rt: Runtime, faker: Faker, advance: (ms: number) => Promise<void>): Promise<void> {
  const ctx = () => merchantContext(rt, DEFAULT_MERCHANT.id)
  const subaccount = createSubaccount(rt, ctx(), { legalName: 'Acme Books GmbH', mcc: '5942', websiteUrl: 'https://books.example' })
  const order = (amount: number, currency: 'EUR' | 'GBP' | 'PLN', extra: { subaccountId?: string } = {}) =>
    createOrder(rt, ctx(), { amount, currency, referenceId: `ORD-${faker.string.numeric(6)}`, customer: { email: faker.internet.email().toLowerCase() }, ...extra })
  const paid = [order(89.9, 'EUR', { subaccountId: subaccount.id }), order(240, 'EUR'), order(64.13, 'GBP'), order(450, 'PLN')]
  for (const o of paid) payOrder(rt, ctx(), o.id, undefined)
  const expiring = order(35, 'EUR')
  expireOrder(rt, ctx(), order(120, 'GBP').id)
  const failing = order(59.5, 'EUR')
  rt.db.tx(() =>
    transitionOrder(rt, ctx(), failing, {
      to: 'failed',
      at: ctx().now,
      reason: 'PAYMENT_FAILED',
      classification: { primary: 'payment_authorisation_failed', secondary: 'insufficient_funds' },
    }),
  )
  await advance(2 * 60 * 60_000)
  if (orderDetails(rt, ctx(), expiring.id).status !== 'canceled') throw new Error('seed: an unpaid order outlived its expiry')
  createRefund(rt, ctx(), { orderId: paid[0]!.id, amount: 89.9 })
  createRefund(rt, ctx(), { orderId: paid[1]!.id, amount: 40, bankStatementReference: 'GOODWILL40' })
  createRefund(rt, ctx(), { orderId: paid[2]!.id, amount: 64.13 })
  await advance(30 * 60_000)

  const deposits = [
    receiveDeposit(rt, ctx(), { amount: 5_000, currency: 'EUR', bankStatementReference: 'FUNDING NOV' }),
    receiveDeposit(rt, ctx(), { amount: 1_250, currency: 'GBP' }),
    receiveDeposit(rt, ctx(), { amount: 2_000, currency: 'PLN' }),
    receiveDeposit(rt, ctx(), { amount: 750.5, currency: 'USDC' }),
  ]
  await advance(10 * 60_000)
  createReturn(rt, ctx(), deposits[1]!.id)
  await advance(60 * 60_000)
  sweepBalances(rt, ctx())
  await advance(24 * 60 * 60_000)
  topUp(rt, ctx(), 'EUR', 240_000)
  topUp(rt, ctx(), 'GBP', 160_000)
}

/** At the end of the story, things still on their way: orders waiting for payment, a refund and a return in flight. */
async function stillOnTheirWay(rt: Runtime, paidOrderId: string): Promise<void> {
  const ctx = () => merchantContext(rt, DEFAULT_MERCHANT.id)
  createOrder(rt, ctx(), { amount: 42, currency: 'EUR', referenceId: 'ORD-WAITING-1' })
  createOrder(rt, ctx(), { amount: 18.5, currency: 'GBP', referenceId: 'ORD-WAITING-2' })
  const order = orderDetails(rt, ctx(), paidOrderId)
  createRefund(rt, ctx(), { orderId: order.id, amount: toMajor(Math.min(1_000, order.total), order.currency as Currency) })
  createReturn(rt, ctx(), receiveDeposit(rt, ctx(), { amount: 300, currency: 'EUR' }).id)
}

export async function writeSeedDatabase(out: string): Promise<string> {
  const faker = new Faker({ locale: [de, en, base], seed: 20261102 })
  const wall = START
  const rt = await createRuntime({
    wall: () => wall,
    ids: { uuid: () => faker.string.uuid(), secret: (prefix) => `${prefix}${faker.string.hexadecimal({ length: 40, casing: 'lower', prefix: '' })}` },
  })
  const merchantId = DEFAULT_MERCHANT.id
  const inbox = await standInInbox(rt)
  // payout_updated as well: then every change a payout goes through (in transit, canceled) has its event.
  createSubscription(rt, merchantContext(rt, merchantId), { url: `${inbox.origin}/sandbox/inbox/default`, events: [...DEFAULT_EVENTS, 'payout_updated'] })
  topUp(rt, merchantContext(rt, merchantId), 'EUR', 240_000)
  topUp(rt, merchantContext(rt, merchantId), 'GBP', 160_000)

  const advance = async (ms: number) => {
    await rt.scheduler.advance(merchantId, (now) => now + ms)
  }
  const orders: Array<{ id: string; currency: 'EUR' | 'GBP' }> = []
  for (let i = 0; i < 50; i++) {
    await advance(faker.number.int({ min: 20, max: 180 }) * 60_000)
    const currency = faker.helpers.weightedArrayElement([{ value: 'EUR' as const, weight: 3 }, { value: 'GBP' as const, weight: 1 }])
    const order = createSandboxOrder(rt, merchantContext(rt, merchantId), {
      amount: faker.number.float({ min: 12, max: 640, fractionDigits: 2 }),
      currency,
      referenceId: `ORD-${faker.string.numeric(6)}`,
    })
    orders.push({ id: order.id, currency })
  }

  await moneyInAndOut(rt, faker, advance)

  const account = (currency: 'EUR' | 'GBP'): FinancialAddress => {
    const accountHolderName = faker.person.fullName()
    if (currency === 'GBP') return { type: 'sort_code', sortCode: { sortCode: faker.string.numeric(6), accountNumber: faker.string.numeric(8), accountHolderName } }
    const country = faker.helpers.arrayElement(['DE', 'DE', 'DE', 'FR', 'NL', 'ES', 'IT', 'AT'])
    return { type: 'iban', iban: { iban: faker.finance.iban({ countryCode: country }), accountHolderName } }
  }
  for (let i = 0; i < 200; i++) {
    // The last few are created in the same minute and stay pending.
    if (i < 196) await advance(faker.number.int({ min: 10, max: 240 }) * 60_000)
    const magic = i % 10 === 3 ? MAGIC_EUR[Math.floor(i / 10) % MAGIC_EUR.length] : undefined
    const order = !magic && faker.datatype.boolean(0.35) ? faker.helpers.arrayElement(orders) : undefined
    const currency = order?.currency ?? (magic ? 'EUR' : faker.helpers.weightedArrayElement([{ value: 'EUR' as const, weight: 3 }, { value: 'GBP' as const, weight: 1 }]))
    const body: CreatePayoutBody = {
      amount: faker.number.float({ min: 5, max: 1_500, fractionDigits: 2 }),
      currency,
      destination: order
        ? { orderId: order.id }
        : { financialAddress: magic ? { type: 'iban', iban: { iban: magic, accountHolderName: faker.person.fullName() } } : account(currency) },
      paymentReference: `${faker.helpers.arrayElement(REFERENCES)} ${faker.string.numeric(5)}`,
      metadata: { customerId: `cus_${faker.string.alphanumeric(10)}` },
      // One payout in ten names a slower rail; the others take the usual instant one.
      ...(i % 10 === 7 && { rail: currency === 'EUR' ? OTHER_EUR_RAILS[Math.floor(i / 10) % OTHER_EUR_RAILS.length] : 'SWIFT' }),
    }
    createPayout(rt, merchantContext(rt, merchantId), body)
  }
  await stillOnTheirWay(rt, orders[0]!.id)
  // The webhooks of the last payouts' creation are sent; their next steps stay scheduled.
  await advance(0)
  await inbox.close()
  // Sent, as the example tells it, to the inbox of a sandbox on the default port.
  rt.db.tx(() => {
    for (const subscription of listSubscriptions(rt.db, merchantId)) updateSubscription(rt.db, subscription.id, { url: `${EXAMPLE_INBOX}default` })
    rt.db.run(rt.db.kysely.updateTable('webhook_attempts').set({ url: `${EXAMPLE_INBOX}default` }).where('merchant_id', '=', merchantId))
  })
  // From here the default merchant follows wall time, never earlier than where the seed left it.
  const end = merchantContext(rt, merchantId).now
  saveClock(rt.db, merchantId, { mode: 'realtime', now: end, wall: end, speed: 1 })
  rt.db.run(rt.db.kysely.updateTable('kysely_migration' as never).set({ timestamp: new Date(START).toISOString() } as never))

  rmSync(out, { force: true })
  rt.db.flush()
  rt.db.sqlite.prepare('VACUUM INTO ?').run(out)
  const counts = rt.db.all(
    rt.db.kysely.selectFrom('payouts').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').orderBy('status'),
  )
  const failureCodes = rt.db.get(rt.db.kysely.selectFrom('payouts').select((eb) => eb.fn.count<number>('failure_code').distinct().as('n')))!.n
  await rt.close()
  return `${orders.length} orders, payouts ${counts.map((c) => `${c.status} ${c.n}`).join(', ')}; ${failureCodes} of ${FAILURE_CODES.length} failure codes`
}

/**
 * A first start makes its copy of the example its own: the example's inbox subscriptions (and
 * the attempts made to them) point at this sandbox's inbox (else every delivery would go
 * nowhere, or to another sandbox, for 54 hours), and the default merchant's realtime clock runs
 * on from this moment (on a machine whose date is before the seed's last day it would otherwise
 * stand still until that day). The payouts still on their way keep their next steps ahead of
 * that moment, as far ahead as when the seed ended, instead of all landing at once.
 */
export function adoptExample(rt: Runtime, origin: string): void {
  rt.db.tx(() => {
    const own = (url: string) => `${origin}/sandbox/inbox/${url.slice(EXAMPLE_INBOX.length)}`
    for (const subscription of listSubscriptions(rt.db, DEFAULT_MERCHANT.id)) {
      if (subscription.url.startsWith(EXAMPLE_INBOX)) updateSubscription(rt.db, subscription.id, { url: own(subscription.url) })
    }
    rt.db.run(
      rt.db.kysely
        .updateTable('webhook_attempts')
        .set({ url: sql<string>`${`${origin}/sandbox/inbox/`} || substr(url, ${EXAMPLE_INBOX.length + 1})` })
        .where('merchant_id', '=', DEFAULT_MERCHANT.id)
        .where('url', 'like', `${EXAMPLE_INBOX}%`),
    )
    const wall = rt.wall()
    const clock = clockOf(requireMerchant(rt, DEFAULT_MERCHANT.id))
    const adopted = clockAt(clock, wall, wall)
    if (adopted.now > clock.now) postponeJobs(rt.db, DEFAULT_MERCHANT.id, adopted.now - clock.now)
    saveClock(rt.db, DEFAULT_MERCHANT.id, adopted)
  })
}
