// Ivy's order/details, and the sandbox helper that creates paid orders to pay back.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { CreateOrderBody, Order, OrderDetailsBody } from './schemas.js'
import { createOrder, orderDetails, toOrder } from './service.js'

export const orderDetailsRoute = ivyRoute({
  path: 'order/details',
  operationId: 'orderDetails',
  tag: TAGS.orders,
  summary: 'Retrieve an order by Ivy id or referenceId',
  body: OrderDetailsBody,
  response: Order,
  errors: [404],
})

export const createOrderRoute = sandboxRoute({
  method: 'post',
  path: 'orders',
  operationId: 'sandboxCreateOrder',
  tag: TAGS.sandboxPayouts,
  summary: 'Create an order (paid by default) whose payer a closed-loop payout can pay back',
  request: jsonBody(CreateOrderBody),
  response: Order,
  errors: [400, 409],
})

export function registerOrderRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(orderDetailsRoute, (c) => c.json(toOrder(orderDetails(rt, c.get('context'), c.req.valid('json').id)), 200))
  app.openapi(createOrderRoute, (c) => c.json(toOrder(createOrder(rt, c.get('context'), c.req.valid('json'))), 200))
}
