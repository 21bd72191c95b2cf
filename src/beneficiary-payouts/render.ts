// A beneficiary payout as beneficiary-payout/create answers it.
import type { PayoutRow } from '../db/schema.js'
import { toIso } from '../lib/clock.js'
import { toMajor } from '../lib/money.js'
import type { BeneficiaryCurrency } from '../merchants/beneficiary-accounts.js'
import type { BeneficiaryPayout } from './schemas.js'
import type { Sweep } from './service.js'

/** [sandbox] What the payout is, in words. */
const describe = (currency: string) => `Payout of the available ${currency} balance to the merchant's beneficiary account`

export function toBeneficiaryPayout(row: PayoutRow, referenceId: string): BeneficiaryPayout {
  const currency = row.currency as BeneficiaryCurrency
  return {
    id: row.id,
    amount: toMajor(row.amount, currency),
    createdAt: toIso(row.created_at),
    currency,
    description: describe(currency),
    merchant: row.merchant_id,
    referenceId,
    statementDescriptor: row.payment_reference!,
    status: row.status,
    // The merchant is paid, not one of its customers.
    type: 'merchant',
  }
}

export const toBeneficiaryPayouts = (sweep: Sweep): BeneficiaryPayout[] => sweep.payouts.map((row) => toBeneficiaryPayout(row, sweep.referenceId))
