// Builds a sandbox for one test: an in-memory database (a copy of one migrated once per
// worker), the app driven through app.request(), and a fresh frozen merchant. `serve()` puts
// the same runtime on a real port for tests that need HTTP (webhooks, end to end).
import { createApp } from '../../src/app.js'
import { createMerchant } from '../../src/merchants/service.js'
import type { CreateMerchantBody } from '../../src/merchants/schemas.js'
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js'
import { listen, type RunningServer } from '../../src/server.js'

/** A Monday, so business-day steps are predictable unless a test picks another day. */
export const T0 = '2026-03-02T10:00:00.000Z'

export interface Reply<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface HarnessOptions extends Omit<RuntimeOptions, 'image'> {
  merchant?: CreateMerchantBody
}

export async function harness(options: HarnessOptions = {}) {
  const rt: Runtime = await createRuntime(options)
  const app = createApp(rt)
  let server: RunningServer | undefined

  const newMerchant = (body: CreateMerchantBody = {}) => {
    const row = createMerchant(rt, { clock: { mode: 'frozen', now: T0 }, ...body })
    return { id: row.id, key: row.api_key, secret: row.webhook_secret }
  }
  const merchant = newMerchant(options.merchant)

  const request = async <T = any>(method: string, path: string, body?: unknown, opts: { key?: string | null; headers?: Record<string, string>; raw?: string } = {}): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...opts.headers }
    const key = opts.key === undefined ? merchant.key : opts.key
    if (key !== null) headers['X-Ivy-Api-Key'] = key
    let payload: string | undefined = opts.raw
    if (body !== undefined) {
      payload = JSON.stringify(body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await app.request(path, { method, headers, body: payload })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  return {
    rt,
    app,
    merchant,
    key: merchant.key,
    newMerchant,
    request,
    post: <T = any>(path: string, body?: unknown, opts?: { key?: string | null; headers?: Record<string, string>; raw?: string }) => request<T>('POST', path, body, opts),
    get: <T = any>(path: string, opts?: { key?: string | null }) => request<T>('GET', path, undefined, opts),
    /** POST /sandbox/clock/advance for the harness merchant (or `key`). */
    advance: (by: string, key?: string) => request('POST', '/sandbox/clock/advance', { by }, { key }),
    /** The same runtime on a real port (127.0.0.1, free port). */
    serve: async () => {
      server ??= await listen(rt, { port: 0, host: '127.0.0.1' })
      return server.url
    },
    close: async () => {
      await server?.close()
      await rt.close()
    },
  }
}

export type Harness = Awaited<ReturnType<typeof harness>>

/** A real HTTP client of a harness's sandbox (its own port): `key` null sends none. */
export async function httpClient(sandbox: Harness) {
  const url = await sandbox.serve()
  return async (method: string, path: string, body?: unknown, key: string | null = sandbox.key) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    if (key !== null) headers['x-ivy-api-key'] = key
    const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as any }
  }
}

export type HttpCall = Awaited<ReturnType<typeof httpClient>>

/** Ivy's example accounts. */
export const IBAN = { DE: 'DE89370400440532013000', DE2: 'DE93500105176719451585', FR: 'FR1420041010050500013M02606', NL: 'NL91ABNA0417164300', GB: 'GB33BUKB20201555555555' }

export function openLoop(amount: number, iban = IBAN.DE, extra: Record<string, unknown> = {}) {
  return { amount, currency: 'EUR', destination: { financialAddress: { type: 'iban', iban: { iban, accountHolderName: 'Jane Doe' } } }, ...extra }
}
