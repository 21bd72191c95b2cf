// Ivy's deposit/retrieve, and POST /sandbox/deposits that makes a deposit arrive.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { toDeposit } from './render.js'
import { CreateDepositBody, Deposit, RetrieveDepositBody } from './schemas.js'
import { receiveDeposit, retrieveDepositWithReturns } from './service.js'

export const retrieveDepositRoute = ivyRoute({
  path: 'deposit/retrieve',
  operationId: 'retrieveDeposit',
  tag: TAGS.deposits,
  summary: 'Retrieve a deposit with its returns',
  body: RetrieveDepositBody,
  response: Deposit,
  errors: [404],
})

export const createDepositRoute = sandboxRoute({
  method: 'post',
  path: 'deposits',
  operationId: 'sandboxCreateDeposit',
  tag: TAGS.sandboxMoneyIn,
  summary: "Simulate a payer's transfer arriving in the merchant's account: a received deposit, credited at once",
  description:
    "The payee is the merchant's own account in the currency. Without `payer` one is invented (the same for the same deposit); " +
    'without `rail` the usual one for the currency is taken; USDC deposits get a made-up `txHash` unless one is given.',
  request: jsonBody(CreateDepositBody),
  response: Deposit,
  errors: [400],
})

export function registerDepositRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(retrieveDepositRoute, (c) => {
    const { deposit, returns } = retrieveDepositWithReturns(rt, c.get('context'), c.req.valid('json').id)
    return c.json(toDeposit(deposit, returns), 200)
  })
  app.openapi(createDepositRoute, (c) => c.json(toDeposit(receiveDeposit(rt, c.get('context'), c.req.valid('json')), []), 200))
}
