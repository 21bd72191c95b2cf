// A cache in the OS temp folder for what every process would otherwise build again, the same
// way, before its first sandbox can start: the migrated empty database and the parsed shipped
// scenarios (a cold YAML parser alone costs tens of milliseconds). Entries are keyed by a hash
// of everything that goes into them (the migrations' source; a scenario's text and the YAML
// parser's version), so any change makes a new entry. A cache that cannot be read or written only costs the time it would have saved.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const DIR = join(tmpdir(), 'ivy-sandbox-cache')

export function cacheKey(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex').slice(0, 40)
}

export function readCache(key: string): Buffer | undefined {
  try {
    return readFileSync(join(DIR, key))
  } catch {
    return undefined
  }
}

export function writeCache(key: string, data: Buffer | string): void {
  try {
    mkdirSync(DIR, { recursive: true })
    // Written aside and renamed, so a process reading at the same moment never sees half an entry.
    const aside = join(DIR, `${key}.${process.pid}.partial`)
    writeFileSync(aside, data)
    renameSync(aside, join(DIR, key))
  } catch {
    // Read-only or full temp folder: nothing is cached, nothing else changes.
  }
}
