// The dashboard's forms that create things and the confirmation asked before what cannot be
// undone, over app.request() (no browser, so no JavaScript: the confirmation is a page), and the
// Orders and Payout pages rendering exactly what the API answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { name: 'Forms Ltd' } })
})
afterEach(() => h.close())

const cookie = `ivy_sandbox_key=`

async function page(path: string) {
  const res = await h.app.request(path, { headers: { cookie: cookie + h.key } })
  return { status: res.status, html: await res.text() }
}

async function submit(path: string, fields: Record<string, string>) {
  const res = await h.app.request(path, {
    method: 'POST',
    headers: { cookie: cookie + h.key, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams(fields).toString(),
  })
  const location = res.headers.get('location')
  const url = location === null ? undefined : new URL(location, 'http://localhost')
  return { status: res.status, location, path: url?.pathname, notice: url?.searchParams.get('notice'), error: url?.searchParams.get('error'), html: await res.text() }
}

/** The JSON inside the element with this id (a <pre> the page shows for copying). */
function jsonIn(html: string, id: string): unknown {
  const match = new RegExp(`<pre class="code" id="${id}">([\\s\\S]*?)</pre>`).exec(html)
  if (!match) throw new Error(`no #${id} in the page`)
  const text = match[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  return JSON.parse(text)
}

const status = async (id: string) => (await h.post('/api/service/payout/retrieve', { id })).body.status

describe('confirmation before what cannot be undone (without JavaScript)', () => {
  it('asks on a page before failing or canceling a payout, keeping every field; paying asks nothing', async () => {
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(42, IBAN.DE))
    const back = `/payouts/${payout.id}`
    const asked = await submit(`/dashboard/payouts/${payout.id}/force`, { back, status: 'failed', failureCode: 'account_closed' })
    expect(asked.status).toBe(200)
    expect(asked.html).toContain('Fail the EUR 42.00 payout with account_closed? Its scheduled steps are dropped and it cannot be undone.')
    for (const field of [`name="back" value="${back}"`, 'name="status" value="failed"', 'name="failureCode" value="account_closed"', 'name="confirmed" value="yes"']) {
      expect(asked.html).toContain(field)
    }
    expect(asked.html).toContain(`<a href="${back}" class="button button-quiet">Keep it</a>`)
    // The answer to a post cannot be read again: it holds no live stream, unlike the page it came from.
    expect(asked.html).not.toContain('data-live')
    expect((await page(back)).html).toContain('<main id="main" tabindex="-1" data-live="payouts webhooks">')
    expect(await status(payout.id)).toBe('pending')

    // An invalid form is refused before anything is asked.
    expect((await submit(`/dashboard/payouts/${payout.id}/force`, { back, status: 'failed', failureCode: 'nope' })).error).toMatch(/^failureCode: /)
    const done = await submit(`/dashboard/payouts/${payout.id}/force`, { back, status: 'failed', failureCode: 'account_closed', confirmed: 'yes' })
    expect(done.notice).toBe('Payout failed with account_closed (AC04).')
    expect(await status(payout.id)).toBe('failed')

    const { body: other } = await h.post('/api/service/payout/create', openLoop(5, IBAN.DE))
    expect((await submit(`/dashboard/payouts/${other.id}/force`, { back: '/', status: 'canceled' })).status).toBe(200)
    expect(await status(other.id)).toBe('pending')
    expect((await submit(`/dashboard/payouts/${other.id}/force`, { back: '/', status: 'paid' })).notice).toBe('Payout paid.')
  })

  it('asks before removing a subscription or deleting a snapshot', async () => {
    const { body: subscription } = await h.post('/api/service/webhook-subscription/create', { url: 'https://example.com/hooks' })
    const asked = await submit(`/dashboard/webhooks/subscriptions/${subscription.id}/delete`, { back: '/webhooks' })
    expect(asked.html).toContain('Remove the subscription of https://example.com/hooks?')
    expect((await h.post('/api/service/webhook-subscription/list', {})).body.count).toBe(1)

    await submit('/dashboard/snapshots', { back: '/merchant', name: 'before' })
    const deleting = await submit('/dashboard/snapshots/before/delete', { back: '/merchant' })
    expect(deleting.html).toContain('Delete snapshot before? It cannot be restored afterwards.')
    expect((await h.get('/sandbox/snapshots')).body.items).toHaveLength(1)
    expect((await submit('/dashboard/snapshots/before/delete', { back: '/merchant', confirmed: 'yes' })).notice).toBe('Deleted snapshot before.')
  })

  it('sends "Keep it" only to a page of this site', async () => {
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(1, IBAN.DE))
    const asked = await submit(`/dashboard/payouts/${payout.id}/force`, { back: '//evil.example/x?y=1', status: 'canceled' })
    expect(asked.html).toContain('<a href="/x?y=1" class="button button-quiet">Keep it</a>')
  })
})

