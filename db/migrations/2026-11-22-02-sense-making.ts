import { sql, type Kysely } from 'kysely'

// Frozen once landed. Themes, their links to records and their history; ratings in two
// rounds per cycle; the cycle remembers when its blind round was revealed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('themes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('first_cycle_id', 'text', (c) => c.notNull().references('cycles.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('active', 'merged')`)))
    .addColumn('merged_into_id', 'text', (c) => c.references('themes.id'))
    .addColumn('split_from_id', 'text', (c) => c.references('themes.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('themes_inquiry').on('themes').columns(['inquiry_id', 'status']).execute()

  await db.schema
    .createTable('theme_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('theme_id', 'text', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('theme_events_theme').on('theme_events').columns(['theme_id', 'created_at']).execute()

  await db.schema
    .createTable('theme_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('theme_id', 'text', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('record_id', 'text', (c) => c.notNull().references('records.id').onDelete('cascade'))
    .addColumn('linked_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('theme_links_theme_record', ['theme_id', 'record_id'])
    .execute()
  await db.schema.createIndex('theme_links_record').on('theme_links').column('record_id').execute()

  await db.schema
    .createTable('ratings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('theme_id', 'text', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('round', 'text', (c) => c.notNull().check(sql.raw(`round in ('blind', 'open')`)))
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ratings_theme_cycle_person_round', ['theme_id', 'cycle_id', 'person_id', 'round'])
    .execute()
  await db.schema.createIndex('ratings_cycle').on('ratings').columns(['cycle_id', 'round']).execute()

  await db.schema.alterTable('cycles').addColumn('blind_revealed_at', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cycles').dropColumn('blind_revealed_at').execute()
  for (const table of ['ratings', 'theme_links', 'theme_events', 'themes']) await db.schema.dropTable(table).execute()
}
