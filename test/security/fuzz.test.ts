// A seeded fuzz over every route the sandbox serves: the operations of /openapi.json (so a new
// endpoint is fuzzed without touching this file) and the dashboard's pages and form actions
// (from the app's route table), one route at a time and then all of them at once. Requests go
// over a real port with merchant B's key, the key of a merchant the fuzz made, no key or a wrong
// one, never merchant A's. Every answer must be below 500 (but for a fault the fuzz armed through
// /sandbox/faults); every 4xx the Ivy error body (a dashboard page may answer its own HTML page
// instead); a redirect stays on this origin.
// Afterwards merchant A's rows are byte for byte what they were, no merchant's money changed but
// by what was paid in, no balance is negative and the sandbox still answers at once.
// Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run test/security/fuzz.test.ts
// (FUZZ_RUNS=<n> sets the requests per route, FUZZ_BATCHES=<n> the batches sent at once).
import fc from 'fast-check'
import { readFileSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCENARIOS_DIR } from '../../src/package-files.js'
import { toMinor, type Currency } from '../../src/lib/money.js'
import { DEFAULT_MERCHANT } from '../../src/merchants/service.js'
import { FAILURES } from '../../src/payouts/failures.js'
import { PAYOUT_STATUSES } from '../../src/payouts/states.js'
import { fromSchema, hostileValue, schemaSize, HOSTILE_STRINGS, idempotencyKey, JSON_TYPE, mutated, oddBody, queryString, segment, toJsonText, type Hints, type OpenApiDoc, type RawBody } from '../helpers/fuzz.js'
import { harness, IBAN, openLoop, T0 } from '../helpers/harness.js'
import { hmacHex, startReceiver, type Receiver } from '../helpers/receiver.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201)
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 80)
/** Requests sent at once, and how many such batches, after every route had its turn alone. */
const CONCURRENT = 8
const CONCURRENT_BATCHES = Number(process.env.FUZZ_BATCHES ?? 50)
/** Longer than any answer may take: the webhook attempts a request waits for are bounded by WEBHOOK_TIMEOUT_MS. */
const STALL_MS = 10_000
const WEBHOOK_TIMEOUT_MS = 1_000

// The routes, known before the tests are collected.
const h = await harness({ webhookTimeoutMs: WEBHOOK_TIMEOUT_MS })
const doc = (await h.get<OpenApiDoc>('/openapi.json')).body

interface Route {
  method: string
  /** Hono's form: /sandbox/payouts/:id/force */
  path: string
  kind: 'api' | 'page' | 'action' | 'static'
  operation?: any
}

const honoPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1')
const apiRoutes: Route[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, operation]) => ({ method: method.toUpperCase(), path: honoPath(path), kind: 'api' as const, operation })),
)
const documented = new Set(apiRoutes.map((r) => `${r.method} ${r.path}`))
/** Everything else the app registered (once per method and path): the dashboard, its assets, /openapi.json. */
const registered = new Map(h.app.routes.filter((r) => (r.method === 'GET' || r.method === 'POST') && !r.path.includes('*')).map((r) => [`${r.method} ${r.path}`, r]))
const otherRoutes: Route[] = [...registered.values()]
  .filter((r) => !documented.has(`${r.method} ${r.path}`))
  .map((r) => ({
    method: r.method,
    path: r.path,
    kind: r.method === 'POST' ? 'action' : r.path.includes('/assets/') || r.path === '/openapi.json' ? 'static' : 'page',
  }))
const routes = [...apiRoutes, ...otherRoutes]

// The world the fuzz runs in ------------------------------------------------------------------------

let base: string
let receiver: Receiver
const a = h.merchant
const b = h.newMerchant({ balances: { EUR: 5_000, GBP: 500 } })
const ids = { a: [] as string[], b: [] as string[] }
let hints: Hints

