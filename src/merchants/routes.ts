// Ivy's ping, and the sandbox's merchant endpoints: POST /sandbox/merchants (no key needed)
// makes an isolated merchant; GET /sandbox/merchant shows the caller's.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, jsonBody, sandboxResponses, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
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

export const createMerchantRoute = createRoute({
  method: 'post',
  path: '/sandbox/merchants',
  operationId: 'sandboxCreateMerchant',
  tags: [TAGS.sandboxMerchants],
  summary: 'Create an isolated merchant with its own key, balances, scenario and clock (no key needed)',
  request: jsonBody(CreateMerchantBody),
  responses: sandboxResponses('The new merchant, with its API key and webhook secret', Merchant, 400),
})

export const getMerchantRoute = createRoute({
  method: 'get',
  path: '/sandbox/merchant',
  operationId: 'sandboxGetMerchant',
  tags: [TAGS.sandboxMerchants],
  summary: 'The merchant of the API key sent',
  security: [{ IvyApiKey: [] }],
  responses: sandboxResponses('The merchant', Merchant, 401),
})

export function registerMerchantRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(pingRoute, (c) => c.json({}, 200))
  app.openapi(createMerchantRoute, (c) => c.json(toMerchant(rt, createMerchant(rt, c.req.valid('json'))), 200))
  app.openapi(getMerchantRoute, (c) => c.json(toMerchant(rt, c.get('merchant')), 200))
}
