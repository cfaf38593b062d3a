import type { Kysely } from 'kysely'

// Frozen once landed. The right to withdraw (research ethics): when a member withdrew from
// the group's research (their contributions erased; the group keeps only that and when), and
// when a person deleted their account (the row stays, emptied of personal data, so the
// group's history keeps its shape).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').addColumn('withdrawn_at', 'text').execute()
  await db.schema.alterTable('people').addColumn('deleted_at', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('deleted_at').execute()
  await db.schema.alterTable('members').dropColumn('withdrawn_at').execute()
}
