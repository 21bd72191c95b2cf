// Deposits: money a payer sends to the merchant's own account. Ivy has no API to make one, so
// the sandbox simulates its arrival (POST /sandbox/deposits): the deposit is `received` at once,
// its amount credited to the account in its currency, and `deposit.received` queued.
import type { DepositRow, ReturnRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { Invalid, NotFound } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { accountAddress, credit, ensureAccount } from '../ledger/service.js'
import { toMinor } from '../lib/money.js'
import { inventPayer } from '../orders/service.js'
import { BLOCKCHAINS, inventTxHash, inventWalletAddress, txHashProblem, type Blockchain } from '../rails/chains.js'
import { depositRailOf, RAIL_SPECS, railOfDeposit, railsFor, usualRail, type Rail } from '../rails/registry.js'
import { returnsOfDeposit } from '../returns/repo.js'
import type { Runtime } from '../runtime.js'
import { emitEvent } from '../webhooks/outbox.js'
import { objectEventNames } from '../webhooks/events.js'
import { toDeposit } from './render.js'
import { findDeposit, insertDeposit, nextDepositSeq } from './repo.js'
import type { CreateDepositBody } from './schemas.js'

const asChain = (rail: Rail): Blockchain | undefined => BLOCKCHAINS.find((b) => b === rail)

/**
 * The rail the deposit came on: the one named, if it carries the currency from the payer's kind
 * of account, else the usual one for the currency (USDC: the payer wallet's chain), else the
 * first rail that carries the currency from that kind of account.
 */
function railOf(body: CreateDepositBody, payer: FinancialAddress | undefined): Rail {
  const { currency } = body
  if (payer && (currency === 'USDC') !== (payer.type === 'wallet')) {
    throw new Invalid(currency === 'USDC' ? 'a USDC deposit comes from a wallet' : `a ${currency} deposit comes from a bank account, not a wallet`, 'payer.type')
  }
  if (body.rail !== undefined) {
    const rail = railOfDeposit(body.rail)
    const spec = RAIL_SPECS[rail]
    if (!spec.currencies.includes(currency)) throw new Invalid(`${body.rail} does not carry ${currency}; ${currency} comes on ${railsFor(currency).map(depositRailOf).join(', ')}`, 'rail')
    if (payer && !spec.destinations.includes(payer.type)) throw new Invalid(`${body.rail} does not carry money from ${payer.type} accounts`, 'rail')
    if (payer?.wallet && asChain(rail) && payer.wallet.blockchain !== rail) throw new Invalid(`the payer's wallet is on ${payer.wallet.blockchain}, not ${body.rail}`, 'rail')
    return rail
  }
  if (payer?.wallet) return payer.wallet.blockchain
  const usual = usualRail(currency)
  if (!payer || RAIL_SPECS[usual].destinations.includes(payer.type)) return usual
  return railsFor(currency).find((rail) => RAIL_SPECS[rail].destinations.includes(payer.type))!
}

/** [sandbox] A payer for a deposit that names none: a plausible account (a wallet on the deposit's chain), the same for the same deposit. */
function invented(depositId: string, body: CreateDepositBody, rail: Rail): FinancialAddress {
  const chain = asChain(rail)
  return chain ? { type: 'wallet', wallet: { address: inventWalletAddress(chain, depositId), blockchain: chain } } : inventPayer(depositId, body.currency)
}

function txHashOf(depositId: string, body: CreateDepositBody, rail: Rail): string | null {
  const chain = asChain(rail)
  if (!chain) {
    if (body.txHash !== undefined) throw new Invalid('only a deposit on a chain has a txHash', 'txHash')
    return null
  }
  if (body.txHash === undefined) return inventTxHash(chain, depositId)
  const problem = txHashProblem(chain, body.txHash)
  if (problem) throw new Invalid(problem, 'txHash')
  return body.txHash
}

/** A deposit arrives now: received, credited (refused on `amount` past what a merchant may hold), reported. */
export function receiveDeposit(rt: Runtime, ctx: MerchantContext, body: CreateDepositBody): DepositRow {
  const { merchant, now } = ctx
  return rt.db.tx(() => {
    const id = rt.ids.uuid()
    const rail = railOf(body, body.payer)
    const txHash = txHashOf(id, body, rail)
    const payer = body.payer ?? invented(id, body, rail)
    const seq = nextDepositSeq(rt.db, merchant.id)
    const amount = toMinor(body.amount, body.currency)
    const account = ensureAccount(rt, merchant.id, body.currency)
    const reference = body.bankStatementReference ?? `DEPOSIT ${seq}`
    const booking = credit(
      rt,
      merchant,
      { currency: body.currency, amount, at: now, process: { type: 'deposit', id }, reference, counterparty: payer },
      { param: 'amount' },
    )
    const row: DepositRow = {
      id,
      merchant_id: merchant.id,
      seq,
      amount,
      currency: body.currency,
      payer: JSON.stringify(payer),
      payee: JSON.stringify(accountAddress(merchant, account)),
      rail: depositRailOf(rail),
      bank_statement_reference: body.bankStatementReference ?? null,
      tx_hash: txHash,
      transaction_id: booking.id,
      received_at: now,
    }
    insertDeposit(rt.db, row)
    emitEvent(rt, ctx, { names: objectEventNames('deposit', 'received'), payload: () => toDeposit(row, []), at: now, stream: ['deposit', seq], live: 'money' })
    return row
  })
}

export function retrieveDeposit(rt: Runtime, ctx: MerchantContext, id: string, param = 'id'): DepositRow {
  const deposit = findDeposit(rt.db, ctx.merchant.id, id)
  if (!deposit) throw new NotFound('Deposit', param)
  return deposit
}

export function retrieveDepositWithReturns(rt: Runtime, ctx: MerchantContext, id: string): { deposit: DepositRow; returns: ReturnRow[] } {
  const deposit = retrieveDeposit(rt, ctx, id)
  return { deposit, returns: returnsOfDeposit(rt.db, deposit.id) }
}
