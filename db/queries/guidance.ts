import type { Executor } from '../connection'

// What the inquiry dashboard's guidance ("This phase", issue 16) counts: one person's own acts
// in the current phase, and how many members have acted. The group's side is counts only: no
// query here returns who has or has not acted, so nothing built on them can name anyone.

/** How many records a person has written in a phase (their private ones too: they are theirs). */
export async function countOwnRecordsOfPhase(db: Executor, phaseId: string, personId: string): Promise<number> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phaseId', '=', phaseId)
    .where('authorId', '=', personId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** How many of these members have checked in in a phase: a count, never who. */
export async function countCheckInsOfPhase(db: Executor, phaseId: string, memberIds: string[]): Promise<number> {
  if (memberIds.length === 0) return 0
  const row = await db
    .selectFrom('checkIns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phaseId', '=', phaseId)
    .where('personId', 'in', memberIds)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The procedures of a cycle on which this person's judgement stands (validity_judgements.updatedBy). */
export async function listProceduresJudgedBy(db: Executor, cycleId: string, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('validityJudgements')
    .select('procedureKey')
    .distinct()
    .where('cycleId', '=', cycleId)
    .where('updatedBy', '=', personId)
    .execute()
  return rows.map((r) => r.procedureKey)
}

/** How many of these members have a judgement standing on every one of these procedures of a cycle: a count only. */
export async function countMembersWhoJudgedAll(
  db: Executor,
  cycleId: string,
  procedureKeys: string[],
  memberIds: string[],
): Promise<number> {
  if (procedureKeys.length === 0 || memberIds.length === 0) return 0
  const rows = await db
    .selectFrom('validityJudgements')
    .select(['updatedBy', (eb) => eb.fn.count<number>('procedureKey').distinct().as('n')])
    .where('cycleId', '=', cycleId)
    .where('procedureKey', 'in', procedureKeys)
    .where('updatedBy', 'in', memberIds)
    .groupBy('updatedBy')
    .execute()
  return rows.filter((r) => Number(r.n) === procedureKeys.length).length
}