async function populate(key: string, inbox: string, into: string[]) {
  const as = { key }
  const post = async (path: string, body: unknown) => {
    const res = await h.post(path, body, as)
    expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200)
    return res.body
  }
  into.push((await post('/api/service/webhook-subscription/create', { url: receiver.url })).id)
  into.push((await post('/api/service/webhook-subscription/create', { url: `${base}/sandbox/inbox/${inbox}` })).id)
  await post('/sandbox/balance/top-up', { amount: 100, currency: 'EUR' })
  const order = await post('/sandbox/orders', { amount: 25, currency: 'EUR', referenceId: `${inbox}-order` })
  into.push(order.id, order.referenceId)
  for (let i = 0; i < 3; i++) into.push((await post('/api/service/payout/create', openLoop(10 + i, IBAN.DE, { paymentReference: `${inbox} ${i}` }))).id)
  await post(`/sandbox/payouts/${into.at(-1)}/force`, { status: 'paid' })
  await post(`/sandbox/payouts/${into.at(-2)}/force`, { status: 'failed', failureCode: 'account_blocked' })
  const events = await h.get('/sandbox/webhooks/events?limit=100', as)
  into.push(...events.body.items.map((e: { id: string }) => e.id))
}

/** Every row of merchant A in every table that has one, as text. */
function rowsOf(merchantId: string): Record<string, string> {
  const db = h.rt.db.sqlite
  const tables = (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as Array<{ name: string }>).map((t) => t.name)
  const snapshot: Record<string, string> = {}
  for (const table of tables) {
    const columns = (db.prepare(`select name from pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name)
    const column = table === 'merchants' ? 'id' : columns.includes('merchant_id') ? 'merchant_id' : undefined
    if (column) snapshot[table] = JSON.stringify(db.prepare(`select * from "${table}" where "${column}" = ? order by rowid`).all(merchantId))
  }
  return snapshot
}

let rowsOfABefore: Record<string, string>
let moneyBefore: Map<string, number>
let ordersBefore: Set<string>

beforeAll(async () => {
  receiver = await startReceiver()
  base = await h.serve()
  await populate(a.key, 'fuzz-a', ids.a)
  await populate(b.key, 'fuzz-b', ids.b)
  const scenarios = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml'))
  const known = [...ids.a, ...ids.b]
  hints = {
    // Mostly B's own ids (so requests get past the lookup), often A's, now and then none at all.
    id: [...ids.b, ...ids.b, ...ids.a, 'no-such-id', ''],
    orderId: known,
    referenceId: [...known, 'fuzz-b-order'],
    url: [
      receiver.url,
      `${base}/sandbox/inbox/fuzz-b`,
      `${base}/sandbox/inbox/fuzz-a`,
      `${base}/api/service/ping`,
      `${base.replace('127.0.0.1', '127.1')}/sandbox/clock/freeze`,
      `${base.replace('127.0.0.1', '[::ffff:7f00:1]')}/`,
      'http://127.0.0.1:1/closed',
      'http://[::1]:1/',
      'ftp://127.0.0.1/',
      'javascript:alert(1)',
      'http://user:pw@127.0.0.1:1/',
      'not a url',
      `http://127.0.0.1:1/${'a'.repeat(3_000)}`,
    ],
    amount: [0.01, 1, 10, 999_999_999.99, 1_000_000_000, 1.005, 0.000001, 123.456, 5e-324],
    iban: [...Object.values(IBAN), 'DE00000000000000000000', 'XX', ''],
    by: ['1m', '1h', '1d', '6d', '30d', '365d', '3650d', '3651d', '10y', '0s', '-1d', '1h30m', '500ms', '999999999999d', '1e3d', 'P1D'],
    to: [T0, '2026-03-03T00:00:00Z', '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-03-02T10:00:00+14:00'],
    now: [T0, '2020-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z'],
    // 'fuzz-b' also names a snapshot that :name (drawn from the inbox names) can restore.
    name: [...scenarios.map((f) => f.replace(/\.yaml$/, '')), 'nope', 'Fuzz Ltd', '   ', 'fuzz-b'],
    yaml: [
      ...scenarios.map((f) => readFileSync(`${SCENARIOS_DIR}/${f}`, 'utf8')),
      ...HOSTILE_SCENARIOS,
      'a: [',
      'name: x\nrules: *undefined_alias',
      'a: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]',
      '!!js/function "function(){}"',
      '',
    ],
    failureCode: [...Object.keys(FAILURES), 'nope'],
    statusField: [...PAYOUT_STATUSES, 'nope'],
    currency: ['EUR', 'GBP', 'USD', 'eur', 'XXX'],
    accountHolderName: ['Jane Doe', ''],
    loop: ['open', 'closed', 'both'],
    scenario: [...scenarios.map((f) => f.replace(/\.yaml$/, '')), 'nope'],
    confirmed: ['yes', 'no'],
    apiKey: [b.key, DEFAULT_MERCHANT.apiKey, 'ivy_sandbox_not_a_key', ''],
    back: ['/', '/webhooks', '/?skip=25', '//evil.example/x', 'https://evil.example/x', '/\\evil.example', '\\\\?\\C:\\', 'http://[::1', 'javascript:alert(1)', '%', `/${'a'.repeat(10_000)}`],
    file: ['dashboard.css', 'dashboard.js', 'favicon.svg', 'swagger-ui.css', 'swagger-ui-bundle.js', '..%2Fpackage.json', '%2e%2e%2f%2e%2e%2fpackage.json', 'package.json', 'index.html'],
    inbox: ['fuzz-a', 'fuzz-b', 'other', 'x'.repeat(64), 'x'.repeat(65)],
    // Faults the fuzz arms hold B's answers: keep the valid delays short.
    delay: ['0s', '20ms', '30.001s', '31s', '-1s', '1h', 'soon'],
  }
  merchantsByKey.set(b.key, b.id)
  rowsOfABefore = rowsOf(a.id)
  moneyBefore = money()
  ordersBefore = new Set(paidOrders().map((o) => o.id))
})

