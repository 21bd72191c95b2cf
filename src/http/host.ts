// The Host check: the sandbox answers only to names that point at it. Without it, a web page the
// developer visits could rebind its own name to 127.0.0.1 (DNS rebinding) and read the merchant
// page (keys, secrets) or post the dashboard's forms as a same-origin page. As Vite's
// `server.allowedHosts` and webpack-dev-server's `allowedHosts`: localhost and its subdomains,
// any IP literal [sandbox, as webpack-dev-server's 'auto'], the host listened on and configured
// names; "all" turns the check off.
import { isIP } from 'node:net'
import { createMiddleware } from 'hono/factory'
import type { Runtime } from '../runtime.js'
import type { AppEnv } from './env.js'
import { ApiError } from './errors.js'

/** The host name of a Host header or URL host ("Example.COM:4010", "[::1]:80"), lowercase, without port, brackets or final dot. */
function hostnameOf(host: string): string | undefined {
  if (!URL.canParse(`http://${host}`)) return undefined
  return new URL(`http://${host}`).hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
}

/** Whether `allowed` (a name, or ".name" for the name and its subdomains) admits `name`. */
function admits(allowed: string, name: string): boolean {
  const entry = allowed.toLowerCase().replace(/\.$/, '')
  return entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry
}

export function hostAllowed(rt: Runtime, host: string): boolean {
  if (rt.allowedHosts.includes('all')) return true
  const name = hostnameOf(host)
  if (name === undefined) return false
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true
  return [...rt.served].some((s) => hostnameOf(s.host) === name) || rt.allowedHosts.some((allowed) => admits(allowed, name))
}

export function checkHost(rt: Runtime) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // The Host header, and the URL's host too: a request in absolute form takes its URL from the request line.
    for (const host of [c.req.header('host'), new URL(c.req.url).host]) {
      if (host === undefined || hostAllowed(rt, host)) continue
      const name = hostnameOf(host) ?? host
      throw new ApiError({
        status: 403,
        code: 'AUTHORIZATION',
        message:
          `Host "${name}" is not one this sandbox answers to (localhost, IP addresses and the --host listened on). ` +
          `To allow it, start the sandbox with --allowed-host ${name} (or IVY_SANDBOX_ALLOWED_HOSTS=${name}; "all" allows any host).`,
      })
    }
    await next()
  })
}
