import type { Kysely } from 'kysely'

// Frozen once landed. Exports and archive import:
// - inquiries.published_through_cycle: the highest cycle whose group-level findings the
//   group agreed, by decision, to publish; imported_at marks an inquiry made from an archive.
// - people.placeholder: a seat created by an archive import for someone who has no account
//   here (a pseudonymous member, or a name a quote was attributed to). It cannot log in.
// - carried_contributions and cycles.carried_json: what an imported inquiry's analysis needs
//   from records whose words stayed behind (no export consent): counts only, per member and
//   per cycle, so the analysis after import equals the analysis before; inquiries.carried_json
//   keeps the archive's list of members who chose to be named.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inquiries').addColumn('published_through_cycle', 'integer').execute()
  await db.schema.alterTable('inquiries').addColumn('imported_at', 'text').execute()
  await db.schema.alterTable('inquiries').addColumn('carried_json', 'text').execute()
  await db.schema
    .alterTable('people')
    .addColumn('placeholder', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('cycles').addColumn('carried_json', 'text').execute()
  await db.schema
    .createTable('carried_contributions')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('words', 'integer', (c) => c.notNull())
    .addColumn('action_records', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('carried_contributions_pk', ['cycle_id', 'person_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('carried_contributions').execute()
  await db.schema.alterTable('cycles').dropColumn('carried_json').execute()
  await db.schema.alterTable('people').dropColumn('placeholder').execute()
  await db.schema.alterTable('inquiries').dropColumn('carried_json').execute()
  await db.schema.alterTable('inquiries').dropColumn('imported_at').execute()
  await db.schema.alterTable('inquiries').dropColumn('published_through_cycle').execute()
}
