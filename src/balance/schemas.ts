// Ivy's balance/retrieve, and the sandbox top-up.
import { z } from '@hono/zod-openapi'
import { Amount, checkAmountDecimals, Currency } from '../payouts/schemas.js'

export const RetrieveBalanceBody = z
  .object({
    accountId: z.string().min(1).max(100).optional().openapi({ description: 'One of the merchant\'s accounts (GET /sandbox/merchant lists them); `currency` is then ignored.' }),
    currency: Currency.optional(),
  })
  .openapi('RetrieveBalanceRequest')

export const BalanceList = z
  .object({ balances: z.array(z.object({ available: z.number(), currency: Currency })) })
  .openapi('Balances', { example: { balances: [{ available: 10000, currency: 'EUR' }] } })
export type BalanceList = z.infer<typeof BalanceList>

export const TopUpBody = z.object({ currency: Currency, amount: Amount }).superRefine(checkAmountDecimals).openapi('SandboxTopUpRequest')
