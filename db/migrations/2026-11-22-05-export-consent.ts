import { sql, type Kysely } from 'kysely'

// Frozen once landed. What a member allows exports to show of them: their name, or a
// pseudonym that stays the same for the life of the group (assigned in joining order,
// never reused, kept when someone leaves and rejoins).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('export_name', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('members').addColumn('pseudonym_index', 'integer').execute()
  // Backfill: number existing members per group in the order they joined.
  // (Result keys may arrive camelCased when the caller's Kysely has CamelCasePlugin; read both.)
  const rows = await sql<Record<string, string>>`select id, group_id from members order by group_id, joined_at, id`.execute(db)
  const next = new Map<string, number>()
  for (const row of rows.rows) {
    const groupId = row.group_id ?? row.groupId ?? ''
    const index = next.get(groupId) ?? 0
    next.set(groupId, index + 1)
    await sql`update members set pseudonym_index = ${index} where id = ${row.id}`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').dropColumn('pseudonym_index').execute()
  await db.schema.alterTable('members').dropColumn('export_name').execute()
}
