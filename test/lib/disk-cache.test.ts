// The disk cache that lets a process's first sandbox start fast: what comes out of it is what
// would have been built without it, and a damaged entry is read past, never trusted.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { SCENARIOS_DIR } from '../../src/package-files.js'
import { parseScenario, readScenarioFile } from '../../src/sim/scenario/load.js'

const shipped = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml'))
const CACHE = join(tmpdir(), 'ivy-sandbox-cache')

describe('disk cache', () => {
  it.each(shipped)('%s read through the cache is the scenario parsed from its text', (file) => {
    const path = join(SCENARIOS_DIR, file)
    const fresh = parseScenario(readFileSync(path, 'utf8'), path)
    expect(readScenarioFile(path)).toEqual(fresh)
    // The second read comes from the entry the first one wrote.
    expect(readScenarioFile(path)).toEqual(fresh)
  })

  it('damaged entries are read past: scenarios and a new sandbox come out as without a cache', async () => {
    const path = join(SCENARIOS_DIR, 'default.yaml')
    const fresh = parseScenario(readFileSync(path, 'utf8'), path)
    readScenarioFile(path)
    for (const entry of readdirSync(CACHE).filter((name) => /^[0-9a-f]{40}$/.test(name))) writeFileSync(join(CACHE, entry), '{"truncated": ')
    expect(readScenarioFile(path)).toEqual(fresh)

    // A fresh copy of the modules reads the (damaged) migrated image from disk, not from memory.
    vi.resetModules()
    const { createRuntime } = await import('../../src/runtime.js')
    const { createMerchant } = await import('../../src/merchants/service.js')
    const rt = await createRuntime()
    try {
      const merchant = createMerchant(rt, {})
      expect(rt.db.sqlite.prepare('select count(*) n from merchants where id = ?').get(merchant.id)).toEqual({ n: 1 })
    } finally {
      await rt.close()
    }
  })
})
