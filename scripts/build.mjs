// `npm run build`: src/ to dist/. esbuild bundles each entry point (the library, the CLI) into
// one ES module with its source map, so importing the package loads one file instead of several
// hundred (a fifth of the time); tsc writes the declarations. What cannot be bundled stays a
// dependency: the native SQLite driver, Swagger UI's static files, and faker (loaded only when
// a payer is invented or the example database is written).
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = `${root}dist`
rmSync(dist, { recursive: true, force: true })

await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  chunkNames: 'shared-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minify: true,
  external: ['better-sqlite3', 'swagger-ui-dist', '@faker-js/faker'],
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __ivyCreateRequire } from 'node:module'; const require = __ivyCreateRequire(import.meta.url);" },
  logLevel: 'warning',
})

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' })
cpSync(`${root}src/dashboard/assets`, `${dist}/assets`, { recursive: true })
