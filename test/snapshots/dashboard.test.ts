// The dashboard's snapshot tools on the merchant page: save, restore, delete and fork, as form
// posts answered with a flash, acting on the merchant of the dashboard cookie only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { name: 'Snap Ltd', scenario: 'always-paid' } })
})
afterEach(() => h.close())

const cookie = (key: string) => `ivy_sandbox_key=${key}`

async function page(path: string, key = h.key) {
  return (await h.app.request(path, { headers: { cookie: cookie(key) } })).text()
}

async function submit(path: string, fields: Record<string, string> = {}, key = h.key) {
  const res = await h.app.request(path, {
    method: 'POST',
    headers: { cookie: cookie(key), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ back: '/merchant', ...fields }).toString(),
  })
  const url = new URL(res.headers.get('location') ?? '/', 'http://localhost')
  return { status: res.status, notice: url.searchParams.get('notice'), error: url.searchParams.get('error'), setCookie: res.headers.get('set-cookie') }
}

const payoutCount = async (key = h.key) => (await h.post('/api/service/payout/list', {}, { key })).body.items.length

describe('dashboard snapshots', () => {
  it('saves, lists, restores and deletes a snapshot of the shown merchant', async () => {
    await h.post('/api/service/payout/create', openLoop(10))
    expect((await submit('/dashboard/snapshots', { name: 'one' })).notice).toBe('Saved snapshot one.')
    expect(await page('/merchant')).toContain('Restore one')
    await h.post('/api/service/payout/create', openLoop(20))
    expect(await payoutCount()).toBe(2)

    expect((await submit('/dashboard/snapshots/one/restore')).notice).toBe('Restored snapshot one.')
    expect(await payoutCount()).toBe(1)
    expect((await submit('/dashboard/snapshots', { name: 'one' })).error).toMatch(/exists/)
    expect((await submit('/dashboard/snapshots', { name: 'bad name' })).error).toMatch(/^name: /)
    expect((await submit('/dashboard/snapshots/one/delete', { confirmed: 'yes' })).notice).toBe('Deleted snapshot one.')
    expect((await submit('/dashboard/snapshots/one/restore')).error).toBe('Snapshot not found')
    expect(await page('/merchant')).toContain('No snapshot yet.')
  })

  it('forks the shown merchant and shows the fork', async () => {
    await h.post('/api/service/payout/create', openLoop(10))
    const forked = await submit('/dashboard/merchant/fork')
    expect(forked.notice).toBe('Now showing Fork of Snap Ltd, a fork with its own key.')
    const key = /ivy_sandbox_key=([^;]+)/.exec(forked.setCookie ?? '')![1]!
    expect(key).not.toBe(h.key)
    expect(await payoutCount(key)).toBe(1)
    expect(await page('/merchant', key)).toContain('Fork of Snap Ltd')
  })
})
