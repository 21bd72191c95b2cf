// Ivy's balance/retrieve, and POST /sandbox/balance/top-up.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { API_KEY_SCHEME, ivyRoute, jsonBody, sandboxResponses, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { BalanceList, RetrieveBalanceBody, TopUpBody } from './schemas.js'
import { retrieveBalances, topUp } from './service.js'

export const retrieveBalanceRoute = ivyRoute({
  path: 'balance/retrieve',
  operationId: 'retrieveBalance',
  tag: TAGS.balance,
  summary: 'Retrieve balances; customer payouts draw on `available`',
  body: RetrieveBalanceBody,
  response: BalanceList,
})

export const topUpRoute = createRoute({
  method: 'post',
  path: '/sandbox/balance/top-up',
  operationId: 'sandboxTopUp',
  tags: [TAGS.sandboxPayouts],
  summary: 'Add money to a balance',
  security: [{ [API_KEY_SCHEME]: [] }],
  request: jsonBody(TopUpBody),
  responses: sandboxResponses('All balances after the top-up', BalanceList, 400, 401),
})

export function registerBalanceRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(retrieveBalanceRoute, (c) => c.json(retrieveBalances(rt, c.get('merchant').id, c.req.valid('json').currency), 200))
  app.openapi(topUpRoute, (c) => {
    const { currency, amount } = c.req.valid('json')
    return c.json(topUp(rt, c.get('merchant').id, currency, amount), 200)
  })
}
