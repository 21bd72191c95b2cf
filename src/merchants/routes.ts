// Ivy's ping, and the sandbox's merchant endpoints: POST /sandbox/merchants (no key needed)
// makes an isolated merchant; GET /sandbox/merchant shows the caller's.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { API_KEY_HEADER } from '../engine/ivy-api.js'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { forkFrom, forkSource } from '../snapshots/service.js'
import { CreateMerchantBody, Merchant } from './schemas.js'
import { createMerchant, toMerchant } from './service.js'

export const pingRoute = ivyRoute({
  path: 'ping',
  operationId: 'ping',
  tag: TAGS.ping,
  summary: 'Check that the API key is valid',
  body: z.object({}).openapi('PingRequest'),
  response: z.object({}).openapi('PingResponse'),
})

export const createMerchantRoute = sandboxRoute({
  method: 'post',
  open: true,
  path: 'merchants',
  operationId: 'sandboxCreateMerchant',
  tag: TAGS.sandboxMerchants,
  summary: 'Create an isolated merchant with its own key, balances, scenario and clock (no key needed), or fork one (its key needed)',
  request: jsonBody(CreateMerchantBody),
  response: Merchant,
  errors: [400, 401, 403],
})

export const getMerchantRoute = sandboxRoute({
  method: 'get',
  path: 'merchant',
  operationId: 'sandboxGetMerchant',
  tag: TAGS.sandboxMerchants,
  summary: 'The merchant of the API key sent',
  response: Merchant,
})

export function registerMerchantRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(pingRoute, (c) => c.json({}, 200))
  app.openapi(createMerchantRoute, async (c) => {
    const body = c.req.valid('json')
    const { from } = body
    const merchant = from === undefined ? createMerchant(rt, body) : forkFrom(rt, await forkSource(rt, { ...body, from }, c.req.header(API_KEY_HEADER)), body.name)
    return c.json(toMerchant(rt, merchant), 200)
  })
  app.openapi(getMerchantRoute, (c) => c.json(toMerchant(rt, c.get('merchant')), 200))
}
