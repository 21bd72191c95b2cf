// Ivy's Order object, as far as payouts use it, and the sandbox helper that makes paid orders.
import { z } from '@hono/zod-openapi'
import { FinancialAddress } from '../financial-address/schemas.js'
import { Amount, checkAmountDecimals, Currency } from '../payouts/schemas.js'

export const ORDER_STATUSES = ['paid', 'refunded', 'partially_refunded', 'canceled', 'waiting_for_payment'] as const

export const Order = z
  .object({
    id: z.string(),
    referenceId: z.string(),
    status: z.enum(ORDER_STATUSES),
    price: z.object({ total: z.number(), currency: Currency }),
    payerFinancialAddress: FinancialAddress.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Order')
export type Order = z.infer<typeof Order>

export const OrderDetailsBody = z
  .object({ id: z.string().min(1).openapi({ description: "Ivy's order id or the merchant's referenceId." }) })
  .openapi('OrderDetailsRequest')

export const CreateOrderBody = z
  .object({
    amount: Amount,
    currency: Currency,
    payerFinancialAddress: FinancialAddress.optional().openapi({ description: 'The account the order was paid from; invented when omitted.' }),
    referenceId: z.string().min(1).max(200).optional(),
    status: z.enum(ORDER_STATUSES).optional().openapi({ description: 'Default "paid"; a paid order credits the balance.' }),
  })
  .superRefine(checkAmountDecimals)
  .openapi('SandboxCreateOrderRequest')
export type CreateOrderBody = z.infer<typeof CreateOrderBody>
