// Identifiers. Object ids are UUIDs as Ivy's are, of version 7 (time-ordered), so new rows land
// at the end of their indexes instead of on random pages; credentials carry a readable prefix.
// A source of ids is injected so `npm run seed` can produce the same database on every run.
import { randomBytes, randomUUID } from 'node:crypto'
import { systemWallClock } from './clock.js'

export interface IdSource {
  uuid(): string
  secret(prefix: string): string
}

/** UUIDv7: 48 bits of milliseconds, then the version, then randomness (from a v4 UUID). */
function uuidv7(): string {
  const time = systemWallClock().toString(16).padStart(12, '0')
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`
}

export const randomIds: IdSource = {
  uuid: uuidv7,
  secret: (prefix) => `${prefix}${randomBytes(20).toString('hex')}`,
}
