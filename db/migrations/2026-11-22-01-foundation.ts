import { sql, type Kysely } from 'kysely'

// Frozen: never edit a landed migration; add a new one.
// Column types are chosen to mean the same in SQLite and PostgreSQL:
// ids are random text, timestamps ISO-8601 text, flags 0/1 integers.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute()

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('ip_key', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_attempts_email').on('login_attempts').columns(['email_key', 'attempted_at']).execute()
  await db.schema.createIndex('login_attempts_ip').on('login_attempts').columns(['ip_key', 'attempted_at']).execute()

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['inquiry_group', 'pair'])))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ground_rules', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('is_facilitator', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pair_role', 'text')
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addUniqueConstraint('members_group_person', ['group_id', 'person_id'])
    .execute()
  await db.schema.createIndex('members_person').on('members').column('person_id').execute()

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('pair_role', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('invitations_group').on('invitations').column('group_id').execute()

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('template_slug', 'text', (c) => c.notNull())
    .addColumn('template_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['forming', 'cycling', 'concluded'])))
    .addColumn('created_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('concluded_at', 'text')
    .execute()
  await db.schema.createIndex('inquiries_group').on('inquiries').column('group_id').execute()

  await db.schema
    .createTable('cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('focus', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addUniqueConstraint('cycles_inquiry_number', ['inquiry_id', 'number'])
    .execute()

  await db.schema
    .createTable('phases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('template_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['reflection', 'action'])))
    .addColumn('role', 'text', (c) => c.notNull().check(sqlIn('role', ['co-researcher', 'co-subject'])))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['upcoming', 'current', 'done', 'skipped'])))
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addUniqueConstraint('phases_cycle_position', ['cycle_id', 'position'])
    .execute()

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'text', (c) => c.references('inquiries.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.references('cycles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['open', 'passed', 'rejected', 'withdrawn', 'superseded'])))
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('outcome_note', 'text')
    .execute()
  await db.schema.createIndex('decisions_group').on('decisions').columns(['group_id', 'created_at']).execute()
  await db.schema.createIndex('decisions_inquiry').on('decisions').columns(['inquiry_id', 'status']).execute()

  await db.schema
    .createTable('stances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('stance', 'text', (c) => c.notNull().check(sqlIn('stance', ['agree', 'abstain', 'disagree', 'block'])))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addUniqueConstraint('stances_decision_person_seq', ['decision_id', 'person_id', 'seq'])
    .execute()

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('recording', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plans_cycle_person', ['cycle_id', 'person_id'])
    .execute()

  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('phase_id', 'text', (c) => c.notNull().references('phases.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('way_of_knowing', 'text', (c) =>
      c.notNull().check(sqlIn('way_of_knowing', ['experiential', 'presentational', 'propositional', 'practical'])),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['private', 'group'])))
    .addColumn('export_consent', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sqlIn('export_consent', ['none', 'anonymised', 'named'])),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('records_inquiry_cycle').on('records').columns(['inquiry_id', 'cycle_id', 'occurred_at']).execute()
  await db.schema.createIndex('records_author').on('records').column('author_id').execute()

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_events_created').on('audit_events').column('created_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'records',
    'plans',
    'stances',
    'decisions',
    'phases',
    'cycles',
    'inquiries',
    'invitations',
    'members',
    'groups',
    'login_attempts',
    'sessions',
    'people',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}

function sqlIn(column: string, values: string[]) {
  // A CHECK constraint written once for both dialects; values are literals from this file.
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`)
}
