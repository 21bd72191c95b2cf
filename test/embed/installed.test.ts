// The package as a user's project has it: linked into another folder's node_modules and run
// from there, where this repository's tsconfig.json is not in the working directory. The
// library (dashboard included) and the CLI must load all the same.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
let project: string

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ivy-consumer-'))
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(repo, join(project, 'node_modules', 'ivy-sandbox'), 'dir')
})
afterAll(() => rmSync(project, { recursive: true, force: true }))

const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', timeout: 60_000 })

it('import { createSandbox, ApiError } works from a project folder, dashboard included', () => {
  writeFileSync(
    join(project, 'use.mjs'),
    `import { createSandbox, ApiError } from 'ivy-sandbox'
const sandbox = await createSandbox({ clock: { mode: 'frozen', now: '2026-03-02T10:00:00Z' } })
const page = await fetch(sandbox.url + '/')
const refused = await sandbox.clock.advance('1y').catch((err) => err)
console.log(JSON.stringify({ dashboard: page.status, html: (await page.text()).includes('Payouts'), refused: refused instanceof ApiError, param: refused.param }))
await sandbox.close()
`,
  )
  const out = run(['use.mjs'])
  expect(out.stderr).toBe('')
  expect(JSON.parse(out.stdout)).toEqual({ dashboard: 200, html: true, refused: true, param: 'by' })
})

it('the ivy-sandbox command runs from a project folder', () => {
  const out = run([join('node_modules', 'ivy-sandbox', 'bin', 'ivy-sandbox.js'), 'scenario', 'check', join(repo, 'scenarios', 'default.yaml')])
  expect(out.stderr).toBe('')
  expect(out.status).toBe(0)
  expect(out.stdout).toContain('ok (scenario "default"')
})
