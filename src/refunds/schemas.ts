// Ivy's Refund object (§4 of the contract) and the bodies of refund/create and refund/retrieve.
import { z } from '@hono/zod-openapi'
import { Amount } from '../payouts/schemas.js'
import { OrderCurrency } from '../orders/schemas.js'
import { REFUND_STATUSES } from './states.js'

export const Refund = z
  .object({
    id: z.string(),
    amount: z.number(),
    currency: OrderCurrency,
    orderId: z.string(),
    status: z.enum(REFUND_STATUSES),
    transactionId: z.string().optional(),
  })
  .openapi('Refund')
export type Refund = z.infer<typeof Refund>

export const CreateRefundBody = z
  .object({
    amount: Amount,
    orderId: z.string().min(1).optional().openapi({ description: "The order's Ivy id; give this or referenceId." }),
    referenceId: z.string().min(1).optional().openapi({ description: "The order's referenceId; give this or orderId." }),
    bankStatementReference: z
      .string()
      .regex(/^[A-Za-z0-9]{1,16}$/, 'must be 1 to 16 letters or digits')
      .optional()
      .openapi({ example: 'REFUND4711', description: 'Shown to the payer; a reference is made up when absent.' }),
  })
  .superRefine((body, ctx) => {
    if ((body.orderId === undefined) === (body.referenceId === undefined)) {
      ctx.addIssue({ code: 'custom', path: [body.orderId === undefined ? 'orderId' : 'referenceId'], message: 'give exactly one of orderId and referenceId' })
    }
  })
  .openapi('RefundCreateRequest')
export type CreateRefundBody = z.infer<typeof CreateRefundBody>

export const RetrieveRefundBody = z.object({ id: z.string().min(1) }).openapi('RefundRetrieveRequest')
