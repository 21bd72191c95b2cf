// The dashboard over app.request(), without a browser: what the pages list, what the forms do
// (303 back with a flash), how refusals and foreign forms are answered, and the static files.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { name: 'Pages Ltd' } })
})
afterEach(() => h.close())

const cookie = (key: string) => `ivy_sandbox_key=${key}`

async function page(path: string, key = h.key) {
  const res = await h.app.request(path, { headers: { cookie: cookie(key) } })
  return { status: res.status, type: res.headers.get('content-type'), html: await res.text() }
}

/** Submits a dashboard form as the browser would from one of its pages. */
async function submit(path: string, fields: Record<string, string>, opts: { key?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { cookie: cookie(opts.key ?? h.key), 'content-type': 'application/x-www-form-urlencoded' }
  if (opts.origin !== null) headers.origin = opts.origin ?? 'http://localhost'
  const res = await h.app.request(path, { method: 'POST', headers, body: new URLSearchParams(fields).toString() })
  const location = res.headers.get('location')
  const url = location === null ? undefined : new URL(location, 'http://localhost')
  return { status: res.status, location, notice: url?.searchParams.get('notice'), error: url?.searchParams.get('error') }
}

const rows = (html: string) => [...html.matchAll(/<tr data-href="\/payouts\/([^"]+)"/g)].map((m) => m[1])

async function createPayouts(n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push((await h.post('/api/service/payout/create', openLoop(1 + i, IBAN.DE, { paymentReference: `P${i}` }))).body.id)
  return ids
}

describe('payouts table', () => {
  it('lists newest first, 25 a page, with links to the older page and back', async () => {
    const ids = await createPayouts(30)
    const first = await page('/')
    expect(first.status).toBe(200)
    expect(first.type).toMatch(/^text\/html/)
    expect(rows(first.html)).toEqual(ids.slice(5).reverse())
    expect(first.html).toContain('1–25 of 30')
    expect(first.html).toContain('href="/?skip=25"')

    const second = await page('/?skip=25')
    expect(rows(second.html)).toEqual(ids.slice(0, 5).reverse())
    expect(second.html).toContain('26–30 of 30')
    expect(second.html).toContain('href="/"')
  })

  it('shows the last page for a skip past the end, never an impossible range', async () => {
    const ids = await createPayouts(30)
    for (const skip of [30, 100_000]) {
      const { html } = await page(`/?skip=${skip}`)
      expect(rows(html)).toEqual(ids.slice(0, 5).reverse())
      expect(html).toContain('26–30 of 30')
      expect(html).toContain('href="/"')
      expect(html).not.toContain('rel="next"')
    }
  })

  it('filters by status and searches by id or the start of one', async () => {
    const ids = await createPayouts(3)
    await h.post(`/sandbox/payouts/${ids[1]}/force`, { status: 'failed', failureCode: 'account_blocked' })
    expect(rows((await page('/?status=failed')).html)).toEqual([ids[1]])
    expect(rows((await page('/?status=pending')).html)).toEqual([ids[2], ids[0]])
    expect(rows((await page(`/?q=${ids[2]}`)).html)).toEqual([ids[2]])
    expect(rows((await page(`/?q=${ids[0]!.slice(0, 13)}`)).html)).toEqual([ids[0]])
    const none = await page('/?q=ffffffff-0000')
    expect(rows(none.html)).toEqual([])
    expect(none.html).toContain('No payouts match')
  })

  it('searches for the text typed: LIKE wildcards and the escape character match only themselves', async () => {
    const [id] = await createPayouts(3)
    for (const q of ['%', '_', '\\', '%%', `${id!.slice(0, 4)}_`, `${id!.slice(0, 4)}%${id!.slice(5, 8)}`]) {
      const { html } = await page(`/?q=${encodeURIComponent(q)}`)
      expect(rows(html), q).toEqual([])
      expect(html).toContain('No payouts match')
    }
    expect(rows((await page(`/?q=${id!.slice(-12).toUpperCase()}`)).html)).toEqual([id])
  })

  it('searches by name, reference, IBAN or account fragment however spaced, and exact amount; filters by currency, type and date', async () => {
    const create = async (body: unknown) => (await h.post('/api/service/payout/create', body)).body.id as string
    const rent = await create(openLoop(42.5, IBAN.FR, { paymentReference: 'Rent March' }))
    const gbp = await create({ amount: 7, currency: 'GBP', destination: { financialAddress: { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55779911', accountHolderName: 'Oliver Twist' } } } })
    await h.advance('2d')
    const later = await create(openLoop(42.5, IBAN.NL, { paymentReference: 'Refund 77' }))
    const find = async (query: string) => rows((await page(`/?${query}`)).html)
    expect(await find('q=oliver')).toEqual([gbp])
    expect(await find('q=rent%20mar')).toEqual([rent])
    // An IBAN fragment as people write it: lowercase, in groups of four.
    expect(await find(`q=${encodeURIComponent('fr14 2004 1010')}`)).toEqual([rent])
    expect(await find('q=5577-9911')).toEqual([gbp])
    expect(await find('q=42.50')).toEqual([later, rent])
    expect(await find('q=42,5')).toEqual([later, rent])
    expect(await find('q=42.51')).toEqual([])
    expect(await find('q=7.00')).toEqual([gbp])
    expect(await find('currency=GBP')).toEqual([gbp])
    expect(await find('q=42.5&currency=GBP')).toEqual([])
    expect(await find('type=beneficiary')).toEqual([])
    expect(await find('type=customer&currency=EUR')).toEqual([later, rent])
    expect(await find('from=2026-03-03')).toEqual([later])
    expect(await find('to=2026-03-02')).toEqual([gbp, rent])
    // Status tabs keep the search.
    expect((await page('/?q=oliver')).html).toContain('href="/?status=pending&amp;q=oliver"')
  })

  it('labels a paid payout that came back as returned, not a plain failure', async () => {
    const [returned, refused] = await createPayouts(2)
    await h.post(`/sandbox/payouts/${returned}/force`, { status: 'paid' })
    await h.post(`/sandbox/payouts/${returned}/force`, { status: 'failed', failureCode: 'duplicate_transaction' })
    await h.post(`/sandbox/payouts/${refused}/force`, { status: 'failed', failureCode: 'account_closed' })
    const { html } = await page('/?status=failed')
    const rowOf = (id: string) => html.slice(html.indexOf(`data-href="/payouts/${id}"`), html.indexOf('</tr>', html.indexOf(`data-href="/payouts/${id}"`)))
    expect(rowOf(returned!)).toContain('badge-returned')
    expect(rowOf(refused!)).not.toContain('badge-returned')
  })

  it('shows how to create a first payout, with the merchant\'s own key', async () => {
    const { html } = await page('/')
    expect(html).toContain('No payouts yet')
    expect(html).toContain(`X-Ivy-Api-Key: ${h.key}`)
  })

  it('shows only the payouts of the merchant in the cookie; an unknown key shows the default merchant', async () => {
    const [mine] = await createPayouts(1)
    const other = h.newMerchant()
    expect(rows((await page('/', other.key)).html)).toEqual([])
    const fallback = await page('/', 'ivy_sandbox_gone')
    expect(fallback.html).toContain('Default sandbox merchant')
    expect(fallback.html).not.toContain(mine)
  })
})

describe('payout detail', () => {
  it('answers an unknown id with a 404 page in the frame', async () => {
    const res = await page('/payouts/0b8e7a39-0000-4000-8000-000000000000')
    expect(res.status).toBe(404)
    expect(res.html).toContain('Payout not found.')
    expect(res.html).toContain('Sandbox time')
  })

  it('shows the rail the payout asked for, or the one the sandbox picked', async () => {
    const [picked] = await createPayouts(1)
    const asked = (await h.post('/api/service/payout/create', openLoop(1, IBAN.DE, { rail: 'TARGET' }))).body.id
    expect((await page(`/payouts/${picked}`)).html).toContain('SEPA_INSTANT (picked by the sandbox)')
    expect((await page(`/payouts/${asked}`)).html).toMatch(/Rail<\/dt>\s*<dd[^>]*>TARGET</)
  })

  it('lists the steps the scenario scheduled, until a sandbox tool decides', async () => {
    const [id] = await createPayouts(1)
    const before = await page(`/payouts/${id}`)
    expect(before.html.match(/class="step step-scheduled"/g)).toHaveLength(2)
    const forced = await submit(`/dashboard/payouts/${id}/force`, { back: `/payouts/${id}`, status: 'paid' })
    expect(forced).toMatchObject({ status: 303, notice: 'Payout paid.' })
    const after = await page(`/payouts/${id}`)
    expect(after.html).not.toContain('step-scheduled')
    expect(after.html).toContain('pending → <strong>paid</strong>')
  })

  it('shows a refused tool as an error on the page, and the API-side validation of the form', async () => {
    const [id] = await createPayouts(1)
    const back = `/payouts/${id}`
    await submit(`/dashboard/payouts/${id}/force`, { back, status: 'canceled', confirmed: 'yes' })
    const refused = await submit(`/dashboard/payouts/${id}/force`, { back, status: 'paid' })
    expect(refused).toMatchObject({ status: 303, error: 'payout is canceled and cannot become paid' })
    expect(refused.location!.startsWith(`${back}?`)).toBe(true)
    expect((await page(refused.location!)).html).toContain('<p class="flash flash-error" role="alert">payout is canceled and cannot become paid</p>')
    expect((await submit(`/dashboard/payouts/${id}/force`, { back, status: 'failed', confirmed: 'yes' })).error).toBe('failureCode is required to fail a payout')
    expect((await submit(`/dashboard/payouts/${id}/force`, { back, status: 'failed', failureCode: 'nope' })).error).toMatch(/^failureCode: /)
  })

  it('says why a payout has no webhook events only when that is the reason', async () => {
    const [id] = await createPayouts(1)
    const events = (html: string) => html.slice(html.indexOf('Webhook events'), html.indexOf('The Payout object'))
    expect(events((await page(`/payouts/${id}`)).html)).toContain('No events: <a href="/webhooks">subscribe a URL</a> to receive payout.initiated')
    // Subscribed after the payout was made (as in the example database): its events were never recorded.
    await h.post('/api/service/webhook-subscription/create', { url: 'https://example.com/hooks' })
    const subscribed = events((await page(`/payouts/${id}`)).html)
    expect(subscribed).toContain('No webhook events were recorded for this payout.')
    expect(subscribed).not.toContain('No events:')
  })
})

describe('clock panel', () => {
  it('advances, freezes and resumes the merchant clock, reporting what fired', async () => {
    await createPayouts(1)
    const advanced = await submit('/dashboard/clock/advance', { back: '/?status=paid', by: '1h' })
    expect(advanced.status).toBe(303)
    expect(advanced.location!.startsWith('/?status=paid&notice=')).toBe(true)
    expect(advanced.notice).toBe('Moved the clock 1h to 2026-03-02 11:00:00 UTC: 2 payout changes.')
    expect((await h.get('/sandbox/clock')).body).toMatchObject({ now: '2026-03-02T11:00:00.000Z', mode: 'frozen' })

    expect((await submit('/dashboard/clock/resume', { back: '/' })).notice).toBe('Clock resumed: it follows wall time again.')
    expect((await h.get('/sandbox/clock')).body.mode).toBe('realtime')
    expect((await page('/')).html).toContain('formaction="/dashboard/clock/freeze"')
    expect((await submit('/dashboard/clock/freeze', { back: '/' })).notice).toMatch(/^Clock frozen at 2026-03-02 11:00:\d\d UTC/)
    expect((await h.get('/sandbox/clock')).body.mode).toBe('frozen')
  })

  it('refuses a duration the clock endpoint would refuse', async () => {
    const res = await submit('/dashboard/clock/advance', { back: '/', by: 'forever' })
    expect(res.error).toMatch(/^by: must be a duration like/)
    expect((await h.get('/sandbox/clock')).body.now).toBe('2026-03-02T10:00:00.000Z')
  })
})

describe('requests page', () => {
  it("lists the merchant's API calls with both bodies, and a curl command that repeats one exactly", async () => {
    const base = await h.serve()
    const body = openLoop(9.99, IBAN.NL, { paymentReference: "O'Brien's refund" })
    const res = await fetch(`${base}/api/service/payout/create`, {
      method: 'POST',
      headers: { 'X-Ivy-Api-Key': h.key, 'Content-Type': 'application/json', 'Idempotency-Key': 'idem-42' },
      body: JSON.stringify(body),
    })
    const payout = (await res.json()) as { id: string }
    await h.post('/api/service/payout/retrieve', { id: 'nope' })
    // Served for real, so the curl command names the sandbox's own address.
    const html = await (await fetch(`${base}/requests`, { headers: { cookie: cookie(h.key) } })).text()
    expect(html).toContain('2 requests')
    expect(html).toMatch(/badge-bad">404<\/span> <strong>POST<\/strong> <span class="url">\/api\/service\/payout\/retrieve/)
    expect(html).toContain('Idempotency-Key idem-42')
    expect((await page('/requests?status=4xx')).html).toContain('1 request<')
    expect((await page('/requests?path=create')).html).toContain('1 request<')
    // The curl command, unescaped from the page, run by a shell: the same request again, so the
    // idempotency key answers the same payout.
    const curl = /<pre class="code" id="curl-\d+">(curl -s -X POST [^<]*payout\/create[^<]*)<\/pre>/.exec(html)![1]!.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&')
    expect(curl).toContain(`X-Ivy-Api-Key: ${h.key}`)
    // Run asynchronously: the sandbox answering it lives in this very process.
    const again = JSON.parse((await promisify(execFile)('bash', ['-c', curl], { encoding: 'utf8', timeout: 10_000 })).stdout)
    expect(again.id).toBe(payout.id)
    expect(again.paymentReference).toBe("O'Brien's refund")
  })
})

describe('scenario, webhooks and merchant forms', () => {
  it('switches to a shipped scenario and refuses an unknown one', async () => {
    expect((await submit('/dashboard/scenario', { back: '/scenario', name: 'slow-and-failing' })).notice).toBe('Scenario is now slow-and-failing.')
    expect((await h.get('/sandbox/scenario')).body.name).toBe('slow-and-failing')
    expect((await submit('/dashboard/scenario', { back: '/scenario', name: 'nope' })).error).toMatch(/^unknown scenario "nope"/)
    expect((await page('/scenario')).html).toContain('slow-and-failing')
  })

  it('uses a scenario pasted into the editor, and refuses a broken one with its line, changing nothing', async () => {
    const editor = (await page('/scenario')).html
    expect(editor).toContain('<textarea name="yaml"')
    expect(editor).toContain('name: default')
    const yaml = 'name: all-fail\nseed: 9\ndefault:\n  steps:\n    - { after: 2s, status: failed, failure: system_error }\n'
    expect((await submit('/dashboard/scenario/yaml', { back: '/scenario', yaml })).notice).toBe('Scenario is now all-fail.')
    expect((await h.get('/sandbox/scenario')).body).toMatchObject({ name: 'all-fail', source: 'uploaded', yaml })
    const typed = 'name: x\nseed: 1\ndefault:\n  steps:\n    - { after: soon, status: paid }\n'
    const broken = await h.app.request('/dashboard/scenario/yaml', {
      method: 'POST',
      headers: { cookie: cookie(h.key), origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ yaml: typed }).toString(),
    })
    // Not a redirect to the active scenario's text: the page comes back with the text as typed.
    expect(broken.status).toBe(400)
    const html = await broken.text()
    expect(html).toContain('<textarea name="yaml"')
    expect(html).toContain('data-error-line="5" data-error-column="16"')
    expect(html).toContain('    - { after: soon, status: paid }\n</textarea>')
    expect(html).toContain('Line 5, column 16:</strong> default.steps.0.after')
    expect(html).toMatch(/<mark>5 \|     - \{ after: soon, status: paid \}<\/mark>\n {19}\^/)
    expect((await h.get('/sandbox/scenario')).body.name).toBe('all-fail')
  })

  it('adds and removes a webhook subscription', async () => {
    expect((await submit('/dashboard/webhooks/subscriptions', { back: '/webhooks', url: 'not a url' })).error).toMatch(/^url: /)
    const added = await submit('/dashboard/webhooks/subscriptions', { back: '/webhooks', url: 'https://example.com/hooks' })
    expect(added.notice).toBe('Subscribed https://example.com/hooks.')
    const [subscription] = (await h.post('/api/service/webhook-subscription/list', {})).body.items
    expect(subscription.events).toEqual(['payout.initiated', 'payout.paid', 'payout.failed'])
    expect((await page('/webhooks')).html).toContain('https://example.com/hooks')
    const removed = await submit(`/dashboard/webhooks/subscriptions/${subscription.id}/delete`, { back: '/webhooks', confirmed: 'yes' })
    expect(removed.notice).toBe('Subscription removed.')
    expect((await h.post('/api/service/webhook-subscription/list', {})).body.count).toBe(0)
  })

  it('redelivers an event only to subscriptions that list it', async () => {
    await h.post('/api/service/webhook-subscription/create', { url: 'http://127.0.0.1:9/hooks', events: ['payout.paid'] })
    const [id] = await createPayouts(1)
    await h.advance('1m')
    const { items } = (await h.get(`/sandbox/webhooks/events?payoutId=${id}`)).body
    expect(items.map((e: any) => e.type)).toEqual(['payout.paid'])
    const queued = await submit(`/dashboard/events/${items[0].id}/redeliver`, { back: `/payouts/${id}` })
    expect(queued.notice).toBe('Queued 1 delivery of the event.')
    expect((await submit('/dashboard/events/nope/redeliver', { back: '/webhooks' })).error).toBe('Webhook event not found')
  })

  it('remembers a pasted API key in the cookie and refuses an unknown one', async () => {
    const other = h.newMerchant({ name: 'Other GmbH' })
    const res = await h.app.request('/dashboard/merchant', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ back: '/merchant', apiKey: ` ${other.key} ` }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^ivy_sandbox_key=${other.key}; Path=/; HttpOnly; SameSite=Lax`))
    expect((await page('/merchant', other.key)).html).toContain('Other GmbH')
    expect((await submit('/dashboard/merchant', { back: '/merchant', apiKey: 'ivy_sandbox_nobody' })).error).toBe('No merchant has this API key.')
  })
})

describe('forms and files', () => {
  it('refuses forms posted from another site, or without an origin, with the Ivy error body', async () => {
    const foreign = await h.app.request('/dashboard/clock/advance', {
      method: 'POST',
      headers: { cookie: cookie(h.key), origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'by=1d',
    })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({
      code: 'AUTHORIZATION',
      message: "Dashboard actions accept only form posts from the dashboard's own pages (http://localhost); this request comes from http://evil.example.",
      statusCode: 403,
    })
    expect((await submit('/dashboard/clock/advance', { by: '1d' }, { origin: null })).status).toBe(403)
    expect((await h.get('/sandbox/clock')).body.now).toBe('2026-03-02T10:00:00.000Z')
  })

  it('takes a form with no Origin whose Referer is one of its pages', async () => {
    const res = await h.app.request('/dashboard/clock/advance', {
      method: 'POST',
      headers: { cookie: cookie(h.key), referer: 'http://localhost/webhooks', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'by=1d&back=%2Fwebhooks',
    })
    expect(res.status).toBe(303)
    expect((await h.get('/sandbox/clock')).body.now).toBe('2026-03-03T10:00:00.000Z')
  })

  it('refuses a JSON post to an action, even from its own origin: nothing changes', async () => {
    for (const [path, body] of [
      ['/dashboard/clock/advance', { by: '1d' }],
      ['/dashboard/clock/freeze', {}],
      ['/dashboard/merchant', { apiKey: h.key }],
    ] as const) {
      const res = await h.app.request(path, { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, path).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'AUTHORIZATION', message: expect.stringContaining('this request\'s Content-Type is "application/json"') })
      expect(res.headers.get('set-cookie')).toBeNull()
    }
    expect((await h.get('/sandbox/clock')).body.now).toBe('2026-03-02T10:00:00.000Z')
    const defaultMerchant = await h.get('/sandbox/clock', { key: 'ivy_sandbox_default_key' })
    expect(defaultMerchant.body.mode).toBe('realtime')
  })

  it('redirects only to a page of this site', async () => {
    expect((await submit('/dashboard/clock/freeze', { back: '//evil.example/x?y=1' })).location).toMatch(/^\/x\?y=1&notice=/)
    expect((await submit('/dashboard/clock/freeze', {})).location).toMatch(/^\/\?notice=/)
  })

  it('goes back to the start page when `back` is no page of this site (unparsable, overlong), and keeps the Location header short', async () => {
    for (const back of ['\\\\?\\C:\\', 'http://[::1', `/${'a'.repeat(10_000)}`]) {
      const res = await submit('/dashboard/clock/freeze', { back })
      expect(res.status, back).toBe(303)
      expect(res.location, back).toMatch(/^\/\?notice=Clock\+frozen/)
    }
    const refused = await submit('/dashboard/scenario', { back: '/scenario', name: 'x'.repeat(100_000) })
    expect(refused.error).toMatch(/^unknown scenario "x+…$/)
    expect(refused.location!.length).toBeLessThan(2_000)
  })

  it('renders every page for a merchant with nothing yet', async () => {
    for (const path of ['/', '/webhooks', '/scenario', '/merchant', '/docs']) {
      const res = await page(path)
      expect(res.status, path).toBe(200)
      expect(res.html.startsWith('<!DOCTYPE html>'), path).toBe(true)
      expect(res.html).toContain('Pages Ltd')
    }
  })

  it('serves its own assets and Swagger UI from local files, nothing else', async () => {
    const asset = async (path: string) => {
      const res = await h.app.request(path)
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength }
    }
    expect(await asset('/assets/dashboard.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' })
    expect(await asset('/assets/dashboard.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' })
    expect(await asset('/assets/favicon.svg')).toMatchObject({ status: 200, type: 'image/svg+xml' })
    const bundle = await asset('/docs/assets/swagger-ui-bundle.js')
    expect(bundle).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' })
    expect(bundle.size).toBeGreaterThan(500_000)
    expect((await asset('/docs/assets/swagger-ui.css')).type).toBe('text/css; charset=utf-8')
    for (const path of ['/assets/routes.tsx', '/docs/assets/package.json', '/assets/..%2Froutes.tsx']) {
      const res = await h.app.request(path)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', message: `no file ${new URL(path, 'http://localhost').pathname}`, statusCode: 404 })
    }
  })

  it('keeps the dashboard out of the OpenAPI document', async () => {
    const paths = Object.keys((await h.get('/openapi.json')).body.paths)
    expect(paths.filter((p) => !p.startsWith('/api/service/') && !p.startsWith('/sandbox/'))).toEqual([])
  })
})

describe('coverage page', () => {
  it('lists what was never reached in words, and each kind with its counts', async () => {
    await h.post('/api/service/payout/create', openLoop(5, 'DE66100000000000000101'))
    await h.advance('1m')
    const { status, html } = await page('/coverage')
    expect(status).toBe(200)
    expect(html).toContain('<a href="/coverage" aria-current="page"')
    expect(html).toContain('<li>rule magic-account-blocked never matched</li>')
    expect(html).not.toContain('rule magic-account-closed never matched')
    expect(html).toMatch(/<code class="mono">account_closed<\/code><\/td><td class="num">1<\/td>/)
  })
})
