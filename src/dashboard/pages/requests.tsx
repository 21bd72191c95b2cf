/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The Requests page: what the merchant's integration actually sent and got back, newest first,
// filtered by path, method and status, each call with both bodies and a curl command that
// repeats it (with this merchant's own key, which the page's viewer holds anyway).
import type { MerchantRow } from '../../db/schema.js'
import { listRequests } from '../../requests/repo.js'
import { statusFilter, toApiRequest } from '../../requests/service.js'
import type { ApiRequest } from '../../requests/schemas.js'
import type { Runtime } from '../../runtime.js'
import { sandboxTime } from '../format.js'
import { Badge, Empty, FilterSelect, Mono, Section } from '../ui.js'

const PAGE_SIZE = 50
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const
const STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const

export interface RequestsQuery {
  path?: string
  method?: (typeof METHODS)[number]
  status?: (typeof STATUS_CLASSES)[number]
}

export function readRequestsQuery(url: URL): RequestsQuery {
  const param = (name: string) => url.searchParams.get(name) ?? undefined
  return {
    path: param('path')?.trim().slice(0, 200) || undefined,
    method: METHODS.find((m) => m === param('method')),
    status: STATUS_CLASSES.find((s) => s === param('status')),
  }
}

/** A shell-quoted string: single quotes, with each single quote closed, escaped and reopened. */
const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

/** The request again, as curl: the same method, URL, key, idempotency key and body. */
export function curlOf(request: ApiRequest, origin: string, apiKey: string): string {
  const lines = [`curl -s -X ${request.method} ${quoted(`${origin}${request.path}${request.query}`)}`, `  -H ${quoted(`X-Ivy-Api-Key: ${apiKey}`)}`]
  if (request.idempotencyKey !== null) lines.push(`  -H ${quoted(`Idempotency-Key: ${request.idempotencyKey}`)}`)
  if (request.requestBody !== null) {
    const body = typeof request.requestBody === 'string' ? request.requestBody : JSON.stringify(request.requestBody)
    lines.push(`  -H 'Content-Type: application/json'`, `  -d ${quoted(body)}`)
  }
  return lines.join(' \\\n')
}

const statusKind = (status: number) => (status < 300 ? 'ok' : status < 500 ? 'bad' : 'failed')
const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2))

export function RequestsPage(props: { rt: Runtime; merchant: MerchantRow; query: RequestsQuery; origin: string }) {
  const { rt, merchant, query } = props
  const { rows, count } = listRequests(rt.db, merchant.id, { path: query.path, method: query.method, status: statusFilter(query.status) }, 0, PAGE_SIZE)
  const requests = rows.map(toApiRequest)
  return (
    <>
      <div class="page-head">
        <h1>Requests</h1>
        <p class="muted">
          Every API call this merchant made, newest first (the last 1,000 are kept); the same as <Mono>GET /sandbox/requests</Mono>.
        </p>
      </div>
      <form method="get" action="/requests" class="search filters" role="search">
        <input type="search" name="path" value={query.path ?? ''} placeholder="Path contains, e.g. payout/create" aria-label="Path contains" />
        <FilterSelect name="method" label="Method" any="Any method" options={METHODS} selected={query.method} />
        <FilterSelect name="status" label="Status" any="Any status" options={STATUS_CLASSES} selected={query.status} />
        <button type="submit" class="button button-quiet">
          Filter
        </button>
      </form>
      {requests.length === 0 ? (
        <Empty>{query.path || query.method || query.status ? 'No request matches these filters.' : 'No API calls yet: the requests your code makes show up here.'}</Empty>
      ) : (
        <Section title={`${count} ${count === 1 ? 'request' : 'requests'}`} aside={count > PAGE_SIZE ? <span class="muted small">the newest {PAGE_SIZE} shown</span> : undefined}>
          <ul class="events">
            {requests.map((request) => {
              const curlId = `curl-${request.id}`
              return (
                <li class="event">
                  <details>
                    <summary class="request-line">
                      <Badge kind={statusKind(request.status)}>{String(request.status)}</Badge> <strong>{request.method}</strong> <span class="url">{request.path + request.query}</span>{' '}
                      <span class="muted small">
                        {sandboxTime(request.at)} · {request.durationMs} ms{request.idempotencyKey !== null ? ` · Idempotency-Key ${request.idempotencyKey}` : ''}
                      </span>
                    </summary>
                    <div class="columns below">
                      <div>
                        <h2>Request</h2>
                        <pre class="code inline">{request.requestBody === null ? '(no body)' : json(request.requestBody)}</pre>
                      </div>
                      <div>
                        <h2>Response</h2>
                        <pre class="code inline">{request.responseBody === null ? '(not JSON)' : json(request.responseBody)}</pre>
                      </div>
                    </div>
                    <div class="below">
                      <div class="card-head">
                        <h2>As curl</h2>
                        <button type="button" class="button button-quiet copy" data-copy={curlId}>
                          Copy as curl
                        </button>
                      </div>
                      <pre class="code" id={curlId}>
                        {curlOf(request, props.origin, merchant.api_key)}
                      </pre>
                    </div>
                  </details>
                </li>
              )
            })}
          </ul>
        </Section>
      )}
    </>
  )
}
