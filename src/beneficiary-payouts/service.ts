// beneficiary-payout/create: every available balance the merchant holds in a beneficiary-payout
// currency goes to its beneficiary account in that currency, one payout per currency, all in
// one transaction. The payouts are ordinary payouts of type "beneficiary" from then on.
import type { PayoutRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { availableBalance } from '../balance/repo.js'
import { BENEFICIARY_CURRENCIES, beneficiaryAccountsOf } from '../merchants/beneficiary-accounts.js'
import { createBeneficiaryPayout } from '../payouts/service.js'
import type { Runtime } from '../runtime.js'

export interface Sweep {
  /** [sandbox] One id per sweep, shared by its payouts; its first 8 characters are on their bank statements. */
  referenceId: string
  payouts: PayoutRow[]
}

/** [sandbox] The statement text of a sweep's payouts, which ties a bank statement line to its sweep. */
export const statementDescriptorOf = (referenceId: string) => `IVY PAYOUT ${referenceId.slice(0, 8).toUpperCase()}`

export function sweepBalances(rt: Runtime, ctx: MerchantContext): Sweep {
  const merchantId = ctx.merchant.id
  const referenceId = rt.ids.uuid()
  return rt.db.tx(() => {
    const accounts = beneficiaryAccountsOf(ctx.merchant)
    const payouts = BENEFICIARY_CURRENCIES.flatMap((currency) => {
      const amount = availableBalance(rt.db, merchantId, currency)
      if (amount <= 0) return []
      return [createBeneficiaryPayout(rt, ctx, { currency, amount, destination: accounts[currency], paymentReference: statementDescriptorOf(referenceId) })]
    })
    return { referenceId, payouts }
  })
}
