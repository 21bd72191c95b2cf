// The Refund, Deposit and Return objects as the API answers them (fields exactly as the
// contract gives them), for the JSON on their dashboard pages. [interim] Until src/refunds,
// src/deposits and src/returns land, these stand in for their renderers: each page takes its
// object from here, so switching to `toRefund`/`toDeposit`/`toReturn` is the import line.
import type { DepositRow, RefundRow, ReturnRow } from '../db/schema.js'
import { toIso } from '../lib/clock.js'
import { toMajor, type AnyCurrency } from '../lib/money.js'

const major = (minor: number, currency: string) => toMajor(minor, currency as AnyCurrency)
/** Optional fields are left out, not null. */
const present = <T extends object>(object: T) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined))

export function refundObject(row: RefundRow) {
  return present({ id: row.id, amount: major(row.amount, row.currency), currency: row.currency, orderId: row.order_id, status: row.status, transactionId: row.transaction_id })
}

export function returnObject(row: ReturnRow) {
  return present({
    id: row.id,
    amount: major(row.amount, row.currency),
    createdAt: toIso(row.created_at),
    currency: row.currency,
    depositId: row.deposit_id,
    status: row.status,
    failedAt: row.failed_at === null ? null : toIso(row.failed_at),
    succeededAt: row.succeeded_at === null ? null : toIso(row.succeeded_at),
    transactionId: row.transaction_id,
  })
}

export function depositObject(row: DepositRow, returns: ReturnRow[]) {
  return present({
    id: row.id,
    amount: major(row.amount, row.currency),
    currency: row.currency,
    payee: JSON.parse(row.payee) as unknown,
    payer: JSON.parse(row.payer) as unknown,
    receivedAt: toIso(row.received_at),
    returns: returns.map(returnObject),
    status: 'received',
    transactionId: row.transaction_id,
    bankStatementReference: row.bank_statement_reference,
    rail: row.rail,
    txHash: row.tx_hash,
  })
}
