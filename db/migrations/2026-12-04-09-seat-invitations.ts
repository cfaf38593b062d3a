import type { Kysely } from 'kysely'

// Frozen once landed. Invitations into a placeholder seat (issue 13): an inquiry imported
// from an archive has a seat for each member who has no account here. A member can make a
// link for one seat; whoever joins through it takes the seat over, with everything the seat
// holds. invitations.seat_person_id names the seat (a person with placeholder = 1); null for
// an ordinary invitation. The seat is gone once taken, so the link then names no one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('invitations')
    .addColumn('seat_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitations').dropColumn('seat_person_id').execute()
}
