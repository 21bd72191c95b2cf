/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Money: the merchant's accounts (one per currency) and the ledger, every booking newest first,
// filtered by account, side and the kind of business object behind it, each linking to that
// object's page. The tabs lead to the objects money moves for: refunds, deposits, subaccounts.
import type { BookingRow, MerchantRow } from '../../db/schema.js'
import type { FinancialAddress } from '../../financial-address/schemas.js'
import { balancesOf } from '../../balance/repo.js'
import { listBookings } from '../../ledger/repo.js'
import { PAYMENT_PROCESS_TYPES } from '../../ledger/service.js'
import { CURRENCIES, OTHER_CURRENCIES } from '../../lib/money.js'
import type { Runtime } from '../../runtime.js'
import { destinationSummary, money, sandboxTime, words } from '../format.js'
import { Badge, CurlHint, Empty, FilterSelect, Mono, Pager, pageWithin, Section, TableFrame } from '../ui.js'

const PAGE_SIZE = 25
const SIDES = ['credit', 'debit'] as const
const ACCOUNT_CURRENCIES = [...CURRENCIES, ...OTHER_CURRENCIES]

/** The pages of Money and what money moves for. */
const MONEY_TABS = [
  { href: '/money', label: 'Ledger' },
  { href: '/refunds', label: 'Refunds' },
  { href: '/deposits', label: 'Deposits' },
  { href: '/subaccounts', label: 'Subaccounts' },
] as const

export function MoneyTabs(props: { current: (typeof MONEY_TABS)[number]['href'] }) {
  return (
    <nav class="tabs" aria-label="Money">
      {MONEY_TABS.map((tab) => (
        <a href={tab.href} aria-current={tab.href === props.current ? 'page' : undefined}>
          {tab.label}
        </a>
      ))}
    </nav>
  )
}

/** The page of the business object behind a booking, by its process type (none for a top-up). */
const OBJECT_PAGES: Partial<Record<string, string>> = {
  payout: '/payouts/',
  merchant_payout: '/payouts/',
  payment: '/orders/',
  refund: '/refunds/',
  deposit: '/deposits/',
  deposit_return: '/returns/',
}

export function objectHref(booking: Pick<BookingRow, 'process_type' | 'process_id'>): string | undefined {
  const base = booking.process_type === null ? undefined : OBJECT_PAGES[booking.process_type]
  return base && booking.process_id ? `${base}${booking.process_id}` : undefined
}

export interface MoneyQuery {
  currency?: string
  side?: (typeof SIDES)[number]
  type?: string
  skip: number
}

export function readMoneyQuery(url: URL, skip: number): MoneyQuery {
  const param = (name: string) => url.searchParams.get(name)
  return {
    currency: ACCOUNT_CURRENCIES.find((c) => c === param('currency')),
    side: SIDES.find((s) => s === param('side')),
    type: PAYMENT_PROCESS_TYPES.find((t) => t === param('type')),
    skip,
  }
}

function linkTo(query: MoneyQuery): string {
  const params = new URLSearchParams()
  for (const key of ['currency', 'side', 'type'] as const) if (query[key]) params.set(key, query[key])
  if (query.skip > 0) params.set('skip', String(query.skip))
  const search = params.toString()
  return search ? `/money?${search}` : '/money'
}

/** The other side of a booking: who paid in (a credit) or who was paid (a debit). */
function counterparty(booking: BookingRow) {
  return destinationSummary(JSON.parse(booking.side === 'credit' ? booking.debtor : booking.creditor) as FinancialAddress)
}

