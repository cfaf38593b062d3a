import type { Kysely } from 'kysely'

// Frozen once landed. The records list reads one page at a time (issue 17): choosing the page's
// rows, newest first, reads only this index (inquiry, then the list's order, with what the
// visibility rule needs), so it costs the same however many records an inquiry has (on the
// benchmark's 6,000 records: about 10 ms to sort them all, 0.3 ms with the index).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('records_inquiry_order')
    .on('records')
    .columns(['inquiry_id', 'occurred_at', 'created_at', 'id', 'visibility', 'author_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('records_inquiry_order').execute()
}
