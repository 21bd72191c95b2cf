/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Refunds: the merchant's refunds newest first and one refund with the order it pays back and
// the Refund object as the API answers it.
import type { MerchantRow, RefundRow } from '../../db/schema.js'
import type { Runtime } from '../../runtime.js'
import { getRefund, listRefunds } from '../money-repo.js'
import { toRefund } from '../../refunds/service.js'
import { money, sandboxTime, shortId, words } from '../format.js'
import { CopyButton, Copyable, CurlHint, Fields, Mono, Pager, pageWithin, Section, StatusBadge, TableFrame } from '../ui.js'
import { MoneyTabs } from './money.js'

const PAGE_SIZE = 25

const amount = (refund: RefundRow) => money(refund.amount, refund.currency)

/** The refunds of a list, or of one order's page. */
export function RefundsTable(props: { refunds: RefundRow[]; label: string }) {
  return (
    <TableFrame label={props.label}>
      <table class="table">
        <thead>
          <tr>
            <th>Created</th>
            <th class="num">Amount</th>
            <th>Status</th>
            <th>Reference</th>
            <th>Order</th>
          </tr>
        </thead>
        <tbody>
          {props.refunds.map((refund) => {
            const href = `/refunds/${refund.id}`
            return (
              <tr data-href={href}>
                <td class="nowrap">
                  <a href={href} aria-label={`${sandboxTime(refund.created_at)}: refund of ${amount(refund)}, ${words(refund.status)}`}>
                    {sandboxTime(refund.created_at)}
                  </a>
                </td>
                <td class="num nowrap strong">{amount(refund)}</td>
                <td>
                  <StatusBadge status={refund.status} />
                </td>
                <td class="reference">{refund.reference_id}</td>
                <td>
                  <a href={`/orders/${refund.order_id}`}>
                    <Mono title={refund.order_id}>{shortId(refund.order_id)}</Mono>
                  </a>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </TableFrame>
  )
}

export function RefundsPage(props: { rt: Runtime; merchant: MerchantRow; skip: number; origin: string }) {
  const { rows, count, skip } = pageWithin(props.skip, PAGE_SIZE, (from) => listRefunds(props.rt.db, props.merchant.id, from, PAGE_SIZE))
  return (
    <>
      <div class="page-head">
        <h1>Refunds</h1>
        <p class="muted">Money sent back to the payer of a paid order, newest first.</p>
      </div>
      <MoneyTabs current="/refunds" />
      {count === 0 ? (
        <CurlHint
          lead={<strong>No refunds yet. Refund a paid order through the API and it shows up here:</strong>}
          command={`curl -s ${props.origin}/api/service/refund/create \\\n  -H 'X-Ivy-Api-Key: ${props.merchant.api_key}' -H 'Content-Type: application/json' \\\n  -d '{"orderId":"<a paid order id>","amount":10}'`}
        />
      ) : (
        <div class="card flush">
          <RefundsTable refunds={rows} label="Refunds" />
          <Pager skip={skip} shown={rows.length} count={count} size={PAGE_SIZE} href={(skip) => (skip > 0 ? `/refunds?skip=${skip}` : '/refunds')} />
        </div>
      )}
    </>
  )
}

export function RefundPage(props: { rt: Runtime; merchant: MerchantRow; id: string }) {
  const refund = getRefund(props.rt.db, props.merchant.id, props.id)
  return (
    <>
      <p class="crumbs">
        <a href="/refunds">Refunds</a> / <Mono>{refund.id}</Mono>
      </p>
      <div class="page-head">
        <h1>
          {amount(refund)} <StatusBadge status={refund.status} />
        </h1>
        <p class="muted">
          refund {refund.reference_id} · created {sandboxTime(refund.created_at)} UTC
        </p>
      </div>
      <Section title="Details">
        <Fields
          rows={[
            ['Id', <Copyable id="refund-id" value={refund.id} what="refund id" />],
            ['Status', <StatusBadge status={refund.status} />],
            ['Amount', amount(refund)],
            ['Order', <a href={`/orders/${refund.order_id}`}>{refund.order_id}</a>],
            ['Reference', refund.reference_id],
            ['Held while in flight', refund.reserved > 0 ? money(refund.reserved, refund.currency) : null],
            ['Transaction id', refund.transaction_id ? <Mono>{refund.transaction_id}</Mono> : null],
            ['Scenario rule', refund.rule],
            ['Created', `${sandboxTime(refund.created_at)} UTC`],
            ['Updated', `${sandboxTime(refund.updated_at)} UTC`],
          ]}
        />
      </Section>
      <Section title="The Refund object" aside={<CopyButton target="refund-json" label="Copy the Refund object as JSON" />}>
        <p class="muted small">As refund/retrieve answers it.</p>
        <pre class="code" id="refund-json">
          {JSON.stringify(toRefund(refund), null, 2)}
        </pre>
      </Section>
    </>
  )
}
