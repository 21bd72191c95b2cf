// The Host check over real HTTP: the sandbox answers only to names that point at it, so a page
// that rebinds its own name to 127.0.0.1 reads nothing and posts nothing. Dashboard pages are
// never framed.
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { hostAllowed } from '../../src/http/host.js'
import { createRuntime, type Runtime } from '../../src/runtime.js'
import { listen, type RunningServer } from '../../src/server.js'

let rt: Runtime
let server: RunningServer
afterEach(async () => {
  await server.close()
  await rt.close()
})

async function serve(allowedHosts?: string[], host = '127.0.0.1') {
  rt = await createRuntime({ allowedHosts })
  server = await listen(rt, { port: 0, host })
}

/** A GET or form POST to the sandbox on 127.0.0.1 with the Host header given. */
function send(path: string, host: string, form?: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const body = form && new URLSearchParams(form).toString()
  const headers: Record<string, string> = { host, ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host}` }) }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: form ? 'POST' : 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('the Host check', () => {
  it('refuses another name with a 403 Ivy error saying how to allow it: no keys shown, no form taken', async () => {
    await serve()
    const page = await send('/merchant', `attacker.example:${server.port}`)
    expect(page.status).toBe(403)
    expect(page.text).not.toContain('ivy_sandbox_default_key')
    expect(JSON.parse(page.text)).toStrictEqual({
      message:
        'Host "attacker.example" is not one this sandbox answers to (localhost, IP addresses and the --host listened on). ' +
        'To allow it, start the sandbox with --allowed-host attacker.example (or IVY_SANDBOX_ALLOWED_HOSTS=attacker.example; "all" allows any host).',
      category: 'invalid_request_error',
      code: 'AUTHORIZATION',
      docUrl: 'https://docs.getivy.de/reference/errors',
      devMessage: expect.any(String),
      statusCode: 403,
    })
    const freeze = await send('/dashboard/clock/freeze', `attacker.example:${server.port}`, { back: '/' })
    expect(freeze.status).toBe(403)
    expect((await send('/sandbox/clock', `localhost:${server.port}`)).status).toBe(401)
    const clock = rt.db.sqlite.prepare("select clock_mode from merchants where api_key = 'ivy_sandbox_default_key'").get()
    expect(clock).toEqual({ clock_mode: 'realtime' })
    expect((await send('/openapi.json', 'attacker.example')).status).toBe(403)
  })

  it('answers localhost and its subdomains, IP literals and the host it listens on', async () => {
    await serve()
    for (const host of ['localhost', `localhost:${server.port}`, 'app.localhost', '127.0.0.1', `[::1]:${server.port}`, '192.168.1.20', '[fe80::1]']) {
      const res = await send('/merchant', host)
      expect(res.status, host).toBe(200)
      expect(res.text).toContain('ivy_sandbox_default_key')
    }
    expect((await send('/merchant', 'localhost.attacker.example')).status).toBe(403)
    // The name given to --host (no DNS needed to compare names).
    expect(hostAllowed({ ...rt, served: new Set([{ host: 'sandbox.internal', port: 4010 }]) }, 'sandbox.internal:4010')).toBe(true)
    expect(hostAllowed(rt, 'sandbox.internal:4010')).toBe(false)
  })

  it('answers configured names: exact, ".name" with its subdomains, or "all"', async () => {
    await serve(['sandbox.test', '.dev.example'])
    for (const host of ['sandbox.test', 'dev.example', 'api.dev.example:80']) expect((await send('/merchant', host)).status, host).toBe(200)
    for (const host of ['other.sandbox.test', 'evildev.example']) expect((await send('/merchant', host)).status, host).toBe(403)
    await server.close()
    await rt.close()
    await serve(['all'])
    expect((await send('/merchant', 'anything.example')).status).toBe(200)
  })

  it('takes a form posted on an allowed name from its own pages', async () => {
    await serve(['sandbox.test'])
    const res = await send('/dashboard/clock/freeze', 'sandbox.test', { back: '/' })
    expect(res.status).toBe(303)
  })
})

describe('framing', () => {
  it('dashboard pages and /docs are never framed, and load scripts and styles only from this origin', async () => {
    await serve()
    for (const path of ['/', '/webhooks', '/scenario', '/merchant', '/docs']) {
      const res = await send(path, 'localhost')
      expect(res.status, path).toBe(200)
      expect(res.headers['x-frame-options'], path).toBe('DENY')
      expect(res.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/)
      expect(res.headers['content-security-policy'], path).toMatch(/script-src 'self'(;|$)/)
      expect(res.headers['referrer-policy'], path).toBe('same-origin')
    }
  })
})
