// The package as a consumer meets it: `npm pack` (which builds it), a real `npm install` of the
// tarball into a fresh folder, then whole processes under plain Node timed from spawn to exit:
// `import('ivy-sandbox')` + createSandbox() + close(), beside `import('hono')` as the floor,
// alternating. Target: the package costs under 150 ms more than the floor.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { alternate, fmt, median } from './stats.js'
import type { Verdict } from './verdict.js'

const ROUNDS = 15
const LIMIT_MS = 150
const ROOT = resolve(import.meta.dirname, '..')

/** Wall milliseconds from spawning `node args` in `cwd` to its exit; throws if it fails. */
function timedRun(cwd: string, args: string[]): number {
  const started = performance.now()
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000 })
  const ms = performance.now() - started
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`)
  return ms
}

export async function benchInstall(): Promise<Verdict[]> {
  console.log('\n## installed from its tarball: import + createSandbox() + close() as a whole process')
  const consumer = mkdtempSync(join(tmpdir(), 'ivy-bench-consumer-'))
  try {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', consumer], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Array<{ filename: string; size: number }>
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'bench-consumer', private: true, type: 'module' }))
    const installStarted = performance.now()
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${pack!.filename}`], { cwd: consumer, stdio: ['ignore', 'ignore', 'inherit'] })
    console.log(`  tarball ${fmt(pack!.size / 1024, 0)} KiB; npm install took ${fmt((performance.now() - installStarted) / 1000, 1)} s`)
    writeFileSync(join(consumer, 'start.mjs'), "import { createSandbox } from 'ivy-sandbox'\nconst sandbox = await createSandbox()\nawait sandbox.close()\n")
    writeFileSync(join(consumer, 'import.mjs'), "await import('ivy-sandbox')\n")
    // Warm the OS file cache and the sandbox's own disk cache once, as any second run finds them.
    timedRun(consumer, ['start.mjs'])
    const samples = await alternate(ROUNDS, {
      floor: async () => timedRun(ROOT, ['--input-type=module', '-e', "await import('hono')"]),
      importOnly: async () => timedRun(consumer, ['import.mjs']),
      sandbox: async () => timedRun(consumer, ['start.mjs']),
    })
    const floor = median(samples.floor)
    const importOnly = median(samples.importOnly)
    const sandbox = median(samples.sandbox)
    console.log(`  medians of ${ROUNDS}: floor node + import('hono') ${fmt(floor, 0)} ms; node + import('ivy-sandbox') ${fmt(importOnly, 0)} ms; + createSandbox() + close() ${fmt(sandbox, 0)} ms`)
    const extra = sandbox - floor
    return [{ part: 'install', target: `extra over import('hono') < ${LIMIT_MS} ms`, measured: `+${fmt(extra, 0)} ms (${fmt(sandbox, 0)} vs ${fmt(floor, 0)} ms; import alone +${fmt(importOnly - floor, 0)} ms)`, pass: extra < LIMIT_MS }]
  } finally {
    rmSync(consumer, { recursive: true, force: true })
  }
}
