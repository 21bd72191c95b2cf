// Ivy's beneficiary-payout/create: no parameters, so Ivy's SDK sends it with no body at all.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { toBeneficiaryPayouts } from './render.js'
import { BeneficiaryPayoutList } from './schemas.js'
import { sweepBalances } from './service.js'

export const createBeneficiaryPayoutRoute = ivyRoute({
  path: 'beneficiary-payout/create',
  operationId: 'createBeneficiaryPayout',
  tag: TAGS.beneficiaryPayouts,
  summary: "Pay every available balance out to the merchant's beneficiary account in its currency",
  description:
    'One payout per currency with money available (EUR, USD, GBP, PLN, SEK, DKK; none for a zero balance), each of type "beneficiary" in payout/list. ' +
    'Takes no body. Nothing to pay out answers [].',
  body: null,
  response: BeneficiaryPayoutList,
  errors: [409],
})

export function registerBeneficiaryPayoutRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createBeneficiaryPayoutRoute, (c) => c.json(idempotent(rt, c, () => toBeneficiaryPayouts(sweepBalances(rt, c.get('context')))), 200))
}
