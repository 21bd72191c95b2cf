// A real HTTP client for the fault tests: fetch against the harness served on 127.0.0.1.
import type { Harness, Reply } from '../helpers/harness.js'

export async function httpClient(h: Harness, apiKey = h.key) {
  const url = await h.serve()
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await fetch(url + path, {
      method,
      headers: { 'X-Ivy-Api-Key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : text) as T, headers: res.headers }
  }
  return {
    call,
    post: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    get: <T = any>(path: string) => call<T>('GET', path),
    del: <T = any>(path: string) => call<T>('DELETE', path),
    arm: (fault: Record<string, unknown>) => call('POST', '/sandbox/faults', fault),
  }
}
