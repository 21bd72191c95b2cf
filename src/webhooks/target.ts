// Where a webhook may not go: the sandbox itself, except its inbox. A subscription to one of its
// own URLs would let anyone who can make a merchant drive the sandbox with its own
// deliveries: freeze the default merchant's clock, make merchants, redeliver in a loop. The
// host is resolved and its addresses compared, not its spelling (127.1, 2130706433, 0.0.0.0,
// localhost, [::ffff:7f00:1] are all this machine). Checked when a subscription is made or
// changed, and again before every attempt and ping, since a name can resolve elsewhere later.
// Other services on this machine stay reachable: a developer's webhook handler runs there.
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import { Invalid } from '../engine/errors.js'
import type { Runtime, ServedAddress } from '../runtime.js'
import { INBOX_NAME } from './schemas.js'

const INBOX_PREFIX = '/sandbox/inbox/'
const isInboxPath = (path: string) => path.startsWith(INBOX_PREFIX) && INBOX_NAME.test(path.slice(INBOX_PREFIX.length))

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4')
const unbracketed = (host: string) => host.replace(/^\[(.*)\]$/, '$1')
const isUnspecified = (host: string) => host === '' || host === '0.0.0.0' || host === '::'

/**
 * The host's addresses: none for a name that does not resolve (it reaches nothing; the attempt
 * itself reports it), undefined for a lookup slower than `timeoutMs`, so a slow name server
 * cannot hold an attempt longer than the receiver could.
 */
async function addressesOf(host: string, timeoutMs: number): Promise<string[] | undefined> {
  if (isIP(host)) return [host]
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs)
  })
  const resolved = lookup(host, { all: true, verbatim: true }).then(
    (all) => all.map((a) => a.address),
    () => [],
  )
  try {
    return await Promise.race([resolved, late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Addresses that reach a server listening on `served`: this machine's loopback and unspecified
 * addresses always (a connection to them arrives on any local listener), and its interface
 * addresses when the sandbox listens on all interfaces or on that one.
 */
async function reaching(served: ServedAddress[], timeoutMs: number): Promise<BlockList> {
  const list = new BlockList()
  list.addSubnet('127.0.0.0', 8, 'ipv4')
  list.addSubnet('0.0.0.0', 8, 'ipv4')
  list.addAddress('::1', 'ipv6')
  list.addAddress('::', 'ipv6')
  const interfaces = Object.values(networkInterfaces()).flatMap((nics) => nics ?? [])
  for (const { host } of served) {
    const listened = unbracketed(host)
    const addresses = isUnspecified(listened) ? interfaces.map((nic) => nic.address) : ((await addressesOf(listened, timeoutMs)) ?? [])
    // A scoped link-local address ("fe80::1%eth0") is compared without its zone.
    for (const address of addresses) list.addAddress(address.replace(/%.*$/, ''), familyOf(address))
  }
  return list
}

/** Why a webhook may not be sent to `url`, or null when it may. */
export async function sandboxTargetRefusal(rt: Runtime, url: string): Promise<string | null> {
  const target = new URL(url)
  if (isInboxPath(target.pathname)) return null
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80))
  const served = [...rt.served].filter((s) => s.port === port)
  if (served.length === 0) return null
  const own = await reaching(served, rt.webhookTimeoutMs)
  const addresses = await addressesOf(unbracketed(target.hostname), rt.webhookTimeoutMs)
  if (addresses === undefined) return `${target.hostname} did not resolve within ${rt.webhookTimeoutMs} ms, so it could not be checked not to be this sandbox`
  const hit = addresses.find((address) => own.check(address.replace(/%.*$/, ''), familyOf(address)))
  if (hit === undefined) return null
  return `${target.host} is this sandbox itself (${hit} port ${port}): webhooks may reach the sandbox only at its inbox, /sandbox/inbox/<name>`
}

/** Refuses a subscription URL that reaches the sandbox itself (a 400 on `url`). */
export async function refuseSandboxTarget(rt: Runtime, url: string): Promise<void> {
  const refusal = await sandboxTargetRefusal(rt, url)
  if (refusal) throw new Invalid(`url: ${refusal}`, 'url')
}
