// The sandbox's shortcut to an order in a given status (paid by default), made through the same
// steps an integration takes: created, paid by its payer, then refunded (whole, or half of it
// when partially) by a refund settled at once, or canceled.
import type { OrderRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { toMinor } from '../lib/money.js'
import { startRefund, transitionRefund } from '../refunds/service.js'
import type { Runtime } from '../runtime.js'
import { cancelSteps } from '../sim/jobs.js'
import { findOrderById } from './repo.js'
import type { SandboxCreateOrderBody } from './schemas.js'
import { DEFAULT_ORDER_LIFETIME_MS, openOrder, transitionOrder } from './service.js'

export function createSandboxOrder(rt: Runtime, ctx: MerchantContext, body: SandboxCreateOrderBody): OrderRow {
  const { now } = ctx
  return rt.db.tx(() => {
    const opened = openOrder(rt, ctx, {
      amount: toMinor(body.amount, body.currency),
      currency: body.currency,
      // order/details looks orders up by referenceId too, so one may name only one order; the
      // default takes a fresh id's random tail (its head is the time, shared by neighbours).
      referenceId: body.referenceId ?? `order-${rt.ids.uuid().slice(-12)}`,
      expiresAt: now + DEFAULT_ORDER_LIFETIME_MS,
      subaccountId: null,
      customer: null,
    })
    const status = body.status ?? 'paid'
    if (status === 'waiting_for_payment') return opened
    if (status === 'canceled') return transitionOrder(rt, ctx, opened, { to: 'canceled', at: now, reason: 'ORDER_CANCELED' })
    const paid = transitionOrder(rt, ctx, opened, { to: 'paid', at: now, reason: 'PAYMENT_SUCCEEDED', payer: body.payerFinancialAddress }, { param: 'amount' })
    if (status === 'paid') return paid
    // The payment just credited the whole total, so the refund is always covered.
    const refund = startRefund(rt, ctx, paid, status === 'refunded' ? paid.total : Math.ceil(paid.total / 2), undefined)
    cancelSteps(rt.db, refund.id)
    transitionRefund(rt, ctx, refund, { to: 'succeeded', at: now })
    return findOrderById(rt.db, paid.id)!
  })
}
