// The request log: every API call a merchant makes (Ivy's API and the sandbox's own, but not
// reading the log itself or the dashboard), kept with its bodies and the API key masked, so an
// engineer can see what their integration really sent and got back.
import type { ApiRequestRow } from '../db/schema.js'
import { toIso } from '../lib/clock.js'
import type { ApiRequest } from './schemas.js'

/** [sandbox] Bodies are kept up to this many characters; a longer one is kept cut, as text. */
export const BODY_KEPT = 16 * 1024

export const REQUEST_LOG_PATH = '/sandbox/requests'

export function isLoggedPath(path: string): boolean {
  return path.startsWith('/api/service/') || (path.startsWith('/sandbox/') && path !== REQUEST_LOG_PATH)
}

/** `ivy_sandbox_default_key` → `ivy_sand…_key`: enough to tell keys apart, not to use one. */
export function maskApiKey(key: string): string {
  return key.length <= 12 ? '…' : `${key.slice(0, 8)}…${key.slice(-4)}`
}

/** A body as stored: the text, cut at BODY_KEPT. */
export function keptBody(text: string | undefined): string | null {
  if (text === undefined || text === '') return null
  return text.length > BODY_KEPT ? `${text.slice(0, BODY_KEPT)}…` : text
}

function parsedBody(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** "4xx" is the class 4; "409" the status itself. */
export const statusFilter = (status: string | undefined) => (status === undefined ? undefined : status.endsWith('xx') ? Number(status[0]) : Number(status))

export function toApiRequest(row: ApiRequestRow): ApiRequest {
  return {
    id: row.id,
    at: toIso(row.at),
    method: row.method,
    path: row.path,
    query: row.query,
    status: row.status,
    durationMs: Math.round(row.duration_ms * 10) / 10,
    idempotencyKey: row.idempotency_key,
    apiKey: row.api_key,
    requestBody: parsedBody(row.request_body),
    responseBody: parsedBody(row.response_body),
  }
}
