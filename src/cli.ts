// The command line: `ivy-sandbox serve` (what `npm start` runs), `ivy-sandbox scenario check
// FILE`, `ivy-sandbox seed`. The only module that reads argv and the environment.
import { Command, InvalidArgumentError } from 'commander'
import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_MERCHANT } from './merchants/service.js'
import { createRuntime } from './runtime.js'
import { adoptExample, writeSeedDatabase } from './seed.js'
import { listen } from './server.js'
import { readScenarioFile, ScenarioError } from './sim/scenario/load.js'

const EXAMPLE_DB = fileURLToPath(new URL('../sandbox.db.example', import.meta.url))

const integer = (what: string) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${what} must be an integer`)
  return n
}

function fail(err: Error): never {
  console.error(`ivy-sandbox: ${err.message}`)
  process.exit(1)
}

const program = new Command('ivy-sandbox').description('A local sandbox for the Ivy payouts API').showHelpAfterError()

program
  .command('serve', { isDefault: true })
  .description('start the sandbox (data survives restarts)')
  .option('-p, --port <port>', 'port to listen on (or the PORT environment variable)', integer('port'))
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--db <path>', 'SQLite file, or :memory:', './sandbox.db')
  .option('--scenario <name>', 'scenario of the default merchant and of new merchants', undefined)
  .option('--seed <n>', 'seed of the default merchant and of new merchants', integer('seed'))
  .action(async (options: { port?: number; host: string; db: string; scenario?: string; seed?: number }) => {
    const port = options.port ?? (process.env.PORT ? integer('PORT')(process.env.PORT) : 4010)
    const dbPath = options.db === ':memory:' ? ':memory:' : resolve(options.db)
    const copiesExample = dbPath !== ':memory:' && !existsSync(dbPath) && existsSync(EXAMPLE_DB)
    const rt = await createRuntime({ db: dbPath, template: EXAMPLE_DB, scenario: options.scenario, seed: options.seed }).catch(fail)
    const server = await listen(rt, { port, host: options.host }).catch(async (err: NodeJS.ErrnoException) => {
      // Never served: the next start copies the example again and points it at its own port.
      if (copiesExample) await rt.close().then(() => rmSync(dbPath))
      return fail(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; choose another with --port`) : err)
    })
    if (copiesExample) adoptExample(rt, server.url)
    const shown = ['127.0.0.1', 'localhost', '::1'].includes(options.host) ? `http://localhost:${server.port}` : server.url
    console.log(`ivy-sandbox listening on ${shown}`)
    console.log(`  API          ${shown}/api/service/...   (header X-Ivy-Api-Key: ${DEFAULT_MERCHANT.apiKey})`)
    console.log(`  webhooks     signed with ${DEFAULT_MERCHANT.webhookSecret}`)
    console.log(`  dashboard    ${shown}/     API reference ${shown}/docs`)
    console.log(`  data         ${dbPath === ':memory:' ? 'in memory (lost on exit)' : dbPath}${copiesExample ? ' (new: copied from sandbox.db.example)' : ''}`)
    const stop = async () => {
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

await program.parseAsync()
