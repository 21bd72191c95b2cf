// Server: the real sandbox (createRuntime + listen, as the CLI serves it) on a file database
// in WAL mode, on a free loopback port.
import { createRuntime } from '../src/runtime.js'
import { listen } from '../src/server.js'
import { childArgs, closeOnSigterm, report, type ServerReport } from './child.js'

const { db } = childArgs<{ db: string }>()
const rt = await createRuntime({ db })
const server = await listen(rt, { port: 0, host: '127.0.0.1' })
closeOnSigterm(async () => {
  await server.close()
  await rt.close()
})
report({ url: server.url } satisfies ServerReport)
