// The sandbox tools of Ivy's dashboard: decide a payout's outcome now (paid, failed with a
// failure code, canceled). Illegal moves (a final payout, say) are a 409. The answer comes after
// the webhook attempts the change caused, so a test can read its receiver at once.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { runDueNow } from '../sim/clock.js'
import { FAILURE_CODES } from './failures.js'
import { toPayout } from './render.js'
import { Payout } from './schemas.js'
import { forcePayout } from './service.js'

export const ForcePayoutBody = z
  .object({
    status: z.enum(['paid', 'failed', 'canceled']),
    failureCode: z.enum(FAILURE_CODES).optional().openapi({ description: 'Required when status is "failed".' }),
    reasonCode: z.string().regex(/^[A-Z0-9]{4}$/).optional().openapi({ description: 'ISO 20022 reason for the journal; defaults to the usual one for the failure code.' }),
  })
  .openapi('SandboxForcePayoutRequest')

export const forcePayoutRoute = sandboxRoute({
  method: 'post',
  path: 'payouts/{id}/force',
  operationId: 'sandboxForcePayout',
  tag: TAGS.sandboxPayouts,
  summary: "Decide a payout's outcome now; its scheduled steps are dropped",
  request: { params: z.object({ id: z.string() }), ...jsonBody(ForcePayoutBody) },
  response: Payout,
  errors: [400, 404, 409],
})

export function registerPayoutSandboxRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(forcePayoutRoute, async (c) => {
    const ctx = c.get('context')
    const payout = forcePayout(rt, ctx, c.req.valid('param').id, c.req.valid('json'))
    await runDueNow(rt, ctx.merchant.id)
    return c.json(toPayout(payout), 200)
  })
}
