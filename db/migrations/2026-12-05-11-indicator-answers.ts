import { sql, type Kysely } from 'kysely'

// Frozen once landed. The group answers an indicator (issue 14 item 4): a member marks a
// warning or alert of one cycle "we looked at this", with a note. Every answer is kept as a
// version: a later answer by any member adds the next version rather than overwriting, so the
// review records how the group met the hazard over time. The current answer is the highest
// version; (cycle, indicator, version) is unique, so two members answering at once cannot
// both take the same version. `status` is the indicator's status when it was answered: the
// indicators are recomputed, and an answer stays readable if the status later changes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('warn', 'alert')`)))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicator_answers_cycle_indicator_version', ['cycle_id', 'indicator_key', 'version'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_answers').execute()
}
