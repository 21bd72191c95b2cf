// Ivy's Deposit (deposit/retrieve), and the body of POST /sandbox/deposits that makes one arrive.
import { z } from '@hono/zod-openapi'
import { FinancialAddress } from '../financial-address/schemas.js'
import { Amount, checkAmountDecimals } from '../payouts/schemas.js'
import { DEPOSIT_RAILS } from '../rails/registry.js'
import { DepositCurrency, Return } from '../returns/schemas.js'

export const DepositRail = z.enum(DEPOSIT_RAILS).openapi({ example: 'sepa_instant' })

export const Deposit = z
  .object({
    id: z.string().openapi({ example: '0193f0a4-6c1e-7d2b-9a41-6f1c2b3d4e5f' }),
    amount: z.number().openapi({ example: 25.5 }),
    currency: DepositCurrency,
    payee: FinancialAddress.openapi({ description: "The merchant's own account that received the money." }),
    payer: FinancialAddress.openapi({ description: 'The account the money came from.' }),
    receivedAt: z.string().openapi({ example: '2026-11-24T10:00:00.000Z' }),
    returns: z.array(Return).openapi({ description: 'Every return made against the deposit, oldest first.' }),
    status: z.enum(['received']),
    transactionId: z.string().openapi({ description: 'The booking that brought the money in.' }),
    bankStatementReference: z.string().optional(),
    rail: DepositRail.optional(),
    txHash: z.string().optional().openapi({ description: 'The chain transaction (USDC deposits).' }),
  })
  .openapi('Deposit')
export type Deposit = z.infer<typeof Deposit>

export const RetrieveDepositBody = z.object({ id: z.string().min(1).max(100) }).openapi('RetrieveDepositRequest')

export const CreateDepositBody = z
  .object({
    amount: Amount,
    currency: DepositCurrency,
    payer: FinancialAddress.optional().openapi({ description: 'The sending account; invented (seeded by the deposit id) when omitted.' }),
    rail: DepositRail.optional().openapi({ description: "Must carry the currency; without it the currency's usual rail (USDC: the payer wallet's chain, else ETH)." }),
    bankStatementReference: z.string().trim().min(1).max(140).optional(),
    txHash: z.string().trim().min(1).max(100).optional().openapi({ description: 'Chain rails only; invented for USDC deposits when omitted.' }),
  })
  .superRefine(checkAmountDecimals)
  .openapi('SandboxCreateDepositRequest')
export type CreateDepositBody = z.infer<typeof CreateDepositBody>
