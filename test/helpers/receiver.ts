// A webhook receiver for tests: a real node:http server on 127.0.0.1 (free port) that keeps
// every request's exact bytes, checks X-Ivy-Signature with node:crypto over those bytes, and
// answers by a programmable plan, so tests can make deliveries fail in every way on purpose.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** How the receiver answers one request. */
export type Behaviour =
  | { status: number; body?: string }
  | { delayMs: number; status: number; body?: string }
  /** Drop the connection without answering. */
  | { destroy: true }
  /** Send the status line and part of the body, then drop the connection. */
  | { status: number; hangUpMidBody: true }
  /** Answer `status` (default 200) with a 5 MB body. */
  | { huge: true; status?: number }
  /** 302 to another URL. */
  | { redirect: string }

export interface Delivery {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** The body exactly as received. */
  raw: Buffer
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any
  signature: string | undefined
}

export const HUGE_BODY_BYTES = 5 * 1024 * 1024

/** Lowercase hex HMAC-SHA256 of the bytes: Ivy's X-Ivy-Signature, computed independently of src/. */
export function hmacHex(raw: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(raw).digest('hex')
}

export interface Receiver {
  url: string
  /** Every request so far, in arrival order. */
  deliveries: Delivery[]
  /** Queues behaviours for the next requests; when the queue is empty, `otherwise` answers. */
  plan(...behaviours: Behaviour[]): Receiver
  otherwise(behaviour: Behaviour): Receiver
  /** Whether the request's X-Ivy-Signature is the HMAC of its exact bytes with `secret`. */
  signedWith(delivery: Delivery, secret: string): boolean
  /** Resolves with the first `count` requests once they arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = []
  const queue: Behaviour[] = []
  let fallback: Behaviour = { status: 200, body: 'ok' }
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const waiters = new Set<() => void>()

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      let json: unknown
      try {
        json = JSON.parse(raw.toString('utf8'))
      } catch {
        json = undefined
      }
      const signature = req.headers['x-ivy-signature']
      deliveries.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, json, signature: Array.isArray(signature) ? signature[0] : signature })
      for (const wake of waiters) wake()
      answer(req.socket, res, queue.shift() ?? fallback)
    })
  })

  const answer = (socket: Socket, res: import('node:http').ServerResponse, behaviour: Behaviour) => {
    // The sender may hang up first (a time-out, a huge body it stops reading): not our failure.
    res.on('error', () => undefined)
    if ('destroy' in behaviour) return void socket.destroy()
    if ('hangUpMidBody' in behaviour) {
      res.writeHead(behaviour.status, { 'content-type': 'text/plain', 'content-length': 1_000 })
      return void res.write('only the start of it', () => socket.destroy())
    }
    if ('huge' in behaviour) {
      res.writeHead(behaviour.status ?? 200, { 'content-type': 'text/plain', 'content-length': HUGE_BODY_BYTES })
      return void res.end(Buffer.alloc(HUGE_BODY_BYTES, 'x'))
    }
    if ('redirect' in behaviour) {
      res.writeHead(302, { location: behaviour.redirect })
      return void res.end()
    }
    const respond = () => {
      timers.delete(timer!)
      if (!res.destroyed) res.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end(behaviour.body ?? '')
    }
    let timer: NodeJS.Timeout | undefined
    if ('delayMs' in behaviour) timers.add((timer = setTimeout(respond, behaviour.delayMs)))
    else respond()
  }

  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/webhooks`,
    deliveries,
    plan(...behaviours) {
      queue.push(...behaviours)
      return receiver
    },
    otherwise(behaviour) {
      fallback = behaviour
      return receiver
    },
    signedWith: (delivery, secret) => delivery.signature === hmacHex(delivery.raw, secret),
    waitFor: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const wake = () => {
          if (deliveries.length < count) return
          settle()
          resolve(deliveries.slice(0, count))
        }
        const timer = setTimeout(() => {
          settle()
          reject(new Error(`waited ${timeoutMs} ms for ${count} requests, got ${deliveries.length}`))
        }, timeoutMs)
        const settle = () => {
          clearTimeout(timer)
          waiters.delete(wake)
        }
        waiters.add(wake)
        wake()
      }),
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  return receiver
}

/** The receivers a test starts, closed together in its afterEach. */
export function receiverPool() {
  const started: Receiver[] = []
  return {
    async start(): Promise<Receiver> {
      const receiver = await startReceiver()
      started.push(receiver)
      return receiver
    },
    closeAll: () => Promise.all(started.splice(0).map((r) => r.close())),
  }
}
