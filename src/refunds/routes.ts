// Ivy's refund/create and refund/retrieve.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { CreateRefundBody, Refund, RetrieveRefundBody } from './schemas.js'
import { createRefund, retrieveRefund, toRefund } from './service.js'

export const createRefundRoute = ivyRoute({
  path: 'refund/create',
  operationId: 'createRefund',
  tag: TAGS.refunds,
  summary: 'Refund a paid order, in part or whole',
  description:
    'By `orderId` or `referenceId` (exactly one). At most what is left to refund (total less refunded and in flight). ' +
    'A balance that does not cover it makes the refund fail rather than a 4xx [sandbox].',
  body: CreateRefundBody,
  response: Refund,
  errors: [404, 409],
})

export const retrieveRefundRoute = ivyRoute({
  path: 'refund/retrieve',
  operationId: 'retrieveRefund',
  tag: TAGS.refunds,
  summary: 'Retrieve a refund',
  body: RetrieveRefundBody,
  response: Refund,
  errors: [404],
})

export function registerRefundRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createRefundRoute, (c) => {
    const body = c.req.valid('json')
    return c.json(idempotent(rt, c, () => toRefund(createRefund(rt, c.get('context'), body))), 200)
  })
  app.openapi(retrieveRefundRoute, (c) => c.json(toRefund(retrieveRefund(rt, c.get('context'), c.req.valid('json').id)), 200))
}
