import { sql, type Kysely } from 'kysely'

// Frozen once landed. Two formal practices of a group (issue 18, items 5 and 6; seed 003,
// "Forms of supervision and quality control" and "Forms of conflict resolution"):
//
// - Peer review audit. The group identifies and revises the main components of the job and the
//   criteria of competence for each (a framework, versioned, each version adopted by decision).
//   Each practitioner self-assesses on the job against the criteria and keeps the records. A
//   record is the practitioner's alone until they share it with the audit group (the group);
//   the audit group meets to process what was shared by self and peer assessment; a record
//   reaches the group's link groups only while its writer consents.
// - Conflict resolution. The group's own written form (versioned, adopted by decision): the
//   steps a concern follows, each saying who it is between. A concern raised under it, the steps
//   taken, an outcome in the seed's terms. Visible to those involved, and to the group once a
//   step of the form brings it there; a link group is asked to help only by the group's decision,
//   and then reads the summary the group wrote, never the record.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_frameworks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('template_slug', 'text')
    // [{ key, name, description, criteria: [{ key, text }] }], checked by zod where it is read.
    .addColumn('components_json', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('adopted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_frameworks_group_version', ['group_id', 'version'])
    .execute()

  await db.schema
    .createTable('audit_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('framework_version', 'integer', (c) => c.notNull())
    .addColumn('practised_on', 'text', (c) => c.notNull())
    .addColumn('occasion', 'text', (c) => c.notNull())
    // [{ criterionKey, level, note }]: level 1..4 (see the feature's core), checked by zod.
    .addColumn('scores_json', 'text', (c) => c.notNull())
    .addColumn('reflection', 'text', (c) => c.notNull())
    .addColumn('shared_at', 'text')
    .addColumn('links_consent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_assessments_group').on('audit_assessments').columns(['group_id', 'person_id']).execute()

  await db.schema
    .createTable('audit_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('audit_peer_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('audit_assessments.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text', (c) => c.references('audit_meetings.id').onDelete('set null'))
    .addColumn('by_person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('feedback', 'text', (c) => c.notNull())
    // [{ criterionKey, level }]: the peer's own levels, where they give them.
    .addColumn('levels_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_peer_assessments_assessment').on('audit_peer_assessments').column('assessment_id').execute()

  await db.schema
    .createTable('conflict_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    // [{ key, name, description, audience: 'involved' | 'group' }], checked by zod.
    .addColumn('steps_json', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('adopted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('conflict_forms_group_version', ['group_id', 'version'])
    .execute()

  await db.schema
    .createTable('conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('about', 'text', (c) => c.notNull().check(sql.raw(`about in ('practice', 'between_members')`)))
    .addColumn('concern', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('open', 'closed', 'withdrawn')`)))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.check(
        sql.raw(
          `outcome is null or outcome in ('honourable_difference', 'misunderstanding', 'misrepresentation', 'manipulation', 'unaware_projection')`,
        ),
      ),
    )
    .addColumn('outcome_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute()
  await db.schema.createIndex('conflicts_group').on('conflicts').columns(['group_id', 'status']).execute()

  await db.schema
    .createTable('conflict_parties')
    .addColumn('conflict_id', 'text', (c) => c.notNull().references('conflicts.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql.raw(`role in ('raised', 'named', 'supporter')`)))
    .addPrimaryKeyConstraint('conflict_parties_pk', ['conflict_id', 'person_id'])
    .execute()

  await db.schema
    .createTable('conflict_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conflict_id', 'text', (c) => c.notNull().references('conflicts.id').onDelete('cascade'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('by_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('conflict_steps_conflict').on('conflict_steps').columns(['conflict_id', 'at']).execute()

  await db.schema
    .createTable('conflict_help_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conflict_id', 'text', (c) => c.notNull().references('conflicts.id').onDelete('cascade'))
    .addColumn('link_id', 'text', (c) => c.notNull().references('network_links.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('answered_at', 'text')
    .execute()
}

/** Every table this migration makes, children first: the order `down` drops them in. */
export const GROUP_PRACTICE_TABLES = [
  'conflict_help_requests',
  'conflict_steps',
  'conflict_parties',
  'conflicts',
  'conflict_forms',
  'audit_peer_assessments',
  'audit_meetings',
  'audit_assessments',
  'audit_frameworks',
] as const

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of GROUP_PRACTICE_TABLES) await db.schema.dropTable(table).execute()
}
