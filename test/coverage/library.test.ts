// sandbox.coverage() in a test suite: the same report as GET /sandbox/coverage.
import { afterEach, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from '../../src/index.js'
import { openLoop, T0 } from '../helpers/harness.js'

let sandbox: Sandbox | undefined
afterEach(() => sandbox?.close())

it('reports the merchant, or every merchant of the sandbox, as the endpoint does', async () => {
  sandbox = await createSandbox({ scenario: 'always-paid', clock: { mode: 'frozen', now: T0 } })
  const res = await fetch(`${sandbox.url}/api/service/payout/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ivy-api-key': sandbox.apiKey },
    body: JSON.stringify(openLoop(5)),
  })
  expect(res.status).toBe(200)
  await sandbox.clock.advance('1m')

  const report = await sandbox.coverage()
  expect(report).toMatchObject({ scope: 'merchant', merchants: 1, scenarios: ['always-paid'] })
  const statuses = report.kinds.find((k) => k.kind === 'statuses')!.items
  expect(statuses.find((i) => i.name === 'paid')).toEqual({ name: 'paid', hits: 1, required: true, group: 'payout' })
  const overHttp = await fetch(`${sandbox.url}/sandbox/coverage`, { headers: { 'x-ivy-api-key': sandbox.apiKey } })
  expect(await overHttp.json()).toEqual(report)

  expect((await sandbox.coverage({ merchants: 'all' })).scope).toBe('all')
  await expect(sandbox.coverage({ merchants: 'some' as 'all' })).rejects.toMatchObject({ status: 400, param: 'merchants' })
})
