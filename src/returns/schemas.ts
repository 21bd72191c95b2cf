// Ivy's Return (return/create, return/retrieve and Deposit.returns[] answer the same shape) and
// the bodies of its endpoints.
import { z } from '@hono/zod-openapi'
import { CURRENCIES_OF } from '../lib/money.js'
import { RETURN_STATUSES } from './states.js'

export const DepositCurrency = z.enum(CURRENCIES_OF.deposit).openapi({ example: 'EUR' })

export const Return = z
  .object({
    id: z.string().openapi({ example: '0193f0a4-6c1e-7d2b-9a41-6f1c2b3d4e5f' }),
    amount: z.number().openapi({ example: 25.5, description: 'The whole deposit, in major units.' }),
    createdAt: z.string().openapi({ example: '2026-11-24T10:00:00.000Z' }),
    currency: DepositCurrency,
    depositId: z.string(),
    status: z.enum(RETURN_STATUSES),
    failedAt: z.string().optional(),
    succeededAt: z.string().optional(),
    transactionId: z.string().optional().openapi({ description: 'The outgoing return transaction, once succeeded.' }),
  })
  .openapi('Return')
export type Return = z.infer<typeof Return>

export const CreateReturnBody = z
  .object({ depositId: z.string().min(1).max(100).openapi({ description: 'The deposit to send back, whole.' }) })
  .openapi('CreateReturnRequest')

export const RetrieveReturnBody = z.object({ id: z.string().min(1).max(100) }).openapi('RetrieveReturnRequest')
