// Checkpointing the WAL on a worker thread. SQLite's automatic checkpoint runs inside whichever
// commit crosses the threshold, copying pages and syncing the file on the event loop; that
// doubled the cost of a commit and made the latency spikes of a busy sandbox. A second
// connection on a worker checkpoints (PASSIVE: never blocking the writer) a few times a second.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

// Plain CommonJS evaluated by the worker, so it needs no TypeScript loader wherever it runs.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} }
const timer = setInterval(checkpoint, workerData.everyMs)
parentPort.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.postMessage('closed')
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

export function startCheckpointer(path: string, everyMs = 250): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, everyMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  })
  worker.unref()
  worker.on('error', (err) => console.error('checkpointer:', err))
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()))
        worker.once('exit', () => resolve())
        worker.postMessage('stop')
      }),
  }
}
