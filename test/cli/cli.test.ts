// The command line as users run it: `ivy-sandbox scenario check FILE` and `serve` options.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver } from '../helpers/receiver.js'

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 })

let child: ChildProcess | undefined
let dir: string | undefined
afterEach(() => {
  child?.kill('SIGKILL')
  child = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

let output = ''

/** Starts `ivy-sandbox serve` and resolves with the URL it prints; `output` collects what it prints. */
function serve(...args: Array<string | { env: Record<string, string> }>): Promise<string> {
  const env = { ...process.env, ...args.find((a): a is { env: Record<string, string> } => typeof a === 'object')?.env }
  const flags = args.filter((a): a is string => typeof a === 'string')
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'], env })
  output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 60_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child!.stdout!.on('data', read)
    child!.stderr!.on('data', read)
    child!.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
  })
}

describe('ivy-sandbox scenario check', () => {
  it.each(['default', 'always-paid', 'instant-fallback', 'slow-and-failing', 'webhook-chaos'])('accepts scenarios/%s.yaml', (name) => {
    const run = cli('scenario', 'check', `scenarios/${name}.yaml`)
    expect(run.status).toBe(0)
    expect(run.stdout).toContain(`scenario "${name}"`)
  })

  it('refuses a broken file with its name, line and the path of the bad field, exit code 1', () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-cli-'))
    const file = join(dir, 'broken.yaml')
    writeFileSync(file, 'name: broken\nseed: 1\ndefault:\n  steps:\n    - { after: 1s, status: paid }\n    - { after: soon, status: paid }\n')
    const run = cli('scenario', 'check', file)
    expect(run.status).toBe(1)
    expect(run.stderr.trim()).toBe(`${file}:6:16: default.steps.1.after: expected a duration like "500ms", "90s", "15m", "2h", "6d" or "1h30m" (at most 10 years)`)
  })

  it('a missing file is an error too', () => {
    const run = cli('scenario', 'check', 'scenarios/missing.yaml')
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('missing.yaml')
  })
})

