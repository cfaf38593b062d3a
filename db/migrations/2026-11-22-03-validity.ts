import { sql, type Kysely } from 'kysely'

// Frozen once landed. The validity review: challenges (devil's advocate), judgements per
// procedure, check-ins, anonymous ballots, and the inquiry's own template versions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('raised_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sql.raw(`target_kind in ('theme', 'record', 'decision', 'process')`)))
    .addColumn('target_id', 'text')
    .addColumn('hazard', 'text', (c) =>
      c
        .notNull()
        .check(sql.raw(`hazard in ('consensus_collusion', 'uncritical_subjectivity', 'unaware_projection', 'dominance', 'other')`)),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.check(sql.raw(`resolution in ('revised', 'answered', 'left_open')`)))
    .addColumn('resolution_text', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('people.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('challenges_inquiry_cycle').on('challenges').columns(['inquiry_id', 'cycle_id']).execute()
  await db.schema.createIndex('challenges_target').on('challenges').columns(['target_kind', 'target_id']).execute()

  await db.schema
    .createTable('validity_judgements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('procedure_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('met', 'partly', 'not_met', 'n_a')`)))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('validity_judgements_cycle_procedure', ['cycle_id', 'procedure_key'])
    .execute()

  await db.schema
    .createTable('check_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phase_id', 'text', (c) => c.notNull().references('phases.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('needs_time', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('check_ins_phase_person', ['phase_id', 'person_id'])
    .execute()

  // One row per anonymous ballot: a keyed hash of (decision, person), no time, no stance.
  // It only enforces "one person, one stance" while the decision is open, and is deleted
  // when the decision closes. The stances themselves live, shuffled, in decisions.anonymous_json.
  await db.schema
    .createTable('anonymous_ballots')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id').onDelete('cascade'))
    .addColumn('voter_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('anonymous_ballots_pk', ['decision_id', 'voter_hash'])
    .execute()
  await db.schema
    .alterTable('decisions')
    .addColumn('anonymous_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()

  await db.schema.alterTable('cycles').addColumn('review_adopted_at', 'text').execute()
  await db.schema
    .alterTable('cycles')
    .addColumn('devils_advocate_id', 'text', (c) => c.references('people.id'))
    .execute()

  await db.schema
    .createTable('template_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('template_json', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('template_versions_inquiry_version', ['inquiry_id', 'version'])
    .execute()
  await sql`insert into template_versions (id, inquiry_id, version, template_json, summary, decision_id, created_at)
            select id, id, 1, template_json, 'The template as the inquiry began.', null, created_at from inquiries`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('template_versions').execute()
  await db.schema.alterTable('cycles').dropColumn('devils_advocate_id').execute()
  await db.schema.alterTable('cycles').dropColumn('review_adopted_at').execute()
  await db.schema.alterTable('decisions').dropColumn('anonymous_json').execute()
  for (const table of ['anonymous_ballots', 'check_ins', 'validity_judgements', 'challenges']) await db.schema.dropTable(table).execute()
}
