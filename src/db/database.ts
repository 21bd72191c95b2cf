// Opens the SQLite database and gives the rest of the code two ways to run Kysely-built SQL
// synchronously through better-sqlite3: `query()` for statements compiled once per database,
// `db.all/get/run` for queries whose shape varies. Synchronous execution is deliberate: a
// state change runs start to finish without any other request interleaving (idempotency and
// balance reservations rely on that).
//
// Commits are grouped. Each `tx()` is a savepoint, all-or-nothing on its own, inside one
// transaction that stays open until the event loop has run what is ready (setImmediate), and
// then commits the state changes of every request that arrived together: their pages (the
// same index tails, the merchant row, the balance) are written to the WAL once instead of once
// each. Nothing is acknowledged before it is committed: the HTTP layer awaits `durable()`
// before any response goes out, and the scheduler `flush()`es each batch of events.
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, type Compilable } from 'kysely'
import { copyFileSync, existsSync } from 'node:fs'
import type { Insertable } from 'kysely'
import type { DatabaseSchema } from './schema.js'
import { startCheckpointer, type Checkpointer } from './checkpointer.js'
import { migrateToLatest } from './migrations.js'

export type Kdb = Kysely<DatabaseSchema>

export interface Db {
  readonly sqlite: Database.Database
  readonly kysely: Kdb
  readonly path: string
  /** Runs `fn` all-or-nothing (a savepoint of the open group transaction). */
  tx<T>(fn: () => T): T
  /** Resolves once everything written so far is committed; rejects if that commit failed. */
  durable(): Promise<void>
  /** Commits the open group transaction now. */
  flush(): void
  all<O>(query: Compilable<O>): O[]
  get<O>(query: Compilable<O>): O | undefined
  run(query: Compilable<unknown>): Database.RunResult
  close(): Promise<void>
  /** Statements compiled by `query()`, with the order of their named parameters. */
  readonly prepared: Map<object, Prepared>
}

interface Prepared {
  stmt: Database.Statement
  /** Per bound parameter: the name of the argument it takes, or a constant of the query. */
  slots: Array<{ name: string } | { value: unknown }>
}

export interface OpenOptions {
  /** File path or ':memory:'. */
  path: string
  /** Copied to `path` when that file does not exist yet (first start). */
  template?: string
  /** A serialized database to start from (tests: migrate once, copy per test). */
  image?: Buffer
}

export async function openDatabase(options: OpenOptions): Promise<Db> {
  const { path } = options
  if (path !== ':memory:' && options.template && !existsSync(path) && existsSync(options.template)) {
    copyFileSync(options.template, path)
  }
  const sqlite = options.image ? new Database(options.image) : new Database(path)
  let checkpointer: Checkpointer | undefined
  if (path !== ':memory:' && !options.image) {
    sqlite.pragma('journal_mode = WAL')
    // NORMAL in WAL mode: a process crash loses no committed transaction; only a power cut
    // may roll back the last few commits, and the file stays consistent either way.
    sqlite.pragma('synchronous = NORMAL')
    checkpointer = startCheckpointer(path)
    sqlite.pragma('wal_autocheckpoint = 0')
  }
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const kysely = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) })
  await migrateToLatest(kysely)
  return wrap(sqlite, kysely, path, checkpointer)
}

