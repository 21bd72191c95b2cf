// The one error type of the API, on its own so that the library's public types (createSandbox()
// throws it) need nothing of the HTTP stack. Rendered as Ivy's error body by src/http/errors.ts.

export type ErrorCategory = 'invalid_request_error' | 'api_error' | 'rate_limiting' | 'idempotency_error'
export type ErrorCode =
  | 'VALIDATION'
  | 'AUTHENTICATION'
  | 'UNAUTHENTICATED'
  | 'AUTHORIZATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LOCKED'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'GENERIC'

/** The statuses the sandbox answers errors with. */
export type ApiStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 422 | 423 | 429 | 431 | 500 | 502 | 503 | 504

/** Ivy's error body, as documented by the `Error` schema in /openapi.json. */
export interface IvyErrorBody {
  message: string
  category: ErrorCategory
  code: string
  param?: string
  docUrl: string
  devMessage: string
  statusCode: number
  data?: unknown
}

const DOC_URL = 'https://docs.getivy.de/reference/errors'

interface ApiErrorInit {
  status: ApiStatus
  code: ErrorCode
  category?: ErrorCategory
  message: string
  param?: string
  devMessage?: string
  data?: unknown
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly status: ApiStatus
  readonly code: ErrorCode
  readonly category: ErrorCategory
  readonly param?: string
  readonly devMessage?: string
  readonly data?: unknown

  constructor(init: ApiErrorInit) {
    super(init.message)
    this.status = init.status
    this.code = init.code
    this.category = init.category ?? 'invalid_request_error'
    this.param = init.param
    this.devMessage = init.devMessage
    this.data = init.data
  }

  static validation(message: string, param?: string): ApiError {
    return new ApiError({ status: 400, code: 'VALIDATION', message, param })
  }

  static notFound(what: string, param = 'id'): ApiError {
    return new ApiError({ status: 404, code: 'NOT_FOUND', message: `${what} not found`, param })
  }

  static conflict(message: string, param?: string): ApiError {
    return new ApiError({ status: 409, code: 'CONFLICT', message, param })
  }

  toBody(): IvyErrorBody {
    return {
      message: this.message,
      category: this.category,
      code: this.code,
      ...(this.param !== undefined && { param: this.param }),
      docUrl: DOC_URL,
      devMessage: this.devMessage ?? this.message,
      statusCode: this.status,
      ...(this.data !== undefined && { data: this.data }),
    }
  }
}

