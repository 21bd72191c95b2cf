// Worker: N sequential createSandbox() + close(), timed one by one, in a fresh process so the
// first call pays what a test suite's first call pays (the migrated image is made once per process).
import { createSandbox } from '../src/index.js'
import { childArgs, report } from './child.js'

export interface StartupReport {
  ms: number[]
}

const { n } = childArgs<{ n: number }>()
const ms: number[] = []
for (let i = 0; i < n; i++) {
  const started = performance.now()
  const sandbox = await createSandbox()
  await sandbox.close()
  ms.push(performance.now() - started)
}
report({ ms } satisfies StartupReport)
