// The Money page (accounts and the ledger) and the pages of refunds, deposits, returns and
// subaccounts, over HTTP. Money arrives and leaves by the API where it can today (top-ups, paid
// orders, payouts forced paid); refunds, deposits, returns and subaccounts are rows written
// straight into their tables, booked through the ledger's own functions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { credit, debitReserved, reserve } from '../../src/ledger/service.js'
import { T0, harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { name: 'Money Ltd', balances: {} } })
})
afterEach(() => h.close())

const at = Date.parse(T0)

async function page(path: string, key = h.key) {
  const res = await h.app.request(path, { headers: { cookie: `ivy_sandbox_key=${key}` } })
  return { status: res.status, html: await res.text() }
}

/** The rows of the bookings table, each as its visible text (tags stripped, spaces collapsed). */
function bookingLines(html: string): string[] {
  const table = html.match(/aria-label="Bookings">([\s\S]*?)<\/table>/)?.[1] ?? ''
  const body = table.split('<tbody>')[1] ?? ''
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!))
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim()

const PAYER = { type: 'iban', iban: { iban: IBAN.NL, accountHolderName: 'Olga Payer' } }

/** A top-up of 1,000 EUR, a paid order of 250 EUR from Olga Payer, a 25 EUR payout to Jane Doe forced paid. */
async function moneyMoves(key = h.key) {
  expect((await h.post('/sandbox/balance/top-up', { amount: 1000, currency: 'EUR' }, { key })).status).toBe(200)
  const order = await h.post('/sandbox/orders', { amount: 250, currency: 'EUR', referenceId: `order-${key.slice(-6)}`, payerFinancialAddress: PAYER }, { key })
  expect(order.status).toBe(200)
  const payout = await h.post('/api/service/payout/create', openLoop(25, IBAN.DE, { paymentReference: 'PAYOUT-REF' }), { key })
  expect(payout.status).toBe(200)
  expect((await h.post(`/sandbox/payouts/${payout.body.id}/force`, { status: 'paid' }, { key })).status).toBe(200)
  return { orderId: order.body.id as string, payoutId: payout.body.id as string }
}

const merchantRow = (id = h.merchant.id) => h.rt.db.sqlite.prepare('select id, name from merchants where id = ?').get(id) as { id: string; name: string }

function insertRefund(p: { id: string; orderId: string; amount: number; status?: string; merchantId?: string; seq?: number }) {
  h.rt.db.sqlite
    .prepare(
      `insert into refunds (id, merchant_id, order_id, seq, amount, currency, status, reference_id, reserved, transaction_id, rule, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'EUR', ?, ?, 0, null, 'default', ?, ?)`,
    )
    .run(p.id, p.merchantId ?? h.merchant.id, p.orderId, p.seq ?? 1, p.amount, p.status ?? 'succeeded', `RF${p.id.slice(0, 6)}`, at, at)
}

