// A real webhook receiver on 127.0.0.1: keeps every request's exact bytes, checks
// X-Ivy-Signature with node:crypto, and answers by a plan (a status, a delay, a dropped
// connection, a huge body, a redirect) so tests can fail deliveries on purpose.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Answer =
  | { status: number; body?: string; delayMs?: number; location?: string }
  | { drop: true }
  | { huge: number }

export interface Received {
  headers: IncomingHttpHeaders
  raw: string
  body: { id: string; type: string; date: string; payload: any }
}

export interface Receiver {
  url: string
  received: Received[]
  /** Answers for the next requests, in order; afterwards `otherwise`. */
  plan(...answers: Answer[]): void
  otherwise(answer: Answer): void
  /** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>
  signatureValid(request: Received, secret: string): boolean
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const queue: Answer[] = []
  let fallback: Answer = { status: 200, body: 'ok' }
  const sockets = new Set<Socket>()
  const waiters: Array<() => void> = []

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: Received['body']
      try {
        body = JSON.parse(raw)
      } catch {
        body = { id: '', type: '', date: '', payload: raw }
      }
      received.push({ headers: req.headers, raw, body })
      waiters.splice(0).forEach((wake) => wake())
      const answer = queue.shift() ?? fallback
      if ('drop' in answer) return req.socket.destroy()
      if ('huge' in answer) {
        res.writeHead(500, { 'content-type': 'text/plain' })
        return res.end('x'.repeat(answer.huge))
      }
      const send = () => {
        if (res.destroyed) return
        res.writeHead(answer.status, answer.location ? { location: answer.location } : {})
        res.end(answer.body ?? '')
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref()
      else send()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    plan: (...answers) => queue.push(...answers),
    otherwise: (answer) => {
      fallback = answer
    },
    waitFor: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} webhook requests, got ${received.length}`)), timeoutMs)
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer)
            resolve(received.slice(0, count))
          } else waiters.push(check)
        }
        check()
      }),
    signatureValid: (request, secret) => {
      const expected = Buffer.from(createHmac('sha256', secret).update(request.raw).digest('hex'))
      const given = Buffer.from(String(request.headers['x-ivy-signature'] ?? ''))
      return expected.length === given.length && timingSafeEqual(expected, given)
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
