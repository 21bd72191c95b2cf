// Shapes of POST /sandbox/merchants and GET /sandbox/merchant.
import { z } from '@hono/zod-openapi'
import { FinancialAddress } from '../financial-address/schemas.js'
import { CURRENCIES, CURRENCIES_OF, decimalsOf, EXPONENT, MAX_AMOUNT, OTHER_CURRENCIES } from '../lib/money.js'
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

/** Where beneficiary-payout/create sweeps each currency's balance. */
export const BeneficiaryAccounts = z
  .partialRecord(z.enum(CURRENCIES_OF.beneficiaryPayout), FinancialAddress)
  .openapi('SandboxBeneficiaryAccounts', {
    example: { EUR: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Example GmbH' } } },
  })

/** One of the merchant's accounts (one per currency it has used): its id is what balance/retrieve and transaction/list take as `accountId`. */
export const Account = z
  .object({
    id: z.string(),
    currency: z.enum([...CURRENCIES, ...OTHER_CURRENCIES]),
    available: z.number().openapi({ description: 'Major units that payouts, refunds and returns may still take.' }),
    booked: z.number().openapi({ description: "Major units the ledger holds (transaction/list's last balance.after)." }),
  })
  .openapi('SandboxAccount')

export const CreateMerchantBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    balances: Balances.optional().openapi({ description: 'Major units per currency; default { "EUR": 10000, "GBP": 10000 }.' }),
    openLoop: z.boolean().optional().openapi({ description: 'Open-loop payouts allowed; default true.' }),
    beneficiaryAccounts: BeneficiaryAccounts.optional().openapi({
      description:
        'Where beneficiary-payout/create sweeps each currency (EUR, USD, GBP, PLN, SEK, DKK); each must be an account the currency\'s usual rail reaches. ' +
        "A currency not given gets an invented account in the merchant's name, the same for the same merchant id.",
    }),
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
    accounts: z.array(Account),
    beneficiaryAccounts: z.record(z.enum(CURRENCIES_OF.beneficiaryPayout), FinancialAddress),
    openLoop: z.boolean(),
    scenario: z.string(),
    seed: z.number().int().nullable(),
    clock: Clock,
  })
  .openapi('SandboxMerchant')
export type Merchant = z.infer<typeof Merchant>
