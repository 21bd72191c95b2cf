// Shapes of the request log: GET /sandbox/requests and its filters.
import { z } from '@hono/zod-openapi'
import { listOf, PageQuery } from '../engine/page.js'

export const ApiRequest = z
  .object({
    id: z.number().int(),
    at: z.string().openapi({ description: 'Sandbox time of the answer.' }),
    method: z.string(),
    path: z.string(),
    query: z.string().openapi({ description: 'The query string with its "?", or "".' }),
    status: z.number().int(),
    durationMs: z.number(),
    idempotencyKey: z.string().nullable(),
    apiKey: z.string().openapi({ description: 'The X-Ivy-Api-Key sent, masked.' }),
    requestBody: z.unknown().openapi({ description: 'The JSON body as sent (text when cut at 16 KiB); null when none.' }),
    responseBody: z.unknown().openapi({ description: 'The JSON answer (text when cut at 16 KiB); null when not JSON.' }),
  })
  .openapi('SandboxApiRequest')
export type ApiRequest = z.infer<typeof ApiRequest>

export const RequestQuery = PageQuery.extend({
  path: z.string().max(200).optional().openapi({ description: 'Text the path contains, e.g. payout/create.' }),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
  status: z
    .string()
    .regex(/^[1-5](\d\d|xx)$/, 'must be a status like 409 or a class like 4xx')
    .optional()
    .openapi({ example: '4xx' }),
}).openapi('SandboxRequestQuery')

export const ApiRequestList = listOf(ApiRequest, 'SandboxApiRequestList')
