// The dashboard's forms in a real browser: creating a payout, an order and a merchant, copy
// buttons putting the right text on the clipboard, and the same fail-with-confirmation with
// JavaScript off (the confirmation is then a page of its own).
import { mkdirSync } from 'node:fs'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser.js'
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

async function openAs(key: string, path: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options })
  await context.addCookies([{ name: 'ivy_sandbox_key', value: key, url: base }])
  const page = await context.newPage()
  await page.goto(`${base}${path}`)
  return page
}

/** The page at 1440 px and at 390 px, as the other pages are photographed (widths.test.ts). */
async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

describe('forms in a browser', () => {
  it('creates an order, pays it back from its page, and copies the Payout object as JSON', async () => {
    const m = h.newMerchant()
    const page = await openAs(m.key, '/orders', { permissions: ['clipboard-read', 'clipboard-write'] })
    await page.fill('input[name=amount]', '120')
    await page.fill('input[name=referenceId]', 'shop-42')
    await page.getByRole('button', { name: 'Create order' }).click()
    await page.waitForURL(/\/orders\/[^?]+\?notice=/)
    await expect(page.locator('.flash').textContent()).resolves.toBe('Created order shop-42: paid.')

    await page.fill('input[name=amount]', '20')
    await page.getByRole('button', { name: 'Pay back the order' }).click()
    await page.waitForURL(/\/payouts\/[^?]+\?notice=/)
    await expect(page.locator('h1').innerText()).resolves.toMatch(/EUR 20\.00\s+pending/)
    await page.getByRole('button', { name: 'Copy the Payout object as JSON' }).click()
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))
    const id = new URL(page.url()).pathname.split('/').pop()
    expect(copied).toEqual((await h.post('/api/service/payout/retrieve', { id }, { key: m.key })).body)
    await page.getByRole('button', { name: 'Copy payout id' }).click()
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(id)
    await page.context().close()
  })

  it('creates an open-loop payout from the New payout page, and shows a refusal as a banner', async () => {
    const m = h.newMerchant()
    const page = await openAs(m.key, '/')
    await page.getByRole('link', { name: 'New payout' }).click()
    await page.waitForURL(`${base}/new-payout`)
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create payout' }) })
    await form.locator('input[name=amount]').fill('33.30')
    await form.locator('input[name=accountHolderName]').fill('Jane Doe')
    await form.locator('input[name=iban]').fill('DE00 1234')
    await form.getByRole('button', { name: 'Create payout' }).click()
    await expect(page.locator('.flash-error').textContent()).resolves.toMatch(/iban/i)
    // What was typed is back in the form, to be corrected rather than typed again.
    await expect(form.locator('input[name=amount]').inputValue()).resolves.toBe('33.30')
    await expect(form.locator('input[name=accountHolderName]').inputValue()).resolves.toBe('Jane Doe')
    await expect(form.locator('input[name=iban]').inputValue()).resolves.toBe('DE00 1234')
    await expect(page.locator('form', { has: page.getByRole('button', { name: 'Pay back the order' }) }).locator('input[name=amount]').inputValue()).resolves.toBe('')
    await shoot(page, 'new-payout-refused')

    await form.locator('input[name=iban]').fill(IBAN.DE)
    await form.getByRole('button', { name: 'Create payout' }).click()
    await page.waitForURL(/\/payouts\/[0-9a-f-]+\?notice=/)
    await expect(page.locator('.flash').textContent()).resolves.toBe('Created a EUR 33.30 payout: pending.')
    await page.context().close()
  })

  it('creates a merchant, shows its key once with a copy button, and switches to it', async () => {
    const m = h.newMerchant()
    const page = await openAs(m.key, '/merchant', { permissions: ['clipboard-read', 'clipboard-write'] })
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create merchant' }) })
    await form.getByLabel('Name').fill('Fresh Start Ltd')
    await form.getByRole('button', { name: 'Create merchant' }).click()
    await expect(page.locator('h1').textContent()).resolves.toBe('Created Fresh Start Ltd')
    expect(page.url()).toBe(`${base}/dashboard/merchants`)
    await page.getByRole('button', { name: 'Copy the new API key' }).click()
    const key = await page.evaluate(() => navigator.clipboard.readText())
    expect((await h.get('/sandbox/merchant', { key })).body.name).toBe('Fresh Start Ltd')
    await shoot(page, 'merchant-created')
    await page.getByRole('button', { name: 'Show this merchant' }).click()
    await expect(page.locator('.merchant-chip').innerText()).resolves.toBe('Fresh Start Ltd')
    await page.context().close()
  })
})

describe('without JavaScript', () => {
  it('reads the same, hides the copy buttons, and asks on a page before failing a payout', async () => {
    const m = h.newMerchant()
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(64, IBAN.FR), { key: m.key })
    const page = await openAs(m.key, `/payouts/${payout.id}`, { javaScriptEnabled: false })
    await expect(page.locator('h1').innerText()).resolves.toMatch(/EUR 64\.00\s+pending/)
    await expect(page.locator('button.copy').first().isVisible()).resolves.toBe(false)
    await page.selectOption('select[name=failureCode]', 'account_closed')
    await page.locator('.tools').getByRole('button', { name: 'Fail payout' }).click()
    await expect(page.locator('.confirm').innerText()).resolves.toContain('Fail the EUR 64.00 payout with account_closed?')
    await shoot(page, 'payout-confirm-page')
    expect((await h.post('/api/service/payout/retrieve', { id: payout.id }, { key: m.key })).body.status).toBe('pending')
    await page.locator('.confirm').getByRole('button', { name: 'Fail payout' }).click()
    await expect(page.locator('.flash').textContent()).resolves.toBe('Payout failed with account_closed (AC04).')
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('failed')
    await page.context().close()
  })
})