afterAll(async () => {
  await receiver.close()
  await h.close()
})

/** Scenarios that load (or nearly) but push the simulator to its edges: a backtracking pattern, the longest delays, a wide tail, every chaos at once. */
const scenarioWith = (body: string) => `name: edge\nseed: 1\n${body}`
const HOSTILE_SCENARIOS = [
  scenarioWith('rules:\n  - name: bomb\n    when: { paymentReference: { pattern: "(a+)+$" } }\n    then: { steps: [{ after: 1s, status: paid }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n'),
  scenarioWith('default: { steps: [{ after: 3650d, status: in_transit }, { after: 3650d, status: paid }, { after: 3650d, status: returned, failure: unknown }] }\n'),
  scenarioWith('default: { steps: [{ after: { lognormal: { median: 3650d, sigma: 5 } }, status: paid }] }\n'),
  scenarioWith('default: { steps: [{ after: { businessDays: 30, at: "23:59" }, status: in_transit }, { after: { businessDays: 30 }, status: paid }] }\n'),
  scenarioWith('default: { branches: [{ weight: 0.000001, steps: [{ after: 1s, status: paid }] }, { weight: 1e9, steps: [{ after: 1ms, status: canceled }] }] }\n'),
  scenarioWith('default: { steps: [{ after: 0s, status: in_transit }, { after: 0s, status: paid }] }\nwebhooks: { duplicate: 1, reorder: 1, failFirstAttempt: 1 }\n'),
  scenarioWith('rules:\n  - name: huge\n    when: { amount: { min: 1e308, max: -1 } }\n    then: { steps: [{ after: 1s, status: paid }] }\ndefault: { steps: [{ after: 1s, status: paid }] }\n'),
  scenarioWith(`default: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`),
]

// Requests -------------------------------------------------------------------------------------------

interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: string | FormData
}

const describeRequest = (req: FuzzRequest) => {
  const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s)
  const body = req.body instanceof FormData ? `FormData ${clip(JSON.stringify([...req.body.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : `<file ${v.size} bytes>`])))}` : clip(req.body ?? '')
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, clip(v)]))
  return `${req.method} ${clip(req.path)} ${JSON.stringify(headers)} ${body}`
}