function wrap(sqlite: Database.Database, kysely: Kdb, path: string, checkpointer?: Checkpointer): Db {
  const bySql = new Map<string, Database.Statement>()
  const statement = (sql: string) => {
    let stmt = bySql.get(sql)
    if (!stmt) bySql.set(sql, (stmt = sqlite.prepare(sql)))
    return stmt
  }
  // Inside an open transaction better-sqlite3 runs this as a savepoint.
  const savepoint = sqlite.transaction((fn: () => unknown) => fn())
  const begin = sqlite.prepare('BEGIN IMMEDIATE')
  const commit = sqlite.prepare('COMMIT')

  interface Group {
    waiting: Array<{ resolve: () => void; reject: (err: unknown) => void }>
    failed?: unknown
  }
  let group: Group | undefined

  const flush = () => {
    const closing = group
    if (!closing) return
    group = undefined
    try {
      if (closing.failed) throw closing.failed
      commit.run()
    } catch (err) {
      if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run()
      for (const w of closing.waiting) w.reject(err)
      return
    }
    for (const w of closing.waiting) w.resolve()
  }

  return {
    sqlite,
    kysely,
    path,
    prepared: new Map(),
    tx: <T>(fn: () => T): T => {
      if (group && !sqlite.inTransaction) flush()
      if (!group) {
        begin.run()
        const opened: Group = (group = { waiting: [] })
        setImmediate(() => group === opened && flush())
      }
      const current = group
      try {
        return savepoint(fn) as T
      } catch (err) {
        // Some failures (a full disk) end the whole transaction, not only the savepoint.
        if (!sqlite.inTransaction) current.failed ??= err
        throw err
      }
    },
    durable: () => {
      const current = group
      if (!current) return Promise.resolve()
      return new Promise((resolve, reject) => current.waiting.push({ resolve, reject }))
    },
    flush,
    all: <O>(q: Compilable<O>) => {
      const c = q.compile()
      return statement(c.sql).all(...(c.parameters as unknown[])) as O[]
    },
    get: <O>(q: Compilable<O>) => {
      const c = q.compile()
      return statement(c.sql).get(...(c.parameters as unknown[])) as O | undefined
    },
    run: (q: Compilable<unknown>) => {
      const c = q.compile()
      return statement(c.sql).run(...(c.parameters as unknown[]))
    },
    close: async () => {
      flush()
      await checkpointer?.stop()
      await kysely.destroy()
      // Closing the last connection checkpoints what is left and removes the WAL file.
      if (sqlite.open) sqlite.close()
    },
  }
}

const PARAM = Symbol('param')
type ParamMarker = { [PARAM]: string }
type Slot = { name: string } | { value: unknown }

/**
 * Writes numeric constants into the SQL instead of binding them: SQLite plans `LIMIT 1` once,
 * but re-plans a bound `LIMIT ?` next to a range condition on every run (about 7 us each).
 */
function inlineNumbers(sql: string, parameters: readonly unknown[]): { sql: string; slots: Slot[] } {
  const slots: Slot[] = []
  let out = ''
  let quote: string | null = null
  let next = 0
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch
    } else if (ch === '?') {
      const parameter = parameters[next++]
      const name = (parameter as ParamMarker | null)?.[PARAM]
      if (name !== undefined) slots.push({ name })
      else if (typeof parameter === 'number' && Number.isFinite(parameter)) {
        out += String(parameter)
        continue
      } else slots.push({ value: parameter })
    }
    out += ch
  }
  return { sql: out, slots }
}

/**
 * A statement built with Kysely once per database and then run at the cost of a prepared
 * statement. `build` receives stand-ins for its arguments, so it must pass each one straight to
 * Kysely as a value (no arithmetic or branching on them); constants it writes stay constants.
 */
export function query<A extends Record<string, unknown>, O>(build: (db: Kdb, p: A) => Compilable<O>) {
  const key = {}
  const prepare = (db: Db): Prepared => {
    const known = db.prepared.get(key)
    if (known) return known
    const markers = new Proxy(
      {},
      {
        get: (_, name) => ({ [PARAM]: String(name) }),
        ownKeys: () => {
          throw new Error('query(): arguments cannot be spread; name each one (see insertQuery)')
        },
      },
    ) as A
    const compiled = build(db.kysely, markers).compile()
    const { sql, slots } = inlineNumbers(compiled.sql, compiled.parameters)
    const prepared = { stmt: db.sqlite.prepare(sql), slots }
    db.prepared.set(key, prepared)
    return prepared
  }
  const bind = (db: Db, p: A) => {
    const { stmt, slots } = prepare(db)
    return { stmt, values: slots.map((o) => ('name' in o ? p[o.name] : o.value)) }
  }
  return {
    all(db: Db, p: A): O[] {
      const { stmt, values } = bind(db, p)
      return stmt.all(...values) as O[]
    },
    get(db: Db, p: A): O | undefined {
      const { stmt, values } = bind(db, p)
      return stmt.get(...values) as O | undefined
    },
    run(db: Db, p: A): Database.RunResult {
      const { stmt, values } = bind(db, p)
      return stmt.run(...values)
    },
  }
}

/** A prepared INSERT of the named columns of `table`, each taken from the argument of that name. */
export function insertQuery<T extends keyof DatabaseSchema, C extends keyof Insertable<DatabaseSchema[T]> & string>(table: T, columns: readonly C[]) {
  return query((db, p: Pick<Insertable<DatabaseSchema[T]>, C>) =>
    db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, p[c]])) as never),
  )
}
