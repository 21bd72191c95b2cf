// Ivy's balance/retrieve, and POST /sandbox/balance/top-up.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
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
  errors: [404],
})

export const topUpRoute = sandboxRoute({
  method: 'post',
  path: 'balance/top-up',
  operationId: 'sandboxTopUp',
  tag: TAGS.sandboxPayouts,
  summary: 'Add money to a balance',
  request: jsonBody(TopUpBody),
  response: BalanceList,
  errors: [400],
})

export function registerBalanceRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(retrieveBalanceRoute, (c) => c.json(retrieveBalances(rt, c.get('context'), c.req.valid('json')), 200))
  app.openapi(topUpRoute, (c) => {
    const { currency, amount } = c.req.valid('json')
    return c.json(topUp(rt, c.get('context'), currency, amount), 200)
  })
}
