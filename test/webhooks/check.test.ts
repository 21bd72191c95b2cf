// The webhook handler check against real handlers on 127.0.0.1: one that does everything right,
// and several that each get one thing wrong, over POST /sandbox/webhooks/check, the CLI and
// createSandbox().checkWebhook().
import { spawn } from 'node:child_process'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { DEFAULT_MERCHANT } from '../../src/merchants/service.js'
import { harness, type Harness } from '../helpers/harness.js'

/** What a handler gets wrong; a handler with none does everything right. */
interface Flaws {
  /** Answers this instead of 200 to every correctly signed event. */
  successStatus?: number
  acceptsAnySignature?: boolean
  /** Verifies the HMAC over JSON.stringify(JSON.parse(body)) instead of the raw bytes. */
  verifiesReserialized?: boolean
  /** Answers this to an event type it does not handle. */
  unknownTypeStatus?: number
  /** Answers this to an event id it has already handled. */
  duplicateStatus?: number
  /** Holds the answer to this event type longer than any time-out of these tests. */
  stallsOn?: string
}

interface Handler {
  url: string
  /** Bodies exactly as received. */
  received: Buffer[]
  close(): Promise<void>
}

const handlers: Server[] = []
let h: Harness | undefined
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))))
  await h?.close()
  h = undefined
})

