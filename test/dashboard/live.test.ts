// Live pages in a real browser: a change made through the API (over HTTP, from outside the
// page) shows on an open page within a second or so, without a reload; and the stream behind it
// (GET /dashboard/live) over plain HTTP: kinds asked for, the merchant of the cookie only, and
// ended at once by shutdown.
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser.js'
import { harness, httpClient, IBAN, openLoop, type Harness, type HttpCall } from '../helpers/harness.js'

const ARTIFACTS = 'test-artifacts/dashboard'
/** Generous: the update itself takes milliseconds; a loaded CI machine may not. */
const LIVE_TIMEOUT_MS = 5_000

let h: Harness
let base: string
let call: HttpCall
let browser: Browser

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  h = await harness()
  base = await h.serve()
  call = await httpClient(h)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

/** A page of the merchant of `key`, connected to the live stream, marked so a reload would show. */
async function openLive(key: string, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  await context.addCookies([{ name: 'ivy_sandbox_key', value: key, url: base }])
  const page = await context.newPage()
  const connected = page.waitForResponse((r) => r.url().startsWith(`${base}/dashboard/live`))
  await page.goto(`${base}${path}`)
  await connected
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))
  return page
}

const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true)

describe('live pages', () => {
  it('a payout page says paid once the payout is forced paid through the API, without a reload', async () => {
    const m = h.newMerchant()
    const { body: payout } = await call('POST', '/api/service/payout/create', openLoop(42, IBAN.DE), m.key)
    const page = await openLive(m.key, `/payouts/${payout.id}`)
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('pending')

    const forced = await call('POST', `/sandbox/payouts/${payout.id}/force`, { status: 'paid' }, m.key)
    expect(forced.status).toBe(200)
    await page.waitForFunction(() => document.querySelector('h1 .badge')?.textContent === 'paid', null, { timeout: LIVE_TIMEOUT_MS })
    await expect(page.locator('.timeline').innerText()).resolves.toMatch(/pending → in transit[\s\S]*in transit → paid|pending → paid/)
    expect(await notReloaded(page)).toBe(true)
    await page.context().close()
  })

  it('the payouts list gains the row of a payout created through the API, and the clock panel follows an advance', async () => {
    const m = h.newMerchant({ scenario: 'always-paid' })
    await call('POST', '/api/service/payout/create', openLoop(10, IBAN.FR, { paymentReference: 'First' }), m.key)
    const page = await openLive(m.key, '/')
    await expect(page.locator('tbody tr').count()).resolves.toBe(1)

    await call('POST', '/api/service/payout/create', openLoop(11, IBAN.NL, { paymentReference: 'Arrived live' }), m.key)
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 2, null, { timeout: LIVE_TIMEOUT_MS })
    await expect(page.locator('tbody tr').first().innerText()).resolves.toContain('Arrived live')

    await call('POST', '/sandbox/clock/advance', { by: '6d' }, m.key)
    await page.waitForFunction(() => document.getElementById('sandbox-now')?.textContent === '2026-03-08 10:00:00', null, { timeout: LIVE_TIMEOUT_MS })
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr .badge')].every((b) => b.textContent === 'paid'), null, { timeout: LIVE_TIMEOUT_MS })
    expect(await notReloaded(page)).toBe(true)
    await page.screenshot({ path: `${ARTIFACTS}/payouts-live.png`, fullPage: true })
    await page.context().close()
  })

  it('the Requests page lists an API call as it is made', async () => {
    const m = h.newMerchant()
    await call('POST', '/api/service/ping', {}, m.key)
    const page = await openLive(m.key, '/requests')
    await expect(page.locator('.request-line').count()).resolves.toBe(1)
    await call('POST', '/api/service/balance/retrieve', { currency: 'GBP' }, m.key)
    await page.waitForFunction(() => document.querySelector('.request-line')?.textContent?.includes('/api/service/balance/retrieve'), null, { timeout: LIVE_TIMEOUT_MS })
    expect(await notReloaded(page)).toBe(true)
    await page.context().close()
  })

  it('holds the main region while a form in it is being filled in, and catches up once it is left as it was', async () => {
    const m = h.newMerchant()
    const { body: order } = await call('POST', '/sandbox/orders', { amount: 90, currency: 'EUR' }, m.key)
    const page = await openLive(m.key, `/orders/${order.id}`)
    const amount = page.locator('input[name=amount]')
    await amount.fill('12')
    // The page re-reads itself on the change (its clock panel is swapped, in the same step as the
    // main region would be) but keeps what was typed.
    await page.evaluate(() => ((window as unknown as { panel: Element | null }).panel = document.querySelector('header .clock')))
    await call('POST', '/api/service/payout/create', { amount: 30, currency: 'EUR', destination: { orderId: order.id } }, m.key)
    await page.waitForFunction(() => document.querySelector('header .clock') !== (window as unknown as { panel: Element | null }).panel, null, { timeout: LIVE_TIMEOUT_MS })
    await expect(amount.inputValue()).resolves.toBe('12')
    await expect(page.locator('main').innerText()).resolves.toContain('None yet.')

    await amount.fill('')
    await amount.blur()
    await page.waitForFunction(() => document.querySelector('main')!.textContent!.includes('EUR 30.00'), null, { timeout: LIVE_TIMEOUT_MS })
    expect(await notReloaded(page)).toBe(true)
    await page.context().close()
  })

  it('a redelivery shows on the payout page as it is queued and as it is delivered', async () => {
    const m = h.newMerchant({ scenario: 'always-paid' })
    await call('POST', '/api/service/webhook-subscription/create', { url: `${base}/sandbox/inbox/live-${m.id}` }, m.key)
    const { body: payout } = await call('POST', '/api/service/payout/create', openLoop(15, IBAN.DE2), m.key)
    await call('POST', '/sandbox/clock/advance', { by: '1m' }, m.key)
    const { body: events } = await call('GET', `/sandbox/webhooks/events?payoutId=${payout.id}`, undefined, m.key)
    const paid = events.items.find((e: { type: string }) => e.type === 'payout.paid')
    const page = await openLive(m.key, `/payouts/${payout.id}`)
    const deliveries = () => page.locator('.event', { hasText: 'payout.paid' }).locator('.delivery')
    await expect(deliveries().count()).resolves.toBe(1)

    const redelivered = await call('POST', `/sandbox/webhooks/events/${paid.id}/redeliver`, {}, m.key)
    expect(redelivered.body.deliveries).toBe(1)
    await page.waitForFunction(
      () => [...document.querySelectorAll('.event')].find((e) => e.textContent!.includes('payout.paid'))?.querySelectorAll('.delivery').length === 2,
      null,
      { timeout: LIVE_TIMEOUT_MS },
    )
    // The new delivery is made by the running sandbox: its attempt shows as it is recorded.
    await page.waitForFunction(
      () => [...document.querySelectorAll('.event')].find((e) => e.textContent!.includes('payout.paid'))?.querySelectorAll('.delivery .badge-delivered').length === 2,
      null,
      { timeout: LIVE_TIMEOUT_MS },
    )
    expect(await notReloaded(page)).toBe(true)
    await page.context().close()
  })
})

