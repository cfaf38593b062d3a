import { sql, type Kysely } from 'kysely'

// Frozen once landed. Everyone's own judgement of a validity procedure (issue 16 item 3): a
// cycle's judgements were one per procedure, the last member's overwriting the one before.
// Now each member keeps their own: unique per (cycle, procedure, person), the person in
// `updated_by` (others read that column). SQLite cannot change a table's constraints in place,
// so the table is made anew, every judgement copied over as the judgement of whoever last set
// it, the old table dropped and the new one renamed to the old name: the same in PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('validity_judgements_v2')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('procedure_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Named as PostgreSQL would name them on a table made as validity_judgements, so the renamed table reads the same.
    .addPrimaryKeyConstraint('validity_judgements_own_pk', ['id'])
    .addForeignKeyConstraint('validity_judgements_cycle_id_fkey', ['cycle_id'], 'cycles', ['id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('validity_judgements_updated_by_fkey', ['updated_by'], 'people', ['id'])
    .addCheckConstraint('validity_judgements_status_check', sql.raw(`status in ('met', 'partly', 'not_met', 'n_a')`))
    .addUniqueConstraint('validity_judgements_cycle_procedure_person', ['cycle_id', 'procedure_key', 'updated_by'])
    .execute()
  await sql`insert into validity_judgements_v2 (id, cycle_id, procedure_key, status, note, updated_by, updated_at)
            select id, cycle_id, procedure_key, status, note, updated_by, updated_at from validity_judgements`.execute(db)
  await db.schema.dropTable('validity_judgements').execute()
  await db.schema.alterTable('validity_judgements_v2').renameTo('validity_judgements').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to one judgement per procedure: the one set last (ties broken by id) stands for the group.
  await db.schema
    .createTable('validity_judgements_v1')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('procedure_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('met', 'partly', 'not_met', 'n_a')`)))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('validity_judgements_cycle_procedure_v1', ['cycle_id', 'procedure_key'])
    .execute()
  await sql`insert into validity_judgements_v1 (id, cycle_id, procedure_key, status, note, updated_by, updated_at)
            select j.id, j.cycle_id, j.procedure_key, j.status, j.note, j.updated_by, j.updated_at from validity_judgements j
            where not exists (
              select 1 from validity_judgements later
              where later.cycle_id = j.cycle_id and later.procedure_key = j.procedure_key
                and (later.updated_at > j.updated_at or (later.updated_at = j.updated_at and later.id > j.id))
            )`.execute(db)
  await db.schema.dropTable('validity_judgements').execute()
  await db.schema.alterTable('validity_judgements_v1').renameTo('validity_judgements').execute()
}
