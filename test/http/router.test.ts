// Every route pattern suits Hono's RegExpRouter, the fast one. One pattern it cannot take (a
// static page registered before a parameter in the same place, say) silently moves the whole
// app to the trie router, which costs payout/create several points of throughput.
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createRuntime } from '../../src/runtime.js'

describe('the router', () => {
  it('is RegExpRouter for every route of the app', async () => {
    const rt = await createRuntime()
    try {
      const app = createApp(rt)
      expect(app.routes.length).toBeGreaterThan(100)
      expect((await app.request('/sandbox/health')).status).toBe(200)
      // SmartRouter names the router it settled on at the first match.
      expect((app.router as { name: string }).name).toBe('SmartRouter + RegExpRouter')
    } finally {
      await rt.close()
    }
  })
})
