/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The Payouts table: the merchant's payouts newest first, a page at a time, filtered by status,
// currency, type and creation date, and searched by what people remember of a payout: part of
// its id, the holder's name, the payment reference, an IBAN or account fragment, or the amount.
import type { MerchantRow } from '../../db/schema.js'
import type { FinancialAddress } from '../../financial-address/schemas.js'
import { countPayouts, listPayouts, type PayoutFilter } from '../../payouts/repo.js'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../payouts/states.js'
import { returnedPayoutIds } from '../../journal/repo.js'
import { CURRENCIES, decimalsOf, EXPONENT, toMinor, type Currency } from '../../lib/money.js'
import type { Runtime } from '../../runtime.js'
import { destinationSummary, money, sandboxTime, sentence, shortId, words } from '../format.js'
import { Badge, Empty, FilterSelect, Mono, Pager, StatusBadge, TableFrame } from '../ui.js'

const PAGE_SIZE = 25

const PAYOUT_TYPES = ['customer', 'beneficiary'] as const
const DAY_MS = 86_400_000

export interface PayoutsQuery {
  status?: PayoutStatus
  /** Search text, as typed. */
  q?: string
  currency?: Currency
  type?: (typeof PAYOUT_TYPES)[number]
  /** Creation days, YYYY-MM-DD (sandbox time, UTC), both included. */
  from?: string
  to?: string
  skip: number
}

const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))

export function readPayoutsQuery(url: URL): PayoutsQuery {
  const param = (name: string) => url.searchParams.get(name)
  const skip = Number(param('skip'))
  const from = param('from')
  const to = param('to')
  return {
    status: PAYOUT_STATUSES.find((s) => s === param('status')),
    q: param('q')?.trim() || undefined,
    currency: CURRENCIES.find((c) => c === param('currency')),
    type: PAYOUT_TYPES.find((t) => t === param('type')),
    from: isDay(from) ? from : undefined,
    to: isDay(to) ? to : undefined,
    skip: Number.isInteger(skip) && skip > 0 ? skip : 0,
  }
}

function linkTo(query: PayoutsQuery): string {
  const params = new URLSearchParams()
  for (const key of ['status', 'q', 'currency', 'type', 'from', 'to'] as const) if (query[key]) params.set(key, query[key])
  if (query.skip > 0) params.set('skip', String(query.skip))
  const search = params.toString()
  return search ? `/?${search}` : '/'
}

/** The query's search as the repository takes it: text, the same without spacing, amounts. */
function searchOf(q: string | undefined): PayoutFilter['search'] {
  if (!q) return undefined
  const account = q.replace(/[\s-]/g, '').toUpperCase()
  const amount = /^\d+([.,]\d+)?$/.test(q) ? Number(q.replace(',', '.')) : undefined
  const amounts = amount === undefined ? [] : CURRENCIES.filter((c) => decimalsOf(amount) <= EXPONENT[c]).map((c) => ({ currency: c, minor: toMinor(amount, c) }))
  return { text: q, account: /^[A-Z0-9]{4,}$/.test(account) ? account : '', amounts }
}

function filterOf(query: PayoutsQuery): PayoutFilter {
  return {
    currency: query.currency,
    type: query.type,
    createdFrom: query.from ? Date.parse(query.from) : undefined,
    createdBefore: query.to ? Date.parse(query.to) + DAY_MS : undefined,
    search: searchOf(query.q),
  }
}

const lastPageStart = (total: number) => Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE)

function CreateHint(props: { origin: string; apiKey: string }) {
  const body = { amount: 25, currency: 'EUR', destination: { financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } } } }
  return (
    <Empty>
      <p>
        <strong>No payouts yet.</strong> Create one through the API and it shows up here:
      </p>
      <pre class="code">
        {`curl -s ${props.origin}/api/service/payout/create \\\n  -H 'X-Ivy-Api-Key: ${props.apiKey}' -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(body)}'`}
      </pre>
    </Empty>
  )
}

