// Snapshot rows: a merchant's saved state by name.
import { insertQuery, query, type Db } from '../db/database.js'
import type { SnapshotTable } from '../db/schema.js'

export type SnapshotRow = SnapshotTable

const byName = query((db, p: { merchantId: string; name: string }) =>
  db.selectFrom('snapshots').select(['name', 'created_at', 'payouts', 'state']).where('merchant_id', '=', p.merchantId).where('name', '=', p.name),
)
const nameTaken = query((db, p: { merchantId: string; name: string }) =>
  db.selectFrom('snapshots').select('name').where('merchant_id', '=', p.merchantId).where('name', '=', p.name),
)
const ofMerchant = query((db, p: { merchantId: string }) =>
  db.selectFrom('snapshots').select(['name', 'created_at', 'payouts']).where('merchant_id', '=', p.merchantId).orderBy('name'),
)
const insert = insertQuery('snapshots', ['merchant_id', 'name', 'created_at', 'payouts', 'state'])
const remove = query((db, p: { merchantId: string; name: string }) => db.deleteFrom('snapshots').where('merchant_id', '=', p.merchantId).where('name', '=', p.name))

export function findSnapshotState(db: Db, merchantId: string, name: string): Omit<SnapshotRow, 'merchant_id'> | undefined {
  return byName.get(db, { merchantId, name })
}

export function snapshotExists(db: Db, merchantId: string, name: string): boolean {
  return nameTaken.get(db, { merchantId, name }) !== undefined
}

export function snapshotsOf(db: Db, merchantId: string): Array<Pick<SnapshotRow, 'name' | 'created_at' | 'payouts'>> {
  return ofMerchant.all(db, { merchantId })
}

export function insertSnapshot(db: Db, row: SnapshotRow): void {
  insert.run(db, row)
}

/** The number of rows deleted (0 or 1). */
export function deleteSnapshotRow(db: Db, merchantId: string, name: string): number {
  return remove.run(db, { merchantId, name }).changes
}