describe('forms that create things', () => {
  it('creates an open-loop payout to an IBAN as typed, and shows it', async () => {
    const made = await submit('/dashboard/payouts', {
      back: '/new-payout',
      loop: 'open',
      amount: '12,50',
      currency: 'EUR',
      accountHolderName: 'Jane Doe',
      iban: 'DE89 3704 0044 0532 0130 00',
      paymentReference: 'From the dashboard',
      type: 'beneficiary',
    })
    expect(made.status).toBe(303)
    const id = made.path!.split('/').pop()!
    expect(made.path).toBe(`/payouts/${id}`)
    expect(made.notice).toBe('Created a EUR 12.50 payout: pending.')
    const { body: payout } = await h.post('/api/service/payout/retrieve', { id })
    expect(payout).toMatchObject({ amount: 12.5, currency: 'EUR', type: 'beneficiary', paymentReference: 'From the dashboard', destination: { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe' } } })
  })

  it.each([
    [{ amount: 'lots', iban: IBAN.DE }, /^amount: /],
    [{ amount: '10', iban: 'DE00 0000' }, /iban/],
    [{ amount: '10.001', iban: IBAN.DE }, /^amount: must have at most 2 decimals for EUR/],
  ])('refuses %j with the API validation, as a banner back on the form', async (fields, message) => {
    const refused = await submit('/dashboard/payouts', { back: '/new-payout', loop: 'open', currency: 'EUR', accountHolderName: 'Jane Doe', ...fields })
    expect(refused.path).toBe('/new-payout')
    expect(refused.error).toMatch(message)
    expect((await h.post('/api/service/payout/list', {})).body.count).toBe(0)
  })

  it('creates an order, lists it, and pays its payer back with a closed-loop payout', async () => {
    const made = await submit('/dashboard/orders', { back: '/orders', amount: '80', currency: 'EUR', referenceId: 'shop-1001' })
    expect(made.notice).toBe('Created order shop-1001: paid.')
    const orderId = made.path!.split('/').pop()!
    const { body: order } = await h.post('/api/service/order/details', { id: 'shop-1001' })
    expect(order.id).toBe(orderId)

    const list = await page('/orders')
    expect(list.html).toContain(`<tr data-href="/orders/${orderId}">`)
    expect(list.html).toContain('shop-1001')
    // The detail page shows the Order object exactly as order/details answers it.
    const detail = await page(`/orders/${orderId}`)
    expect(jsonIn(detail.html, 'order-json')).toEqual(order)

    const paidBack = await submit('/dashboard/payouts', { back: `/orders/${orderId}`, loop: 'closed', orderId: 'shop-1001', amount: '30', currency: 'EUR' })
    const payoutId = paidBack.path!.split('/').pop()!
    const { body: payout } = await h.post('/api/service/payout/retrieve', { id: payoutId })
    expect(payout.destination).toEqual(order.payerFinancialAddress)
    expect((await page(`/orders/${orderId}`)).html).toContain(`<a href="/payouts/${payoutId}">EUR 30.00</a>`)
    expect((await submit('/dashboard/payouts', { back: '/new-payout', loop: 'closed', orderId: 'no-such-order', amount: '1', currency: 'EUR' })).error).toBe('Order not found')
  })

  it('tops up a balance', async () => {
    const before = (await h.post('/api/service/balance/retrieve', { currency: 'GBP' })).body.balances[0].available
    const topped = await submit('/dashboard/balance/top-up', { back: '/merchant', amount: '250.25', currency: 'GBP' })
    expect(topped.notice).toBe(`Added GBP 250.25: GBP ${(before + 250.25).toLocaleString('en-US', { minimumFractionDigits: 2 })} available.`)
    expect((await h.post('/api/service/balance/retrieve', { currency: 'GBP' })).body.balances[0].available).toBe(before + 250.25)
    expect((await submit('/dashboard/balance/top-up', { back: '/merchant', amount: '-5', currency: 'GBP' })).error).toMatch(/^amount: /)
  })

  it('creates a merchant and shows its new key on the answer itself, never in an address', async () => {
    const made = await submit('/dashboard/merchants', { back: '/merchant', name: 'Brand New GmbH', scenario: 'always-paid' })
    expect(made.status).toBe(200)
    expect(made.location).toBeNull()
    const key = /id="new-api-key">([^<]+)</.exec(made.html)![1]!
    expect(made.html).toContain('data-copy="new-api-key"')
    const { body: merchant } = await h.get('/sandbox/merchant', { key })
    expect(merchant).toMatchObject({ name: 'Brand New GmbH', scenario: 'always-paid' })
    expect((await submit('/dashboard/merchants', { back: '/merchant', scenario: 'no-such-scenario' })).error).toMatch(/^unknown scenario "no-such-scenario"/)
  })
})

describe('the objects as the API renders them', () => {
  it('shows the Payout object exactly as payout/retrieve answers it, with a copy button', async () => {
    const { body: created } = await h.post('/api/service/payout/create', openLoop(9.99, IBAN.NL, { paymentReference: 'Copy me', metadata: { a: 'b "quoted" <tag> & more' } }))
    const { html } = await page(`/payouts/${created.id}`)
    expect(jsonIn(html, 'payout-json')).toEqual((await h.post('/api/service/payout/retrieve', { id: created.id })).body)
    expect(html).toContain('data-copy="payout-json"')
    expect(html).toContain('data-copy="payout-id"')
  })
})