/** fast-check prints counterexamples with this, so a 1 MiB body is not printed whole. */
const printable = (req: FuzzRequest): FuzzRequest => Object.assign(req, { [fc.toStringMethod]: () => describeRequest(req) })

/** The merchants the fuzz may act as, by API key: B, and every merchant it made itself (never A). */
const merchantsByKey = new Map<string, string>()
const ownKeys: string[] = []

const keyHeader = () =>
  fc.oneof(
    { arbitrary: fc.constant<string | undefined>(b.key), weight: 6 },
    { arbitrary: fc.nat().map((i): string | undefined => ownKeys[i % ownKeys.length] ?? b.key), weight: 2 },
    // 20,000 characters pass the HTTP parser's 16 KiB header limit.
    { arbitrary: fc.constantFrom<string | undefined>(undefined, 'ivy_sandbox_not_a_key', ` ${b.key} `, b.key.toUpperCase(), 'k'.repeat(5_000), 'k'.repeat(20_000), ''), weight: 3 },
  )

const cookieHeader = () =>
  fc.constantFrom<string | undefined>(undefined, `ivy_sandbox_key=${b.key}`, `ivy_sandbox_key=${b.key}`, 'ivy_sandbox_key=nope', 'ivy_sandbox_key=%E0%A4%A', `ivy_sandbox_key="${b.key}"; ivy_sandbox_key=x`, '=;;=')

/** Values for a param or form field named `name`: the hints for that name, else anything hostile. */
const valueFor = (name: string) => (hints[name] ? fc.oneof({ arbitrary: fc.constantFrom(...(hints[name] as string[])), weight: 4 }, { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 1 }) : fc.constantFrom(...HOSTILE_STRINGS))

/** The hints a path parameter draws its known values from; every other parameter is an id. */
const PARAM_HINTS: Record<string, string> = { ':file': 'file', ':name': 'inbox' }

function pathArb(route: Route): fc.Arbitrary<string> {
  const known = (param: string) => (hints[PARAM_HINTS[param] ?? 'id'] as string[]).filter((v) => v !== '')
  const parts = route.path.split('/').map((part) => (part.startsWith(':') ? segment(known(part)) : fc.constant(part)))
  return fc.tuple(...parts).map((segments) => segments.join('/'))
}

function rawBodyArb(schema: any): fc.Arbitrary<RawBody | undefined> {
  const json = (value: fc.Arbitrary<unknown>) => value.map((v): RawBody => ({ text: toJsonText(v), contentType: JSON_TYPE }))
  const shaped = schema ? fromSchema(doc, schema, hints) : fc.constant({})
  return fc.oneof(
    { arbitrary: json(shaped), weight: 4 },
    { arbitrary: json(mutated(shaped)), weight: 5 },
    { arbitrary: json(fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileValue())), weight: 1 },
    { arbitrary: oddBody(), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  )
}

function apiRequest(route: Route): fc.Arbitrary<FuzzRequest> {
  const op = route.operation
  const schema = op.requestBody?.content?.[JSON_TYPE]?.schema
  const queryNames: string[] = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name)
  return fc
    .record({
      method: fc.oneof({ arbitrary: fc.constant(route.method), weight: 12 }, { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), weight: 1 }),
      path: pathArb(route),
      query: queryNames.length ? queryString(queryNames) : fc.oneof({ arbitrary: fc.constant(''), weight: 5 }, { arbitrary: queryString([]), weight: 1 }),
      key: keyHeader(),
      idempotency: route.path.startsWith('/api/service/') ? idempotencyKey() : fc.constant(undefined),
      signature: route.path.startsWith('/sandbox/inbox/') ? fc.constantFrom(SIGNED_BY_B, SIGNED_BY_B, SIGNED_BY_B, undefined, 'deadbeef', '', 'x'.repeat(2_000)) : fc.constant(undefined),
      body: route.method === 'GET' ? fc.constant(undefined) : rawBodyArb(schema),
    })
    .map(({ method, path, query, key, idempotency, signature, body }) => {
      const headers: Record<string, string> = {}
      if (key !== undefined) headers['X-Ivy-Api-Key'] = key
      if (idempotency !== undefined) headers['Idempotency-Key'] = idempotency
      if (signature !== undefined) headers['X-Ivy-Signature'] = signature
      if (body?.contentType) headers['content-type'] = body.contentType
      return printable({ method, path: `${path}${query}`, headers, body: method === 'GET' ? undefined : body?.text })
    })
}

