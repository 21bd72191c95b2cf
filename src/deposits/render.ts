// The Deposit object as Ivy answers it: major units, ISO times, its returns oldest first.
import type { DepositRow, ReturnRow } from '../db/schema.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { toIso } from '../lib/clock.js'
import { toMajor } from '../lib/money.js'
import { toReturn } from '../returns/render.js'
import type { Deposit } from './schemas.js'

export function toDeposit(row: DepositRow, returns: ReturnRow[]): Deposit {
  const currency = row.currency as Deposit['currency']
  return {
    id: row.id,
    amount: toMajor(row.amount, currency),
    currency,
    payee: JSON.parse(row.payee) as FinancialAddress,
    payer: JSON.parse(row.payer) as FinancialAddress,
    receivedAt: toIso(row.received_at),
    returns: returns.map(toReturn),
    status: 'received',
    transactionId: row.transaction_id,
    ...(row.bank_statement_reference !== null && { bankStatementReference: row.bank_statement_reference }),
    ...(row.rail !== null && { rail: row.rail as Deposit['rail'] }),
    ...(row.tx_hash !== null && { txHash: row.tx_hash }),
  }
}
