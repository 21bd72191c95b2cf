/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Deposits and their returns: the money that came in by bank transfer, newest first; one deposit
// with who sent it and the returns sending it back; one return.
import type { DepositRow, MerchantRow, ReturnRow } from '../../db/schema.js'
import type { FinancialAddress } from '../../financial-address/schemas.js'
import type { Runtime } from '../../runtime.js'
import { getDeposit, getReturn, listDeposits, returnsOfDeposit } from '../money-repo.js'
import { toDeposit } from '../../deposits/render.js'
import { toReturn } from '../../returns/render.js'
import { destinationSummary, money, sandboxTime, shortId, words } from '../format.js'
import { CopyButton, Copyable, CurlHint, Fields, Mono, Pager, pageWithin, Section, StatusBadge, TableFrame } from '../ui.js'
import { MoneyTabs } from './money.js'

const PAGE_SIZE = 25

const amount = (row: DepositRow | ReturnRow) => money(row.amount, row.currency)
const payerOf = (deposit: DepositRow) => destinationSummary(JSON.parse(deposit.payer) as FinancialAddress)

export function DepositsPage(props: { rt: Runtime; merchant: MerchantRow; skip: number; origin: string }) {
  const { rows, count, skip } = pageWithin(props.skip, PAGE_SIZE, (from) => listDeposits(props.rt.db, props.merchant.id, from, PAGE_SIZE))
  return (
    <>
      <div class="page-head">
        <h1>Deposits</h1>
        <p class="muted">Bank transfers into the merchant's accounts, newest first.</p>
      </div>
      <MoneyTabs current="/deposits" />
      {count === 0 ? (
        <CurlHint
          lead={<strong>No deposits yet. Simulate an incoming transfer and it shows up here:</strong>}
          command={`curl -s ${props.origin}/sandbox/deposits \\\n  -H 'X-Ivy-Api-Key: ${props.merchant.api_key}' -H 'Content-Type: application/json' \\\n  -d '{"amount":100,"currency":"EUR"}'`}
        />
      ) : (
        <div class="card flush">
          <TableFrame label="Deposits">
            <table class="table">
              <thead>
                <tr>
                  <th>Received</th>
                  <th class="num">Amount</th>
                  <th>Payer</th>
                  <th>Rail</th>
                  <th>Bank statement reference</th>
                  <th>Id</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((deposit) => {
                  const href = `/deposits/${deposit.id}`
                  const payer = payerOf(deposit)
                  return (
                    <tr data-href={href}>
                      <td class="nowrap">
                        <a href={href} aria-label={`${sandboxTime(deposit.received_at)}: deposit of ${amount(deposit)} from ${payer.holder}`}>
                          {sandboxTime(deposit.received_at)}
                        </a>
                      </td>
                      <td class="num nowrap strong">{amount(deposit)}</td>
                      <td>
                        <div>{payer.holder}</div>
                        <div class="muted mono-small">{payer.account}</div>
                      </td>
                      <td>{deposit.rail ?? <span class="muted">—</span>}</td>
                      <td class="reference">{deposit.bank_statement_reference ?? <span class="muted">—</span>}</td>
                      <td>
                        <Mono title={deposit.id}>{shortId(deposit.id)}</Mono>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </TableFrame>
          <Pager skip={skip} shown={rows.length} count={count} size={PAGE_SIZE} href={(skip) => (skip > 0 ? `/deposits?skip=${skip}` : '/deposits')} />
        </div>
      )}
    </>
  )
}

export function DepositPage(props: { rt: Runtime; merchant: MerchantRow; id: string; origin: string }) {
  const deposit = getDeposit(props.rt.db, props.merchant.id, props.id)
  const returns = returnsOfDeposit(props.rt.db, deposit.id)
  const payer = payerOf(deposit)
  const payee = destinationSummary(JSON.parse(deposit.payee) as FinancialAddress)
  return (
    <>
      <p class="crumbs">
        <a href="/deposits">Deposits</a> / <Mono>{deposit.id}</Mono>
      </p>
      <div class="page-head">
        <h1>
          {amount(deposit)} <StatusBadge status="received" />
        </h1>
        <p class="muted">
          from {payer.holder} · received {sandboxTime(deposit.received_at)} UTC
        </p>
      </div>
      <Section title="Details">
        <Fields
          rows={[
            ['Id', <Copyable id="deposit-id" value={deposit.id} what="deposit id" />],
            ['Amount', amount(deposit)],
            ['Payer', `${payer.holder}, ${payer.account}`],
            ['Payee', `${payee.holder}, ${payee.account}`],
            ['Rail', deposit.rail],
            ['Bank statement reference', deposit.bank_statement_reference],
            ['Chain transaction', deposit.tx_hash ? <Mono>{deposit.tx_hash}</Mono> : null],
            ['Transaction id', <Mono>{deposit.transaction_id}</Mono>],
            ['Received', `${sandboxTime(deposit.received_at)} UTC`],
          ]}
        />
      </Section>
      <Section title="Returns">
        {returns.length === 0 ? (
          <CurlHint
            lead="Not returned. Send it back whole with:"
            command={`curl -s ${props.origin}/api/service/return/create \\\n  -H 'X-Ivy-Api-Key: ${props.merchant.api_key}' -H 'Content-Type: application/json' \\\n  -d '{"depositId":"${deposit.id}"}'`}
          />
        ) : (
          <ul class="plain-list">
            {returns.map((ret) => (
              <li>
                <a href={`/returns/${ret.id}`}>{amount(ret)}</a> <StatusBadge status={ret.status} /> <span class="muted small">{sandboxTime(ret.created_at)}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="The Deposit object" aside={<CopyButton target="deposit-json" label="Copy the Deposit object as JSON" />}>
        <p class="muted small">As deposit/retrieve answers it.</p>
        <pre class="code" id="deposit-json">
          {JSON.stringify(toDeposit(deposit, returns), null, 2)}
        </pre>
      </Section>
    </>
  )
}

export function ReturnPage(props: { rt: Runtime; merchant: MerchantRow; id: string }) {
  const ret = getReturn(props.rt.db, props.merchant.id, props.id)
  return (
    <>
      <p class="crumbs">
        <a href="/deposits">Deposits</a> / <a href={`/deposits/${ret.deposit_id}`}>{shortId(ret.deposit_id)}</a> / return <Mono>{ret.id}</Mono>
      </p>
      <div class="page-head">
        <h1>
          {amount(ret)} <StatusBadge status={ret.status} />
        </h1>
        <p class="muted">
          return of a deposit · created {sandboxTime(ret.created_at)} UTC
        </p>
      </div>
      <Section title="Details">
        <Fields
          rows={[
            ['Id', <Copyable id="return-id" value={ret.id} what="return id" />],
            ['Status', <StatusBadge status={ret.status} />],
            ['Amount', amount(ret)],
            ['Deposit', <a href={`/deposits/${ret.deposit_id}`}>{ret.deposit_id}</a>],
            ['Held while in flight', ret.reserved > 0 ? money(ret.reserved, ret.currency) : null],
            ['Transaction id', ret.transaction_id ? <Mono>{ret.transaction_id}</Mono> : null],
            ['Scenario rule', ret.rule],
            ['Created', `${sandboxTime(ret.created_at)} UTC`],
            ['Succeeded', ret.succeeded_at === null ? null : `${sandboxTime(ret.succeeded_at)} UTC`],
            ['Failed', ret.failed_at === null ? null : `${sandboxTime(ret.failed_at)} UTC`],
          ]}
        />
      </Section>
      <Section title="The Return object" aside={<CopyButton target="return-json" label="Copy the Return object as JSON" />}>
        <p class="muted small">As return/retrieve answers it ({words(ret.status)}).</p>
        <pre class="code" id="return-json">
          {JSON.stringify(toReturn(ret), null, 2)}
        </pre>
      </Section>
    </>
  )
}
