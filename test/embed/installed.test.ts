// The package as a consumer installs it: packed by `npm pack` (which builds it), unpacked into
// another project's node_modules beside its runtime dependencies only, and used from there by
// plain Node (import and require), by a strict NodeNext TypeScript project, by vitest running
// the README's example, and as the ivy-sandbox command. Nothing of tsx or of src/ is involved.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> }
const fromRepo = createRequire(join(repo, 'package.json'))
let project: string
let packed: string[]

/** Links a package of this repository's node_modules into the consumer's. */
function link(name: string) {
  const target = join(project, 'node_modules', name)
  mkdirSync(resolve(target, '..'), { recursive: true })
  symlinkSync(resolve(fromRepo.resolve(`${name}/package.json`), '..'), target, 'dir')
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ivy-consumer-'))
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>
  packed = pack!.files.map((f) => f.path)
  const installed = join(project, 'node_modules', 'ivy-sandbox')
  mkdirSync(installed, { recursive: true })
  execFileSync('tar', ['-xzf', join(project, pack!.filename), '-C', installed, '--strip-components=1'])
  // What npm would install beside it: its dependencies (their own come from their real folders).
  for (const name of Object.keys(manifest.dependencies)) link(name)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
}, 180_000)
afterAll(() => rmSync(project, { recursive: true, force: true }))

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', timeout: 60_000 })

it('packs the built package, its scenarios, example database and documents, and no source', () => {
  expect(packed).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/assets/dashboard.css', 'scenarios/default.yaml', 'sandbox.db.example', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']))
  expect(packed.filter((path) => path.startsWith('src/') || path.startsWith('test/') || path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([])
})

it('import { createSandbox, ApiError } works from plain Node, dashboard and assets included, without tsx', () => {
  writeFileSync(
    join(project, 'use.mjs'),
    `import { createSandbox, ApiError } from 'ivy-sandbox'
const sandbox = await createSandbox({ clock: { mode: 'frozen', now: '2026-03-02T10:00:00Z' } })
const page = await fetch(sandbox.url + '/')
const css = await fetch(sandbox.url + '/assets/dashboard.css')
const docs = await fetch(sandbox.url + '/docs')
const refused = await sandbox.clock.advance('1y').catch((err) => err)
console.log(JSON.stringify({ dashboard: page.status, html: (await page.text()).includes('Payouts'), css: css.status, docs: docs.status, refused: refused instanceof ApiError, param: refused.param }))
await sandbox.close()
`,
  )
  // The consumer has no tsx, no TypeScript and none of the bundled libraries installed.
  const out = node(['use.mjs'])
  expect(out.stderr).toBe('')
  expect(JSON.parse(out.stdout)).toEqual({ dashboard: 200, html: true, css: 200, docs: 200, refused: true, param: 'by' })
})

it("require('ivy-sandbox') works, as Jest and other CommonJS callers need", () => {
  const out = node([
    '-e',
    `const { createSandbox } = require('ivy-sandbox')
createSandbox().then(async (sandbox) => {
  const res = await fetch(sandbox.url + '/api/service/balance/retrieve', { method: 'POST', headers: { 'content-type': 'application/json', 'x-ivy-api-key': sandbox.apiKey }, body: '{}' })
  console.log(res.status)
  await sandbox.close()
})`,
  ])
  expect(out.stderr).toBe('')
  expect(out.stdout.trim()).toBe('200')
})

/** The README's "In your test suite" example, as written there. */
function readmeExample(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## In your test suite'))
  return /```ts\n([\s\S]*?)```/.exec(section)![1]!
}

const strictConfig = (include: string[], types: string[]) =>
  JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types, noEmit: true }, include })

it('a strict NodeNext TypeScript project type-checks against the package with no @types packages', () => {
  writeFileSync(
    join(project, 'only-sandbox.ts'),
    `import { createSandbox, ApiError, type Sandbox, type SandboxOptions } from 'ivy-sandbox'
const options: SandboxOptions = { scenario: 'always-paid', clock: { mode: 'frozen', now: new Date() } }
const sandbox: Sandbox = await createSandbox(options)
const moved = await sandbox.clock.advance('6d')
const statuses: string[] = moved.fired.map((f) => f.to)
const error = new ApiError({ status: 400, code: 'VALIDATION', message: 'x' })
console.log(statuses, error.toBody().param, sandbox.clock.now().toISOString())
await sandbox.close()
`,
  )
  writeFileSync(join(project, 'tsconfig.json'), strictConfig(['only-sandbox.ts'], []))
  const tsc = node([fromRepo.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'])
  expect(tsc.stdout + tsc.stderr).toBe('')
  expect(tsc.status).toBe(0)
})

it("the README's test example type-checks strictly and passes under the consumer's vitest", () => {
  link('vitest')
  writeFileSync(join(project, 'payout.test.ts'), readmeExample())
  writeFileSync(join(project, 'tsconfig.json'), strictConfig(['payout.test.ts'], []))
  const tsc = node([fromRepo.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'])
  expect(tsc.stdout + tsc.stderr).toBe('')
  const run = node([join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', '--outputFile=report.json'])
  const report = JSON.parse(readFileSync(join(project, 'report.json'), 'utf8')) as { numPassedTests: number; numFailedTests: number }
  expect({ passed: report.numPassedTests, failed: report.numFailedTests }, run.stdout + run.stderr).toEqual({ passed: 1, failed: 0 })
})

it('the ivy-sandbox command runs from the installed package: --version, scenario check', () => {
  const bin = join('node_modules', 'ivy-sandbox', 'dist', 'cli.js')
  expect(readFileSync(join(project, bin), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
  const version = node([bin, '--version'])
  expect(version.stdout.trim()).toBe(manifest.version)
  const check = node([bin, 'scenario', 'check', join(project, 'node_modules', 'ivy-sandbox', 'scenarios', 'default.yaml')])
  expect(check.stderr).toBe('')
  expect(check.status).toBe(0)
  expect(check.stdout).toContain('ok (scenario "default"')
})