/** An open GET /dashboard/live as the merchant of `key`: its messages, one at a time. */
async function openStream(url: string, key: string, on: string) {
  const res = await fetch(`${url}/dashboard/live?on=${on}`, { headers: { cookie: `ivy_sandbox_key=${key}` } })
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    res,
    /** The next message (comments skipped) as its field lines; null once the stream has ended. */
    async next(): Promise<string | null> {
      for (let reads = 0; reads < 100; reads++) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const message = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (!message.startsWith(':')) return message
          continue
        }
        const { done, value } = await reader.read()
        if (done) return null
        buffer += decoder.decode(value, { stream: true })
      }
      throw new Error('no whole message in 100 reads')
    },
    cancel: () => reader.cancel(),
  }
}

describe('GET /dashboard/live', () => {
  it('tells the merchant of the cookie, after each commit, the kinds it asked for that changed', async () => {
    const m = h.newMerchant()
    const other = h.newMerchant()
    const stream = await openStream(base, m.key, 'payouts,webhooks')
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream')
    await expect(stream.next()).resolves.toBe(`event: ready\ndata: ${m.id}\nretry: 2000`)

    // Another merchant's payout, and a call that changes only the request log: nothing to tell.
    await call('POST', '/api/service/payout/create', openLoop(5, IBAN.DE), other.key)
    await call('POST', '/api/service/payout/list', {}, m.key)
    await call('POST', '/api/service/payout/create', openLoop(6, IBAN.DE), m.key)
    await expect(stream.next()).resolves.toBe('event: change\ndata: payouts')
    await call('POST', '/api/service/webhook-subscription/create', { url: `${base}/sandbox/inbox/stream-${m.id}` }, m.key)
    await expect(stream.next()).resolves.toBe('event: change\ndata: webhooks')
    // Restoring a snapshot may change anything a page shows.
    expect((await call('POST', '/sandbox/snapshots', { name: 'before' }, m.key)).status).toBe(200)
    expect((await call('POST', '/sandbox/snapshots/before/restore', {}, m.key)).status).toBe(200)
    await expect(stream.next()).resolves.toBe('event: change\ndata: payouts webhooks')
    await stream.cancel()
  })

  it('ends every open stream when the sandbox shuts down, so closing does not wait for them', async () => {
    const own = await harness()
    const url = await own.serve()
    const streams = await Promise.all([openStream(url, own.key, 'payouts'), openStream(url, own.key, 'requests')])
    for (const stream of streams) await expect(stream.next()).resolves.toMatch(/^event: ready/)
    const started = performance.now()
    await own.close()
    // The server's deadline for answers still owed is 10 s; the streams end at once instead.
    expect(performance.now() - started).toBeLessThan(5_000)
    for (const stream of streams) await expect(stream.next()).resolves.toBeNull()
  })
})
