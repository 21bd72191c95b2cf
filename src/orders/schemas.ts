// Ivy's Order object (§9 of the contract) and the bodies of order/create, order/details,
// order/expire and of the sandbox's payer and shortcut.
import { z } from '@hono/zod-openapi'
import { FinancialAddress } from '../financial-address/schemas.js'
import { CURRENCIES_OF, type Currency as PayoutCurrency } from '../lib/money.js'
import { Amount, checkAmountDecimals, Currency } from '../payouts/schemas.js'
import { CLASSIFICATION_PRIMARY, CLASSIFICATION_SECONDARY, ORDER_STATUSES, STATUS_HISTORY_REASONS } from './states.js'

export const OrderCurrency = z.enum(CURRENCIES_OF.order).openapi({ example: 'EUR' })

/** An account of the merchant as the payer must address it: the statement reference travels with it. */
const MerchantBankAccount = z.intersection(FinancialAddress, z.object({ paymentReference: z.string().optional() })).openapi('OrderBankAccount')

const StatusHistory = z
  .object({
    createdAt: z.string(),
    currentStatus: z.enum(ORDER_STATUSES),
    reason: z.enum(STATUS_HISTORY_REASONS),
    updatedAt: z.string(),
    previousStatus: z.enum(ORDER_STATUSES).nullable().optional(),
  })
  .openapi('StatusHistory')
export type StatusHistory = z.infer<typeof StatusHistory>

export const StatusClassification = z
  .object({ primary: z.enum(CLASSIFICATION_PRIMARY), secondary: z.enum(CLASSIFICATION_SECONDARY).optional() })
  .openapi('StatusClassification')
export type StatusClassification = z.infer<typeof StatusClassification>

const OrderRefund = z
  .object({
    id: z.string(),
    amount: z.number(),
    createdAt: z.string(),
    referenceId: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed', 'requires_action', 'partially_refunded']),
    updatedAt: z.string(),
    description: z.string().optional(),
    transactionId: z.string().optional(),
  })
  .openapi('OrderRefund')
export type OrderRefund = z.infer<typeof OrderRefund>

export const Order = z
  .object({
    id: z.string(),
    appId: z.string(),
    applicationFeeAmount: z.number(),
    createdAt: z.string(),
    instantPaymentScheme: z.boolean(),
    merchantAppId: z.string(),
    merchantId: z.string(),
    price: z.object({ currency: OrderCurrency, total: z.number() }),
    referenceId: z.string(),
    shopName: z.string(),
    status: z.enum(ORDER_STATUSES),
    updatedAt: z.string(),
    customerId: z.string().optional(),
    destination: z.object({ bankAccount: MerchantBankAccount, bankStatementReference: z.string() }).optional(),
    merchantFinancialAddress: MerchantBankAccount.optional().openapi({ description: 'Only on order/details.' }),
    payerFinancialAddress: FinancialAddress.optional().openapi({ description: 'Set once the payer paid.' }),
    refundAmount: z.number().optional(),
    refunds: z.array(OrderRefund).optional(),
    statusClassification: StatusClassification.optional(),
    statusHistoryList: z.array(StatusHistory).optional(),
    subaccountId: z.string().optional(),
    subaccountLegalName: z.string().optional(),
    transactionId: z.string().optional(),
  })
  .openapi('Order')
export type Order = z.infer<typeof Order>

export const OrderIdBody = z
  .object({ id: z.string().min(1).openapi({ description: "Ivy's order id or the merchant's referenceId." }) })
  .openapi('OrderIdRequest')

export const CreateOrderBody = z
  .object({
    amount: Amount,
    currency: OrderCurrency,
    referenceId: z.string().min(1).max(200).openapi({ example: 'order-4711', description: "The merchant's own order id, unique per merchant." }),
    customer: z
      .object({
        id: z.string().min(1).max(200).optional(),
        email: z.email().max(320).optional(),
        phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be in international format, e.g. +491631234567').optional(),
      })
      .optional(),
    expiresAt: z
      .string()
      .regex(/^\d{1,12}$/, 'must be a Unix timestamp in seconds, as a string')
      .optional()
      .openapi({ example: '1767225600', description: 'Unix seconds, as a string; default one hour after creation [sandbox].' }),
    subaccountId: z.string().min(1).optional(),
  })
  // checkAmountDecimals reads the currency's exponent, which every order currency has.
  .superRefine((body, ctx) => checkAmountDecimals(body as { amount: number; currency: PayoutCurrency }, ctx))
  .openapi('OrderCreateRequest')
export type CreateOrderBody = z.infer<typeof CreateOrderBody>

export const PayOrderBody = z
  .object({ payerFinancialAddress: FinancialAddress.optional().openapi({ description: 'The account the payer pays from; invented when omitted.' }) })
  .openapi('SandboxPayOrderRequest')
export type PayOrderBody = z.infer<typeof PayOrderBody>

/** [sandbox] Statuses the shortcut can make an order in. */
export const SHORTCUT_STATUSES = ['paid', 'refunded', 'partially_refunded', 'canceled', 'waiting_for_payment'] as const

export const SandboxCreateOrderBody = z
  .object({
    amount: Amount,
    currency: z.union([Currency, OrderCurrency]).openapi({ description: 'An order currency, or USDC [sandbox] for paying back to a wallet.' }),
    payerFinancialAddress: FinancialAddress.optional().openapi({ description: 'The account the order was paid from; invented when omitted.' }),
    referenceId: z.string().min(1).max(200).optional(),
    status: z.enum(SHORTCUT_STATUSES).optional().openapi({ description: 'Default "paid"; a paid order credits the balance, a refunded one is paid and then refunded (half of it when partially).' }),
  })
  .superRefine((body, ctx) => checkAmountDecimals(body as { amount: number; currency: PayoutCurrency }, ctx))
  .openapi('SandboxCreateOrderRequest')
export type SandboxCreateOrderBody = z.infer<typeof SandboxCreateOrderBody>
