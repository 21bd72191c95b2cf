// The example database as a newcomer first sees it: a first start from sandbox.db.example (as
// `npm start` makes one), its payouts in the dashboard with their webhook events delivered to
// the built-in inbox, one of them after a retry.
import Database from 'better-sqlite3'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRuntime, type Runtime } from '../../src/runtime.js'
import { adoptExample } from '../../src/seed.js'
import { listen, type RunningServer } from '../../src/server.js'
import { launchBrowser } from '../helpers/browser.js'

const ARTIFACTS = 'test-artifacts/dashboard'
const EXAMPLE = 'sandbox.db.example'

let dir: string
let rt: Runtime
let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'ivy-example-browser-'))
  rt = await createRuntime({ db: join(dir, 'sandbox.db'), template: EXAMPLE })
  server = await listen(rt, { port: 0, host: '127.0.0.1' })
  adoptExample(rt, server.url)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await rt?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the example database in the dashboard', () => {
  it('shows its payouts, their delivered webhooks, and the one delivery that took a retry', async () => {
    const example = new Database(EXAMPLE, { readonly: true })
    const retried = example
      .prepare('select e.payout_id as payoutId, e.type from webhook_events e join webhook_deliveries d on d.event_id = e.id where d.attempts = 2')
      .get() as { payoutId: string; type: string }
    example.close()

    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await page.goto(`${server.url}/`)
    // 200 customer payouts and the 3 of the beneficiary sweep.
    await expect(page.getByRole('link', { name: /^All\W*203$/ }).count()).resolves.toBe(1)
    await page.screenshot({ path: `${ARTIFACTS}/example-payouts-1440.png`, fullPage: true })

    await page.goto(`${server.url}/payouts/${retried.payoutId}`)
    const event = page.locator('.event', { hasText: retried.type })
    await expect(event.locator('.delivery').innerText()).resolves.toMatch(/delivered to .*\/sandbox\/inbox\/default · 2 attempts/)
    await expect(event.locator('tbody').innerText()).resolves.toMatch(/#2[\s\S]*200[\s\S]*#1[\s\S]*503/)
    await page.screenshot({ path: `${ARTIFACTS}/example-payout-retried-1440.png`, fullPage: true })

    await page.goto(`${server.url}/webhooks`)
    const inbox = page.locator('section', { has: page.getByRole('heading', { name: 'Inbox' }) })
    await expect(inbox.locator('tbody tr').count()).resolves.toBeGreaterThan(10)
    await page.context().close()
  })
})
