// Uploaded scenarios, stored once per content: merchants that upload the same YAML point at one
// row, and a row no merchant points at any more is deleted.
import { query, type Db } from '../../db/database.js'

const yamlById = query((db, p: { id: string }) => db.selectFrom('uploaded_scenarios').select('yaml').where('id', '=', p.id))
const insertIfNew = query((db, p: { id: string; yaml: string }) =>
  db.insertInto('uploaded_scenarios').values({ id: p.id, yaml: p.yaml }).onConflict((oc) => oc.column('id').doNothing()),
)
const deleteIfUnused = query((db, p: { id: string }) =>
  db
    .deleteFrom('uploaded_scenarios')
    .where('id', '=', p.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('merchants').select('id').where('scenario_id', '=', p.id)))),
)

export function uploadedScenarioYaml(db: Db, id: string): string | undefined {
  return yamlById.get(db, { id })?.yaml
}

export function storeUploadedScenario(db: Db, id: string, yaml: string): void {
  insertIfNew.run(db, { id, yaml })
}

/** Deletes the uploaded scenario `id` unless a merchant still runs it. */
export function dropUnusedScenario(db: Db, id: string | null): void {
  if (id !== null) deleteIfUnused.run(db, { id })
}
