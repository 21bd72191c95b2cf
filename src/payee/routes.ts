// Ivy's payee/verify (Verification of Payee / Confirmation of Payee), answered by the
// merchant's scenario: its payee rules first, then the seeded default mix.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { addressFacts, FinancialAddress } from '../financial-address/schemas.js'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { verifyPayee } from '../sim/scenario/match.js'
import { PAYEE_RESULTS } from '../sim/scenario/schema.js'

export const VerifyPayeeBody = z.object({ payee: FinancialAddress }).openapi('VerifyPayeeRequest')
export const PayeeVerification = z
  .object({ status: z.enum(PAYEE_RESULTS), suggestedAccountHolderName: z.string().optional() })
  .openapi('PayeeVerification')

export const verifyPayeeRoute = ivyRoute({
  path: 'payee/verify',
  operationId: 'verifyPayee',
  tag: TAGS.payee,
  summary: 'Check an account holder name against the account',
  body: VerifyPayeeBody,
  response: PayeeVerification,
})

export function registerPayeeRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(verifyPayeeRoute, (c) => {
    const merchant = c.get('merchant')
    const scenario = rt.scenarios.forMerchant(merchant)
    return c.json(verifyPayee(scenario, merchant.seed ?? scenario.seed, addressFacts(c.req.valid('json').payee)), 200)
  })
}