function Accounts(props: { rt: Runtime; merchant: MerchantRow; origin: string }) {
  const accounts = balancesOf(props.rt.db, props.merchant.id)
  if (accounts.length === 0) {
    return (
      <CurlHint
        lead={<strong>No accounts yet: one opens for a currency when money first arrives. A top-up is the quickest way:</strong>}
        command={`curl -s ${props.origin}/sandbox/balance/top-up \\\n  -H 'X-Ivy-Api-Key: ${props.merchant.api_key}' -H 'Content-Type: application/json' \\\n  -d '{"amount":1000,"currency":"EUR"}'`}
      />
    )
  }
  return (
    <Section title="Accounts" aside={<span class="muted small">available is booked less what payouts, refunds and returns in flight hold</span>}>
      <TableFrame label="Accounts">
        <table class="table">
          <thead>
            <tr>
              <th>Currency</th>
              <th class="num">Available</th>
              <th class="num">Booked</th>
              <th>Account id</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr>
                <td>
                  <a href={linkTo({ currency: account.currency, skip: 0 })} aria-label={`${account.currency} account: its bookings`}>
                    {account.currency}
                  </a>
                </td>
                <td class="num nowrap strong">{money(account.available, account.currency)}</td>
                <td class="num nowrap">{money(account.booked, account.currency)}</td>
                <td>
                  <Mono>{account.account_id}</Mono>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </Section>
  )
}

function BookingLine(props: { booking: BookingRow }) {
  const { booking } = props
  const who = counterparty(booking)
  const href = objectHref(booking)
  const signed = `${booking.side === 'credit' ? '+' : '−'}${money(booking.amount, booking.currency)}`
  const type = booking.process_type === null ? '—' : words(booking.process_type)
  return (
    <tr data-href={href}>
      <td class="nowrap">{sandboxTime(booking.at)}</td>
      <td class="num nowrap strong">{signed}</td>
      <td class="num nowrap muted">
        {money(booking.before, booking.currency)} → {money(booking.after, booking.currency)}
      </td>
      <td>
        <Badge kind={booking.side}>{booking.side}</Badge>{' '}
        {href ? (
          <a href={href} aria-label={`${type} of ${signed}, ${sandboxTime(booking.at)}`}>
            {type}
          </a>
        ) : (
          type
        )}
      </td>
      <td>
        <div>{who.holder}</div>
        <div class="muted mono-small">{who.account}</div>
      </td>
      <td class="reference">{booking.bank_statement_reference}</td>
    </tr>
  )
}

export function MoneyPage(props: { rt: Runtime; merchant: MerchantRow; query: MoneyQuery; origin: string }) {
  const { rt, merchant } = props
  const filter = { currency: props.query.currency, side: props.query.side, processType: props.query.type }
  const { rows, count, skip } = pageWithin(props.query.skip, PAGE_SIZE, (from) => listBookings(rt.db, merchant.id, filter, from, PAGE_SIZE))
  const query = { ...props.query, skip }
  const filtering = Boolean(query.currency || query.side || query.type)
  return (
    <>
      <div class="page-head">
        <h1>Money</h1>
        <p class="muted">
          Every movement of money is a booking, written with the change behind it; the same as <Mono>transaction/list</Mono>, newest first.
        </p>
      </div>
      <MoneyTabs current="/money" />
      <Accounts rt={rt} merchant={merchant} origin={props.origin} />
      <form method="get" action="/money" class="search filters" role="search">
        <FilterSelect name="currency" label="Account" any="Every account" options={ACCOUNT_CURRENCIES} selected={query.currency} />
        <FilterSelect name="side" label="Side" any="Credits and debits" options={SIDES} selected={query.side} />
        <FilterSelect name="type" label="Process type" any="Any process type" options={PAYMENT_PROCESS_TYPES} selected={query.type} />
        <button type="submit" class="button button-quiet">
          Filter
        </button>
        {filtering ? (
          <a href="/money" class="small">
            Clear
          </a>
        ) : null}
      </form>
      {count === 0 ? (
        <Empty>{filtering ? 'No booking matches these filters.' : 'No bookings yet: top-ups, paid orders, deposits, payouts, refunds and returns show up here.'}</Empty>
      ) : (
        <div class="card flush">
          <TableFrame label="Bookings">
            <table class="table">
              <thead>
                <tr>
                  <th>Booked</th>
                  <th class="num">Amount</th>
                  <th class="num">Balance before → after</th>
                  <th>Side and process</th>
                  <th>Counterparty</th>
                  <th>Bank statement reference</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((booking) => (
                  <BookingLine booking={booking} />
                ))}
              </tbody>
            </table>
          </TableFrame>
          <Pager skip={query.skip} shown={rows.length} count={count} size={PAGE_SIZE} href={(skip) => linkTo({ ...query, skip })} />
        </div>
      )}
    </>
  )
}