/** A merchant's webhook handler, written as the README advises (except for its `flaws`). */
async function startHandler(secret: string, flaws: Flaws = {}): Promise<Handler> {
  const seen = new Set<string>()
  const received: Buffer[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      received.push(raw)
      const answer = (status: number) => void res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `refused ${status}`)
      const signed = flaws.verifiesReserialized ? JSON.stringify(JSON.parse(raw.toString('utf8'))) : raw
      const expected = Buffer.from(createHmac('sha256', secret).update(signed).digest('hex'))
      const given = Buffer.from(String(req.headers['x-ivy-signature'] ?? ''))
      if (!flaws.acceptsAnySignature && (given.length !== expected.length || !timingSafeEqual(given, expected))) return answer(401)
      const event = JSON.parse(raw.toString('utf8')) as { id: string; type: string }
      if (event.type === flaws.stallsOn) return
      if (seen.has(event.id)) return answer(flaws.duplicateStatus ?? 200)
      seen.add(event.id)
      if (!event.type.startsWith('payout.')) return answer(flaws.unknownTypeStatus ?? 200)
      answer(flaws.successStatus ?? 200)
    })
  })
  handlers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ivy`, received, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

interface Report {
  passed: boolean
  cases: Array<{ name: string; passed: boolean; expected: string; observed: string; advice: string | null; latencyMs: number }>
}

const EVENT_CASES = ['payout.initiated', 'payout.paid', 'payout.failed']
const FORGED_CASES = ['flipped signature digit', 'missing X-Ivy-Signature', 'signed with another secret']
const failedOf = (report: Report) => report.cases.filter((c) => !c.passed).map((c) => c.name)
const caseOf = (report: Report, name: string) => report.cases.find((c) => c.name === name)!

async function check(flaws: Flaws, options: { webhookTimeoutMs?: number } = {}): Promise<Report> {
  h = await harness(options)
  const handler = await startHandler(h.merchant.secret, flaws)
  const res = await h.post<Report>('/sandbox/webhooks/check', { url: handler.url })
  expect(res.status).toBe(200)
  return res.body
}

describe('POST /sandbox/webhooks/check', () => {
  it('a handler that does everything right passes every case, each reported with its latency', async () => {
    const report = await check({})
    expect(report.passed).toBe(true)
    expect(failedOf(report)).toEqual([])
    expect(report.cases.map((c) => c.name)).toEqual([
      'payout.initiated',
      'payout.paid',
      'unusual JSON spacing and escaped unicode',
      'payout.failed',
      'same event id again',
      'payout.paid before its payout.initiated',
      'payout.initiated after its payout.paid',
      'unknown event type (refund.succeeded)',
      ...FORGED_CASES,
      'every answer within 10 s',
    ])
    for (const c of report.cases) {
      expect(c.advice).toBeNull()
      expect(c.latencyMs).toBeGreaterThanOrEqual(0)
    }
    expect(caseOf(report, 'payout.paid')).toMatchObject({ expected: 'HTTP 200', observed: 'HTTP 200: ok' })
    expect(caseOf(report, 'missing X-Ivy-Signature').observed).toBe('HTTP 401: refused 401')
  })

  it('sends realistic, signed events: real Payout objects, the same bytes again for the duplicate, odd spacing and \\u escapes', async () => {
    h = await harness()
    const handler = await startHandler(h.merchant.secret)
    await h.post('/sandbox/webhooks/check', { url: handler.url })
    const bodies = handler.received.map((raw) => raw.toString('utf8'))
    const events = bodies.map((body) => JSON.parse(body))
    expect(events.map((e) => e.type)).toEqual([
      'payout.initiated',
      'payout.paid',
      'payout.initiated',
      'payout.failed',
      'payout.paid',
      'payout.paid',
      'payout.initiated',
      'refund.succeeded',
      'payout.paid',
      'payout.paid',
      'payout.paid',
    ])
    expect(events[0].payload).toMatchObject({ status: 'pending', amount: 125.5, currency: 'EUR', destination: { type: 'iban' }, paymentReference: expect.any(String) })
    expect(events[1].payload).toMatchObject({ id: events[0].payload.id, status: 'paid', transactionId: expect.any(String) })
    expect(Date.parse(events[1].payload.updatedAt)).toBeGreaterThan(Date.parse(events[0].payload.updatedAt))
    expect(events[1].date).toBe(events[1].payload.updatedAt)
    expect(events[3].payload).toMatchObject({ status: 'failed', failure: { code: 'account_closed', retry: false } })
    expect(bodies[4]).toBe(bodies[1])
    expect(bodies[2]).toContain('\\u00eb')
    expect(bodies[2]).toContain('\\/')
    expect(bodies[2]).toMatch(/"id" :/)
    expect(events[2].payload.destination.iban.accountHolderName).toBe('Zoë Lefèvre')
  })

  it('a handler answering 204 fails every event case with the only-200-counts advice; the forged ones still pass', async () => {
    const report = await check({ successStatus: 204 })
    expect(report.passed).toBe(false)
    // The duplicate and the unknown type are answered 200 by this handler before it reaches its 204.
    expect(failedOf(report)).toEqual([...EVENT_CASES.slice(0, 2), 'unusual JSON spacing and escaped unicode', 'payout.failed', 'payout.paid before its payout.initiated', 'payout.initiated after its payout.paid'])
    for (const name of EVENT_CASES) {
      expect(caseOf(report, name)).toMatchObject({ passed: false, expected: 'HTTP 200', observed: 'HTTP 204' })
      expect(caseOf(report, name).advice).toMatch(/only 200 counts as delivered: a 204/)
    }
    for (const name of FORGED_CASES) expect(caseOf(report, name).passed).toBe(true)
  })

  it('a handler accepting any signature fails exactly the three forged cases, each with the verify advice', async () => {
    const report = await check({ acceptsAnySignature: true })
    expect(failedOf(report)).toEqual(FORGED_CASES)
    for (const name of FORGED_CASES) {
      expect(caseOf(report, name)).toMatchObject({ observed: 'HTTP 200: ok' })
      expect(caseOf(report, name).advice).toMatch(/raw request bytes .* constant-time compare/)
    }
  })

  it('a handler verifying a re-serialized body fails exactly the spacing and unicode case', async () => {
    const report = await check({ verifiesReserialized: true })
    expect(failedOf(report)).toEqual(['unusual JSON spacing and escaped unicode'])
    expect(caseOf(report, 'unusual JSON spacing and escaped unicode')).toMatchObject({ observed: 'HTTP 401: refused 401' })
    expect(caseOf(report, 'unusual JSON spacing and escaped unicode').advice).toMatch(/raw bytes/)
  })

  it('a handler refusing an unknown event type with 400 fails exactly that case', async () => {
    const report = await check({ unknownTypeStatus: 400 })
    expect(failedOf(report)).toEqual(['unknown event type (refund.succeeded)'])
    expect(caseOf(report, 'unknown event type (refund.succeeded)').advice).toMatch(/Answer 200 to a type it does not handle/)
  })

  it('a handler answering 500 to an event id it has seen fails exactly the duplicate case', async () => {
    const report = await check({ duplicateStatus: 500 })
    expect(failedOf(report)).toEqual(['same event id again'])
    expect(caseOf(report, 'same event id again')).toMatchObject({ observed: 'HTTP 500: refused 500' })
    expect(caseOf(report, 'same event id again').advice).toMatch(/at least once/)
  })

  it('a handler slower than the time-out fails that case and the time-out case, with the latency reported', async () => {
    const report = await check({ stallsOn: 'payout.failed' }, { webhookTimeoutMs: 1_000 })
    expect(failedOf(report)).toEqual(['payout.failed', 'every answer within 1 s'])
    expect(caseOf(report, 'payout.failed')).toMatchObject({ observed: 'timed out after 1000 ms' })
    expect(caseOf(report, 'payout.failed').latencyMs).toBeGreaterThanOrEqual(1_000)
    const timing = caseOf(report, 'every answer within 1 s')
    expect(timing.observed).toMatch(/^slowest: payout.failed, \d+ ms$/)
    expect(timing.latencyMs).toBeGreaterThanOrEqual(1_000)
    expect(timing.advice).toMatch(/Answer 200 first/)
  })

  it('signs with `secret` when given, and writes no event, delivery, attempt or journal row', async () => {
    h = await harness()
    const handler = await startHandler('whsec_of_the_handler')
    await h.post('/api/service/webhook-subscription/create', { url: handler.url })
    const count = (table: string) => (h!.rt.db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
    const tables = ['webhook_events', 'webhook_deliveries', 'webhook_attempts', 'journal', 'payouts', 'jobs']
    const before = tables.map(count)
    const withDefault = await h.post<Report>('/sandbox/webhooks/check', { url: handler.url })
    expect(failedOf(withDefault.body)).toContain('payout.paid')
    const withSecret = await h.post<Report>('/sandbox/webhooks/check', { url: handler.url, secret: 'whsec_of_the_handler' })
    expect(withSecret.body.passed).toBe(true)
    expect(tables.map(count)).toEqual(before)
  })

  it('needs a key, refuses a bad body, and refuses a URL of the sandbox itself (400 on url) but not its inbox', async () => {
    h = await harness()
    const own = await h.serve()
    expect((await h.post('/sandbox/webhooks/check', { url: 'http://127.0.0.1:1/x' }, { key: null })).status).toBe(401)
    const missing = await h.post('/sandbox/webhooks/check', {})
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({ code: 'VALIDATION', param: 'url' })
    const emptySecret = await h.post('/sandbox/webhooks/check', { url: 'http://127.0.0.1:1/x', secret: '' })
    expect(emptySecret.body).toMatchObject({ code: 'VALIDATION', param: 'secret' })
    const itself = await h.post('/sandbox/webhooks/check', { url: `${own}/sandbox/clock/advance` })
    expect(itself.status).toBe(400)
    expect(itself.body).toMatchObject({ code: 'VALIDATION', param: 'url', message: expect.stringContaining('this sandbox itself') })
    // The inbox keeps what is validly signed for a subscribed merchant and answers 200 to anything.
    const inbox = await h.post<Report>('/sandbox/webhooks/check', { url: `${own}/sandbox/inbox/check` })
    expect(inbox.status).toBe(200)
    expect(failedOf(inbox.body)).toEqual(FORGED_CASES)
  })

  it('a handler that is not listening fails every case, forged ones included', async () => {
    const handler = await startHandler('whsec_unused')
    await handler.close()
    h = await harness()
    const report = (await h.post<Report>('/sandbox/webhooks/check', { url: handler.url })).body
    expect(report.passed).toBe(false)
    expect(report.cases.slice(0, -1).every((c) => !c.passed && c.observed === 'connection refused')).toBe(true)
  })
})

describe('the README\'s handler', () => {
  it('passes every case', async () => {
    const readme = readFileSync('README.md', 'utf8')
    const section = readme.slice(readme.indexOf('## Checking your webhook handler'))
    const code = /```js\n([\s\S]*?)```/.exec(section)![1]!
    expect(code).toContain('.listen(3000)')
    const dir = mkdtempSync(join(tmpdir(), 'ivy-handler-'))
    // On a free loopback port instead of 3000, which it prints.
    writeFileSync(join(dir, 'handler.mjs'), code.replace('.listen(3000)', ".listen(0, '127.0.0.1', function () { console.log(this.address().port) })"))
    h = await harness()
    const child = spawn(process.execPath, [join(dir, 'handler.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, IVY_WEBHOOK_SECRET: h.merchant.secret } })
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
        child.once('exit', (status) => reject(new Error(`handler exited ${status}`)))
      })
      const report = (await h.post<Report>('/sandbox/webhooks/check', { url: `http://127.0.0.1:${port}/webhooks/ivy` })).body
      expect(failedOf(report)).toEqual([])
      expect(report.passed).toBe(true)
    } finally {
      child.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the dashboard\'s "Check a webhook handler" form', () => {
  const cookie = () => `ivy_sandbox_key=${h!.key}`
  const submit = async (fields: Record<string, string>) => {
    const res = await h!.app.request('/dashboard/webhooks/check', {
      method: 'POST',
      headers: { cookie: cookie(), origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ back: '/webhooks', ...fields }).toString(),
    })
    expect(res.status).toBe(303)
    return new URL(res.headers.get('location')!, 'http://localhost').searchParams
  }
  const webhooksPage = async () => (await h!.app.request('/webhooks', { headers: { cookie: cookie() } })).text()

  it('runs the check and shows the report on the webhooks page, failed cases with their advice', async () => {
    h = await harness()
    expect(await webhooksPage()).toContain('Check a webhook handler')
    const handler = await startHandler('whsec_dashboard', { successStatus: 204 })
    const flash = await submit({ url: handler.url, secret: 'whsec_dashboard' })
    expect(flash.get('notice')).toBe('6 of 12 cases failed: see the report under "Check a webhook handler".')
    const html = await webhooksPage()
    expect(html).toContain(handler.url)
    expect(html).toContain('6 of 12 cases passed')
    expect(html).toMatch(/<td>payout.paid<\/td><td><span class="badge badge-bad">fail<\/span><\/td><td class="small">HTTP 200<\/td><td class="small">HTTP 204<\/td>/)
    expect(html).toContain('At Ivy only 200 counts as delivered: a 204')
    // A good handler replaces the report.
    const good = await startHandler(h.merchant.secret)
    expect((await submit({ url: good.url })).get('notice')).toMatch(/^Every case passed/)
    expect(await webhooksPage()).toContain('12 of 12 cases passed')
  })

  it('a refused URL comes back as an error on the page', async () => {
    h = await harness()
    const own = await h.serve()
    expect((await submit({ url: `${own}/sandbox/clock` })).get('error')).toMatch(/^url: .*this sandbox itself/)
    expect((await submit({ url: 'nope' })).get('error')).toMatch(/^url: /)
  })
})

