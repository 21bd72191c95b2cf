// sandbox.faults in the library: the same arming, listing and clearing as /sandbox/faults, the
// same validation, and the fault answered over real HTTP.
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, createSandbox, type Sandbox } from '../../src/index.js'
import { openLoop } from '../helpers/harness.js'

let sandbox: Sandbox | undefined
afterEach(() => sandbox?.close())

describe('sandbox.faults', () => {
  it('arms a fault the next request meets, lists it, and clears', async () => {
    sandbox = await createSandbox()
    const armed = await sandbox.faults.arm({ path: 'payout/create', status: 503, when: 'before', times: 2, retryAfter: 1 })
    expect(armed).toMatchObject({ path: 'payout/create', status: 503, when: 'before', remaining: 2, retryAfter: 1, delay: null })
    const res = await fetch(`${sandbox.url}/api/service/payout/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Ivy-Api-Key': sandbox.apiKey },
      body: JSON.stringify(openLoop(5)),
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect((await sandbox.faults.list()).armed).toMatchObject([{ id: armed.id, remaining: 1 }])
    expect(await sandbox.faults.clear()).toBe(1)
    expect(await sandbox.faults.list()).toEqual({ armed: [], standing: [] })
  })

  it('throws the API error for a bad fault', async () => {
    sandbox = await createSandbox()
    const attempt = sandbox.faults.arm({ path: 'payout/create', status: 503, when: 'before', delay: '1m' })
    await expect(attempt).rejects.toBeInstanceOf(ApiError)
    await expect(attempt).rejects.toMatchObject({ status: 400, param: 'delay' })
  })
})
