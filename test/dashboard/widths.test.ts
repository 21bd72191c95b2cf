// Every dashboard page at the widths people use it (a phone, a tablet, a small laptop, a desktop):
// nothing scrolls sideways, and axe-core finds no serious or critical accessibility violation.
// Each page is photographed at 390 and 1440 px into test-artifacts/dashboard/.
import axe from 'axe-core'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser.js'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

const ARTIFACTS = 'test-artifacts/dashboard'
const WIDTHS = [390, 768, 1024, 1440]

let h: Harness
let base: string
let browser: Browser
let key: string
let payoutId: string
let orderId: string
const REFUND_ID = '0192f0c4-5b1e-7aa0-8d3e-000000000001'
const DEPOSIT_ID = '0192f0c4-5b1e-7aa0-8d3e-000000000002'
const RETURN_ID = '0192f0c4-5b1e-7aa0-8d3e-000000000003'

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  h = await harness()
  base = await h.serve()
  browser = await launchBrowser()
  // A merchant whose pages hold the long things that overflow: a long reference, a long
  // subscription URL, every status, deliveries and a rule-heavy scenario.
  const m = h.newMerchant({ name: 'Wide Content Merchant GmbH & Co. KG', scenario: 'slow-and-failing' })
  key = m.key
  const long = 'Refund for order 2026-000123456789 of a customer with a remarkably long reference text'
  const { body } = await h.post('/api/service/payout/create', openLoop(1234.56, IBAN.FR, { paymentReference: long, metadata: { orderId: 'x'.repeat(60) } }), { key })
  payoutId = body.id
  for (const [amount, iban] of [[12, IBAN.DE], [13, 'DE66100000000000000101'], [14, 'DE28100000000000000203'], [15, IBAN.NL]] as const) {
    await h.post('/api/service/payout/create', openLoop(amount, iban), { key })
  }
  const { body: order } = await h.post('/sandbox/orders', { amount: 250, currency: 'EUR', referenceId: 'order-with-a-rather-long-reference-2026-000123456789' }, { key })
  orderId = order.id
  await h.post('/api/service/payout/create', { amount: 25, currency: 'EUR', destination: { orderId } }, { key })
  await h.post('/api/service/webhook-subscription/create', { url: `${base}/sandbox/inbox/a-rather-long-inbox-name-for-the-widest-url-in-the-table?with=query&and=more` }, { key })
  await h.advance('4d', key)
  // Refunds, deposits, returns and subaccounts have no API in this tree yet: their rows, long
  // values included, go straight into their tables.
  const sqlite = h.rt.db.sqlite
  const at = Date.parse('2026-03-06T10:00:00Z')
  sqlite
    .prepare(`insert into refunds (id, merchant_id, order_id, seq, amount, currency, status, reference_id, reserved, transaction_id, rule, created_at, updated_at) values (?, ?, ?, 1, 2500, 'EUR', 'succeeded', 'RFLONGREFERENCE1', 0, null, 'default', ?, ?)`)
    .run(REFUND_ID, m.id, orderId, at, at)
  const payer = JSON.stringify({ type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Société Générale de Très Longs Noms de Payeurs SARL' } })
  sqlite
    .prepare(`insert into deposits (id, merchant_id, seq, amount, currency, payer, payee, rail, bank_statement_reference, tx_hash, transaction_id, received_at) values (?, ?, 1, 123456789, 'PLN', ?, ?, 'express_elixir', 'A-RATHER-LONG-BANK-STATEMENT-REFERENCE-2026', null, ?, ?)`)
    .run(DEPOSIT_ID, m.id, payer, payer, 'tx-of-the-deposit-with-a-long-id-0123456789', at)
  sqlite
    .prepare(`insert into returns (id, merchant_id, deposit_id, seq, amount, currency, status, reserved, transaction_id, rule, failed_at, succeeded_at, created_at, updated_at) values (?, ?, ?, 1, 123456789, 'PLN', 'initiated', 123456789, null, 'default', null, null, ?, ?)`)
    .run(RETURN_ID, m.id, DEPOSIT_ID, at, at)
  sqlite
    .prepare(`insert into subaccounts (id, merchant_id, legal_name, mcc, website_url, status, created_at, updated_at) values (?, ?, ?, '7321', ?, 'active', ?, ?)`)
    .run('0192f0c4-5b1e-7aa0-8d3e-5a1b2c3d4e5f', m.id, 'Wide Content Subsidiary Handelsgesellschaft mbH', 'https://a-very-long-shop-domain-name-for-the-subaccount.example/with/a/path?and=query', at, at)
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

async function open(path: string, width: number): Promise<Page> {
  // axe is injected as a script, which the pages' CSP would refuse (browser.test.ts checks the CSP).
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true })
  await context.addCookies([{ name: 'ivy_sandbox_key', value: key, url: base }])
  const page = await context.newPage()
  await page.goto(`${base}${path}`)
  return page
}

/** axe-core's serious and critical findings on the page, as "rule: target" lines. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  const results = (await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }))) as axe.AxeResults
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))
}

const PAGES = () => [
  ['payouts', '/'],
  ['payout', `/payouts/${payoutId}`],
  ['webhooks', '/webhooks'],
  ['scenario', '/scenario'],
  ['merchant', '/merchant'],
  ['requests', '/requests'],
  ['coverage', '/coverage'],
  ['orders', '/orders'],
  ['order', `/orders/${orderId}`],
  ['new-payout', '/new-payout'],
  ['money', '/money'],
  ['refunds', '/refunds'],
  ['refund', `/refunds/${REFUND_ID}`],
  ['deposits', '/deposits'],
  ['deposit', `/deposits/${DEPOSIT_ID}`],
  ['return', `/returns/${RETURN_ID}`],
  ['subaccounts', '/subaccounts'],
]

describe.each(WIDTHS)('at %i px', (width) => {
  it.each(['payouts', 'payout', 'webhooks', 'scenario', 'merchant', 'requests', 'orders', 'order', 'new-payout', 'coverage', 'money', 'refunds', 'refund', 'deposits', 'deposit', 'return', 'subaccounts'])('%s: nothing scrolls sideways, and axe finds nothing serious', async (name) => {
    const path = PAGES().find(([n]) => n === name)![1]!
    const page = await open(path, width)
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${name} is ${overflow}px wider than the window`).toBeLessThanOrEqual(0)
      expect(await violations(page)).toEqual([])
      if (width === 390 || width === 1440) await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png`, fullPage: true })
    } finally {
      await page.context().close()
    }
  })

  // The API reference frames Swagger UI (a third party's page, so axe's findings there are not
  // ours to fix): the frame around it must still fit the window.
  it('docs: nothing scrolls sideways', async () => {
    const page = await open('/docs', width)
    try {
      await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 15_000 })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `docs is ${overflow}px wider than the window`).toBeLessThanOrEqual(0)
      if (width === 390 || width === 1440) await page.screenshot({ path: `${ARTIFACTS}/docs-${width}.png`, fullPage: true })
    } finally {
      await page.context().close()
    }
  })
})
