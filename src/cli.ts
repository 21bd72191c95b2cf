#!/usr/bin/env node
// The command line: `ivy-sandbox serve` (what `npm start` runs), `ivy-sandbox scenario check
// FILE`, `ivy-sandbox seed`. The only module that reads argv and the environment (every serve
// option has an IVY_SANDBOX_* variable, for the container image).
import { Command, InvalidArgumentError, Option } from 'commander'
import manifest from '../package.json' with { type: 'json' }
import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { merchantContext } from './engine/context.js'
import { parseOrThrow, refusalOf } from './http/errors.js'
import { COVERAGE_KINDS, type CoverageKindName } from './coverage/report.js'
import { CoverageReport } from './coverage/schemas.js'
import { coverageTable } from './coverage/table.js'
import { API_KEY_HEADER } from './engine/ivy-api.js'
import { DEFAULT_MERCHANT } from './merchants/service.js'
import { EXAMPLE_DB } from './package-files.js'
import { createRuntime } from './runtime.js'
import { adoptExample, writeSeedDatabase } from './seed.js'
import { listen } from './server.js'
import { readScenarioFile, ScenarioError } from './sim/scenario/load.js'
import { checkWebhookHandler, reportTable } from './webhooks/check.js'
import { CheckWebhookBody } from './webhooks/schemas.js'

const integer = (what: string) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${what} must be an integer`)
  return n
}

function fail(err: Error): never {
  console.error(`ivy-sandbox: ${err.message}`)
  process.exit(1)
}

const program = new Command('ivy-sandbox')
  .description(
    "A local sandbox for Ivy's payouts API: the same endpoints, errors and signed webhooks, a rail " +
      'simulator you script with YAML scenarios, and a clock you move by hand. Start it with ' +
      "`ivy-sandbox serve`, then point your code or Ivy's SDK at the URL it prints.",
  )
  .version(manifest.version, '-v, --version')
  .showHelpAfterError()
  .action(() => program.help())

/** An option that an IVY_SANDBOX_* environment variable sets too (the container image uses them). */
const option = (flags: string, description: string, env: string) => new Option(flags, description).env(`IVY_SANDBOX_${env}`)

interface ServeOptions {
  port: number
  host: string
  db: string
  scenario?: string
  seed?: number
  allowedHost: string[]
  quiet: boolean
}

program
  .command('serve')
  .description('start the sandbox (data survives restarts; stops cleanly on Ctrl-C or SIGTERM)')
  .addOption(option('-p, --port <port>', 'port to listen on', 'PORT').argParser(integer('port')).default(process.env.PORT ? integer('PORT')(process.env.PORT) : 4010, '4010, or $PORT'))
  .addOption(option('--host <host>', 'interface to listen on (0.0.0.0 for every interface)', 'HOST').default('127.0.0.1'))
  .addOption(option('--db <path>', 'SQLite file, or :memory:', 'DB').default('./sandbox.db'))
  .addOption(option('--scenario <name>', 'scenario of the default merchant and of new merchants (default: "default")', 'SCENARIO'))
  .addOption(option('--seed <n>', "seed of the default merchant and of new merchants (default: the scenario's)", 'SEED').argParser(integer('seed')))
  .addOption(
    option('--allowed-host <names>', 'more Host names to answer to, comma-separated: a name, .name for it and its subdomains, or "all" (localhost and IP addresses always are)', 'ALLOWED_HOSTS')
      .argParser((value: string, previous: string[]) => [...previous, ...value.split(',').map((name) => name.trim()).filter(Boolean)])
      .default([], 'none'),
  )
  .addOption(option('-q, --quiet', 'no line per request (the variable: any value)', 'QUIET').default(false))
  .action(async (options: ServeOptions) => {
    const { port } = options
    const dbPath = options.db === ':memory:' ? ':memory:' : resolve(options.db)
    const copiesExample = dbPath !== ':memory:' && !existsSync(dbPath) && existsSync(EXAMPLE_DB)
    const rt = await createRuntime({ db: dbPath, template: EXAMPLE_DB, scenario: options.scenario, seed: options.seed, allowedHosts: options.allowedHost }).catch(fail)
    // Every shipped scenario (scenarios/ may hold the user's own files) is checked before serving.
    try {
      rt.scenarios.checkShipped()
    } catch (err) {
      await rt.close()
      fail(err as Error)
    }
    const log = options.quiet ? undefined : (line: string) => console.log(line)
    const server = await listen(rt, { port, host: options.host, log }).catch(async (err: NodeJS.ErrnoException) => {
      // Never served: the next start copies the example again and points it at its own port.
      if (copiesExample) await rt.close().then(() => rmSync(dbPath))
      return fail(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; choose another with --port`) : err)
    })
    if (copiesExample) adoptExample(rt, server.url)
    const shown = ['127.0.0.1', 'localhost', '::1', '0.0.0.0'].includes(options.host) ? `http://localhost:${server.port}` : server.url
    console.log(`ivy-sandbox ${manifest.version} listening on ${shown}`)
    console.log(`  API          ${shown}/api/service/...   (header X-Ivy-Api-Key: ${DEFAULT_MERCHANT.apiKey})`)
    console.log(`  webhooks     signed with ${DEFAULT_MERCHANT.webhookSecret}`)
    console.log(`  dashboard    ${shown}/     API reference ${shown}/docs`)
    console.log(`  data         ${dbPath === ':memory:' ? 'in memory (lost on exit)' : dbPath}${copiesExample ? ' (new: copied from sandbox.db.example)' : ''}`)
    const stop = async (signal: string) => {
      console.log(`ivy-sandbox: ${signal}: answering the requests already received, then stopping`)
      await server.close()
      await rt.close()
      process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })

