// Schema migrations as an inline, ordered record (Kysely's FileMigrationProvider does not suit
// ESM). A migration is frozen once it has shipped: change the schema with a new one.
// Integer keys are plain rowids, not AUTOINCREMENT: new rows still get ids above every live
// one (all the (due_at, id) order of jobs needs), without a sqlite_sequence write per insert.
import { createHash } from 'node:crypto'
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'

const migrations: Record<string, Migration> = {
  '001_core': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('merchants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('api_key', 'text', (c) => c.notNull().unique())
        .addColumn('webhook_secret', 'text', (c) => c.notNull())
        .addColumn('open_loop', 'integer', (c) => c.notNull())
        .addColumn('scenario_name', 'text', (c) => c.notNull())
        .addColumn('scenario_yaml', 'text')
        .addColumn('seed', 'integer')
        .addColumn('clock_mode', 'text', (c) => c.notNull())
        .addColumn('clock_now', 'integer', (c) => c.notNull())
        .addColumn('clock_wall', 'integer', (c) => c.notNull())
        .addColumn('clock_speed', 'real', (c) => c.notNull())
        .addColumn('payout_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('customer_payouts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('beneficiary_payouts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('balances')
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('available', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('balances_pk', ['merchant_id', 'currency'])
        .execute()

      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('reference_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('payer_financial_address', 'text')
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('orders_by_reference').on('orders').columns(['merchant_id', 'reference_id']).execute()

      await db.schema
        .createTable('payouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('metadata', 'text')
        .addColumn('payment_reference', 'text')
        .addColumn('rail', 'text')
        .addColumn('transaction_id', 'text')
        .addColumn('failure_code', 'text')
        .addColumn('reserved', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('payouts_by_seq').unique().on('payouts').columns(['merchant_id', 'seq']).execute()
      await db.schema.createIndex('payouts_by_type').on('payouts').columns(['merchant_id', 'type', 'seq']).execute()
      await db.schema.createIndex('payouts_by_status').on('payouts').columns(['merchant_id', 'status', 'seq']).execute()

      await db.schema
        .createTable('journal')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('payout_id', 'text', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('rule', 'text')
        .addColumn('reason_code', 'text')
        .addColumn('failure_code', 'text')
        .execute()
      await db.schema.createIndex('journal_by_merchant').on('journal').columns(['merchant_id', 'id']).execute()
      await db.schema.createIndex('journal_by_payout').on('journal').columns(['payout_id', 'id']).execute()

      await db.schema
        .createTable('jobs')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('due_at', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payout_id', 'text')
        .addColumn('to_status', 'text')
        .addColumn('failure_code', 'text')
        .addColumn('reason_code', 'text')
        .addColumn('rule', 'text')
        .addColumn('delivery_id', 'integer')
        .execute()
      await db.schema.createIndex('jobs_by_due').on('jobs').columns(['merchant_id', 'due_at', 'id']).execute()
      await db.schema.createIndex('jobs_by_payout').on('jobs').columns(['payout_id']).where(sql.ref('payout_id'), 'is not', null).execute()

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('response_body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['merchant_id', 'key'])
        .execute()
    },
  },
  '002_webhooks': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addUniqueConstraint('webhook_subscriptions_url', ['merchant_id', 'url'])
        .execute()

      await db.schema
        .createTable('webhook_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('payout_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('webhook_events_by_payout').on('webhook_events').columns(['payout_id']).execute()

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('subscription_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('fail_first', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('jobs_by_delivery').on('jobs').columns(['delivery_id']).where(sql.ref('delivery_id'), 'is not', null).execute()
      await db.schema.createIndex('webhook_deliveries_by_event').on('webhook_deliveries').columns(['event_id']).execute()

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('response_excerpt', 'text')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('webhook_attempts_by_merchant').on('webhook_attempts').columns(['merchant_id', 'id']).execute()
      await db.schema.createIndex('webhook_attempts_by_event').on('webhook_attempts').columns(['event_id', 'id']).execute()

      await db.schema
        .createTable('inbox')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text')
        .addColumn('received_at', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('event_type', 'text')
        .addColumn('signature', 'text')
        .addColumn('signature_valid', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('inbox_by_name').on('inbox').columns(['name', 'id']).execute()
    },
  },
  '003_wake': {
    async up(db: Kysely<any>) {
      // The wall time by which the scheduler must next look at a merchant (see src/sim/wake.ts).
      await db.schema.alterTable('merchants').addColumn('next_wake_wall', 'integer').execute()
      await db.schema
        .createIndex('merchants_by_wake')
        .on('merchants')
        .columns(['next_wake_wall', 'id'])
        .where(sql.ref('next_wake_wall'), 'is not', null)
        .execute()
    },
  },
  // Uploaded scenarios were a copy per merchant; they are now stored once per content, keyed by
  // the SHA-256 of the YAML, and merchants point at them. Rows moved here have no `scenario`
  // (the validated form) until uploaded again: they are read from their YAML.
  '004_uploaded_scenarios': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('uploaded_scenarios')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('yaml', 'text', (c) => c.notNull())
        .addColumn('scenario', 'text')
        .execute()
      await db.schema.alterTable('merchants').addColumn('scenario_id', 'text', (c) => c.references('uploaded_scenarios.id')).execute()
      const texts = await db.selectFrom('merchants').select('scenario_yaml').distinct().where('scenario_yaml', 'is not', null).execute()
      for (const { scenario_yaml: yaml } of texts as Array<{ scenario_yaml: string }>) {
        const id = createHash('sha256').update(yaml).digest('hex')
        await db.insertInto('uploaded_scenarios').values({ id, yaml }).execute()
        await db.updateTable('merchants').set({ scenario_id: id }).where('scenario_yaml', '=', yaml).execute()
      }
      await db.schema.alterTable('merchants').dropColumn('scenario_yaml').execute()
      await db.schema.createIndex('merchants_by_scenario').on('merchants').column('scenario_id').where(sql.ref('scenario_id'), 'is not', null).execute()
    },
  },
  '005_request_log': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('api_requests')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'real', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('api_key', 'text', (c) => c.notNull())
        .addColumn('request_body', 'text')
        .addColumn('response_body', 'text')
        .execute()
      await db.schema.createIndex('api_requests_by_merchant').on('api_requests').columns(['merchant_id', 'id']).execute()
    },
  },
  // Faults on the API (src/faults): the armed ones, and journal rows for each one injected. A
  // fault row names no status change, and one answered before acting names no payout, so the
  // journal is rebuilt with those two columns nullable (SQLite cannot relax NOT NULL in place).
  '006_api_faults': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('api_faults')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('fault_when', 'text', (c) => c.notNull())
        .addColumn('remaining', 'integer', (c) => c.notNull())
        .addColumn('retry_after', 'integer')
        .addColumn('delay_ms', 'integer')
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('api_faults_by_merchant').on('api_faults').columns(['merchant_id', 'path', 'id']).execute()

      await db.schema
        .createTable('journal_new')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('payout_id', 'text')
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('rule', 'text')
        .addColumn('reason_code', 'text')
        .addColumn('failure_code', 'text')
        .addColumn('fault_path', 'text')
        .addColumn('fault_status', 'integer')
        .addColumn('fault_when', 'text')
        .execute()
      await sql`insert into journal_new (id, merchant_id, payout_id, at, from_status, to_status, source, rule, reason_code, failure_code)
        select id, merchant_id, payout_id, at, from_status, to_status, source, rule, reason_code, failure_code from journal`.execute(db)
      await db.schema.dropTable('journal').execute()
      await db.schema.alterTable('journal_new').renameTo('journal').execute()
      await db.schema.createIndex('journal_by_merchant').on('journal').columns(['merchant_id', 'id']).execute()
      await db.schema.createIndex('journal_by_payout').on('journal').columns(['payout_id', 'id']).execute()
    },
  },
  // Per-merchant snapshots: the merchant's rows of every table, as JSON, restored in one transaction.
  '007_snapshots': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('snapshots')
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('payouts', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('snapshots_pk', ['merchant_id', 'name'])
        .execute()
    },
  },
  // Money in and out around payouts (issue 11): orders as Ivy has them, refunds, deposits and
  // their returns, subaccounts, a beneficiary account per currency, and one ledger. Each balance
  // row becomes an account with an id and a booked total; balances held before this migration
  // open their ledger with one booking of what they held.
  '008_money_in_and_out': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('jobs').renameColumn('payout_id', 'subject_id').execute()

      await db.schema.alterTable('balances').addColumn('account_id', 'text').execute()
      await db.schema.alterTable('balances').addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await sql`update balances set account_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`.execute(db)
      await sql`update balances set booked = available + coalesce((select sum(reserved) from payouts p where p.merchant_id = balances.merchant_id and p.currency = balances.currency), 0)`.execute(db)
      await db.schema.createIndex('balances_by_account').on('balances').column('account_id').unique().execute()

      await db.schema
        .createTable('bookings')
        .addColumn('n', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('before', 'integer', (c) => c.notNull())
        .addColumn('after', 'integer', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('process_type', 'text')
        .addColumn('process_id', 'text')
        .addColumn('bank_statement_reference', 'text', (c) => c.notNull())
        .addColumn('creditor', 'text', (c) => c.notNull())
        .addColumn('debtor', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('bookings_by_merchant').on('bookings').columns(['merchant_id', 'at', 'n']).execute()
      await db.schema.createIndex('bookings_by_account').on('bookings').columns(['account_id', 'n']).execute()
      await sql`insert into bookings (id, merchant_id, account_id, currency, side, amount, before, after, at, process_type, process_id, bank_statement_reference, creditor, debtor)
        select lower(hex(randomblob(16))), b.merchant_id, b.account_id, b.currency, 'credit', b.booked, 0, b.booked, m.created_at, 'topup', null, 'OPENING BALANCE', '{"type":"iban"}', '{"type":"iban"}'
        from balances b join merchants m on m.id = b.merchant_id where b.booked > 0`.execute(db)

      await db.schema.alterTable('merchants').addColumn('beneficiary_accounts', 'text').execute()

      for (const [column, type] of [
        ['subaccount_id', 'text'],
        ['customer', 'text'],
        ['expires_at', 'integer'],
        ['destination', 'text'],
        ['bank_statement_reference', 'text'],
        ['transaction_id', 'text'],
        ['refund_amount', 'integer'],
        ['status_history', 'text'],
      ] as const) {
        await db.schema.alterTable('orders').addColumn(column, type).execute()
      }
      await sql`update orders set refund_amount = 0, status_history = '[]'`.execute(db)

      await db.schema
        .createTable('subaccounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('legal_name', 'text', (c) => c.notNull())
        .addColumn('mcc', 'text', (c) => c.notNull())
        .addColumn('website_url', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('subaccounts_by_merchant').on('subaccounts').columns(['merchant_id', 'created_at']).execute()

      await db.schema
        .createTable('refunds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reference_id', 'text', (c) => c.notNull())
        .addColumn('reserved', 'integer', (c) => c.notNull())
        .addColumn('transaction_id', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('refunds_by_order').on('refunds').columns(['order_id', 'created_at']).execute()
      await db.schema.createIndex('refunds_by_merchant').on('refunds').columns(['merchant_id', 'seq']).execute()

      await db.schema
        .createTable('deposits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('payer', 'text', (c) => c.notNull())
        .addColumn('payee', 'text', (c) => c.notNull())
        .addColumn('rail', 'text')
        .addColumn('bank_statement_reference', 'text')
        .addColumn('tx_hash', 'text')
        .addColumn('transaction_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('deposits_by_merchant').on('deposits').columns(['merchant_id', 'seq']).execute()

      await db.schema
        .createTable('returns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('deposit_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reserved', 'integer', (c) => c.notNull())
        .addColumn('transaction_id', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('failed_at', 'integer')
        .addColumn('succeeded_at', 'integer')
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('returns_by_deposit').on('returns').columns(['deposit_id', 'created_at']).execute()
    },
  },
  // Why an order failed or was abandoned (Ivy's statusClassification), kept as JSON.
  '009_orders_refunds': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('orders').addColumn('status_classification', 'text').execute()
    },
  },
  // A merchant's returns by number: the next return's number (its random stream) is read from here.
  '010_deposits_returns': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('returns_by_merchant').on('returns').columns(['merchant_id', 'seq']).execute()
    },
  },
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Every migration's name and code: what an empty database at the latest migration is made of. */
export const migrationsFingerprint = Object.entries(migrations)
  .map(([name, migration]) => `${name}\n${String(migration.up)}`)
  .join('\n')

/** The name of the newest migration; a test checks sandbox.db.example is at it. */
export const latestMigration = Object.keys(migrations).at(-1)!

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateToLatest()
  if (error) throw error
}