describe('ivy-sandbox serve', () => {
  it('--scenario and --seed choose the default merchant\'s scenario; it runs realtime', async () => {
    const url = await serve('--db', ':memory:', '--scenario', 'slow-and-failing', '--seed', '5')
    expect(url).toMatch(/^http:\/\/localhost:\d+$/)
    const headers = { 'X-Ivy-Api-Key': 'ivy_sandbox_default_key' }
    const scenario = await (await fetch(`${url}/sandbox/scenario`, { headers })).json()
    expect(scenario).toMatchObject({ name: 'slow-and-failing', seed: 5 })
    const clock = await (await fetch(`${url}/sandbox/clock`, { headers })).json()
    expect(clock).toMatchObject({ mode: 'realtime', speed: 1 })
  })

  it('the default merchant runs in real time: a payout made by hand settles within seconds, nobody advancing', async () => {
    const url = await serve('--db', ':memory:', '--scenario', 'always-paid')
    const headers = { 'X-Ivy-Api-Key': 'ivy_sandbox_default_key', 'Content-Type': 'application/json' }
    const ivy = async (path: string, body: unknown) => (await fetch(`${url}/api/service/${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()
    const payout = await ivy('payout/create', {
      amount: 1,
      currency: 'EUR',
      destination: { financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } } },
    })
    expect(payout.status).toBe('pending')
    // always-paid settles within 11.5 s of sandbox time at most; poll the wall clock a bounded while.
    let status = payout.status
    for (let i = 0; i < 80 && status !== 'paid'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      status = (await ivy('payout/retrieve', { id: payout.id })).status
    }
    expect(status).toBe('paid')
  })

  it('a first start on another port than 4010 points the example\'s inbox subscription at itself: deliveries arrive, signed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-cli-'))
    const url = await serve('--db', join(dir, 'sandbox.db'))
    expect(new URL(url).port).not.toBe('4010')
    const headers = { 'X-Ivy-Api-Key': 'ivy_sandbox_default_key', 'Content-Type': 'application/json' }
    const [subscription] = (await (await fetch(`${url}/api/service/webhook-subscription/list`, { method: 'POST', headers, body: '{}' })).json()).items
    const target = new URL(subscription.url)
    expect([target.port, target.pathname]).toEqual([new URL(url).port, '/sandbox/inbox/default'])
    const payout = await (
      await fetch(`${url}/api/service/payout/create`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ amount: 1, currency: 'EUR', destination: { financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } } } }),
      })
    ).json()
    // The default merchant runs in real time: the first attempt goes out within a tick or two.
    let initiated: { signatureValid: boolean } | undefined
    for (let i = 0; i < 40 && !initiated; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      const inbox = await (await fetch(`${url}/sandbox/inbox/default`, { headers })).json()
      initiated = inbox.items.find((item: { eventType: string; body: { payload: { id: string } } }) => item.eventType === 'payout.initiated' && item.body.payload.id === payout.id)
    }
    expect(initiated).toMatchObject({ signatureValid: true })
  })

  it('a first start that cannot listen leaves no database behind, so the next start copies the example for its own port', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-cli-'))
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    try {
      const run = cli('serve', '--port', String((taken.address() as AddressInfo).port), '--db', join(dir, 'sandbox.db'))
      expect(run.status).toBe(1)
      expect(run.stderr).toContain('is in use')
      expect(existsSync(join(dir, 'sandbox.db'))).toBe(false)
    } finally {
      taken.close()
    }
  })

  it('refuses an unknown scenario with the shipped names', () => {
    const run = cli('serve', '--db', ':memory:', '--scenario', 'nope')
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('unknown scenario "nope"; shipped: always-paid, default')
  })
})

describe('ivy-sandbox as a newcomer meets it', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }

  it('with no command says what it is and lists the commands, exit code 0', () => {
    const run = cli()
    expect(run.status).toBe(0)
    expect(run.stdout).toContain("A local sandbox for Ivy's payouts API")
    expect(run.stdout).toMatch(/serve \[options\][\s\S]*scenario[\s\S]*seed/)
  })

  it('--version prints the package version', () => {
    expect(cli('--version').stdout.trim()).toBe(manifest.version)
  })

  it("serve --help gives each option's default and environment variable", () => {
    const help = cli('serve', '--help').stdout.replace(/\s+/g, ' ')
    for (const [flag, shown] of [
      ['--port', 'default: 4010, or $PORT, env: IVY_SANDBOX_PORT'],
      ['--host', 'default: "127.0.0.1", env: IVY_SANDBOX_HOST'],
      ['--db', 'default: "./sandbox.db", env: IVY_SANDBOX_DB'],
      ['--scenario', '(default: "default") (env: IVY_SANDBOX_SCENARIO)'],
      ['--seed', "(default: the scenario's) (env: IVY_SANDBOX_SEED)"],
      ['--allowed-host', 'default: none, env: IVY_SANDBOX_ALLOWED_HOSTS'],
      ['--quiet', 'env: IVY_SANDBOX_QUIET'],
    ]) expect(help, flag).toContain(shown)
  })

  it('IVY_SANDBOX_* variables set the options; one line per request (health checks aside) names method, path, status, time and merchant', async () => {
    const url = await serve({ env: { IVY_SANDBOX_DB: ':memory:', IVY_SANDBOX_SCENARIO: 'always-paid', IVY_SANDBOX_SEED: '9' } })
    const headers = { 'X-Ivy-Api-Key': 'ivy_sandbox_default_key' }
    expect(await (await fetch(`${url}/sandbox/scenario`, { headers })).json()).toMatchObject({ name: 'always-paid', seed: 9 })
    expect((await fetch(`${url}/api/service/ping`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200)
    expect((await fetch(`${url}/sandbox/merchant`)).status).toBe(401)
    expect((await fetch(`${url}/sandbox/health`)).status).toBe(200)
    await expect.poll(() => output).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z POST \/api\/service\/ping 200 \d+\.\dms merchant=[0-9a-f-]{36}\n/)
    await expect.poll(() => output).toMatch(/GET \/sandbox\/merchant 401 \d+\.\dms merchant=-\n/)
    // A container's health check every few seconds would bury the rest.
    expect(output).not.toContain('/sandbox/health')
  })

  it('--allowed-host and IVY_SANDBOX_ALLOWED_HOSTS add Host names it answers to; any other name is refused', async () => {
    /** GET /sandbox/health with a chosen Host header (fetch does not let a caller set one). */
    const healthAs = (url: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        request(`${url}/sandbox/health`, { headers: { host } }, (res) => {
          res.resume()
          resolve(res.statusCode!)
        }).on('error', reject).end()
      })
    let url = await serve('--db', ':memory:', '--quiet', '--allowed-host', 'ivy-sandbox,.compose.test')
    const port = new URL(url).port
    expect(await healthAs(url, `ivy-sandbox:${port}`)).toBe(200)
    expect(await healthAs(url, `api.compose.test:${port}`)).toBe(200)
    expect(await healthAs(url, `attacker.example:${port}`)).toBe(403)
    child!.kill('SIGKILL')
    url = await serve('--db', ':memory:', '--quiet', { env: { IVY_SANDBOX_ALLOWED_HOSTS: 'ivy-sandbox' } })
    expect(await healthAs(url, `ivy-sandbox:${new URL(url).port}`)).toBe(200)
    expect(await healthAs(url, `attacker.example:${new URL(url).port}`)).toBe(403)
  })

  it('--quiet prints no line per request', async () => {
    const url = await serve('--db', ':memory:', '--quiet')
    expect((await fetch(`${url}/sandbox/health`)).status).toBe(200)
    expect((await fetch(`${url}/sandbox/health`)).status).toBe(200)
    expect(output).not.toContain('/sandbox/health')
  })
})

describe('ivy-sandbox serve stopping on SIGTERM', () => {
  /** Resolves with the exit code once the child has ended. */
  const exited = (process: ChildProcess) => new Promise<number | null>((resolve) => process.once('exit', (code) => resolve(code)))

  it('under load, every payout it committed got its answer, and nothing unanswered was written', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-cli-'))
    const db = join(dir, 'sandbox.db')
    const url = await serve('--db', db, '--quiet')
    const headers = { 'X-Ivy-Api-Key': 'ivy_sandbox_default_key', 'Content-Type': 'application/json' }
    const create = (n: number) =>
      fetch(`${url}/api/service/payout/create`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ amount: 1, currency: 'EUR', paymentReference: `shutdown-${n}`, destination: { financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } } } }),
      }).then(
        async (res) => ({ status: res.status, body: (await res.json()) as { id?: string } }),
        (err: Error) => ({ status: 0, body: { error: err.message } as { id?: string } }),
      )
    const stopped = exited(child!)
    // 40 connections keep sending; SIGTERM lands once the first answers are back.
    const answers: Array<{ status: number; body: { id?: string } }> = []
    let sent = 0
    const worker = async () => {
      while (sent < 400) {
        const answer = await create(sent++)
        answers.push(answer)
        if (answer.status === 0) return
      }
    }
    const workers = Array.from({ length: 40 }, worker)
    await expect.poll(() => answers.length, { timeout: 30_000 }).toBeGreaterThan(40)
    child!.kill('SIGTERM')
    await Promise.all(workers)
    expect(await stopped).toBe(0)

    const answered = answers.filter((a) => a.status === 200).map((a) => a.body.id!).sort()
    const sqlite = new Database(db, { readonly: true })
    const committed = (sqlite.prepare("select id from payouts where payment_reference like 'shutdown-%' order by id").all() as Array<{ id: string }>).map((r) => r.id)
    sqlite.close()
    expect(answered.length).toBeGreaterThan(40)
    expect(committed).toEqual(answered)
    expect(answers.every((a) => a.status === 200 || a.status === 0)).toBe(true)
  })

  it('an advance running when SIGTERM arrives answers its 503 with where the clock stopped', async () => {
    const receiver = await startReceiver()
    try {
      receiver.otherwise({ delayMs: 1_500, status: 500 })
      const url = await serve('--db', ':memory:', '--quiet')
      const headers = { 'X-Ivy-Api-Key': 'ivy_sandbox_default_key', 'Content-Type': 'application/json' }
      const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
      await post('/sandbox/clock/freeze', {})
      expect((await post('/api/service/webhook-subscription/create', { url: receiver.url })).status).toBe(200)
      await post('/api/service/payout/create', { amount: 1, currency: 'EUR', destination: { financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } } } })
      const stopped = exited(child!)
      const advance = post('/sandbox/clock/advance', { by: '3d' })
      await receiver.waitFor(1, 10_000)
      child!.kill('SIGTERM')
      const res = await advance
      expect(res.status).toBe(503)
      const body = (await res.json()) as { message: string; data: { now: string } }
      expect(body.message).toContain('shutting down')
      expect(Date.parse(body.data.now)).toBeGreaterThan(0)
      expect(await stopped).toBe(0)
    } finally {
      await receiver.close()
    }
  })
})
