// Reading request bodies. Served over Node, the body is read straight from the socket into a
// buffer (with the 1 MiB limit) and handed to Hono's caches, parsed once: going through a web
// ReadableStream and a Request per call cost more than the rest of a payout/create. Through
// app.request() (tests) Hono's own body limit reads it.
import type { IncomingMessage } from 'node:http'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { ApiError } from './errors.js'

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

export function readBody() {
  const limited = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw tooLarge() } })
  return createMiddleware(async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage & { rawBody?: Buffer } } | undefined)?.incoming
    if (!incoming || c.req.method === 'GET' || c.req.method === 'HEAD') return limited(c, next)
    const raw = await readAll(incoming)
    // @hono/node-server builds the web Request from `rawBody` if anything asks for it later.
    incoming.rawBody = raw
    const text = raw.toString('utf8')
    // Hono keeps the promise of each body form it has read, by the name of its method.
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>
    cache.text = Promise.resolve(text)
    if (text.length > 0 && JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw ApiError.validation('Malformed JSON in request body')
      }
      cache.json = Promise.resolve(parsed)
    }
    await next()
  })
}
