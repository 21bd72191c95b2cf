// Serving the app over HTTP: used by the CLI and by createSandbox().
//
// Closing is graceful: the server stops accepting connections, work that could run on (an
// advance, webhook attempts) is told to stop where it is, every request already received is
// answered (an advance with its 503 saying where the clock stopped), idle keep-alive
// connections are closed, and only past a deadline are the rest cut. A client whose request was
// committed always gets its answer.
import { serve, type ServerType } from '@hono/node-server'
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createApp, type AppOptions } from './app.js'
import { ApiError } from './http/errors.js'
import type { Runtime } from './runtime.js'

export interface RunningServer {
  url: string
  port: number
  /** Stops accepting, answers what was received (for at most `deadlineMs`), then closes. */
  close(deadlineMs?: number): Promise<void>
}

export interface ListenOptions extends AppOptions {
  port: number
  host: string
}

/** How long a closing server waits for the answers still owed before it cuts the connections. */
const CLOSE_DEADLINE_MS = 10_000

/**
 * A request Node's HTTP parser refuses before the app sees it (headers and URL over its limit, a
 * malformed request line, one that took too long to arrive) gets Ivy's error body too, instead
 * of Node's bare status line; then the connection closes, as Node would close it.
 */
function refuseUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
  const error =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError({ status: 431, code: 'VALIDATION', message: `request headers and URL are larger than ${maxHeaderSize / 1024} KiB` })
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ApiError({ status: 408, code: 'VALIDATION', message: 'the request did not arrive in time' })
        : ApiError.validation(`malformed HTTP request (${err.code ?? err.message})`)
  const body = JSON.stringify(error.toBody())
  socket.end(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
}

export function listen(rt: Runtime, options: ListenOptions): Promise<RunningServer> {
  const app = createApp(rt, options)
  return new Promise((resolve, reject) => {
    let server: ServerType
    let inFlight = 0
    let draining = false
    let drained: (() => void) | undefined
    const onError = (err: Error) => reject(err)
    server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      server.off('error', onError)
      rt.scheduler.start()
      const served = { host: options.host, port: info.port }
      rt.served.add(served)
      const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: async (deadlineMs = CLOSE_DEADLINE_MS) => {
          draining = true
          rt.served.delete(served)
          rt.stopWork()
          const closed = new Promise<void>((done) => server.close(() => done()))
          const http = server as Server
          http.closeIdleConnections()
          if (inFlight > 0) {
            let timer: NodeJS.Timeout | undefined
            await Promise.race([
              new Promise<void>((done) => (drained = done)),
              new Promise<void>((done) => (timer = setTimeout(done, deadlineMs))),
            ])
            clearTimeout(timer)
          }
          http.closeAllConnections()
          await closed
        },
      })
    })
    server.on('request', (_req, res) => {
      inFlight++
      // While closing, a keep-alive client is told to reconnect, so it meets the closed port.
      if (draining) res.setHeader('connection', 'close')
      res.once('close', () => {
        inFlight--
        if (!draining) return
        ;(server as Server).closeIdleConnections()
        if (inFlight === 0) drained?.()
      })
    })
    server.on('clientError', refuseUnparsable)
    server.on('error', onError)
  })
}
