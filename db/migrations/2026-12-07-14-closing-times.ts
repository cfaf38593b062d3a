import type { Kysely } from 'kysely'

// Frozen once landed. Time to deliberate (issue 16): a proposal stays open until every member
// has taken a stance or its closing time comes, whichever is first. `closes_at` is that time;
// `reminded_at` when the members who had not yet taken a stance were told, the day before, that
// it closes. Proposals open when this runs close three days from now, as a new one would by
// default: none closes under a group's feet the moment it is deployed. Each person may name
// their time zone, so that closing times are shown and chosen in it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('decisions').addColumn('closes_at', 'text').execute()
  await db.schema.alterTable('decisions').addColumn('reminded_at', 'text').execute()
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString()
  await db.updateTable('decisions').set({ closes_at: inThreeDays }).where('status', '=', 'open').execute()
  await db.schema.createIndex('decisions_open_closing').on('decisions').columns(['status', 'closes_at']).execute()
  await db.schema.alterTable('people').addColumn('time_zone', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('time_zone').execute()
  await db.schema.dropIndex('decisions_open_closing').execute()
  await db.schema.alterTable('decisions').dropColumn('reminded_at').execute()
  await db.schema.alterTable('decisions').dropColumn('closes_at').execute()
}
