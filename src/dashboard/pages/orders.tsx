/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Orders: the merchant's orders newest first and one order with the payouts paying it back.
// Both render the API's own Order (renderOrder), so they show what order/details answers as the
// Order object grows; only the payer summary and links are the dashboard's.
import type { MerchantContext } from '../../engine/context.js'
import type { MerchantRow } from '../../db/schema.js'
import { listOrders } from '../../orders/repo.js'
import { orderDetails, renderOrder } from '../../orders/service.js'
import type { Order } from '../../orders/schemas.js'
import { payoutsOfOrder } from '../../payouts/repo.js'
import { toMinor } from '../../lib/money.js'
import type { Runtime } from '../../runtime.js'
import { ClosedLoopPayoutForm, OrderForm } from '../forms.js'
import { refundsOfOrder } from '../money-repo.js'
import { RefundsTable } from './refunds.js'
import { destinationSummary, money, sandboxTime, shortId, words } from '../format.js'
import { Badge, Copyable, CopyButton, Empty, Fields, Mono, Pager, Section, StatusBadge, TableFrame } from '../ui.js'

const PAGE_SIZE = 25

const total = (order: Order) => money(toMinor(order.price.total, order.price.currency), order.price.currency)
const payer = (order: Order) => (order.payerFinancialAddress ? destinationSummary(order.payerFinancialAddress) : undefined)

export function OrdersPage(props: { rt: Runtime; merchant: MerchantRow; skip: number }) {
  const { rows, count } = listOrders(props.rt.db, props.merchant.id, props.skip, PAGE_SIZE)
  const orders = rows.map((row) => renderOrder(props.rt, props.merchant, row))
  return (
    <>
      <div class="page-head">
        <h1>Orders</h1>
        <p class="muted">Orders exist to be paid back: a closed-loop payout names one and goes to the account it was paid from.</p>
      </div>
      <details class="card raw" open={count === 0}>
        <summary>
          <strong>New order</strong> <span class="muted small">as POST /sandbox/orders makes it</span>
        </summary>
        <div class="below">
          <OrderForm />
        </div>
      </details>
      {count === 0 ? (
        <Empty>No orders yet.</Empty>
      ) : (
        <div class="card flush">
          <TableFrame label="Orders">
            <table class="table">
              <thead>
                <tr>
                  <th>Created</th>
                  <th class="num">Total</th>
                  <th>Status</th>
                  <th>Reference id</th>
                  <th>Payer</th>
                  <th>Id</th>
                </tr>
              </thead>
              <tbody>
                {orders.map((order) => {
                  const href = `/orders/${order.id}`
                  const who = payer(order)
                  return (
                    <tr data-href={href}>
                      <td class="nowrap">
                        <a href={href} aria-label={`${sandboxTime(order.createdAt)}: order ${order.referenceId}, ${total(order)}, ${words(order.status)}`}>
                          {sandboxTime(order.createdAt)}
                        </a>
                      </td>
                      <td class="num nowrap strong">{total(order)}</td>
                      <td>
                        <StatusBadge status={order.status} />
                      </td>
                      <td class="reference">{order.referenceId}</td>
                      <td>
                        {who ? (
                          <>
                            <div>{who.holder}</div>
                            <div class="muted mono-small">{who.account}</div>
                          </>
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                      <td>
                        <Mono title={order.id}>{shortId(order.id)}</Mono>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </TableFrame>
          <Pager skip={props.skip} shown={orders.length} count={count} size={PAGE_SIZE} href={(skip) => `/orders?skip=${skip}`} />
        </div>
      )}
    </>
  )
}

export function OrderPage(props: { rt: Runtime; merchant: MerchantRow; ctx: MerchantContext; id: string }) {
  const row = orderDetails(props.rt, props.ctx, props.id)
  const order = renderOrder(props.rt, props.merchant, row, { details: true })
  const payouts = payoutsOfOrder(props.rt.db, props.merchant.id, order.id)
  const refunds = refundsOfOrder(props.rt.db, order.id)
  const who = payer(order)
  return (
    <>
      <p class="crumbs">
        <a href="/orders">Orders</a> / <Mono>{order.id}</Mono>
      </p>
      <div class="page-head">
        <h1>
          {total(order)} <StatusBadge status={order.status} />
        </h1>
        <p class="muted">
          order {order.referenceId}
          {who ? ` · paid from ${who.holder}` : ''} · created {sandboxTime(order.createdAt)} UTC
        </p>
      </div>
      <div class="columns">
        <Section title="Details">
          <Fields
            rows={[
              ['Id', <Copyable id="order-id" value={order.id} what="order id" />],
              ['Reference id', <Copyable id="order-reference" value={order.referenceId} what="reference id" />],
              ['Status', <StatusBadge status={order.status} />],
              ['Total', total(order)],
              ['Payer', who ? `${who.holder}, ${who.account}` : null],
              ['Created', `${sandboxTime(order.createdAt)} UTC`],
              ['Updated', `${sandboxTime(order.updatedAt)} UTC`],
            ]}
          />
        </Section>
        <Section title="Pay it back" aside={<span class="muted small">closed loop</span>}>
          <ClosedLoopPayoutForm orderId={order.id} currency={order.price.currency} />
        </Section>
      </div>
      <Section title="Payouts paying it back">
        {payouts.length === 0 ? (
          <Empty>None yet.</Empty>
        ) : (
          <ul class="plain-list">
            {payouts.map((p) => (
              <li>
                <a href={`/payouts/${p.id}`}>{money(p.amount, p.currency)}</a> <StatusBadge status={p.status} />{' '}
                {p.failure_code ? <Badge kind="failed">{p.failure_code}</Badge> : null} <span class="muted small">{sandboxTime(p.created_at)}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Refunds">
        {refunds.length === 0 ? <Empty>None yet.</Empty> : <RefundsTable refunds={refunds} label="Refunds of this order" />}
      </Section>
      <Section title="The Order object" aside={<CopyButton target="order-json" label="Copy the Order object as JSON" />}>
        <p class="muted small">As order/details answers it.</p>
        <pre class="code" id="order-json">
          {JSON.stringify(order, null, 2)}
        </pre>
      </Section>
    </>
  )
}
