// Route definitions for the OpenAPI document and request validation. Ivy's routes are all
// POST with a JSON body under /api/service; sandbox routes live under /sandbox and may use
// other verbs and path parameters, since they are ours.
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi'
import { errorResponses } from './errors.js'
import { IVY_PREFIX, type IvyPath } from '../engine/ivy-api.js'

export const API_KEY_SCHEME = 'IvyApiKey'

export const TAGS = {
  payouts: 'Payouts',
  balance: 'Balance',
  orders: 'Orders',
  refunds: 'Refunds',
  deposits: 'Deposits and returns',
  beneficiaryPayouts: 'Beneficiary payouts',
  transactions: 'Transactions',
  subaccounts: 'Subaccounts',
  capabilities: 'Capabilities',
  payee: 'Payee verification',
  webhooks: 'Webhook subscriptions',
  ping: 'Ping',
  sandboxMerchants: 'Sandbox: merchants',
  sandboxPayouts: 'Sandbox: payouts and orders',
  sandboxMoneyIn: 'Sandbox: deposits and payers',
  sandboxClock: 'Sandbox: clock',
  sandboxScenario: 'Sandbox: scenario',
  sandboxWebhooks: 'Sandbox: webhooks',
  sandboxFaults: 'Sandbox: API faults',
  sandboxSnapshots: 'Sandbox: snapshots and forks',
  sandboxCoverage: 'Sandbox: coverage',
} as const

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413

interface IvyRouteDef<B extends z.ZodType | null, R extends z.ZodType> {
  path: IvyPath
  operationId: string
  summary: string
  description?: string
  tag: string
  /** The JSON body's schema; null for an operation without parameters, which Ivy's SDK sends with no body and no Content-Type. */
  body: B
  response: R
  errors?: ErrorStatus[]
}

type IvyRequest<B extends z.ZodType | null> = B extends z.ZodType ? { body: { required: true; content: { 'application/json': { schema: B } } } } : undefined

export function ivyRoute<B extends z.ZodType | null, R extends z.ZodType>(def: IvyRouteDef<B, R>) {
  const request = (def.body === null ? undefined : { body: { required: true, content: { 'application/json': { schema: def.body } } } }) as IvyRequest<B>
  return createRoute({
    method: 'post',
    path: `${IVY_PREFIX}${def.path}`,
    operationId: def.operationId,
    tags: [def.tag],
    summary: def.summary,
    description: def.description,
    security: [{ [API_KEY_SCHEME]: [] }],
    request,
    responses: {
      200: { description: def.summary, content: { 'application/json': { schema: def.response } } },
      ...errorResponses(400, 401, ...(def.errors ?? [])),
    },
  })
}

interface SandboxRouteDef<Q extends RouteConfig['request'], R extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete'
  /** Below /sandbox/, with {name} for path parameters. */
  path: string
  operationId: string
  tag: string
  summary: string
  description?: string
  /** Callable without an API key (merchant creation, posting to the inbox). */
  open?: boolean
  request?: Q
  response: R
  errors?: ErrorStatus[]
}

/** A /sandbox route; it needs the key of the merchant it acts on unless `open`. */
export function sandboxRoute<Q extends RouteConfig['request'], R extends z.ZodType>(def: SandboxRouteDef<Q, R>) {
  return createRoute({
    method: def.method,
    path: `/sandbox/${def.path}`,
    operationId: def.operationId,
    tags: [def.tag],
    summary: def.summary,
    description: def.description,
    ...(def.open ? {} : { security: [{ [API_KEY_SCHEME]: [] }] }),
    request: def.request as Q,
    responses: {
      200: { description: def.summary, content: { 'application/json': { schema: def.response } } },
      ...errorResponses(...(def.open ? [] : ([401] as const)), ...(def.errors ?? [])),
    },
  })
}

export function jsonBody<B extends z.ZodType>(schema: B) {
  return { body: { required: true, content: { 'application/json': { schema } } } }
}
