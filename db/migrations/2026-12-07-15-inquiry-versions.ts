import { SqliteAdapter, sql, type Kysely } from 'kysely'

// Frozen once landed. Each inquiry's data version (issue 17): a counter that moves in the same
// transaction as any write to what the inquiry's pages show, so a result computed at one
// version (an analysis, a rendered chart) can be kept until the version moves, by every
// process, on SQLite and PostgreSQL alike. Triggers do the counting, so no write path can
// forget it: a new table that pages read must be added to INQUIRY_OF below in a migration.
// Writes to anything else (sessions, mail, logins, audit) leave every version where it was.

/** A decision's inquiry, or every inquiry of its group for a decision of the group's own (the dashboard lists both). */
const ofDecision = (d: string) =>
  `select i.id as inquiry_id from inquiries i where i.id = ${d}.inquiry_id or (${d}.inquiry_id is null and i.group_id = ${d}.group_id)`
const throughDecision = (r: string) =>
  `select i.id as inquiry_id from decisions d join inquiries i on i.id = d.inquiry_id or (d.inquiry_id is null and i.group_id = d.group_id) where d.id = ${r}.decision_id`

/** How a row of each table finds its inquiry (or inquiries): a select of `inquiry_id` over the row, named `r`. */
export const INQUIRY_OF: Record<string, (r: string) => string> = {
  decisions: ofDecision,
  stances: throughDecision,
  anonymous_ballots: throughDecision,
  inquiries: (r) => `select ${r}.id as inquiry_id`,
  cycles: (r) => `select ${r}.inquiry_id as inquiry_id`,
  records: (r) => `select ${r}.inquiry_id as inquiry_id`,
  themes: (r) => `select ${r}.inquiry_id as inquiry_id`,
  challenges: (r) => `select ${r}.inquiry_id as inquiry_id`,
  template_versions: (r) => `select ${r}.inquiry_id as inquiry_id`,
  ratings: (r) => `select c.inquiry_id as inquiry_id from cycles c where c.id = ${r}.cycle_id`,
  phases: (r) => `select c.inquiry_id as inquiry_id from cycles c where c.id = ${r}.cycle_id`,
  plans: (r) => `select c.inquiry_id as inquiry_id from cycles c where c.id = ${r}.cycle_id`,
  validity_judgements: (r) => `select c.inquiry_id as inquiry_id from cycles c where c.id = ${r}.cycle_id`,
  indicator_answers: (r) => `select c.inquiry_id as inquiry_id from cycles c where c.id = ${r}.cycle_id`,
  carried_contributions: (r) => `select c.inquiry_id as inquiry_id from cycles c where c.id = ${r}.cycle_id`,
  theme_links: (r) => `select t.inquiry_id as inquiry_id from themes t where t.id = ${r}.theme_id`,
  theme_events: (r) => `select t.inquiry_id as inquiry_id from themes t where t.id = ${r}.theme_id`,
  check_ins: (r) => `select c.inquiry_id as inquiry_id from phases p join cycles c on c.id = p.cycle_id where p.id = ${r}.phase_id`,
  members: (r) => `select i.id as inquiry_id from inquiries i where i.group_id = ${r}.group_id`,
  groups: (r) => `select i.id as inquiry_id from inquiries i where i.group_id = ${r}.id`,
  people: (r) =>
    `select distinct i.id as inquiry_id from members m join inquiries i on i.group_id = m.group_id where m.person_id = ${r}.id`,
}

/**
 * Adds one to the version of each inquiry the select names (its one column is `inquiry_id`),
 * in id order, so PostgreSQL takes its row locks in one order and two writers cannot deadlock.
 */
const bump = (select: string) =>
  `insert into inquiry_versions (inquiry_id, version) select v.inquiry_id, 1 from (${select}) as v where v.inquiry_id is not null ` +
  `order by v.inquiry_id on conflict (inquiry_id) do update set version = inquiry_versions.version + 1`

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inquiry_versions')
    // No foreign key: rows deleted with their inquiry fire these triggers after it has gone.
    .addColumn('inquiry_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await sql`insert into inquiry_versions (inquiry_id, version) select id, 1 from inquiries`.execute(db)
  for (const [table, inquiries] of Object.entries(INQUIRY_OF)) {
    if (isSqlite(db)) {
      await sql.raw(`create trigger ${table}_version_insert after insert on ${table} begin ${bump(inquiries('new'))}; end`).execute(db)
      await sql.raw(`create trigger ${table}_version_update after update on ${table} begin ${bump(inquiries('new'))}; end`).execute(db)
      await sql.raw(`create trigger ${table}_version_delete after delete on ${table} begin ${bump(inquiries('old'))}; end`).execute(db)
    } else {
      await sql
        .raw(
          `create function ${table}_version() returns trigger language plpgsql as $$ begin ` +
            `if tg_op = 'DELETE' then ${bump(inquiries('old'))}; else ${bump(inquiries('new'))}; end if; return null; end $$`,
        )
        .execute(db)
      await sql
        .raw(
          `create trigger ${table}_version after insert or update or delete on ${table} for each row execute function ${table}_version()`,
        )
        .execute(db)
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(INQUIRY_OF)) {
    if (isSqlite(db)) {
      for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_version_${op}`).execute(db)
    } else {
      await sql.raw(`drop trigger ${table}_version on ${table}`).execute(db)
      await sql.raw(`drop function ${table}_version()`).execute(db)
    }
  }
  await db.schema.dropTable('inquiry_versions').execute()
}