describe('createSandbox().checkWebhook()', () => {
  it('checks with the sandbox merchant\'s secret, or the one given', async () => {
    const sandbox = await createSandbox()
    try {
      const good = await startHandler(sandbox.webhookSecret)
      const report = await sandbox.checkWebhook(good.url)
      expect(report.passed).toBe(true)
      const other = await startHandler('whsec_other')
      expect((await sandbox.checkWebhook(other.url)).passed).toBe(false)
      expect((await sandbox.checkWebhook(other.url, { secret: 'whsec_other' })).passed).toBe(true)
      await expect(sandbox.checkWebhook('not a url')).rejects.toMatchObject({ name: 'ApiError', param: 'url' })
      await expect(sandbox.checkWebhook(`${sandbox.url}/sandbox/clock`)).rejects.toMatchObject({ name: 'ApiError', param: 'url' })
    } finally {
      await sandbox.close()
    }
  })
})

describe('ivy-sandbox check-webhook', () => {
  /** Runs the CLI without blocking the handlers of this process (spawnSync would). */
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
      child.on('exit', (status) => {
        clearTimeout(timer)
        resolve({ status, stdout, stderr })
      })
    })

  it('exits 0 against a good handler (the default merchant\'s secret) and prints the table', async () => {
    const handler = await startHandler(DEFAULT_MERCHANT.webhookSecret)
    const run = await cli('check-webhook', handler.url)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^ *payout\.paid +PASS +HTTP 200: ok/m)
    expect(run.stdout).toContain('12 of 12 cases passed')
  })

  it('exits 1 against a handler answering 204, printing what failed and why; --secret signs', async () => {
    const handler = await startHandler('whsec_cli', { successStatus: 204 })
    const run = await cli('check-webhook', handler.url, '--secret', 'whsec_cli')
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^ *payout\.paid +FAIL +HTTP 204 +At Ivy only 200 counts/m)
    expect(run.stdout).toMatch(/^ *flipped signature digit +PASS +HTTP 401/m)
    expect(run.stdout).toMatch(/\d+ of 12 cases passed/)
  })

  it('refuses a URL that is not one, exit code 1', async () => {
    const run = await cli('check-webhook', 'ftp://example.com/x')
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/url: must be an absolute http/)
  })
})
