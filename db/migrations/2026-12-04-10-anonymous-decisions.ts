import { sql, SqliteAdapter, type Kysely } from 'kysely'

// Frozen once landed. Anonymous decisions (issue 13): every stance on such a decision is
// anonymous, and nothing stored may follow the order in which they were cast. A SQLite table
// with a rowid numbers its rows in the order they were inserted, so the ballots of an open
// decision (one keyed hash per person) would keep the order people took their stances. The
// table is rebuilt WITHOUT ROWID: its rows are then kept in primary-key order, by decision and
// by hash, which follows nothing. PostgreSQL has no row numbers to drop; its heap order is
// not exposed by any query the app makes, and the ballots are deleted when a decision closes.

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return
  await db.schema
    .createTable('anonymous_ballots_keyed')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id').onDelete('cascade'))
    .addColumn('voter_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('anonymous_ballots_pk', ['decision_id', 'voter_hash'])
    .modifyEnd(sql`without rowid`)
    .execute()
  await sql`insert into anonymous_ballots_keyed (decision_id, voter_hash) select decision_id, voter_hash from anonymous_ballots order by decision_id, voter_hash`.execute(
    db,
  )
  await db.schema.dropTable('anonymous_ballots').execute()
  await db.schema.alterTable('anonymous_ballots_keyed').renameTo('anonymous_ballots').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return
  await db.schema
    .createTable('anonymous_ballots_rowid')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id').onDelete('cascade'))
    .addColumn('voter_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('anonymous_ballots_pk', ['decision_id', 'voter_hash'])
    .execute()
  await sql`insert into anonymous_ballots_rowid (decision_id, voter_hash) select decision_id, voter_hash from anonymous_ballots`.execute(db)
  await db.schema.dropTable('anonymous_ballots').execute()
  await db.schema.alterTable('anonymous_ballots_rowid').renameTo('anonymous_ballots').execute()
}
