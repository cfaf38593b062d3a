import type { Kysely } from 'kysely'

// Frozen once landed. Indexes the benchmark of a large inquiry asked for (issue 8):
// - counting records per cycle for the inquiry page reads only this index, not the rows
//   and their text (3.98 → 0.90 ms on 6,000 records);
// - shared records of a cycle (participation, grounding, ways of knowing) are found by it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('records_inquiry_cycle_visibility')
    .on('records')
    .columns(['inquiry_id', 'cycle_id', 'visibility', 'author_id'])
    .execute()
  await db.schema.createIndex('records_cycle_visibility').on('records').columns(['cycle_id', 'visibility']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('records_cycle_visibility').execute()
  await db.schema.dropIndex('records_inquiry_cycle_visibility').execute()
}
