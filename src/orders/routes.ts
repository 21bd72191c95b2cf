// Ivy's order/create, order/details and order/expire, and the sandbox's payer and shortcut.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { runDueNow } from '../sim/clock.js'
import { createSandboxOrder } from './sandbox.js'
import { CreateOrderBody, Order, OrderIdBody, PayOrderBody, SandboxCreateOrderBody } from './schemas.js'
import { createOrder, expireOrder, orderDetails, payOrder, renderOrder } from './service.js'

export const createOrderRoute = ivyRoute({
  path: 'order/create',
  operationId: 'createOrder',
  tag: TAGS.orders,
  summary: 'Create an order waiting for the payer’s bank transfer',
  description: '`destination` tells the payer where to pay. Unpaid at `expiresAt` (default one hour later [sandbox]), the order ends `canceled`.',
  body: CreateOrderBody,
  response: Order,
  errors: [404, 409],
})

export const orderDetailsRoute = ivyRoute({
  path: 'order/details',
  operationId: 'orderDetails',
  tag: TAGS.orders,
  summary: 'Retrieve an order by Ivy id or referenceId',
  body: OrderIdBody,
  response: Order,
  errors: [404],
})

export const expireOrderRoute = ivyRoute({
  path: 'order/expire',
  operationId: 'expireOrder',
  tag: TAGS.orders,
  summary: 'End an order still waiting for payment (it ends canceled)',
  body: OrderIdBody,
  response: Order,
  errors: [404, 409],
})

export const sandboxCreateOrderRoute = sandboxRoute({
  method: 'post',
  path: 'orders',
  operationId: 'sandboxCreateOrder',
  tag: TAGS.sandboxPayouts,
  summary: 'Create an order in a given status (paid by default) whose payer a closed-loop payout can pay back',
  request: jsonBody(SandboxCreateOrderBody),
  response: Order,
  errors: [400, 409],
})

export const payOrderRoute = sandboxRoute({
  method: 'post',
  path: 'orders/{id}/pay',
  operationId: 'sandboxPayOrder',
  tag: TAGS.sandboxMoneyIn,
  summary: 'The payer pays an order waiting for payment (by Ivy id or referenceId)',
  request: { params: z.object({ id: z.string() }), ...jsonBody(PayOrderBody) },
  response: Order,
  errors: [400, 404, 409],
})

export function registerOrderRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createOrderRoute, (c) => {
    const body = c.req.valid('json')
    const ctx = c.get('context')
    return c.json(idempotent(rt, c, () => renderOrder(rt, ctx.merchant, createOrder(rt, ctx, body))), 200)
  })
  app.openapi(orderDetailsRoute, (c) => {
    const ctx = c.get('context')
    return c.json(renderOrder(rt, ctx.merchant, orderDetails(rt, ctx, c.req.valid('json').id), { details: true }), 200)
  })
  app.openapi(expireOrderRoute, (c) => {
    const { id } = c.req.valid('json')
    const ctx = c.get('context')
    return c.json(idempotent(rt, c, () => renderOrder(rt, ctx.merchant, expireOrder(rt, ctx, id))), 200)
  })
  app.openapi(sandboxCreateOrderRoute, (c) => {
    const ctx = c.get('context')
    // As order/details shows it: the shortcut's answer is what a later details call returns.
    return c.json(renderOrder(rt, ctx.merchant, createSandboxOrder(rt, ctx, c.req.valid('json')), { details: true }), 200)
  })
  app.openapi(payOrderRoute, async (c) => {
    const ctx = c.get('context')
    const order = payOrder(rt, ctx, c.req.valid('param').id, c.req.valid('json').payerFinancialAddress, { param: 'id' })
    // The answer comes after the webhooks the payment caused, as the payout tools do.
    await runDueNow(rt, ctx.merchant.id)
    return c.json(renderOrder(rt, ctx.merchant, order), 200)
  })
}
