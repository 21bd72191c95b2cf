// Ivy's order/details, and the sandbox helper that creates paid orders to pay back.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { API_KEY_SCHEME, ivyRoute, jsonBody, sandboxResponses, TAGS } from '../http/routes.js'
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

export const createOrderRoute = createRoute({
  method: 'post',
  path: '/sandbox/orders',
  operationId: 'sandboxCreateOrder',
  tags: [TAGS.sandboxPayouts],
  summary: 'Create an order (paid by default) whose payer a closed-loop payout can pay back',
  security: [{ [API_KEY_SCHEME]: [] }],
  request: jsonBody(CreateOrderBody),
  responses: sandboxResponses('The Ivy Order object', Order, 400, 401),
})

export function registerOrderRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(orderDetailsRoute, (c) => c.json(toOrder(orderDetails(rt, c.get('merchant').id, c.req.valid('json').id)), 200))
  app.openapi(createOrderRoute, (c) => c.json(toOrder(createOrder(rt, c.get('merchant').id, c.req.valid('json'))), 200))
}
