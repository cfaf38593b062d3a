import { sql, type Kysely } from 'kysely'

// Frozen once landed. Co-counselling sessions (issue 19; seed 000, the principles of
// co-counselling): two or more people take turns as client and counsellor, each with the same
// time as client. What is kept is only the time: who was client and who kept time, the contract
// the client chose (and when they changed it), how long each turn ran, and whether a counsellor
// interrupted. Nothing a client works on is kept (principle 11): no table here has a column for
// it. The one text is the client's own private note, read by its writer alone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('co_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The group the people share; null for a session between participants of the network.
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('booked_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('minutes_each', 'integer', (c) => c.notNull().check(sql.raw('minutes_each between 5 and 180')))
    .addColumn('overrun_minutes', 'integer', (c) => c.notNull().defaultTo(5).check(sql.raw('overrun_minutes between 0 and 60')))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('booked').check(sql.raw(`status in ('booked', 'done', 'cancelled')`)))
    .addColumn('reminder_sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('co_sessions_due').on('co_sessions').columns(['status', 'starts_at']).execute()

  await db.schema
    .createTable('co_session_people')
    .addColumn('session_id', 'text', (c) => c.notNull().references('co_sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    // The order the people take their turns as client in.
    .addColumn('seat', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('co_session_people_pk', ['session_id', 'person_id'])
    .addUniqueConstraint('co_session_people_seat', ['session_id', 'seat'])
    .execute()
  await db.schema.createIndex('co_session_people_person').on('co_session_people').column('person_id').execute()

  await db.schema
    .createTable('co_turns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('co_sessions.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('people.id'))
    // The counsellor the client chose, who keeps time.
    .addColumn('counsellor_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('contract', 'text', (c) => c.notNull().check(sql.raw(`contract in ('free_attention', 'normal', 'intensive')`)))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('seconds', 'integer', (c) => c.check(sql.raw('seconds is null or seconds >= 0')))
    .addColumn('interrupted_by', 'text', (c) => c.references('people.id'))
    .addColumn('interrupted_at', 'text')
    .addUniqueConstraint('co_turns_one_each', ['session_id', 'client_id'])
    .execute()

  await db.schema
    .createTable('co_contract_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('turn_id', 'text', (c) => c.notNull().references('co_turns.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('contract', 'text', (c) => c.notNull().check(sql.raw(`contract in ('free_attention', 'normal', 'intensive')`)))
    .execute()
  await db.schema.createIndex('co_contract_changes_turn').on('co_contract_changes').column('turn_id').execute()

  await db.schema
    .createTable('co_private_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('co_sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('co_private_notes_one_each', ['session_id', 'person_id'])
    .execute()

  // Whether the group sees the totals of its members' sessions: by the group's own decision.
  await db.schema
    .createTable('co_group_settings')
    .addColumn('group_id', 'text', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('show_totals', 'integer', (c) => c.notNull().check(sql.raw('show_totals in (0, 1)')))
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['co_group_settings', 'co_private_notes', 'co_contract_changes', 'co_turns', 'co_session_people', 'co_sessions'])
    await db.schema.dropTable(table).execute()
}
