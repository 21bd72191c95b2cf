// Serving the app over HTTP: used by the CLI and by createSandbox().
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import type { Runtime } from './runtime.js'

export interface RunningServer {
  url: string
  port: number
  close(): Promise<void>
}

export function listen(rt: Runtime, options: { port: number; host: string }): Promise<RunningServer> {
  const app = createApp(rt)
  return new Promise((resolve, reject) => {
    let server: ServerType
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
        close: () =>
          new Promise<void>((done) => {
            rt.served.delete(served)
            server.close(() => done())
            ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
          }),
      })
    })
    server.on('error', onError)
  })
}
