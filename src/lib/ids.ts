// Identifiers. Object ids are UUIDs as Ivy's are; credentials carry a readable prefix. A source
// of ids is injected so `npm run seed` can produce the same database on every run.
import { randomBytes, randomUUID } from 'node:crypto'

export interface IdSource {
  uuid(): string
  secret(prefix: string): string
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  secret: (prefix) => `${prefix}${randomBytes(20).toString('hex')}`,
}