const FORM_FIELDS = ['by', 'status', 'failureCode', 'name', 'yaml', 'seed', 'url', 'apiKey', 'amount', 'currency', 'iban', 'accountHolderName', 'orderId', 'loop', 'referenceId', 'scenario', 'confirmed', 'unexpected']
const field = (name: string) => valueFor(name === 'status' ? 'statusField' : name).map((value): [string, string] => [name, value])

/** A form as the dashboard's own send it (a `back` almost always, a few fields), each value likely or hostile. */
function formArb(): fc.Arbitrary<Array<[string, string]>> {
  const back = fc.oneof({ arbitrary: field('back').map((pair) => [pair]), weight: 5 }, { arbitrary: fc.constant([]), weight: 1 })
  return fc.tuple(back, fc.array(fc.constantFrom(...FORM_FIELDS).chain(field), { maxLength: 3 })).map(([first, rest]) => [...first, ...rest])
}

function dashboardRequest(route: Route): fc.Arbitrary<FuzzRequest> {
  const origin = fc.oneof({ arbitrary: fc.constant<string | undefined>(base), weight: 6 }, { arbitrary: fc.constantFrom<string | undefined>(undefined, 'http://evil.example', 'null', 'garbage', `${base}/x`), weight: 2 })
  const encoding = fc.oneof({ arbitrary: fc.constant('urlencoded'), weight: 6 }, { arbitrary: fc.constantFrom('multipart', 'json', 'none', 'text'), weight: 2 })
  return fc
    .record({
      path: pathArb(route),
      query: route.kind === 'page' ? queryString(['status', 'q', 'skip', 'notice', 'error']) : fc.constant(''),
      cookie: cookieHeader(),
      origin: route.kind === 'action' ? origin : fc.constant(undefined),
      referer: fc.constantFrom<string | undefined>(undefined, undefined, `${base}/`, 'http://evil.example/'),
      encoding,
      form: route.kind === 'action' ? formArb() : fc.constant<Array<[string, string]>>([]),
    })
    .map(({ path, query, cookie, origin, referer, encoding, form }) => {
      const headers: Record<string, string> = {}
      if (cookie !== undefined) headers.cookie = cookie
      if (origin !== undefined) headers.origin = origin
      if (referer !== undefined) headers.referer = referer
      let body: string | FormData | undefined
      if (route.method === 'POST') {
        if (encoding === 'urlencoded') {
          headers['content-type'] = 'application/x-www-form-urlencoded'
          body = new URLSearchParams(form).toString()
        } else if (encoding === 'multipart') {
          body = new FormData()
          for (const [k, v] of form) body.append(k, v)
          body.append('upload', new Blob(['a file, not a field']), 'file.txt')
        } else if (encoding === 'json') {
          headers['content-type'] = JSON_TYPE
          body = JSON.stringify(Object.fromEntries(form))
        } else if (encoding === 'text') {
          headers['content-type'] = 'text/plain'
          body = 'by=1d'
        }
      }
      return printable({ method: route.method, path: `${path}${query}`, headers, body })
    })
}

interface Answer {
  status: number
  type: string
  location: string | null
  text: string
}

/** Stands for X-Ivy-Signature over the body with B's secret as it is when sent (the fuzz rotates it), so the inbox keeps the body. */
const SIGNED_BY_B = '<signed with B\'s current secret>'
const secretOfB = () => (h.rt.db.sqlite.prepare('select webhook_secret from merchants where id = ?').get(b.id) as { webhook_secret: string }).webhook_secret

