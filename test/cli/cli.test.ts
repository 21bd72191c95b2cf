// The command line as users run it: `ivy-sandbox scenario check FILE` and `serve` options.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 })

let child: ChildProcess | undefined
let dir: string | undefined
afterEach(() => {
  child?.kill('SIGKILL')
  child = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** Starts `ivy-sandbox serve` and resolves with the URL it prints. */
function serve(...args: string[]): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let output = ''
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
