// The import rules of .dependency-cruiser.cjs hold for src/, and they do catch what they forbid:
// the same config run over a small planted project reports each kind of violation.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const CONFIG = join(ROOT, '.dependency-cruiser.cjs')
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')

interface Violation {
  from: string
  to: string
  rule: { name: string }
}

function violations(cwd: string): Violation[] {
  const out = execFileSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations
}

describe('import rules', () => {
  const planted = mkdtempSync(join(tmpdir(), 'ivy-imports-'))
  afterAll(() => rmSync(planted, { recursive: true, force: true }))

  it('hold for the sandbox: no domain module imports the edge, and no import cycle', () => {
    expect(violations(ROOT)).toEqual([])
  }, 60_000)

  it('catch a domain module importing the HTTP layer or a route file, and a cycle between two domains', () => {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'package.json': JSON.stringify({ type: 'module' }),
      'src/http/errors.ts': 'export class ApiError extends Error {}\n',
      'src/payouts/routes.ts': "export const route = 'payout/create'\n",
      'src/payouts/service.ts': "import { ApiError } from '../http/errors.js'\nimport { route } from './routes.js'\nexport const fail = () => { throw new ApiError(route) }\n",
      'src/orders/service.ts': "import { refund } from '../refunds/service.js'\nexport const order = () => refund\n",
      'src/refunds/service.ts': "import { order } from '../orders/service.js'\nexport const refund = () => order\n",
      'src/app.ts': "import { route } from './payouts/routes.js'\nimport { ApiError } from './http/errors.js'\nexport const app = [route, ApiError]\n",
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(planted, path)), { recursive: true })
      writeFileSync(join(planted, path), text)
    }
    const found = violations(planted).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort()
    expect(found).toEqual([
      'domain-knows-no-http: src/payouts/service.ts -> src/http/errors.ts',
      'domain-knows-no-http: src/payouts/service.ts -> src/payouts/routes.ts',
      // A cycle is reported once, from where the cruise entered it.
      'no-circular: src/orders/service.ts -> src/refunds/service.ts',
    ])
  }, 60_000)
})