async function send(req: FuzzRequest): Promise<Answer> {
  const headers = { ...req.headers }
  if (headers['X-Ivy-Signature'] === SIGNED_BY_B) headers['X-Ivy-Signature'] = hmacHex(typeof req.body === 'string' ? req.body : '', secretOfB())
  const res = await fetch(`${base}${req.path}`, { method: req.method, headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(STALL_MS) })
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, type, location: res.headers.get('location'), text: type.startsWith('text/event-stream') ? await firstMessage(res) : await res.text() }
}

/** A stream of events (the dashboard's live updates) never ends by itself: read up to its first message, then hang up. */
async function firstMessage(res: Response): Promise<string> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (let reads = 0; reads < 100 && !text.includes('\n\n'); reads++) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  await reader.cancel()
  return text
}

/** Minor units each merchant was given during the fuzz, by `${merchantId} ${currency}`: top-ups, new merchants' balances. */
const credited = new Map<string, number>()
const credit = (merchantId: string, currency: string, minor: number) => credited.set(`${merchantId} ${currency}`, (credited.get(`${merchantId} ${currency}`) ?? 0) + minor)

/**
 * Keeps what later checks and routes need from a success: the money it added, the keys of the
 * merchants it made (later requests act as them too), and the ids B's requests made (payouts,
 * subscriptions, orders...), which join the pool later routes draw from.
 */
function observe(route: Route, req: FuzzRequest, answer: Answer) {
  // The dashboard acts on the merchant of a cookie (B's, or the default merchant's), forks to a
  // merchant it does not name, tops up a balance and makes merchants with money (answering their key on a page).
  const moved =
    (/^\/dashboard\/(snapshots\/:name\/restore|merchant\/fork|balance\/top-up)$/.test(route.path) && answer.status === 303 && answer.location?.includes('notice=')) ||
    (route.path === '/dashboard/merchants' && answer.status === 200)
  if (moved) for (const id of allMerchantIds()) if (id !== a.id) toRebase.add(id)
  if (answer.status !== 200 || !answer.type.startsWith(JSON_TYPE)) return
  const body = JSON.parse(answer.text)
  const merchantId = merchantsByKey.get(req.headers['X-Ivy-Api-Key']?.trim() ?? '')
  if (route.path === '/sandbox/balance/top-up') {
    const sent = JSON.parse(req.body as string)
    credit(merchantId!, sent.currency, toMinor(sent.amount, sent.currency))
  }
  if (route.path === '/sandbox/snapshots/:name/restore') toRebase.add(merchantId!)
  if (route.path === '/sandbox/merchants') {
    if (typeof req.body === 'string' && JSON.parse(req.body)?.from !== undefined) toRebase.add(body.id)
    else for (const [currency, amount] of Object.entries<number>(body.balances)) credit(body.id, currency, toMinor(amount, currency as Currency))
    merchantsByKey.set(body.apiKey, body.id)
    ownKeys.push(body.apiKey)
  }
  if (merchantId !== b.id) return
  for (const item of [body, ...(Array.isArray(body?.items) ? body.items : [])]) {
    if (typeof item?.id === 'string' && !(hints.id as string[]).includes(item.id)) (hints.id as string[]).push(item.id, item.id)
  }
}

/** Merchants whose money a restore or a fork set, to take as it now is once their requests are answered. */
const toRebase = new Set<string>()

const allMerchantIds = () => (h.rt.db.sqlite.prepare('select id from merchants').all() as Array<{ id: string }>).map((m) => m.id)

/**
 * A restore or a fork moves money by design: a restored merchant holds what it held in the
 * snapshot, a fork what its source held. The model takes those merchants' money as it now is.
 */
function rebase() {
  const now = money()
  const newOrders = paidOrders().filter((o) => !ordersBefore.has(o.id))
  for (const id of toRebase) {
    const keys = new Set([...now.keys(), ...credited.keys(), ...moneyBefore.keys()].filter((key) => key.startsWith(`${id} `)))
    for (const key of keys) {
      const ordered = newOrders.filter((o) => `${o.merchant_id} ${o.currency}` === key).reduce((sum, o) => sum + o.total, 0)
      credited.set(key, (now.get(key) ?? 0) - (moneyBefore.get(key) ?? 0) - ordered)
    }
  }
  toRebase.clear()
}

