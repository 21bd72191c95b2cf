// Ivy's payee/verify (Verification of Payee / Confirmation of Payee), answered by the
// merchant's scenario: its payee rules first, then the seeded default mix. As Ivy's SDK types it,
// the payee is an IBAN account only; UK Confirmation of Payee happens inside payouts (the scenario).
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { addressFacts, FinancialAddress } from '../financial-address/schemas.js'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import { verifyPayee } from '../sim/scenario/match.js'
import { PAYEE_RESULTS } from '../sim/scenario/schema.js'

const IbanPayee = FinancialAddress.refine((payee) => payee.type === 'iban', { path: ['type'], message: 'must be "iban": payee/verify checks IBAN accounts' }).openapi('IbanPayee', {
  description: 'A FinancialAddress of type "iban": { type: "iban", iban: { iban, accountHolderName, bic? } }.',
})
export const VerifyPayeeBody = z.object({ payee: IbanPayee }).openapi('VerifyPayeeRequest')
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

export function registerPayeeRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(verifyPayeeRoute, (c) => {
    const { scenario, seed } = c.get('context')
    return c.json(verifyPayee(scenario, seed, addressFacts(c.req.valid('json').payee)), 200)
  })
}