function insertDeposit(p: { id: string; amount: number; currency?: string; merchantId?: string; seq?: number }) {
  const payee = JSON.stringify({ type: 'iban', iban: { iban: IBAN.DE2, accountHolderName: 'Money Ltd' } })
  h.rt.db.sqlite
    .prepare(
      `insert into deposits (id, merchant_id, seq, amount, currency, payer, payee, rail, bank_statement_reference, tx_hash, transaction_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?, 'sepa', 'DEP-REF-1', null, 'tx-1', ?)`,
    )
    .run(p.id, p.merchantId ?? h.merchant.id, p.seq ?? 1, p.amount, p.currency ?? 'EUR', JSON.stringify({ type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Pierre Sender' } }), payee, at)
}

function insertReturn(p: { id: string; depositId: string; amount: number; status?: string }) {
  h.rt.db.sqlite
    .prepare(
      `insert into returns (id, merchant_id, deposit_id, seq, amount, currency, status, reserved, transaction_id, rule, failed_at, succeeded_at, created_at, updated_at)
       values (?, ?, ?, 1, ?, 'EUR', ?, 0, null, 'default', null, ?, ?, ?)`,
    )
    .run(p.id, h.merchant.id, p.depositId, p.amount, p.status ?? 'succeeded', at + 60_000, at, at)
}

function insertSubaccount(p: { id: string; legalName: string; merchantId?: string }) {
  h.rt.db.sqlite
    .prepare(`insert into subaccounts (id, merchant_id, legal_name, mcc, website_url, status, created_at, updated_at) values (?, ?, ?, '7321', 'https://shop.example', 'active', ?, ?)`)
    .run(p.id, p.merchantId ?? h.merchant.id, p.legalName, at, at)
}

describe('Money page', () => {
  it('shows the accounts and the ledger newest first: amounts, balance before → after, counterparty, links to the objects', async () => {
    const { orderId, payoutId } = await moneyMoves()
    const { status, html } = await page('/money')
    expect(status).toBe(200)
    expect(html).toContain('<a href="/money" aria-current="page">Money</a>')
    const accounts = text(html.match(/aria-label="Accounts">([\s\S]*?)<\/table>/)![1]!)
    expect(accounts).toContain('EUR EUR 1,225.00 EUR 1,225.00')

    expect(bookingLines(html)).toEqual([
      expect.stringMatching(/^2026-03-02 10:00:00 −EUR 25\.00 EUR 1,250\.00 → EUR 1,225\.00 debit payout Jane Doe DE •••• 3000 PAYOUT-REF$/),
      expect.stringMatching(/^2026-03-02 10:00:00 \+EUR 250\.00 EUR 1,000\.00 → EUR 1,250\.00 credit payment Olga Payer NL •••• 4300 IVY[0-9A-F]{10}$/),
      expect.stringMatching(/^2026-03-02 10:00:00 \+EUR 1,000\.00 EUR 0\.00 → EUR 1,000\.00 credit topup Ivy sandbox top-up /),
    ])
    expect(html).toContain(`<tr data-href="/payouts/${payoutId}">`)
    expect(html).toContain(`<a href="/payouts/${payoutId}"`)
    expect(html).toContain(`<a href="/orders/${orderId}"`)
    // A top-up has no page of its own: its row links nowhere.
    expect(bookingLines(html)[2]).not.toContain('href')
  })

  it('shows every currency, PLN, SEK and DKK included, and links the bookings of deposits, refunds and returns', async () => {
    const { orderId } = await moneyMoves()
    const merchant = merchantRow()
    insertDeposit({ id: 'dep-pln-1', amount: 12_345, currency: 'PLN' })
    insertDeposit({ id: 'dep-eur-1', amount: 5_000, seq: 2 })
    insertRefund({ id: 'ref-1', orderId, amount: 4_000 })
    insertReturn({ id: 'ret-1', depositId: 'dep-eur-1', amount: 5_000 })
    const counterparty = { type: 'iban' as const, iban: { iban: IBAN.FR, accountHolderName: 'Pierre Sender' } }
    h.rt.db.tx(() => {
      credit(h.rt, merchant, { currency: 'PLN', amount: 12_345, at, process: { type: 'deposit', id: 'dep-pln-1' }, reference: 'DEP-PLN', counterparty })
      credit(h.rt, merchant, { currency: 'SEK', amount: 700, at, process: { type: 'deposit', id: null }, reference: 'DEP-SEK', counterparty })
      credit(h.rt, merchant, { currency: 'DKK', amount: 800, at, process: { type: 'deposit', id: null }, reference: 'DEP-DKK', counterparty })
      for (const [type, id, amount] of [['refund', 'ref-1', 4_000], ['deposit_return', 'ret-1', 5_000]] as const) {
        expect(reserve(h.rt, merchant.id, 'EUR', amount)).toBe(true)
        debitReserved(h.rt, merchant, { currency: 'EUR', amount, at, process: { type, id }, reference: type.toUpperCase(), counterparty })
      }
    })
    const { html } = await page('/money')
    const accounts = text(html.match(/aria-label="Accounts">([\s\S]*?)<\/table>/)![1]!)
    for (const shown of ['DKK DKK 8.00 DKK 8.00', 'EUR EUR 1,135.00 EUR 1,135.00', 'PLN PLN 123.45 PLN 123.45', 'SEK SEK 7.00 SEK 7.00']) {
      expect(accounts).toContain(shown)
    }
    expect(html).toContain('<a href="/money?currency=PLN"')
    expect(html).toContain('<a href="/deposits/dep-pln-1"')
    expect(html).toContain('<a href="/refunds/ref-1"')
    expect(html).toContain('<a href="/returns/ret-1"')
    expect(bookingLines(html)[0]).toMatch(/^2026-03-02 10:00:00 −EUR 50\.00 EUR 1,185\.00 → EUR 1,135\.00 debit deposit return Pierre Sender FR •••• 2606 DEPOSIT_RETURN$/)
  })

  it('filters by account, side and process type, and ignores values it does not know', async () => {
    const { orderId, payoutId } = await moneyMoves()
    await h.post('/sandbox/balance/top-up', { amount: 5, currency: 'GBP' })
    const debits = bookingLines((await page('/money?side=debit')).html)
    expect(debits).toHaveLength(1)
    expect((await page('/money?side=debit')).html).toContain(`/payouts/${payoutId}`)

    const payments = await page('/money?type=payment')
    expect(bookingLines(payments.html)).toHaveLength(1)
    expect(payments.html).toContain(`/orders/${orderId}`)
    expect(payments.html).toContain('<option value="payment" selected="">payment</option>')

    const gbp = bookingLines((await page('/money?currency=GBP')).html)
    expect(gbp).toEqual([expect.stringContaining('+GBP 5.00 GBP 0.00 → GBP 5.00 credit topup')])
    expect(bookingLines((await page('/money?currency=EUR&side=credit&type=topup')).html)).toHaveLength(1)

    const none = await page('/money?currency=USD')
    expect(bookingLines(none.html)).toEqual([])
    expect(none.html).toContain('No booking matches these filters.')

    for (const junk of ['currency=XYZ', 'side=sideways', 'type=%27%20or%201=1', 'skip=-4', 'skip=abc']) {
      const res = await page(`/money?${junk}`)
      expect(res.status, junk).toBe(200)
      expect(bookingLines(res.html), junk).toHaveLength(4)
    }
  })

  it('pages the ledger 25 at a time, keeping the filters in the links', async () => {
    for (let i = 1; i <= 30; i++) await h.post('/sandbox/balance/top-up', { amount: i, currency: 'EUR' })
    const first = await page('/money?type=topup')
    expect(bookingLines(first.html)).toHaveLength(25)
    expect(bookingLines(first.html)[0]).toContain('+EUR 30.00')
    expect(first.html).toContain('1–25 of 30')
    expect(first.html).toContain('href="/money?type=topup&amp;skip=25"')
    const second = await page('/money?type=topup&skip=25')
    expect(bookingLines(second.html).map((line) => line.split(' ')[2])).toEqual(['+EUR', '+EUR', '+EUR', '+EUR', '+EUR'])
    expect(bookingLines(second.html)[4]).toContain('+EUR 1.00 EUR 0.00 → EUR 1.00')
    expect(second.html).toContain('26–30 of 30')
    expect(second.html).toContain('href="/money?type=topup"')

    // A skip past the end (an old link) shows the last page, never an impossible range.
    const past = await page('/money?type=topup&skip=1000')
    expect(bookingLines(past.html)).toHaveLength(5)
    expect(past.html).toContain('26–30 of 30')
  })

  it('re-reads itself when money moves: the Money, refund, deposit and order pages follow the ledger', async () => {
    const { orderId } = await moneyMoves()
    insertRefund({ id: 'ref-live', orderId, amount: 100 })
    insertDeposit({ id: 'dep-live', amount: 100 })
    for (const path of ['/money', '/refunds', '/refunds/ref-live', '/deposits', '/deposits/dep-live']) {
      expect((await page(path)).html, path).toContain('<main id="main" tabindex="-1" data-live="money">')
    }
    expect((await page(`/orders/${orderId}`)).html).toContain('data-live="payouts orders money"')
  })

  it('shows how to put money in when the merchant has no account yet', async () => {
    const { status, html } = await page('/money')
    expect(status).toBe(200)
    expect(html).toContain('No accounts yet')
    expect(html).toContain('/sandbox/balance/top-up')
    expect(html).toContain('No bookings yet')
  })
})

describe('refunds, deposits, returns and subaccounts', () => {
  it('lists refunds and shows one with its order; the order page lists its refunds', async () => {
    const { orderId } = await moneyMoves()
    insertRefund({ id: 'ref-a', orderId, amount: 1_000, status: 'succeeded', seq: 1 })
    insertRefund({ id: 'ref-b', orderId, amount: 2_550, status: 'pending', seq: 2 })

    const list = await page('/refunds')
    expect(list.status).toBe(200)
    expect([...list.html.matchAll(/<tr data-href="\/refunds\/([^"]+)"/g)].map((m) => m[1])).toEqual(['ref-b', 'ref-a'])
    expect(text(list.html)).toContain('EUR 25.50 pending RFref-b')
    expect(list.html).toContain(`href="/orders/${orderId}"`)

    const one = await page('/refunds/ref-b')
    expect(one.status).toBe(200)
    expect(text(one.html)).toContain('EUR 25.50 pending')
    expect(one.html).toContain(`<a href="/orders/${orderId}">${orderId}</a>`)
    const json = JSON.parse(one.html.match(/<pre class="code" id="refund-json">([\s\S]*?)<\/pre>/)![1]!.replace(/&quot;/g, '"'))
    expect(json).toEqual({ id: 'ref-b', amount: 25.5, currency: 'EUR', orderId, status: 'pending' })

    const order = await page(`/orders/${orderId}`)
    expect(order.html).toContain('<h2>Refunds</h2>')
    expect(order.html).toContain('href="/refunds/ref-a"')
    expect(order.html).toContain('href="/refunds/ref-b"')
  })

  it('lists deposits, shows one with its returns, and a return linking back', async () => {
    insertDeposit({ id: 'dep-1', amount: 9_900 })
    insertDeposit({ id: 'dep-2', amount: 100, currency: 'DKK', seq: 2 })
    insertReturn({ id: 'ret-1', depositId: 'dep-1', amount: 9_900 })

    const list = await page('/deposits')
    expect([...list.html.matchAll(/<tr data-href="\/deposits\/([^"]+)"/g)].map((m) => m[1])).toEqual(['dep-2', 'dep-1'])
    expect(text(list.html)).toContain('EUR 99.00 Pierre Sender FR •••• 2606 sepa DEP-REF-1')
    expect(text(list.html)).toContain('DKK 1.00')

    const deposit = await page('/deposits/dep-1')
    expect(deposit.status).toBe(200)
    expect(deposit.html).toContain('<a href="/returns/ret-1">EUR 99.00</a>')
    const json = JSON.parse(deposit.html.match(/id="deposit-json">([\s\S]*?)<\/pre>/)![1]!.replace(/&quot;/g, '"'))
    expect(json).toMatchObject({ id: 'dep-1', amount: 99, currency: 'EUR', status: 'received', rail: 'sepa', returns: [{ id: 'ret-1', status: 'succeeded', depositId: 'dep-1' }] })

    const unreturned = await page('/deposits/dep-2')
    expect(unreturned.html).toContain('return/create')
    expect(unreturned.html).toContain('{&quot;depositId&quot;:&quot;dep-2&quot;}')

    const ret = await page('/returns/ret-1')
    expect(ret.status).toBe(200)
    expect(ret.html).toContain('<a href="/deposits/dep-1">dep-1</a>')
    expect(text(ret.html)).toContain('Succeeded 2026-03-02 10:01:00 UTC')
  })

  it('pages refunds, deposits and subaccounts 25 at a time', async () => {
    const { orderId } = await moneyMoves()
    for (let i = 1; i <= 27; i++) {
      const id = `0000-${String(i).padStart(4, '0')}`
      insertRefund({ id: `ref-${id}`, orderId, amount: i, seq: i })
      insertDeposit({ id: `dep-${id}`, amount: i, seq: i })
      h.rt.db.sqlite
        .prepare(`insert into subaccounts (id, merchant_id, legal_name, mcc, website_url, status, created_at, updated_at) values (?, ?, ?, '7321', null, 'active', ?, ?)`)
        .run(`sub-${id}`, h.merchant.id, `Shop ${i}`, at + i, at + i)
    }
    for (const [list, prefix] of [['/refunds', 'ref'], ['/deposits', 'dep'], ['/subaccounts', 'sub']] as const) {
      const first = await page(list)
      expect(first.html, list).toContain('1–25 of 27')
      expect(first.html, list).toContain(`${prefix}-0000-0027`)
      expect(first.html, list).not.toContain(`${prefix}-0000-0002`)
      expect(first.html, list).toContain(`href="${list}?skip=25"`)
      for (const skip of [25, 500]) {
        const older = await page(`${list}?skip=${skip}`)
        expect(older.html, list).toContain('26–27 of 27')
        expect(older.html, list).toContain(`${prefix}-0000-0001`)
        expect(older.html, list).not.toContain(`${prefix}-0000-0003`)
        expect(older.html, list).toContain(`href="${list}" rel="prev"`)
      }
    }
  })

  it('lists subaccounts', async () => {
    insertSubaccount({ id: 'sub-1', legalName: 'Shop One GmbH' })
    const { status, html } = await page('/subaccounts')
    expect(status).toBe(200)
    expect(text(html)).toContain('Shop One GmbH active 7321 https://shop.example sub-1')
  })

  it('says how to make one when a list is empty', async () => {
    for (const [path, says, curl] of [
      ['/refunds', 'No refunds yet', '/api/service/refund/create'],
      ['/deposits', 'No deposits yet', '/sandbox/deposits'],
      ['/subaccounts', 'No subaccounts yet', '/api/service/subaccount/create'],
    ] as const) {
      const { status, html } = await page(path)
      expect(status, path).toBe(200)
      expect(html, path).toContain(says)
      expect(html, path).toContain(curl)
    }
  })

  it('answers an unknown id with the error page and a 404', async () => {
    for (const [path, message] of [
      ['/refunds/nope', 'refund not found'],
      ['/deposits/nope', 'deposit not found'],
      ['/returns/nope', 'return not found'],
    ] as const) {
      const { status, html } = await page(path)
      expect(status, path).toBe(404)
      expect(html, path).toContain(message)
    }
  })
})

describe("another merchant's money", () => {
  it('never shows up: not in the ledger, the accounts or any list, and its objects are 404s', async () => {
    const other = h.newMerchant({ name: 'Other GmbH', balances: {} })
    const { orderId: otherOrder, payoutId: otherPayout } = await moneyMoves(other.key)
    await h.post('/sandbox/balance/top-up', { amount: 7, currency: 'USD' })
    insertRefund({ id: 'other-ref', orderId: otherOrder, amount: 100, merchantId: other.id })
    insertDeposit({ id: 'other-dep', amount: 100, merchantId: other.id })
    insertSubaccount({ id: 'other-sub', legalName: 'Other Sub AG', merchantId: other.id })

    const money = await page('/money')
    expect(bookingLines(money.html)).toEqual([expect.stringContaining('+USD 7.00')])
    expect(text(money.html.match(/aria-label="Accounts">([\s\S]*?)<\/table>/)![1]!)).not.toContain('EUR')
    expect(money.html).not.toContain(otherPayout)
    expect(money.html).not.toContain(otherOrder)
    expect((await page('/refunds')).html).not.toContain('other-ref')
    expect((await page('/deposits')).html).not.toContain('other-dep')
    expect((await page('/subaccounts')).html).not.toContain('Other Sub AG')
    expect((await page('/refunds/other-ref')).status).toBe(404)
    expect((await page('/deposits/other-dep')).status).toBe(404)

    // ... while its own merchant sees them.
    expect((await page('/refunds/other-ref', other.key)).status).toBe(200)
    expect(bookingLines((await page('/money', other.key)).html)).toHaveLength(3)
  })
})