/**
 * Every merchant's money by `${merchantId} ${currency}`, in minor units: its balance, what its
 * payouts hold, and what they paid out. Only a top-up, a paid order, a new merchant, a restore or a fork changes it.
 */
function money(): Map<string, number> {
  const rows = h.rt.db.sqlite
    .prepare(
      `select merchant_id, currency, sum(minor) minor from (
         select merchant_id, currency, available minor from balances
         union all select merchant_id, currency, reserved + (case when status = 'paid' then amount else 0 end) from payouts
       ) group by merchant_id, currency`,
    )
    .all() as Array<{ merchant_id: string; currency: string; minor: number }>
  return new Map(rows.map((r) => [`${r.merchant_id} ${r.currency}`, r.minor]))
}

const paidOrders = () => h.rt.db.sqlite.prepare(`select id, merchant_id, currency, total from orders where status = 'paid'`).all() as Array<{ id: string; merchant_id: string; currency: string; total: number }>

const CATEGORIES = ['invalid_request_error', 'api_error', 'rate_limiting', 'idempotency_error']

/** A 5xx the fuzz itself asked for through POST /sandbox/faults: Ivy's error body, marked in its devMessage. */
function isInjectedFault(answer: Answer): boolean {
  try {
    return String(JSON.parse(answer.text).devMessage).startsWith('a fault injected by the sandbox')
  } catch {
    return false
  }
}

/** Why `answer` breaks the rules, or undefined. */
function fault(route: Route, answer: Answer): string | undefined {
  if (answer.status >= 500 && !isInjectedFault(answer)) return `answered ${answer.status}: ${answer.text.slice(0, 500)}`
  if (answer.status >= 300 && answer.status < 400) {
    if (route.kind !== 'action') return `redirected (${answer.status} to ${answer.location})`
    if (!answer.location || !/^\/(?![/\\])/.test(answer.location)) return `redirected off this origin: ${answer.location}`
    return undefined
  }
  if (answer.status < 400) return undefined
  // A dashboard page refuses with the page itself (the frame with the reason in it); so does
  // the scenario editor, which shows the refused YAML again in its page.
  if ((route.kind === 'page' || route.path === '/dashboard/scenario/yaml') && answer.type.startsWith('text/html')) return answer.text.startsWith('<!DOCTYPE html>') ? undefined : `a ${answer.status} page that is not a whole page: ${answer.text.slice(0, 200)}`
  let body: any
  try {
    body = JSON.parse(answer.text)
  } catch {
    return `a ${answer.status} without a JSON body (${answer.type}): ${answer.text.slice(0, 200)}`
  }
  const ok =
    body !== null &&
    typeof body === 'object' &&
    typeof body.message === 'string' &&
    body.message.length > 0 &&
    CATEGORIES.includes(body.category) &&
    typeof body.code === 'string' &&
    typeof body.docUrl === 'string' &&
    typeof body.devMessage === 'string' &&
    body.statusCode === answer.status &&
    (body.param === undefined || typeof body.param === 'string')
  return ok ? undefined : `a ${answer.status} whose body is not Ivy's error body: ${answer.text.slice(0, 300)}`
}

// The fuzz -------------------------------------------------------------------------------------------

/** Bodies with more fields (payout/create's financial addresses) get more runs, up to four times as many. */
const runsFor = (route: Route) => Math.round(RUNS_PER_ROUTE * Math.min(4, Math.max(1, schemaSize(doc, route.operation?.requestBody?.content?.[JSON_TYPE]?.schema) / 10)))

/** A seed per route, so one route's failure reproduces without running the others. */
const seedOf = (route: Route) => [...`${route.method} ${route.path}`].reduce((hash, ch) => (hash * 31 + ch.charCodeAt(0)) | 0, SEED)

