// Worker: one timed advance of a fixture merchant's clock by `byMs`, either through the
// sandbox's scheduler or through the floor, on its own copy of the database. Each runs in a fresh
// process so its peak resident memory is its own.
import { createRuntime } from '../src/runtime.js'
import { advanceFloor } from './advance-floor.js'
import { childArgs, report } from './child.js'

export interface AdvanceArgs {
  subject: 'sandbox' | 'floor'
  db: string
  merchantId: string
  byMs: number
}

export interface AdvanceReport {
  transitions: number
  ms: number
  /** Resident memory before the advance and at its peak (the kernel's high-water mark), MiB. */
  startRssMb: number
  peakRssMb: number
}

async function advanceSandbox(db: string, merchantId: string, byMs: number): Promise<{ transitions: number; ms: number }> {
  const rt = await createRuntime({ db })
  try {
    const started = performance.now()
    const { fired } = await rt.scheduler.advance(merchantId, (now) => now + byMs)
    return { transitions: fired.length, ms: performance.now() - started }
  } finally {
    await rt.close()
  }
}

function timeFloor(db: string, merchantId: string, byMs: number): { transitions: number; ms: number } {
  const started = performance.now()
  const transitions = advanceFloor(db, merchantId, byMs)
  return { transitions, ms: performance.now() - started }
}

const { subject, db, merchantId, byMs } = childArgs<AdvanceArgs>()
const startRssMb = process.memoryUsage().rss / 2 ** 20
const run = subject === 'sandbox' ? await advanceSandbox(db, merchantId, byMs) : timeFloor(db, merchantId, byMs)
report({ ...run, startRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 } satisfies AdvanceReport)
