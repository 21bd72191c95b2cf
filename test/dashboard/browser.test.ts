// The dashboard and /docs in a real browser (Chromium driven by playwright-core): one
// sandbox on a real port and one browser for the file, a fresh merchant per test, its key in
// the dashboard cookie. Each page is photographed into test-artifacts/dashboard/.
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { browserExecutable, launchBrowser } from '../helpers/browser.js'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

const ARTIFACTS = 'test-artifacts/dashboard'

let h: Harness
let base: string
let browser: Browser

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  h = await harness()
  base = await h.serve()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

/** A browser page showing the merchant of `key` (none: the default merchant). */
async function openAs(key?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  if (key) await context.addCookies([{ name: 'ivy_sandbox_key', value: key, url: base }])
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(`${page.url()}: ${message.text()}`)
  })
  return page
}

/** What the pages' Content-Security-Policy refused: the dashboard's own scripts and styles must all run. */
const blocked: string[] = []
afterEach(() => {
  expect(blocked.splice(0)).toEqual([])
})

const shoot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true })

describe('dashboard in a browser', () => {
  it('shows a payout created through the API, opens it, and fails it with account_closed', async () => {
    const m = h.newMerchant()
    const page = await openAs(m.key)
    await page.goto(`${base}/`)
    await expect(page.locator('main').textContent()).resolves.toContain('No payouts yet')

    const { body: payout } = await h.post('/api/service/payout/create', openLoop(42.5, IBAN.DE, { paymentReference: 'Refund A-1' }), { key: m.key })
    for (let i = 0; i < 3; i++) await h.post('/api/service/payout/create', openLoop(10 + i, IBAN.FR, { paymentReference: `Cashback ${i}` }), { key: m.key })
    await page.reload()
    const row = page.locator('tbody tr', { hasText: 'Refund A-1' })
    await expect(row.innerText()).resolves.toMatch(/EUR 42\.50[\s\S]*pending[\s\S]*Jane Doe[\s\S]*DE •••• 3000/)
    await expect(page.locator('tbody tr').count()).resolves.toBe(4)
    await shoot(page, 'payouts')

    await row.locator('a').first().click()
    await page.waitForURL(`${base}/payouts/${payout.id}`)
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('pending')
    await expect(page.locator('.timeline').innerText()).resolves.toContain('created pending')

    await page.selectOption('select[name=failureCode]', 'account_closed')
    await page.locator('.tools').getByRole('button', { name: 'Fail payout' }).click()
    // Failing is final: the page asks first, and "Keep it" changes nothing.
    const dialog = page.getByRole('dialog')
    await expect(dialog.innerText()).resolves.toContain('Fail this payout with the failure code chosen?')
    await shoot(page, 'payout-confirm-fail')
    await dialog.getByRole('button', { name: 'Keep it' }).click()
    await expect(dialog.count()).resolves.toBe(0)
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('pending')
    await page.locator('.tools').getByRole('button', { name: 'Fail payout' }).click()
    await dialog.getByRole('button', { name: 'Fail payout' }).click()
    await page.waitForSelector('.flash-notice')
    await expect(page.locator('.flash').textContent()).resolves.toBe('Payout failed with account_closed (AC04).')
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('failed')
    const last = page.locator('.timeline .step').last()
    await expect(last.innerText()).resolves.toMatch(/pending → failed[\s\S]*sandbox tool[\s\S]*account_closed[\s\S]*AC04/)
    // Scheduled steps were dropped; the tools say the payout is final.
    await expect(page.locator('.step-scheduled').count()).resolves.toBe(0)
    await expect(page.locator('.tools').count()).resolves.toBe(0)
    await shoot(page, 'payout-failed')

    const { body: after } = await h.post('/api/service/payout/retrieve', { id: payout.id }, { key: m.key })
    expect(after.status).toBe('failed')
    expect(after.failure.code).toBe('account_closed')
  })

  it('wraps a long error inside its banner: an invalid failure code lists every valid one', async () => {
    const m = h.newMerchant()
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(7, IBAN.DE), { key: m.key })
    const page = await openAs(m.key)
    await page.goto(`${base}/payouts/${payout.id}`)
    // The form offers only valid codes; a hand-edited one is refused by the same validation as the API.
    await page.locator('select[name=failureCode] option').first().evaluate((option) => option.setAttribute('value', 'not_a_code'))
    await page.locator('.tools').getByRole('button', { name: 'Fail payout' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Fail payout' }).click()
    const flash = page.locator('.flash-error')
    await expect(flash.textContent()).resolves.toMatch(/^failureCode: .*account_closed.*unknown/)
    const fits = await flash.evaluate((el) => {
      const box = el.getBoundingClientRect()
      const main = el.closest('main')!.getBoundingClientRect()
      return { overflows: el.scrollWidth > el.clientWidth, inside: box.right <= main.right, pageScrolls: document.documentElement.scrollWidth > window.innerWidth }
    })
    expect(fits).toEqual({ overflows: false, inside: true, pageScrolls: false })
    await shoot(page, 'payout-long-error')
  })

  it('"+6 days" settles a pending payout and the page shows the new sandbox time', async () => {
    const m = h.newMerchant({ scenario: 'always-paid' })
    await h.post('/api/service/payout/create', openLoop(99.99, IBAN.NL, { paymentReference: 'Winnings' }), { key: m.key })
    const page = await openAs(m.key)
    await page.goto(`${base}/`)
    await expect(page.locator('tbody tr .badge').textContent()).resolves.toBe('pending')
    await expect(page.locator('#sandbox-now').textContent()).resolves.toBe('2026-03-02 10:00:00')

    await page.getByRole('button', { name: '+6 days' }).click()
    await page.waitForSelector('.flash-notice')
    await expect(page.locator('.flash').textContent()).resolves.toBe('Moved the clock 6d to 2026-03-08 10:00:00 UTC: 2 payout changes.')
    await expect(page.locator('#sandbox-now').textContent()).resolves.toBe('2026-03-08 10:00:00')
    await expect(page.locator('tbody tr .badge').textContent()).resolves.toBe('paid')
    await page.getByRole('link', { name: /^Paid\W*\d+$/ }).click()
    await expect(page.locator('tbody tr').count()).resolves.toBe(1)
    await shoot(page, 'payouts-after-6-days')

    // A click anywhere on the row opens the payout, whose timeline shows the settlement.
    await page.locator('tbody tr td.num').click()
    await page.waitForURL(/\/payouts\//)
    await expect(page.locator('.timeline').innerText()).resolves.toMatch(/pending → in transit[\s\S]*in transit → paid/)
  })

  it('subscribes the built-in inbox and shows events, signed attempts and what the inbox received', async () => {
    const m = h.newMerchant({ scenario: 'always-paid' })
    const page = await openAs(m.key)
    await page.goto(`${base}/webhooks`)
    const inboxUrl = `${base}/sandbox/inbox/dashboard`
    await expect(page.inputValue('input[name=url]')).resolves.toBe(inboxUrl)
    await page.getByRole('button', { name: 'Subscribe' }).click()
    await expect(page.locator('.flash').textContent()).resolves.toBe(`Subscribed ${inboxUrl}.`)

    const { body: payout } = await h.post('/api/service/payout/create', openLoop(15, IBAN.DE2, { paymentReference: 'Deposit return' }), { key: m.key })
    await page.getByRole('button', { name: '+1 min' }).click()
    await page.waitForSelector('.flash-notice')
    await page.goto(`${base}/webhooks`)
    const inbox = page.locator('section', { has: page.getByRole('heading', { name: 'Inbox' }) })
    await expect(inbox.locator('tbody tr').count()).resolves.toBe(2)
    await expect(inbox.innerText()).resolves.toMatch(/payout\.paid\s+valid[\s\S]*payout\.initiated\s+valid/)
    const attempts = page.locator('section', { has: page.getByRole('heading', { name: 'Recent delivery attempts' }) })
    await expect(attempts.locator('tbody tr .badge-ok').count()).resolves.toBe(2)
    await shoot(page, 'webhooks')

    await page.goto(`${base}/payouts/${payout.id}`)
    const paid = page.locator('.event', { hasText: 'payout.paid' })
    await expect(paid.innerText()).resolves.toMatch(/delivered to[\s\S]*#1[\s\S]*200[\s\S]*ms/)
    await paid.getByRole('button', { name: 'Redeliver' }).click()
    await expect(page.locator('.flash').textContent()).resolves.toBe('Queued 1 delivery of the event.')
    await expect(page.locator('.event', { hasText: 'payout.paid' }).locator('.delivery').count()).resolves.toBe(2)
    await shoot(page, 'payout-paid-webhooks')
  })

  it('renders the scenario and switches to another shipped one', async () => {
    const m = h.newMerchant()
    const page = await openAs(m.key)
    await page.goto(`${base}/scenario`)
    await expect(page.locator('h1').innerText()).resolves.toMatch(/default\s+shipped/)
    const closed = page.locator('tr', { hasText: 'magic-account-closed' })
    await expect(closed.innerText()).resolves.toMatch(/DE66100000000000000101[\s\S]*in transit[\s\S]*failed[\s\S]*account_closed[\s\S]*AC04/)
    await shoot(page, 'scenario')

    await page.getByRole('button', { name: 'Use always-paid' }).click()
    await expect(page.locator('.flash').textContent()).resolves.toBe('Scenario is now always-paid.')
    await expect(page.locator('.scenario-option.active strong').textContent()).resolves.toBe('always-paid')
    const { body } = await h.get('/sandbox/scenario', { key: m.key })
    expect(body.name).toBe('always-paid')
  })

  it('keeps a refused YAML in the editor as typed, marks its line and puts the cursor on the error', async () => {
    const m = h.newMerchant()
    const page = await openAs(m.key)
    await page.goto(`${base}/scenario`)
    const typed = 'name: mine\nseed: 1\n# my own notes\ndefault:\n  steps:\n    - { after: soon, status: paid }\n'
    await page.locator('textarea[name=yaml]').fill(typed)
    await page.getByRole('button', { name: 'Use this scenario' }).click()
    await page.waitForSelector('.yaml-problem')
    await expect(page.locator('textarea[name=yaml]').inputValue()).resolves.toBe(typed)
    await expect(page.locator('.yaml-problem mark').textContent()).resolves.toBe('6 |     - { after: soon, status: paid }')
    // The cursor sits on "soon": line 6, column 16.
    const offset = typed.split('\n').slice(0, 5).join('\n').length + 1 + 15
    await expect(page.evaluate(() => [document.activeElement?.getAttribute('name'), (document.activeElement as HTMLTextAreaElement).selectionStart])).resolves.toEqual(['yaml', offset])
    await shoot(page, 'scenario-refused-yaml')
    expect((await h.get('/sandbox/scenario', { key: m.key })).body.name).toBe('default')
  })

  it('switches merchant by pasting an API key and shows its balances', async () => {
    const m = h.newMerchant({ name: 'Acme Refunds', balances: { EUR: 2500, GBP: 120.5 } })
    const page = await openAs()
    await page.goto(`${base}/merchant`)
    await expect(page.locator('.merchant-chip').innerText()).resolves.toContain('Default sandbox merchant')
    // The default merchant's clock is realtime: the panel keeps ticking without a reload.
    const shown = await page.locator('#sandbox-now').textContent()
    await page.waitForFunction((text) => document.getElementById('sandbox-now')!.textContent !== text, shown, { timeout: 5_000 })

    await page.fill('input[name=apiKey]', 'ivy_sandbox_not_a_key')
    await page.getByRole('button', { name: 'Show this merchant' }).click()
    await expect(page.locator('.flash-error').textContent()).resolves.toBe('No merchant has this API key.')

    await page.fill('input[name=apiKey]', m.key)
    await page.getByRole('button', { name: 'Show this merchant' }).click()
    await expect(page.locator('.flash').textContent()).resolves.toBe('Now showing Acme Refunds.')
    await expect(page.locator('.merchant-chip').innerText()).resolves.toBe('Acme Refunds')
    await expect(page.locator('.balances').innerText()).resolves.toMatch(/EUR 2,500\.00[\s\S]*GBP 120\.50/)
    await shoot(page, 'merchant')
  })

  it('serves /docs with no network: Swagger UI lists the payout routes from local files only', async () => {
    const page = await openAs(h.key)
    const aborted: string[] = []
    await page.route('**', (route) => {
      const url = new URL(route.request().url())
      if (url.hostname === '127.0.0.1') return route.continue()
      aborted.push(url.href)
      return route.abort()
    })
    await page.goto(`${base}/docs`)
    await page.waitForSelector('.opblock-summary-path[data-path="/api/service/payout/create"]')
    const text = await page.locator('#swagger-ui').innerText()
    for (const path of ['/api/service/payout/create', '/api/service/payout/retrieve', '/api/service/payout/list', '/sandbox/payouts/{id}/force']) expect(text).toContain(path)
    await shoot(page, 'docs')
    expect(aborted).toEqual([])
  })
})

describe('the browser the tests use', () => {
  it('is CHROMIUM_PATH when set, and a CHROMIUM_PATH that does not exist fails instead of skipping', async () => {
    const saved = process.env.CHROMIUM_PATH
    try {
      const { path } = await browserExecutable()
      process.env.CHROMIUM_PATH = path
      await expect(browserExecutable()).resolves.toEqual({ path, source: 'CHROMIUM_PATH' })
      process.env.CHROMIUM_PATH = '/nonexistent/chromium'
      await expect(browserExecutable()).rejects.toThrow('CHROMIUM_PATH is /nonexistent/chromium, which does not exist')
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = saved
    }
  })
})