describe(`fuzz (FUZZ_SEED=${SEED}, ${RUNS_PER_ROUTE} requests per route)`, () => {
  it('finds every route: the documented operations and the dashboard', () => {
    expect(apiRoutes.length).toBeGreaterThan(25)
    expect(otherRoutes.filter((r) => r.kind === 'action').length).toBeGreaterThan(5)
    expect(otherRoutes.filter((r) => r.kind === 'page').map((r) => r.path)).toEqual(expect.arrayContaining(['/', '/payouts/:id', '/webhooks', '/merchant']))
  })

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s: no 5xx, every 4xx an Ivy error', async (_, route) => {
    const requests = route.kind === 'api' ? apiRequest(route) : dashboardRequest(route)
    await fc.assert(
      fc.asyncProperty(requests, async (req) => {
        const answer = await send(req)
        observe(route, req, answer)
        rebase()
        const problem = fault(route, answer)
        if (problem) throw new Error(`${describeRequest(req)}\n  → ${problem}`)
      }),
      { seed: seedOf(route), numRuns: runsFor(route) },
    )
  })

  it('answers requests to every route arriving together the same way', async () => {
    const routeOf = new WeakMap<FuzzRequest, Route>()
    const anyRoute = fc.oneof(...routes.map((route) => (route.kind === 'api' ? apiRequest(route) : dashboardRequest(route)).map((req) => (routeOf.set(req, route), req))))
    await fc.assert(
      fc.asyncProperty(fc.array(anyRoute, { minLength: CONCURRENT, maxLength: CONCURRENT }), async (batch) => {
        const answers = await Promise.all(batch.map(send))
        const problems = batch.flatMap((req, i) => {
          const route = routeOf.get(req)!
          observe(route, req, answers[i]!)
          const problem = fault(route, answers[i]!)
          return problem ? [`${describeRequest(req)}\n  → ${problem}`] : []
        })
        rebase()
        if (problems.length) throw new Error(problems.join('\n'))
      }),
      { seed: SEED, numRuns: CONCURRENT_BATCHES },
    )
  })

  it("leaves merchant A's rows exactly as they were: no request with B's key, a wrong key or none reached them", () => {
    const after = rowsOf(a.id)
    for (const table of Object.keys(rowsOfABefore)) expect(after[table], table).toBe(rowsOfABefore[table])
  })

  it("changes no merchant's money but by what was paid in: its balance, what its payouts hold and what they paid out add up", () => {
    for (const order of paidOrders()) if (!ordersBefore.has(order.id)) credit(order.merchant_id, order.currency, order.total)
    const after = money()
    const changed = [...after].map(([key, minor]): [string, number] => [key, minor - (moneyBefore.get(key) ?? 0)]).filter(([, delta]) => delta !== 0)
    expect(Object.fromEntries(changed)).toEqual(Object.fromEntries([...credited].filter(([, minor]) => minor !== 0)))
  })

  it('leaves every balance a whole, non-negative number of minor units, and every payout in the state its journal last recorded', () => {
    const db = h.rt.db.sqlite
    expect(db.prepare('select merchant_id, currency, available from balances where available < 0 or available <> cast(available as integer)').all()).toEqual([])
    expect(db.prepare('select id, reserved from payouts where reserved < 0 or reserved > amount').all()).toEqual([])
    const mismatched = db.prepare(`select p.id from payouts p where p.status <> (select to_status from journal j where j.payout_id = p.id order by j.id desc limit 1)`).all()
    expect(mismatched).toEqual([])
  })

  it('still answers at once', async () => {
    const started = performance.now()
    const health = await fetch(`${base}/sandbox/health`, { signal: AbortSignal.timeout(STALL_MS) })
    const ping = await fetch(`${base}/api/service/ping`, { method: 'POST', headers: { 'X-Ivy-Api-Key': a.key, 'content-type': JSON_TYPE }, body: '{}', signal: AbortSignal.timeout(STALL_MS) })
    expect([health.status, ping.status]).toEqual([200, 200])
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
