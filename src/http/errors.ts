// The one error type, and the only two places that turn failures into Ivy's error body:
// `onError` (anything thrown) and `fromZodError` (zod-openapi request validation).
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { DomainError, type DomainErrorKind, Unauthenticated } from '../engine/errors.js'
import { ApiError, type ApiStatus, type ErrorCategory, type ErrorCode } from './api-error.js'

export { ApiError }
export type { ErrorCategory, ErrorCode } from './api-error.js'

// zod's own wording for a value outside a list ('Invalid option: expected one of "a"|"b"') is
// hard to read in an error body or a dashboard banner; every other message stays zod's.
z.config({
  customError: (issue) =>
    issue.code === 'invalid_value' ? `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : undefined,
})

export const ErrorBody = z
  .object({
    message: z.string(),
    category: z.enum(['invalid_request_error', 'api_error', 'rate_limiting', 'idempotency_error']),
    code: z.string().openapi({ example: 'VALIDATION' }),
    param: z.string().optional().openapi({ example: 'destination.financialAddress.iban.iban' }),
    docUrl: z.string(),
    devMessage: z.string(),
    statusCode: z.number().int(),
    data: z.unknown().optional(),
  })
  .openapi('Error')
export type ErrorBody = z.infer<typeof ErrorBody>

export function onError(err: Error, c: Context): Response {
  const error = toApiError(err)
  // A failure the sandbox did not mean is a bug worth its stack; an ApiError (an advance's 503
  // saying where it stopped, say) is an answer, not a fault.
  if (!(err instanceof ApiError) && !(err instanceof DomainError) && !(err instanceof HTTPException)) console.error(err)
  return c.json(error.toBody(), error.status)
}

/** How each domain error kind reads in Ivy's error body: the one place they are mapped. */
const DOMAIN_ERRORS: Record<DomainErrorKind, { status: ApiStatus; code: ErrorCode; category?: ErrorCategory }> = {
  invalid: { status: 400, code: 'VALIDATION' },
  not_found: { status: 404, code: 'NOT_FOUND' },
  conflict: { status: 409, code: 'CONFLICT' },
  forbidden: { status: 403, code: 'AUTHORIZATION' },
  unauthenticated: { status: 401, code: 'AUTHENTICATION' },
  too_large: { status: 413, code: 'VALIDATION' },
  unavailable: { status: 503, code: 'GENERIC', category: 'api_error' },
}

/** The refusal a failure is meant to be (an ApiError or a domain error, as the API reports it); undefined for a fault. */
export function refusalOf(err: unknown): ApiError | undefined {
  return err instanceof ApiError || err instanceof DomainError ? toApiError(err) : undefined
}

/** Any failure as the API reports it: ApiErrors as they are, domain errors mapped, the rest a 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (err instanceof DomainError) {
    const mapped = DOMAIN_ERRORS[err.kind]
    const code = err instanceof Unauthenticated && err.missing ? 'UNAUTHENTICATED' : mapped.code
    return new ApiError({ ...mapped, code, message: err.message, param: err.param, data: err.data })
  }
  if (err instanceof HTTPException) {
    // Hono raises these for bodies it cannot read; Ivy answers every such request with a 400.
    if (err.status === 415) return ApiError.validation('Content-Type must be application/json')
    if (err.status === 400) return ApiError.validation('Malformed JSON in request body')
    if (err.status === 404) return ApiError.notFound('Route')
    return new ApiError({ status: err.status as ApiStatus, code: 'GENERIC', message: err.message })
  }
  return new ApiError({
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
    category: 'api_error',
    message: 'Internal server error',
    devMessage: err instanceof Error ? err.message : String(err),
  })
}

/** The first issue becomes the error and its path the `param`; `input` is what was validated. */
export function fromZodError(error: ZodError, input: unknown): ApiError {
  const issue = error.issues[0]!
  // A key a record does not allow ("eur" in balances) is the offending field itself.
  const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path
  const param = path.map(String).join('.')
  if (!param) {
    return ApiError.validation(issue.code === 'invalid_type' ? `Request body must be a JSON object: ${issue.message}` : issue.message)
  }
  // Whatever the field's type, an absent field is reported as required, not as a wrong value.
  const missing = issue.code !== 'custom' && issue.code !== 'unrecognized_keys' && valueAt(input, path) === undefined
  return ApiError.validation(missing ? `${param} is required` : `${param}: ${issue.message}`, param)
}

/** Validates input outside a route (dashboard forms, the library) with a route's own schema. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input)
  if (!result.success) throw fromZodError(result.error, input)
  return result.data
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/** The error responses every route documents. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413>) {
  const describe = { 400: 'Invalid request', 401: 'Missing or unknown API key', 403: 'Not permitted', 404: 'Unknown id', 409: 'Conflict', 413: 'Request body too large' }
  return Object.fromEntries(
    statuses.map((s) => [s, { description: describe[s], content: { 'application/json': { schema: ErrorBody } } }]),
  ) as Record<(typeof statuses)[number], { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }>
}
