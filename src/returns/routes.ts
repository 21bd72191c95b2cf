// Ivy's return/create and return/retrieve, and the sandbox tool that decides a return's outcome.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { runDueNow } from '../sim/clock.js'
import { toReturn } from './render.js'
import { CreateReturnBody, RetrieveReturnBody, Return } from './schemas.js'
import { createReturn, forceReturn, retrieveReturn } from './service.js'

export const createReturnRoute = ivyRoute({
  path: 'return/create',
  operationId: 'createReturn',
  tag: TAGS.deposits,
  summary: 'Send a deposit back to its payer, whole',
  description:
    'The return starts `initiated` with the amount reserved, then succeeds (or fails) on the scenario\'s timeline. ' +
    '409 on depositId while the deposit has a return that is not failed, or [sandbox] when the available balance does not cover it.',
  body: CreateReturnBody,
  response: Return,
  errors: [404, 409],
})

export const retrieveReturnRoute = ivyRoute({
  path: 'return/retrieve',
  operationId: 'retrieveReturn',
  tag: TAGS.deposits,
  summary: 'Retrieve a return',
  body: RetrieveReturnBody,
  response: Return,
  errors: [404],
})

export const ForceReturnBody = z.object({ status: z.enum(['succeeded', 'failed', 'returned']) }).openapi('SandboxForceReturnRequest')

export const forceReturnRoute = sandboxRoute({
  method: 'post',
  path: 'returns/{id}/force',
  operationId: 'sandboxForceReturn',
  tag: TAGS.sandboxMoneyIn,
  summary: "Decide a return's outcome now; its scheduled steps are dropped",
  description: '`returned` only after `succeeded` (the money coming back); a move the state machine does not allow is a 409 on `status`.',
  request: { params: z.object({ id: z.string() }), ...jsonBody(ForceReturnBody) },
  response: Return,
  errors: [400, 404, 409],
})

export function registerReturnRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createReturnRoute, (c) => {
    const { depositId } = c.req.valid('json')
    return c.json(idempotent(rt, c, () => toReturn(createReturn(rt, c.get('context'), depositId))), 200)
  })
  app.openapi(retrieveReturnRoute, (c) => c.json(toReturn(retrieveReturn(rt, c.get('context'), c.req.valid('json').id)), 200))
  app.openapi(forceReturnRoute, async (c) => {
    const ctx = c.get('context')
    const row = forceReturn(rt, ctx, c.req.valid('param').id, c.req.valid('json').status)
    // Answered after the webhook attempts the change caused, as a forced payout is.
    await runDueNow(rt, ctx.merchant.id)
    return c.json(toReturn(row), 200)
  })
}
