// Uploaded scenarios, stored once per content: merchants that upload the same YAML point at one
// row, and a row no merchant points at any more is deleted.
import { query, type Db } from '../../db/database.js'

const byId = query((db, p: { id: string }) => db.selectFrom('uploaded_scenarios').select(['yaml', 'scenario']).where('id', '=', p.id))
const upsert = query((db, p: { id: string; yaml: string; scenario: string }) =>
  db
    .insertInto('uploaded_scenarios')
    .values({ id: p.id, yaml: p.yaml, scenario: p.scenario })
    .onConflict((oc) => oc.column('id').doUpdateSet({ scenario: p.scenario })),
)
const deleteIfUnused = query((db, p: { id: string }) =>
  db
    .deleteFrom('uploaded_scenarios')
    .where('id', '=', p.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('merchants').select('id').where('scenario_id', '=', p.id)))),
)

export function findUploadedScenario(db: Db, id: string): { yaml: string; scenario: string | null } | undefined {
  return byId.get(db, { id })
}

/** Stores an upload once per id, with its validated form as JSON (`scenario`). */
export function storeUploadedScenario(db: Db, id: string, yaml: string, scenario: string): void {
  upsert.run(db, { id, yaml, scenario })
}

/** Deletes the uploaded scenario `id` unless a merchant still runs it. */
export function dropUnusedScenario(db: Db, id: string | null): void {
  if (id !== null) deleteIfUnused.run(db, { id })
}
