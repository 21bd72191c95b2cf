// Server: the floor for payout/create. The same HTTP stack (Hono on @hono/node-server) and the
// same SQLite settings as the sandbox, doing the least a create must do: read the JSON body and
// insert one row with a raw prepared statement. No validation, auth, scenario or journal: what
// the sandbox spends above this is the price of its logic.
import { serve } from '@hono/node-server'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { childArgs, closeOnSigterm, report, type ServerReport } from './child.js'

const { db: path } = childArgs<{ db: string }>()
const db = new Database(path)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec('CREATE TABLE IF NOT EXISTS payouts (id TEXT PRIMARY KEY, amount REAL, currency TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL)')
const insert = db.prepare('INSERT INTO payouts (id, amount, currency, body, created_at) VALUES (?, ?, ?, ?, ?)')

const app = new Hono()
app.post('/api/service/payout/create', async (c) => {
  const body = await c.req.json<{ amount?: number; currency?: string }>()
  const id = randomUUID()
  const createdAt = Date.now()
  insert.run(id, body.amount ?? null, body.currency ?? null, JSON.stringify(body), createdAt)
  return c.json({ id, status: 'pending', ...body, createdAt: new Date(createdAt).toISOString() })
})

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  report({ url: `http://127.0.0.1:${info.port}` } satisfies ServerReport)
})
closeOnSigterm(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      db.close()
    }),
)
