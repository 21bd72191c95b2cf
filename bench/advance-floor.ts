// The floor for a clock advance: the table writes one transition makes, done with raw
// better-sqlite3 statements and no logic, 500 to a transaction as the scheduler batches them.
// Per transition: find the next due job, delete it, update the payout, insert a journal row,
// and on the paid step update the balance row. (The sandbox moves no money on paid, it reserved
// the amount at creation; the floor does the balance write anyway, as the issue defines it,
// which makes the floor a little slower and the target a little easier.)
import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'

const BATCH = 500

interface DueJob {
  id: number
  due_at: number
  payout_id: string
  to_status: string
  rule: string
}

/** The status a step leaves, as in the always-paid scenario (other workloads journal it roughly: the floor counts writes, not meaning). */
const FROM: Record<string, string> = { in_transit: 'pending', paid: 'in_transit' }

export function advanceFloor(path: string, merchantId: string, byMs: number): number {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  try {
    const { clock_now: now } = db.prepare('SELECT clock_now FROM merchants WHERE id = ?').get(merchantId) as { clock_now: number }
    const until = now + byMs
    const next = db.prepare('SELECT id, due_at, payout_id, to_status, rule FROM jobs WHERE merchant_id = ? AND due_at <= ? ORDER BY due_at, id LIMIT 1')
    const remove = db.prepare('DELETE FROM jobs WHERE id = ?')
    const update = db.prepare(
      "UPDATE payouts SET status = ?, updated_at = ?, transaction_id = ?, reserved = CASE WHEN ? = 'paid' THEN 0 ELSE reserved END WHERE id = ?",
    )
    const journal = db.prepare(
      "INSERT INTO journal (merchant_id, payout_id, at, from_status, to_status, source, rule, reason_code, failure_code) VALUES (?, ?, ?, ?, ?, 'simulator', ?, NULL, NULL)",
    )
    const balance = db.prepare("UPDATE balances SET available = available + 0 WHERE merchant_id = ? AND currency = 'EUR'")
    let transitions = 0
    const batch = db.transaction(() => {
      let n = 0
      for (; n < BATCH; n++) {
        const job = next.get(merchantId, until) as DueJob | undefined
        if (!job) break
        remove.run(job.id)
        const paid = job.to_status === 'paid'
        update.run(job.to_status, job.due_at, paid ? randomUUID() : null, job.to_status, job.payout_id)
        journal.run(merchantId, job.payout_id, job.due_at, FROM[job.to_status] ?? null, job.to_status, job.rule)
        if (paid) balance.run(merchantId)
      }
      return n
    })
    for (let n = BATCH; n === BATCH; ) transitions += n = batch.immediate()
    return transitions
  } finally {
    db.close()
  }
}
