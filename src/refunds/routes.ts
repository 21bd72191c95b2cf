// Ivy's refund/create and refund/retrieve, and the sandbox tool that decides a refund's outcome.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { runDueNow } from '../sim/clock.js'
import { CreateRefundBody, Refund, RetrieveRefundBody } from './schemas.js'
import { createRefund, forceRefund, retrieveRefund, toRefund } from './service.js'

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

export const ForceRefundBody = z.object({ status: z.enum(['succeeded', 'failed']) }).openapi('SandboxForceRefundRequest')

export const forceRefundRoute = sandboxRoute({
  method: 'post',
  path: 'refunds/{id}/force',
  operationId: 'sandboxForceRefund',
  tag: TAGS.sandboxPayouts,
  summary: "Decide a refund's outcome now; its scheduled steps are dropped",
  description: 'Moves the order on as the simulator would (refunded, partially_refunded or refund_failed). A refund already ended is a 409 on `status`.',
  request: { params: z.object({ id: z.string() }), ...jsonBody(ForceRefundBody) },
  response: Refund,
  errors: [400, 404, 409],
})

export function registerRefundRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createRefundRoute, (c) => {
    const body = c.req.valid('json')
    return c.json(idempotent(rt, c, () => toRefund(createRefund(rt, c.get('context'), body))), 200)
  })
  app.openapi(retrieveRefundRoute, (c) => c.json(toRefund(retrieveRefund(rt, c.get('context'), c.req.valid('json').id)), 200))
  app.openapi(forceRefundRoute, async (c) => {
    const ctx = c.get('context')
    const refund = forceRefund(rt, ctx, c.req.valid('param').id, c.req.valid('json').status)
    // Answered after the webhook attempts the change caused, as a forced payout is.
    await runDueNow(rt, ctx.merchant.id)
    return c.json(toRefund(refund), 200)
  })
}
