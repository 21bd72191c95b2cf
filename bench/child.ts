// Benchmark subjects run in child processes, so the load generator's CPU and the orchestrator's
// heap are never counted against them. A child reports to its parent with one tagged JSON line
// on stdout; servers report their URL and run until sent SIGTERM, workers report a result and exit.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

const TAG = '@bench '
const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Bound on a child's silence before its report: population and a 200k-step advance fit well inside. */
const REPORT_TIMEOUT_MS = 180_000

/** What a server child reports once it listens. */
export interface ServerReport {
  url: string
  /** CPU time over wall time while the server sat idle, when asked for (sandbox-server.ts). */
  idleCpuPercent?: number
}

/** Child side: hands `value` to the parent. */
export function report(value: unknown): void {
  process.stdout.write(`${TAG}${JSON.stringify(value)}\n`)
}

/** Child side: the JSON argument the parent passed. */
export function childArgs<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T
}

/** Child side: runs `close` and exits on SIGTERM (how a parent stops a server). */
export function closeOnSigterm(close: () => Promise<void> | void): void {
  process.once('SIGTERM', () => {
    void Promise.resolve(close()).finally(() => process.exit(0))
  })
}

let profileDir: string | undefined

/** From now on, children write a V8 CPU profile into `dir` when they exit. */
export function profileChildrenInto(dir: string): void {
  profileDir = dir
}

const running = new Set<ChildProcess>()
// A crashed orchestrator must not leave servers listening behind it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export interface Child<R> {
  /** The child's report. */
  result: R
  /** Settles when the child has exited. */
  exited: Promise<void>
  /** Sends SIGTERM and waits for the child to exit. */
  stop(): Promise<void>
}

/** Starts `bench/<script>` under tsx with `args`; resolves at its first report. */
export function startChild<R>(script: string, args: unknown = {}): Promise<Child<R>> {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', `bench/${script}`, JSON.stringify(args)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  running.add(child)
  // 'close', not 'exit': it comes after stdout has drained, so a last report is never lost.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  void exited.then(() => running.delete(child))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${script}: no report within ${REPORT_TIMEOUT_MS / 1000} s`))
    }, REPORT_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      if (!line.startsWith(TAG)) return void process.stdout.write(`  [${script}] ${line}\n`)
      clearTimeout(timer)
      resolve({ result: JSON.parse(line.slice(TAG.length)) as R, exited, stop })
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`${script} exited (code ${child.exitCode}, signal ${child.signalCode}) before reporting`))
    })
  })
}

/** Bound on a worker's wind-down after its report. */
const EXIT_GRACE_MS = 10_000

/**
 * Runs a worker to completion and answers its report. The worker is left to exit by itself
 * (a killed process writes no CPU profile); only one that lingers is sent SIGTERM.
 */
export async function runWorker<R>(script: string, args: unknown = {}): Promise<R> {
  const child = await startChild<R>(script, args)
  let timer: NodeJS.Timeout | undefined
  await Promise.race([child.exited, new Promise((resolve) => (timer = setTimeout(resolve, EXIT_GRACE_MS)))])
  clearTimeout(timer)
  await child.stop()
  return child.result
}