export function PayoutsPage(props: { rt: Runtime; merchant: MerchantRow; query: PayoutsQuery; origin: string }) {
  const { rt, merchant } = props
  const search = filterOf(props.query)
  const tabs: Array<{ status?: PayoutStatus; label: string }> = [{ label: 'All' }, ...PAYOUT_STATUSES.map((status) => ({ status, label: sentence(status) }))]
  const counts = new Map(tabs.map((tab) => [tab.status, countPayouts(rt.db, merchant.id, { ...search, status: tab.status })]))
  const total = counts.get(props.query.status)!
  // A skip past the end (an old link, fewer payouts since, a hand-made URL) shows the last page.
  const query = { ...props.query, skip: Math.min(props.query.skip, lastPageStart(total)) }
  const rows = listPayouts(rt.db, merchant.id, { ...search, status: query.status }, query.skip, PAGE_SIZE, total)
  const last = Math.min(query.skip + rows.length, total)
  const returned = returnedPayoutIds(rt.db, rows.filter((row) => row.status === 'failed').map((row) => row.id))
  const filtering = Boolean(query.q || query.currency || query.type || query.from || query.to)
  return (
    <>
      <div class="page-head">
        <h1>Payouts</h1>
        <a href="/new-payout" class="button">
          New payout
        </a>
      </div>
      <form method="get" action="/" class="search filters" role="search">
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        <input type="search" name="q" value={query.q ?? ''} placeholder="Id, name, reference, IBAN or amount" aria-label="Search payouts" />
        <FilterSelect name="currency" label="Currency" any="Any currency" options={CURRENCIES} selected={query.currency} />
        <FilterSelect name="type" label="Type" any="Any type" options={PAYOUT_TYPES} selected={query.type} />
        <label class="small">
          From <input type="date" name="from" value={query.from ?? ''} />
        </label>
        <label class="small">
          To <input type="date" name="to" value={query.to ?? ''} />
        </label>
        <button type="submit" class="button button-quiet">
          Search
        </button>
        {filtering ? (
          <a href={linkTo({ status: query.status, skip: 0 })} class="small">
            Clear
          </a>
        ) : null}
      </form>
      <nav class="tabs" aria-label="Filter by status">
        {tabs.map((tab) => (
          <a
            href={linkTo({ ...query, status: tab.status, skip: 0 })}
            aria-current={tab.status === query.status ? 'page' : undefined}
          >
            {tab.label}
            <span class="visually-hidden">,</span>
            <span class="count">{counts.get(tab.status)}</span>
          </a>
        ))}
      </nav>
      {total === 0 && !filtering && !query.status ? (
        <CreateHint origin={props.origin} apiKey={merchant.api_key} />
      ) : total === 0 ? (
        <Empty>No payouts match{query.q ? ` “${query.q}”` : ''}{filtering && !query.q ? ' these filters' : ''}.</Empty>
      ) : (
        <div class="card flush">
          <TableFrame label="Payouts">
            <table class="table payouts">
              <thead>
                <tr>
                  <th>Created</th>
                  <th class="num">Amount</th>
                  <th>Status</th>
                  <th>Type</th>
                  <th>Destination</th>
                  <th>Payment reference</th>
                  <th>Id</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const destination = destinationSummary(JSON.parse(row.destination) as FinancialAddress)
                  const href = `/payouts/${row.id}`
                  return (
                    <tr data-href={href}>
                      <td class="nowrap">
                        <a href={href} aria-label={`${sandboxTime(row.created_at)}: ${money(row.amount, row.currency)} to ${destination.holder}, ${words(row.status)}`}>
                          {sandboxTime(row.created_at)}
                        </a>
                      </td>
                      <td class="num nowrap strong">{money(row.amount, row.currency)}</td>
                      <td>
                        <StatusBadge status={row.status} />
                        {returned.has(row.id) ? (
                          <>
                            {' '}
                            <Badge kind="returned">returned</Badge>
                          </>
                        ) : null}
                        {row.failure_code ? <div class="muted mono-small">{row.failure_code}</div> : null}
                      </td>
                      <td>{row.type}</td>
                      <td>
                        <div>{destination.holder}</div>
                        <div class="muted mono-small">{destination.account}</div>
                      </td>
                      <td class="reference">{row.payment_reference ?? <span class="muted">—</span>}</td>
                      <td>
                        <Mono title={row.id}>{shortId(row.id)}</Mono>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </TableFrame>
          <Pager skip={query.skip} shown={last - query.skip} count={total} size={PAGE_SIZE} href={(skip) => linkTo({ ...query, skip })} />
        </div>
      )}
    </>
  )
}
