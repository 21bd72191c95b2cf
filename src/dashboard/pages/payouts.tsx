/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The Payouts table: the merchant's payouts newest first, filtered by status, searched by id
// (a prefix is enough), a page at a time.
import type { MerchantRow } from '../../db/schema.js'
import type { FinancialAddress } from '../../financial-address/schemas.js'
import { countPayouts, listPayouts, type PayoutFilter } from '../../payouts/repo.js'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../payouts/states.js'
import type { Runtime } from '../../runtime.js'
import { destinationSummary, money, sandboxTime, sentence, shortId, words } from '../format.js'
import { Empty, Mono, StatusBadge, TableFrame } from '../ui.js'

const PAGE_SIZE = 25

export interface PayoutsQuery {
  status?: PayoutStatus
  /** Id or the start of one. */
  q?: string
  skip: number
}

export function readPayoutsQuery(url: URL): PayoutsQuery {
  const status = url.searchParams.get('status')
  const q = url.searchParams.get('q')?.trim()
  const skip = Number(url.searchParams.get('skip'))
  return {
    status: PAYOUT_STATUSES.find((s) => s === status),
    q: q || undefined,
    skip: Number.isInteger(skip) && skip > 0 ? skip : 0,
  }
}

function linkTo(query: PayoutsQuery): string {
  const params = new URLSearchParams()
  if (query.status) params.set('status', query.status)
  if (query.q) params.set('q', query.q)
  if (query.skip > 0) params.set('skip', String(query.skip))
  const search = params.toString()
  return search ? `/?${search}` : '/'
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
  const search: PayoutFilter = { idPart: props.query.q }
  const tabs: Array<{ status?: PayoutStatus; label: string }> = [{ label: 'All' }, ...PAYOUT_STATUSES.map((status) => ({ status, label: sentence(status) }))]
  const counts = new Map(tabs.map((tab) => [tab.status, countPayouts(rt.db, merchant.id, { ...search, status: tab.status })]))
  const total = counts.get(props.query.status)!
  // A skip past the end (an old link, fewer payouts since, a hand-made URL) shows the last page.
  const query = { ...props.query, skip: Math.min(props.query.skip, lastPageStart(total)) }
  const rows = listPayouts(rt.db, merchant.id, { ...search, status: query.status }, query.skip, PAGE_SIZE, total)
  const last = Math.min(query.skip + rows.length, total)
  return (
    <>
      <div class="page-head">
        <h1>Payouts</h1>
        <form method="get" action="/" class="search" role="search">
          {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
          <input type="search" name="q" value={query.q ?? ''} placeholder="Search by payout id" aria-label="Search by payout id" />
          <button type="submit" class="button button-quiet">
            Search
          </button>
        </form>
      </div>
      <nav class="tabs" aria-label="Filter by status">
        {tabs.map((tab) => (
          <a
            href={linkTo({ status: tab.status, q: query.q, skip: 0 })}
            aria-current={tab.status === query.status ? 'page' : undefined}
          >
            {tab.label}
            <span class="visually-hidden">,</span>
            <span class="count">{counts.get(tab.status)}</span>
          </a>
        ))}
      </nav>
      {total === 0 && !query.q && !query.status ? (
        <CreateHint origin={props.origin} apiKey={merchant.api_key} />
      ) : total === 0 ? (
        <Empty>No payouts match{query.q ? ` “${query.q}”` : ''}.</Empty>
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
          <footer class="pager">
            <span class="muted">
              {query.skip + 1}–{last} of {total}
            </span>
            <span>
              {query.skip > 0 ? (
                <a class="button button-quiet" href={linkTo({ ...query, skip: Math.max(0, query.skip - PAGE_SIZE) })} rel="prev">
                  ← Newer
                </a>
              ) : null}
              {last < total ? (
                <a class="button button-quiet" href={linkTo({ ...query, skip: query.skip + PAGE_SIZE })} rel="next">
                  Older →
                </a>
              ) : null}
            </span>
          </footer>
        </div>
      )}
    </>
  )
}
