// Reading request bodies. Served over Node, the body is read straight from the socket into a
// buffer (with the 1 MiB limit) and handed to Hono's text cache: going through a web
// ReadableStream and a Request per call cost more than the rest of a payout/create. Through
// app.request() (tests) Hono's own body limit reads it.
import type { IncomingMessage } from 'node:http'
import { bodyLimit } from 'hono/body-limit'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { ZodError } from 'zod'
import { prototypeKeyPath } from '../lib/json.js'
import type { AppEnv } from './env.js'
import { ApiError, fromZodError } from './errors.js'

export const MAX_BODY_BYTES = 1024 * 1024

const tooLarge = () => ApiError.validation('request body is larger than 1 MiB')
const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;|$)/i

function readAll(incoming: IncomingMessage): Promise<Buffer> {
  if (Number(incoming.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        incoming.off('data', onData)
        incoming.resume()
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    }
    incoming.on('data', onData)
    incoming.once('end', () => resolve(Buffer.concat(chunks, size)))
    incoming.once('error', reject)
  })
}

/** Deeper than any Ivy body needs; deeper still would overflow the stack when hashed or stored. */
const MAX_JSON_DEPTH = 32

/**
 * Refuses what JSON.parse accepts but nothing downstream should hold: nesting past
 * MAX_JSON_DEPTH, and strings with a lone UTF-16 surrogate ("\ud800"), which SQLite's UTF-8
 * would silently turn into other characters. Iterative, so a hostile body cannot overflow it.
 */
function refuseUnstorable(body: unknown): void {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value: body, path: [] }]
  while (pending.length > 0) {
    const { value, path } = pending.pop()!
    if (typeof value === 'string' && !value.isWellFormed()) throw ApiError.validation(`${path.join('.')}: contains a lone UTF-16 surrogate`, path.join('.'))
    if (value === null || typeof value !== 'object') continue
    if (path.length >= MAX_JSON_DEPTH) throw ApiError.validation(`request body nests deeper than ${MAX_JSON_DEPTH} levels`, path.join('.'))
    for (const [key, child] of Object.entries(value)) {
      if (!key.isWellFormed()) throw ApiError.validation('a key contains a lone UTF-16 surrogate', path.join('.') || undefined)
      pending.push({ value: child, path: [...path, key] })
    }
  }
}

/**
 * Hono's readers (c.req.json() included) parse the text it keeps in its cache. Clients often
 * send the JSON content type with no body at all: that is an empty request, `{}`. Malformed
 * JSON is refused here, for every route, including those that read the text themselves.
 */
function cacheText(c: Context<AppEnv>, text: string): void {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    ;(c.req.bodyCache as Record<string, Promise<unknown>>).text = Promise.resolve(text)
    return
  }
  const json = text.length === 0 ? '{}' : text
  let sent: unknown
  try {
    sent = JSON.parse(json)
  } catch {
    throw ApiError.validation('Malformed JSON in request body')
  }
  // Such a key would be lost when validation copies the body: refused, wherever it is.
  const prototypeKey = prototypeKeyPath(sent, MAX_JSON_DEPTH)
  if (prototypeKey) throw ApiError.validation(`${prototypeKey.join('.')}: "${prototypeKey.at(-1)}" is not accepted as a key`, prototypeKey.join('.'))
  c.set('sentJson', sent)
  ;(c.req.bodyCache as Record<string, Promise<unknown>>).text = Promise.resolve(json)
}

export function readBody() {
  const limited = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw tooLarge() } })
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const incoming = (c.env as { incoming?: IncomingMessage & { rawBody?: Buffer } } | undefined)?.incoming
    if (!incoming) {
      return limited(c, async () => {
        cacheText(c, await c.req.text())
        await next()
      })
    }
    const raw = await readAll(incoming)
    // @hono/node-server builds the web Request from `rawBody` if anything asks for it later.
    incoming.rawBody = raw
    cacheText(c, raw.toString('utf8'))
    await next()
  })
}

/**
 * zod-openapi's validation hook: the first issue becomes the error; valid input must also be
 * storable. On failure the validator passes the input it validated as `data` (untyped there).
 */
export function validationHook(result: { success: true; data: unknown } | { success: false; error: ZodError; data?: unknown }): void {
  if (!result.success) throw fromZodError(result.error, result.data)
  refuseUnstorable(result.data)
}