program
  .command('scenario')
  .description('work with scenario files')
  .command('check')
  .argument('<file>', 'a scenario YAML file')
  .description('validate a scenario file; exits non-zero with the first error')
  .action((file: string) => {
    try {
      const scenario = readScenarioFile(file)
      console.log(`${file}: ok (scenario "${scenario.name}", ${scenario.rules.length} rules, seed ${scenario.seed})`)
    } catch (err) {
      console.error(err instanceof ScenarioError ? err.message : `${file}: ${(err as Error).message}`)
      process.exitCode = 1
    }
  })

program
  .command('seed')
  .description('write the example database (the same bytes on every run)')
  .option('--out <path>', 'where to write it', 'sandbox.db.example')
  .action(async (options: { out: string }) => {
    const summary = await writeSeedDatabase(resolve(options.out))
    console.log(`wrote ${options.out}: ${summary}`)
  })

program
  .command('check-webhook')
  .argument('<url>', "your webhook handler's URL")
  .option('--secret <secret>', `the signing secret it verifies with (default: the default merchant's, ${DEFAULT_MERCHANT.webhookSecret})`)
  .description('send a webhook handler signed, duplicated, reordered and forged requests and print how it answered each; exits 1 when a case fails')
  // In-process: a sandbox of its own in memory, so no server needs to be running.
  .action(async (url: string, options: { secret?: string }) => {
    const rt = await createRuntime({ db: ':memory:' })
    try {
      const report = await checkWebhookHandler(rt, merchantContext(rt, DEFAULT_MERCHANT.id), parseOrThrow(CheckWebhookBody, { url, secret: options.secret }))
      console.log(reportTable(report))
      process.exitCode = report.passed ? 0 : 1
    } catch (err) {
      const refusal = refusalOf(err)
      if (!refusal) throw err
      console.error(`ivy-sandbox: ${refusal.message}`)
      process.exitCode = 1
    } finally {
      await rt.close()
    }
  })

/** `--require rules,failureCodes`: kinds of the coverage report. */
function coverageKinds(value: string): CoverageKindName[] {
  const kinds = value.split(',').map((kind) => kind.trim()).filter(Boolean)
  const unknown = kinds.find((kind) => !(COVERAGE_KINDS as readonly string[]).includes(kind))
  if (unknown !== undefined) throw new InvalidArgumentError(`"${unknown}" is not a kind; the kinds are ${COVERAGE_KINDS.join(', ')}`)
  return kinds as CoverageKindName[]
}

interface CoverageOptions {
  url: string
  key: string
  merchants?: 'all'
  require: CoverageKindName[]
}

program
  .command('coverage')
  .description(
    "print what a running sandbox's merchant exercised (scenario rules and branches, statuses, failure codes, webhook outcomes, API faults); " +
      'exits 1 when a kind given to --require has an uncovered item',
  )
  .requiredOption('--url <url>', 'the running sandbox, e.g. http://localhost:4010')
  .option('--key <key>', "the merchant's API key", DEFAULT_MERCHANT.apiKey)
  .addOption(new Option('--merchants <which>', 'all: every merchant of the sandbox added up').choices(['all']))
  .addOption(new Option('--require <kinds>', `comma-separated kinds that must be fully covered: ${COVERAGE_KINDS.join(', ')}`).argParser(coverageKinds).default([], 'none'))
  .action(async (options: CoverageOptions) => {
    let answer: Response
    try {
      const url = new URL('/sandbox/coverage', options.url)
      if (options.merchants) url.searchParams.set('merchants', options.merchants)
      answer = await fetch(url, { headers: { [API_KEY_HEADER]: options.key } })
    } catch (err) {
      const cause = (err as { cause?: Error }).cause
      return fail(new Error(`cannot reach ${options.url}: ${cause?.message ?? (err as Error).message}`))
    }
    const body: unknown = await answer.json().catch(() => undefined)
    if (answer.status !== 200) return fail(new Error(`${options.url} answered ${answer.status}: ${(body as { message?: string } | undefined)?.message ?? 'not a sandbox?'}`))
    const report = CoverageReport.safeParse(body)
    if (!report.success) return fail(new Error(`${options.url} did not answer a coverage report (an older sandbox?)`))
    console.log(coverageTable(report.data))
    const missing = report.data.uncovered.filter((item) => options.require.includes(item.kind))
    if (missing.length > 0) {
      console.error(`ivy-sandbox: required but uncovered (${options.require.join(', ')}):\n${missing.map((item) => `  ${item.message}`).join('\n')}`)
      process.exitCode = 1
    }
  })

await program.parseAsync()
