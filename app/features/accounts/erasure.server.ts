import type { Executor } from '~db/connection'
import type { Database } from '~db/schema'
import { listGroupScope, listMemberNamesEver, type GroupScope } from '~db/queries/accounts'
import { insertPlaceholderPerson } from '~db/queries/people'
import { nameRedactor } from '~/features/exports/core/pseudonyms'
import { newId } from '~/utils/ids.server'

/** How a withdrawn or deleted person reads wherever the group's history keeps a trace of them. */
const FORMER_MEMBER = 'A former member'

/**
 * Every free-text and JSON column the group's pages, JSON routes and exports can show, with the
 * rows of this group. Whatever others wrote stays; only the withdrawn person's name, email and
 * id in it are rewritten. A column added to a group's data must be added here (the withdrawal
 * sweep test reads every page and export and would find it).
 */
const TEXT_COLUMNS: {
  table: keyof Database
  key: string[]
  columns: string[]
  scope: (s: GroupScope, groupId: string) => [string, string[]]
}[] = [
  { table: 'groups', key: ['id'], columns: ['name', 'groundRules'], scope: (_, g) => ['id', [g]] },
  { table: 'inquiries', key: ['id'], columns: ['title', 'question', 'templateJson', 'carriedJson'], scope: (_, g) => ['groupId', [g]] },
  { table: 'cycles', key: ['id'], columns: ['focus', 'carriedJson'], scope: (s) => ['inquiryId', s.inquiries] },
  {
    table: 'decisions',
    key: ['id'],
    columns: ['title', 'body', 'payloadJson', 'outcomeNote', 'anonymousJson'],
    scope: (_, g) => ['groupId', [g]],
  },
  { table: 'stances', key: ['id'], columns: ['reason'], scope: (s) => ['decisionId', s.decisions] },
  { table: 'plans', key: ['id'], columns: ['action', 'recording'], scope: (s) => ['cycleId', s.cycles] },
  { table: 'records', key: ['id'], columns: ['text'], scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'themes', key: ['id'], columns: ['name', 'description'], scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'themeEvents', key: ['id'], columns: ['detailJson'], scope: (s) => ['themeId', s.themes] },
  { table: 'ratings', key: ['id'], columns: ['reason'], scope: (s) => ['cycleId', s.cycles] },
  { table: 'challenges', key: ['id'], columns: ['text', 'resolutionText'], scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'validityJudgements', key: ['id'], columns: ['note'], scope: (s) => ['cycleId', s.cycles] },
  { table: 'indicatorAnswers', key: ['id'], columns: ['note'], scope: (s) => ['cycleId', s.cycles] },
  { table: 'checkIns', key: ['id'], columns: ['text'], scope: (s) => ['phaseId', s.phases] },
  { table: 'templateVersions', key: ['id'], columns: ['templateJson', 'summary'], scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'principleVersions', key: ['id'], columns: ['principlesJson', 'summary'], scope: (_, g) => ['groupId', [g]] },
  { table: 'pairSettings', key: ['groupId'], columns: ['statusNote'], scope: (_, g) => ['groupId', [g]] },
  { table: 'peerReviews', key: ['id'], columns: ['outcomeNote'], scope: (_, g) => ['groupId', [g]] },
  { table: 'agendaItems', key: ['id'], columns: ['text', 'note'], scope: (s) => ['reviewId', s.reviews] },
  { table: 'outcomeChoices', key: ['reviewId', 'personId'], columns: ['reason'], scope: (s) => ['reviewId', s.reviews] },
  { table: 'auditEvents', key: ['id'], columns: ['detailJson'], scope: (_, g) => ['groupId', [g]] },
  // The group's peer review audit and its concerns: what others wrote there may name the person too.
  { table: 'auditAssessments', key: ['id'], columns: ['occasion', 'reflection', 'scoresJson'], scope: (_, g) => ['groupId', [g]] },
  { table: 'auditPeerAssessments', key: ['id'], columns: ['feedback'], scope: (s) => ['assessmentId', s.audits] },
  { table: 'auditMeetings', key: ['id'], columns: ['title'], scope: (_, g) => ['groupId', [g]] },
  { table: 'conflictForms', key: ['id'], columns: ['intro', 'stepsJson'], scope: (_, g) => ['groupId', [g]] },
  { table: 'conflicts', key: ['id'], columns: ['concern', 'outcomeNote'], scope: (_, g) => ['groupId', [g]] },
  { table: 'conflictSteps', key: ['id'], columns: ['note'], scope: (s) => ['conflictId', s.conflicts] },
  { table: 'conflictHelpRequests', key: ['id'], columns: ['summary', 'answer'], scope: (s) => ['conflictId', s.conflicts] },
]

