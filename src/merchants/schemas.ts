// Shapes of POST /sandbox/merchants and GET /sandbox/merchant.
import { z } from '@hono/zod-openapi'
import { CURRENCIES, decimalsOf, EXPONENT, MAX_AMOUNT } from '../lib/money.js'
import { Clock, ClockSettings } from '../sim/schemas.js'

export const Balances = z
  .partialRecord(z.enum(CURRENCIES), z.number().min(0).max(MAX_AMOUNT))
  .superRefine((balances, ctx) => {
    for (const [currency, amount] of Object.entries(balances)) {
      const allowed = EXPONENT[currency as keyof typeof EXPONENT]
      if (amount !== undefined && decimalsOf(amount) > allowed) {
        ctx.addIssue({ code: 'custom', path: [currency], message: `must have at most ${allowed} decimals` })
      }
    }
  })
  .openapi('SandboxBalances', { example: { EUR: 10000, GBP: 10000 } })

export const CreateMerchantBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    balances: Balances.optional().openapi({ description: 'Major units per currency; default { "EUR": 10000, "GBP": 10000 }.' }),
    openLoop: z.boolean().optional().openapi({ description: 'Open-loop payouts allowed; default true.' }),
    scenario: z.string().optional().openapi({ description: 'A shipped scenario name; default "default".' }),
    seed: z.number().int().optional().openapi({ description: "Overrides the scenario's seed." }),
    clock: ClockSettings.optional().openapi({ description: 'Default: frozen at the current wall time.' }),
    from: z
      .string()
      .optional()
      .openapi({
        description:
          "Fork this merchant: a copy of its payouts, orders, balances, clock, scenario and pending payout steps under new ids and keys. Needs that merchant's key in X-Ivy-Api-Key; only `name` may be given with it.",
      }),
  })
  .openapi('CreateMerchantRequest')
export type CreateMerchantBody = z.infer<typeof CreateMerchantBody>

export const Merchant = z
  .object({
    id: z.string(),
    name: z.string(),
    apiKey: z.string(),
    webhookSecret: z.string(),
    balances: Balances,
    openLoop: z.boolean(),
    scenario: z.string(),
    seed: z.number().int().nullable(),
    clock: Clock,
  })
  .openapi('SandboxMerchant')
export type Merchant = z.infer<typeof Merchant>
