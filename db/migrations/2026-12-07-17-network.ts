import { sql, type Kysely } from 'kysely'

// Frozen once landed. The network of groups (issue 18; docs/design.md §11): what lives between
// groups. Each table holds only what a group decided to publish to the network, or what two linked
// groups share between them; a group's internal deliberation stays in its own decisions.
//
// Anything that can cross to another installation carries a `uri` (urn:uuid:…), never a bare id.

export async function up(db: Kysely<any>): Promise<void> {
  // A group's place in the network: its stage (moved by its own decisions), and its standing as
  // last worked out from its links (kept so that a change is written to its history once).
  await db.schema
    .createTable('network_groups')
    .addColumn('group_id', 'text', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('stage', 'text', (c) => c.notNull().check(sql.raw(`stage in ('forming', 'standing_by', 'member', 'laid_down')`)))
    .addColumn('standing', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('profile_json', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('seeking_since', 'text')
    .execute()

  await db.schema
    .createTable('network_standing_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('standing', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('network_standing_events_group').on('network_standing_events').columns(['group_id', 'at']).execute()

  await db.schema
    .createTable('network_statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('network_statements_group_version', ['group_id', 'version'])
    .execute()

  await db.schema
    .createTable('network_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('asking_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('answering_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('asked', 'active', 'declined', 'ended')`)))
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('asked_decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('answered_at', 'text')
    .addColumn('answered_decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('ended_at', 'text')
    .addColumn('ended_decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('reason', 'text')
    .addCheckConstraint('network_links_not_self', sql.raw('asking_group_id <> answering_group_id'))
    .execute()
  await db.schema.createIndex('network_links_asking').on('network_links').columns(['asking_group_id', 'status']).execute()
  await db.schema.createIndex('network_links_answering').on('network_links').columns(['answering_group_id', 'status']).execute()

  // One link group's judgement of the other's standing-by process; the latest for (link, by) counts.
  await db.schema
    .createTable('network_validations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('link_id', 'text', (c) => c.notNull().references('network_links.id').onDelete('cascade'))
    .addColumn('by_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('of_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql.raw(`verdict in ('validated', 'withheld')`)))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('network_validations_link').on('network_validations').columns(['link_id', 'decided_at']).execute()

  // Shared between the two linked groups only.
  await db.schema
    .createTable('network_link_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('network_links.id').onDelete('cascade'))
    .addColumn('by_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('raised_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('people.id'))
    .addColumn('answered_at', 'text')
    .execute()

  await db.schema
    .createTable('network_link_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('network_links.id').onDelete('cascade'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('by_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  // Each note is its writer's own, so a member who withdraws takes their words with them.
  await db.schema
    .createTable('network_meeting_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('network_link_meetings.id').onDelete('cascade'))
    .addColumn('by_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('written_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    .execute()

  // The network's own settings: one row, changed only by federal decision.
  await db.schema
    .createTable('network_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('principles', 'text', (c) => c.notNull())
    .addColumn('grace_days', 'integer', (c) => c.notNull())
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('federal_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('proposed_by_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('open', 'passed', 'withdrawn', 'superseded')`)))
    .addColumn('closed_at', 'text')
    .addColumn('outcome_note', 'text')
    .execute()
  await db.schema.createIndex('federal_proposals_status').on('federal_proposals').columns(['status', 'proposed_at']).execute()

  // A group's stance, cast by its own decision; the latest per (proposal, group) counts.
  await db.schema
    .createTable('federal_stances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('federal_proposals.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('stance', 'text', (c) => c.notNull().check(sql.raw(`stance in ('agree', 'stand_aside', 'block')`)))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('cast_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('federal_stances_proposal').on('federal_stances').columns(['proposal_id', 'group_id', 'cast_at']).execute()

  await db.schema
    .createTable('network_offices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('term_starts', 'text', (c) => c.notNull())
    .addColumn('term_ends', 'text', (c) => c.notNull())
    .addColumn('elected_by', 'text', (c) => c.notNull().references('federal_proposals.id').onDelete('cascade'))
    .addColumn('ended_at', 'text')
    .addColumn('ended_note', 'text')
    .execute()

  await db.schema
    .createTable('network_gatherings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('network_newsletter_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('gathering_id', 'text', (c) => c.references('network_gatherings.id').onDelete('set null'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .execute()

  await db.schema
    .createTable('network_contributions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('issue_id', 'text', (c) => c.references('network_newsletter_issues.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute()

  // A member's own choice to describe themselves as accredited through their full member group.
  await db.schema
    .createTable('network_accreditations')
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('chosen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_accreditations_pk', ['person_id', 'group_id'])
    .execute()
}

/** Every table this migration makes, children first: the order `down` drops them in. */
export const NETWORK_TABLES = [
  'network_accreditations',
  'network_contributions',
  'network_newsletter_issues',
  'network_gatherings',
  'network_offices',
  'federal_stances',
  'federal_proposals',
  'network_settings',
  'network_meeting_notes',
  'network_link_meetings',
  'network_link_challenges',
  'network_validations',
  'network_links',
  'network_statements',
  'network_standing_events',
  'network_groups',
] as const

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of NETWORK_TABLES) await db.schema.dropTable(table).execute()
}