/**
 * Columns that point at a person, with the rows of this group: they move to the former-member
 * seat. Not a validity judgement: each is its member's own, and withdrawal deletes it.
 */
const PERSON_COLUMNS: { table: keyof Database; column: string; scope: (s: GroupScope, groupId: string) => [string, string[]] }[] = [
  { table: 'groups', column: 'createdBy', scope: (_, g) => ['id', [g]] },
  { table: 'members', column: 'personId', scope: (_, g) => ['groupId', [g]] },
  { table: 'invitations', column: 'createdBy', scope: (_, g) => ['groupId', [g]] },
  { table: 'inquiries', column: 'createdBy', scope: (_, g) => ['groupId', [g]] },
  { table: 'decisions', column: 'proposedBy', scope: (_, g) => ['groupId', [g]] },
  { table: 'themes', column: 'proposedBy', scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'themeEvents', column: 'personId', scope: (s) => ['themeId', s.themes] },
  { table: 'themeLinks', column: 'linkedBy', scope: (s) => ['themeId', s.themes] },
  { table: 'challenges', column: 'resolvedBy', scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'indicatorAnswers', column: 'answeredBy', scope: (s) => ['cycleId', s.cycles] },
  { table: 'cycles', column: 'devilsAdvocateId', scope: (s) => ['inquiryId', s.inquiries] },
  { table: 'peerReviews', column: 'endedBy', scope: (_, g) => ['groupId', [g]] },
  { table: 'auditEvents', column: 'personId', scope: (_, g) => ['groupId', [g]] },
]

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A rewriter for one group's texts: the person's name (as the export redactor matches names:
 * full name in any case, a first name no other member shares), email and id become the
 * former-member wording and seat. "a former member" starts a sentence with a capital.
 */
export function formerMemberRewriter(
  person: { id: string; name: string; email: string },
  members: { personId: string; name: string }[],
  seatId: string,
): (text: string) => string {
  const others = members.filter((m) => m.personId !== person.id).map((m) => ({ name: m.name, key: m.name }))
  const redact = nameRedactor([...others, { name: person.name, key: FORMER_MEMBER.toLowerCase() }])
  const email = person.email && !person.email.endsWith('.invalid') ? new RegExp(escapeRegex(person.email), 'gi') : null
  return (text) => {
    // Ids are 16 random characters: splitting on one cannot touch ordinary words.
    let out = person.id.length >= 8 ? text.split(person.id).join(seatId) : text
    if (email) out = out.replace(email, FORMER_MEMBER.toLowerCase())
    out = redact(out)
    if (out === text) return text
    return out.replace(/(^|[.!?]\s+|\n\s*|["“])a former member/g, (_, lead: string) => `${lead}${FORMER_MEMBER}`)
  }
}

/**
 * Moves every trace a person left in a group to a new seat that reads "A former member" and
 * can never log in, and rewrites their name, email and id out of the group's texts. After it,
 * nothing in the group joins back to the person: not a page, a JSON route, an export, the
 * activity log or the CLI. Returns the seat's id. Runs inside the caller's transaction.
 */
export async function anonymiseInGroup(
  trx: Executor,
  person: { id: string; displayName: string; email: string },
  groupId: string,
  at: string,
): Promise<string> {
  const scope = await listGroupScope(trx, groupId)
  const members = await listMemberNamesEver(trx, groupId)
  const seatId = newId()
  await insertPlaceholderPerson(trx, {
    id: seatId,
    email: `former-${seatId}@withdrawn.invalid`,
    displayName: FORMER_MEMBER,
    createdAt: at,
    deletedAt: at,
  })

  for (const { table, column, scope: where } of PERSON_COLUMNS) {
    const [scopeColumn, ids] = where(scope, groupId)
    await trx
      .updateTable(table)
      .set({ [column]: seatId } as never)
      .where(column as never, '=', person.id as never)
      .where(scopeColumn as never, 'in', ids as never)
      .execute()
  }

  const rewrite = formerMemberRewriter({ id: person.id, name: person.displayName, email: person.email }, members, seatId)
  for (const { table, key, columns, scope: where } of TEXT_COLUMNS) {
    const [scopeColumn, ids] = where(scope, groupId)
    const rows = (await trx
      .selectFrom(table)
      .select([...key, ...columns] as never[])
      .where(scopeColumn as never, 'in', ids as never)
      .execute()) as Record<string, string | null>[]
    for (const row of rows) {
      const changed: Record<string, string> = {}
      for (const column of columns) {
        const value = row[column]
        if (typeof value !== 'string' || value === '') continue
        const next = rewrite(value)
        if (next !== value) changed[column] = next
      }
      if (!Object.keys(changed).length) continue
      let update = trx.updateTable(table).set(changed as never)
      for (const k of key) update = update.where(k as never, '=', row[k] as never)
      await update.execute()
    }
  }
  return seatId
}
