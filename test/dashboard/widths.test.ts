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
  ['new-payout', '/payouts/new'],
]

describe.each(WIDTHS)('at %i px', (width) => {
  it.each(['payouts', 'payout', 'webhooks', 'scenario', 'merchant', 'requests', 'orders', 'order', 'new-payout', 'coverage'])('%s: nothing scrolls sideways, and axe finds nothing serious', async (name) => {
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
})
