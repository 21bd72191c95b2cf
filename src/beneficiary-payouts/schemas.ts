// The answer of beneficiary-payout/create, exactly as Ivy's SDK types it: a top-level array.
import { z } from '@hono/zod-openapi'
import { CURRENCIES_OF } from '../lib/money.js'
import { PAYOUT_STATUSES } from '../payouts/states.js'

export const BeneficiaryPayout = z
  .object({
    id: z.string().openapi({ description: 'The payout id: payout/retrieve and payout/list show it as a Payout of type "beneficiary".' }),
    amount: z.number().openapi({ example: 1250.5 }),
    createdAt: z.string().openapi({ example: '2026-11-24T10:00:00.000Z' }),
    currency: z.enum(CURRENCIES_OF.beneficiaryPayout),
    description: z.string(),
    merchant: z.string().openapi({ description: 'The merchant id.' }),
    referenceId: z.string().openapi({ description: 'The same for every payout of one beneficiary-payout/create [sandbox].' }),
    statementDescriptor: z.string().openapi({ description: 'Text on the receiving bank statement; the Payout\'s paymentReference and the ledger\'s bankStatementReference.' }),
    status: z.enum(PAYOUT_STATUSES),
    type: z.enum(['merchant', 'customer']),
  })
  .openapi('BeneficiaryPayout')
export type BeneficiaryPayout = z.infer<typeof BeneficiaryPayout>

export const BeneficiaryPayoutList = z.array(BeneficiaryPayout).openapi('BeneficiaryPayoutList')
