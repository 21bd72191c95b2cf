// Ivy's payout endpoints: payout/create, payout/retrieve, payout/list.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { DEFAULT_LIMIT } from '../engine/page.js'
import { envelope } from '../http/list.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { CreatePayoutBody, ListPayoutsBody, Payout, PayoutList, RetrievePayoutBody } from './schemas.js'
import { toPayout } from './render.js'
import { createPayout, listMerchantPayouts, retrievePayout } from './service.js'

export const createPayoutRoute = ivyRoute({
  path: 'payout/create',
  operationId: 'createPayout',
  tag: TAGS.payouts,
  summary: 'Create a payout',
  description:
    'Closed loop (`destination.orderId`) pays back the payer of a paid order; open loop (`destination.financialAddress`) pays any account. ' +
    'The payout starts `pending`; a balance that does not cover it makes it fail with `insufficient_funds` rather than a 4xx.',
  body: CreatePayoutBody,
  response: Payout,
  errors: [403, 404, 409],
})

export const retrievePayoutRoute = ivyRoute({
  path: 'payout/retrieve',
  operationId: 'retrievePayout',
  tag: TAGS.payouts,
  summary: 'Retrieve a payout',
  body: RetrievePayoutBody,
  response: Payout,
  errors: [404],
})

export const listPayoutsRoute = ivyRoute({
  path: 'payout/list',
  operationId: 'listPayouts',
  tag: TAGS.payouts,
  summary: 'List payouts, newest first',
  body: ListPayoutsBody,
  response: PayoutList,
})

export function registerPayoutRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createPayoutRoute, (c) => {
    const body = c.req.valid('json')
    return c.json(idempotent(rt, c, () => toPayout(createPayout(rt, c.get('context'), body))), 200)
  })

  app.openapi(retrievePayoutRoute, (c) => c.json(toPayout(retrievePayout(rt, c.get('context'), c.req.valid('json').id)), 200))

  app.openapi(listPayoutsRoute, (c) => {
    const { limit = DEFAULT_LIMIT, ...rest } = c.req.valid('json')
    const page = listMerchantPayouts(rt, c.get('context'), { limit, ...rest })
    return c.json(envelope({ items: page.rows.map(toPayout), count: page.total, skip: page.skip }), 200)
  })
}
