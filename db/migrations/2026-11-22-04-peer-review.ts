import { sql, type Kysely } from 'kysely'

// Frozen once landed. Client–practitioner pairs: the stated principles of the work (versioned),
// the client's consent to a version, the pair's cadence and state, peer reviews with their
// agenda items, and each person's choice of outcome.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pair_settings')
    .addColumn('group_id', 'text', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('cadence_days', 'integer', (c) => c.notNull())
    .addColumn('next_review_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('active', 'paused', 'ended')`)))
    .addColumn('status_note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('principle_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('principles_json', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('principle_versions_group_version', ['group_id', 'version'])
    .execute()

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('principles_version', 'integer', (c) => c.notNull())
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute()
  await db.schema.createIndex('consents_group').on('consents').columns(['group_id', 'consented_at']).execute()

  await db.schema
    .createTable('peer_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('open', 'closed')`)))
    .addColumn('client_turn', 'text', (c) => c.notNull().check(sql.raw(`client_turn in ('raising', 'submitted', 'passed')`)))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('client_done_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql.raw(`outcome in ('continue', 'change', 'pause', 'end', 'not_agreed')`)))
    .addColumn('outcome_note', 'text')
    .addColumn('ended_by', 'text', (c) => c.references('people.id'))
    .addUniqueConstraint('peer_reviews_group_number', ['group_id', 'number'])
    .execute()

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('peer_reviews.id').onDelete('cascade'))
    .addColumn('raised_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('raised_as', 'text', (c) => c.notNull().check(sql.raw(`raised_as in ('client', 'practitioner')`)))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw(`kind in ('satisfaction', 'dissatisfaction', 'proposal', 'between_us')`)))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('note_by', 'text', (c) => c.references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('agenda_items_review').on('agenda_items').columns(['review_id', 'position']).execute()

  await db.schema
    .createTable('outcome_choices')
    .addColumn('review_id', 'text', (c) => c.notNull().references('peer_reviews.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql.raw(`outcome in ('continue', 'change', 'pause', 'end')`)))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outcome_choices_pk', ['review_id', 'person_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['outcome_choices', 'agenda_items', 'peer_reviews', 'consents', 'principle_versions', 'pair_settings']) {
    await db.schema.dropTable(table).execute()
  }
}
