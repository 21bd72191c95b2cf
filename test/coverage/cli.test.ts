// `ivy-sandbox coverage --url U` against a harness's sandbox on a real port: it prints the table,
// and exits 1 naming the uncovered items only when a kind given to --require has any.
import { spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { harness, httpClient, openLoop, type Harness, type HttpCall } from '../helpers/harness.js'

const SCENARIO = `
name: cli-coverage
seed: 5
rules:
  - name: closed
    when: { iban: DE66100000000000000101 }
    then: { steps: [{ after: 1s, status: failed, failure: account_closed }] }
default: { steps: [{ after: 1s, status: paid }] }
`

let h: Harness
let call: HttpCall
let url: string
beforeEach(async () => {
  h = await harness()
  call = await httpClient(h)
  url = await h.serve()
  await call('PUT', '/sandbox/scenario', { yaml: SCENARIO })
})
afterEach(() => h.close())

/** Runs the CLI without blocking this process, which serves the sandbox it talks to. */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  return new Promise((resolve) =>
    child.once('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    }),
  )
}

/** A loopback URL nothing listens on: a port just given back. */
async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

it('exits 1 with --require failureCodes while a failure code the scenario produces was never reached, 0 once it was', async () => {
  await call('POST', '/api/service/payout/create', openLoop(5))
  await call('POST', '/sandbox/clock/advance', { by: '1m' })

  const before = await cli('coverage', '--url', url, '--key', h.key, '--require', 'failureCodes')
  expect(before.status).toBe(1)
  expect(before.stdout).toMatch(/^kind +item +group +hits +state$/m)
  expect(before.stdout).toMatch(/^failureCodes +account_closed +0 +UNCOVERED$/m)
  expect(before.stdout).toMatch(/^rules +default +cli-coverage +1 +covered$/m)
  expect(before.stderr).toContain('failure code account_closed never reached')

  await call('POST', '/api/service/payout/create', openLoop(6, 'DE66100000000000000101'))
  await call('POST', '/sandbox/clock/advance', { by: '1m' })
  const after = await cli('coverage', '--url', url, '--key', h.key, '--require', 'failureCodes,rules')
  expect(after.stderr).toBe('')
  expect(after.status).toBe(0)
  expect(after.stdout).toMatch(/^failureCodes +account_closed +1 +covered$/m)
  // Webhooks are uncovered (no subscription), but not required.
  expect(after.stdout).toContain('no webhook was delivered on its first attempt')

  // Without --require nothing is demanded; --merchants all adds up every merchant.
  const all = await cli('coverage', '--url', url, '--key', h.key, '--merchants', 'all')
  expect(all.status).toBe(0)
  expect(all.stdout).toMatch(/merchants added up/)
}, 120_000)

it('refuses an unknown kind, a wrong key and an unreachable sandbox with exit code 1', async () => {
  const kind = await cli('coverage', '--url', url, '--require', 'rules,refunds')
  expect(kind.status).toBe(1)
  expect(kind.stderr).toContain('"refunds" is not a kind')

  const key = await cli('coverage', '--url', url, '--key', 'not-a-key')
  expect(key.status).toBe(1)
  expect(key.stderr).toContain('answered 401')

  const nobody = await closedPortUrl()
  const gone = await cli('coverage', '--url', nobody)
  expect(gone.status).toBe(1)
  expect(gone.stderr).toContain(`cannot reach ${nobody}`)
}, 120_000)
