// Server: the real sandbox (createRuntime + listen, as the CLI serves it) on a file database
// in WAL mode, on a free loopback port. With `idleMs` it first sits idle that long and reports
// the CPU it used meanwhile (the scheduler's cost when nothing is due).
import { createRuntime } from '../src/runtime.js'
import { listen } from '../src/server.js'
import { childArgs, closeOnSigterm, report, type ServerReport } from './child.js'

const { db, idleMs } = childArgs<{ db: string; idleMs?: number }>()
const rt = await createRuntime({ db })
const server = await listen(rt, { port: 0, host: '127.0.0.1' })
closeOnSigterm(async () => {
  await server.close()
  await rt.close()
})
if (idleMs === undefined) report({ url: server.url } satisfies ServerReport)
else {
  // Start-up work (catching up due jobs, JIT) is over once the first timers have run.
  await new Promise((resolve) => setTimeout(resolve, 500))
  const cpu = process.cpuUsage()
  const started = performance.now()
  await new Promise((resolve) => setTimeout(resolve, idleMs))
  const used = process.cpuUsage(cpu)
  const idleCpuPercent = ((used.user + used.system) / 1000 / (performance.now() - started)) * 100
  report({ url: server.url, idleCpuPercent } satisfies ServerReport)
}
