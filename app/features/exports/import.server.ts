import type { Db } from '~db/connection'
import type { DecisionKind } from '~db/schema'
import { wordCount } from '~/features/analysis/analysis.server'
import { recordAudit } from '~/features/audit/audit.server'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveSchema, MAX_ARCHIVE_BYTES, type Archive } from './core/archive'

/** Reasons a reason's words are not here: shown where the app would show the reason. */
const REASON_LEFT_BEHIND = '(A reason was given; its words were not exported.)'

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`

/**
 * Reads an archive file, refusing with a message that names what is wrong: too large, not
 * JSON, another format or version, or (first few) fields that break the schema.
 */
export function parseArchiveText(text: string): Archive {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_ARCHIVE_BYTES) throw new DomainError('bad_request', `The archive is ${MB(bytes)}; the largest accepted is ${MB(MAX_ARCHIVE_BYTES)}.`, 'archive')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new DomainError('bad_request', `The file is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}).`, 'archive')
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DomainError('bad_request', 'The file is JSON but not an inquiry archive (expected an object).', 'archive')
  const head = raw as { format?: unknown; version?: unknown }
  if (head.format !== ARCHIVE_FORMAT) throw new DomainError('bad_request', `This is not an inquiry archive: "format" must be "${ARCHIVE_FORMAT}".`, 'archive')
  if (head.version !== ARCHIVE_VERSION) {
    throw new DomainError('bad_request', `This archive is version ${JSON.stringify(head.version)}; this installation reads version ${ARCHIVE_VERSION}.`, 'archive')
  }
  const parsed = ArchiveSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'the archive'}: ${i.message}`)
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : ''
    throw new DomainError('bad_request', `The archive does not match version ${ARCHIVE_VERSION}: ${issues.join('; ')}${more}.`, 'archive')
  }
  return parsed.data
}

const KINDS: readonly DecisionKind[] = [
  'phase_change', 'next_cycle', 'conclude', 'focus', 'ground_rules', 'reveal_ratings', 'adopt_review', 'devils_advocate', 'amend_template', 'amend_principles',
  'publish_findings', 'general',
]
/** An imported decision keeps its kind (it is closed, so its effect never runs again here); unknown kinds become general. */
const knownKind = (kind: string): DecisionKind => (KINDS as readonly string[]).includes(kind) ? (kind as DecisionKind) : 'general'

/** "Member A" → 0, "Member AB" → 27: the inverse of pseudonymFor. */
function indexOfKey(key: string): number {
  let n = 0
  for (const ch of key.slice('Member '.length)) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

export type ImportResult = { inquiryId: string; groupId: string; seat: string | null }

/**
 * Creates a new inquiry (in a new group) holding everything in the archive, in one
 * transaction: a bad archive writes nothing. Each member key becomes a seat; the importing
 * person takes the seat they name (default: the facilitator's), the others are placeholders
 * that cannot log in. Counts the archive carries for records whose words stayed behind are
 * kept, so the imported inquiry's analysis equals the exported one.
 */
export async function importArchive(db: Db, archive: Archive, owner: { user: SessionUser; seat?: string | null } | null): Promise<ImportResult> {
  const numbers = archive.cycles.map((c) => c.number).sort((a, b) => a - b)
  if (numbers.some((n, i) => n !== i + 1)) {
    throw new DomainError('bad_request', `The archive holds cycles ${numbers.join(', ') || 'none'}; an import needs the whole inquiry, from cycle 1 on without gaps.`, 'archive')
  }
  const current = archive.members.filter((m) => m.leftAt === null)
  let seat: string | null = null
  if (owner) {
    seat = owner.seat?.trim() || (current.find((m) => m.facilitator) ?? current[0] ?? archive.members[0]!).key
    const chosen = archive.members.find((m) => m.key === seat)
    if (!chosen) throw new DomainError('bad_request', `${seat} is not a member in this archive; choose one of ${archive.members.map((m) => m.key).join(', ')}.`, 'seat')
    if (chosen.leftAt !== null) throw new DomainError('bad_request', `${seat} had left the group; choose a current member's seat.`, 'seat')
  }

  return db.transaction().execute(async (trx) => {
    const now = nowIso()
    const person = new Map<string, string>()
    for (const m of archive.members) {
      if (owner && m.key === seat) {
        person.set(m.key, owner.user.id)
        continue
      }
      const id = newId()
      await trx.insertInto('people').values({ id, email: `seat-${id}@imported.invalid`, displayName: m.key, passwordHash: 'no-login', isDemo: 0, createdAt: now, placeholder: 1 }).execute()
      person.set(m.key, id)
    }
    const named = new Map<string, string>()
    for (const name of new Set(archive.records.flatMap((r) => (r.attribution ? [r.attribution] : [])))) {
      const id = newId()
      await trx.insertInto('people').values({ id, email: `named-${id}@imported.invalid`, displayName: name, passwordHash: 'no-login', isDemo: 0, createdAt: now, placeholder: 1 }).execute()
      named.set(name, id)
    }
    const seatOf = (key: string) => person.get(key)!
    const firstSeat = seatOf((current[0] ?? archive.members[0]!).key)
    const creator = owner ? owner.user.id : firstSeat

    const groupId = newId()
    await trx
      .insertInto('groups')
      .values({ id: groupId, kind: archive.inquiry.groupKind, name: `${archive.inquiry.title} (imported)`.slice(0, 200), groundRules: null, createdBy: creator, createdAt: now })
      .execute()
    for (const m of archive.members) {
      await trx
        .insertInto('members')
        .values({
          id: newId(), groupId, personId: seatOf(m.key), isFacilitator: m.facilitator ? 1 : 0, pairRole: m.pairRole, joinedAt: m.joinedAt, leftAt: m.leftAt,
          exportName: 0, pseudonymIndex: indexOfKey(m.key),
        })
        .execute()
    }

    const inquiryId = newId()
    const template = archive.inquiry.template
    await trx
      .insertInto('inquiries')
      .values({
        id: inquiryId, groupId, title: archive.inquiry.title, question: archive.inquiry.question, templateSlug: archive.inquiry.templateSlug,
        templateJson: JSON.stringify(template), status: archive.inquiry.status, createdBy: creator, createdAt: archive.inquiry.createdAt,
        concludedAt: archive.inquiry.concludedAt, publishedThroughCycle: archive.inquiry.publishedThroughCycle, importedAt: now,
        carriedJson: JSON.stringify({ namedMembers: archive.inquiry.namedMembers }),
      })
      .execute()
    await trx
      .insertInto('templateVersions')
      .values({ id: newId(), inquiryId, version: 1, templateJson: JSON.stringify(template), summary: 'The template as imported from an archive.', decisionId: null, createdAt: now })
      .execute()

    // Cycles and phases, then what the published cycles carry for the records left behind.
    const cycleId = new Map<number, string>()
    const phaseId = new Map<string, string>()
    for (const c of [...archive.cycles].sort((a, b) => a.number - b.number)) {
      const id = newId()
      cycleId.set(c.number, id)
      const present = archive.records.filter((r) => r.cycle === c.number)
      let carried: string | null = null
      if (c.published) {
        const ways = { ...(c.waysOfKnowing ?? { experiential: 0, presentational: 0, propositional: 0, practical: 0 }) }
        for (const r of present) ways[r.wayOfKnowing] -= 1
        if (Object.values(ways).some((n) => n < 0)) {
          throw new DomainError('bad_request', `Cycle ${c.number}'s ways of knowing count fewer records than the archive holds for it.`, 'archive')
        }
        carried = JSON.stringify({ checkIns: c.checkIns ?? { held: 0, flagged: 0 }, waysOfKnowing: ways })
      }
      await trx
        .insertInto('cycles')
        .values({
          id, inquiryId, number: c.number, focus: c.focus, startedAt: c.startedAt, endedAt: c.endedAt, blindRevealedAt: c.blindRevealedAt,
          reviewAdoptedAt: c.reviewAdoptedAt, devilsAdvocateId: c.devilsAdvocate ? seatOf(c.devilsAdvocate) : null, carriedJson: carried,
        })
        .execute()
      for (const p of c.phases) {
        const pid = newId()
        phaseId.set(`${c.number}:${p.position}`, pid)
        await trx.insertInto('phases').values({ id: pid, cycleId: id, ...p }).execute()
      }
      for (const x of c.contributions ?? []) {
        const own = present.filter((r) => r.author === x.member)
        const action = own.filter((r) => c.phases.find((p) => p.position === r.phase)?.kind === 'action')
        const row = {
          records: x.records - own.length,
          words: x.words - own.reduce((n, r) => n + wordCount(r.text), 0),
          actionRecords: x.actionRecords - action.length,
        }
        // Words may come out negative: names in exported texts were replaced by pseudonyms, which can add a word.
        if (row.records < 0 || row.actionRecords < 0) {
          throw new DomainError('bad_request', `Cycle ${c.number}'s contributions of ${x.member} count fewer records than the archive holds for them.`, 'archive')
        }
        if (row.records || row.words || row.actionRecords) await trx.insertInto('carriedContributions').values({ cycleId: id, personId: seatOf(x.member), ...row }).execute()
      }
    }
    const cycleOf = (n: number) => cycleId.get(n)!

    const recordId = new Map<string, string>()
    for (const r of archive.records) {
      const id = newId()
      recordId.set(r.key, id)
      await trx
        .insertInto('records')
        .values({
          id, inquiryId, cycleId: cycleOf(r.cycle), phaseId: phaseId.get(`${r.cycle}:${r.phase}`)!, authorId: r.author ? seatOf(r.author) : named.get(r.attribution!)!,
          wayOfKnowing: r.wayOfKnowing, text: r.text, occurredAt: r.occurredAt, visibility: 'group', exportConsent: r.consent, createdAt: r.createdAt, updatedAt: r.createdAt,
        })
        .execute()
    }

    const themeId = new Map(archive.themes.map((t) => [t.key, newId()]))
    for (const t of archive.themes) {
      const id = themeId.get(t.key)!
      await trx
        .insertInto('themes')
        .values({
          id, inquiryId, name: t.name, description: t.description, proposedBy: seatOf(t.proposedBy), firstCycleId: cycleOf(t.firstCycle), status: t.status,
          mergedIntoId: null, splitFromId: null, createdAt: t.createdAt, updatedAt: t.createdAt,
        })
        .execute()
      await trx
        .insertInto('themeEvents')
        .values({ id: newId(), themeId: id, personId: seatOf(t.proposedBy), kind: 'proposed', detailJson: JSON.stringify({ name: t.name, imported: true }), createdAt: t.createdAt })
        .execute()
    }
    for (const t of archive.themes.filter((x) => x.mergedInto || x.splitFrom)) {
      await trx
        .updateTable('themes')
        .set({ mergedIntoId: t.mergedInto ? themeId.get(t.mergedInto)! : null, splitFromId: t.splitFrom ? themeId.get(t.splitFrom)! : null })
        .where('id', '=', themeId.get(t.key)!)
        .execute()
    }
    for (const l of archive.links) {
      await trx.insertInto('themeLinks').values({ id: newId(), themeId: themeId.get(l.theme)!, recordId: recordId.get(l.record)!, linkedBy: seatOf(l.linkedBy), createdAt: l.createdAt }).execute()
    }
    for (const r of archive.ratings) {
      const at = archive.cycles.find((c) => c.number === r.cycle)!.blindRevealedAt ?? now
      await trx
        .insertInto('ratings')
        .values({
          id: newId(), themeId: themeId.get(r.theme)!, cycleId: cycleOf(r.cycle), personId: seatOf(r.member), round: r.round, value: r.value,
          reason: r.reasoned ? REASON_LEFT_BEHIND : null, createdAt: at, updatedAt: at,
        })
        .execute()
    }

    const decisionId = new Map<string, string>()
    let seq = 0
    for (const d of archive.decisions) {
      const id = newId()
      decisionId.set(d.key, id)
      // A decision still open at export cannot be carried on here: its effect belonged to the other installation.
      const open = d.status === 'open'
      await trx
        .insertInto('decisions')
        .values({
          id, groupId, inquiryId, cycleId: d.cycle ? cycleOf(d.cycle) : null, kind: knownKind(d.kind), title: d.title, body: d.body,
          payloadJson: JSON.stringify({ imported: true }), ruleJson: JSON.stringify(template.decisionRule),
          status: open ? 'withdrawn' : d.status, proposedBy: seatOf(d.proposedBy), createdAt: d.createdAt, closedAt: open ? now : d.closedAt,
          outcomeNote: open ? 'Still open when the archive was exported; closed on import.' : d.outcomeNote,
          anonymousJson: JSON.stringify(d.anonymousStances.map((s) => ({ stance: s.stance, reason: s.reasoned ? REASON_LEFT_BEHIND : null }))),
        })
        .execute()
      for (const s of d.stances) {
        seq += 1
        await trx
          .insertInto('stances')
          .values({ id: newId(), decisionId: id, personId: seatOf(s.member), stance: s.stance, reason: s.reasoned ? REASON_LEFT_BEHIND : null, createdAt: s.at, seq })
          .execute()
      }
    }
    for (const c of archive.challenges) {
      const target = c.target === null ? null : c.targetKind === 'theme' ? themeId.get(c.target) : c.targetKind === 'record' ? recordId.get(c.target) : c.targetKind === 'decision' ? decisionId.get(c.target) : null
      await trx
        .insertInto('challenges')
        .values({
          id: newId(), inquiryId, cycleId: cycleOf(c.cycle), raisedBy: seatOf(c.raisedBy), targetKind: target ? c.targetKind : 'process', targetId: target ?? null,
          hazard: c.hazard, text: c.text, resolution: c.resolution, resolutionText: c.resolutionText, resolvedBy: c.resolution ? seatOf(c.raisedBy) : null,
          resolvedAt: c.resolvedAt, createdAt: c.createdAt,
        })
        .execute()
    }
    for (const c of archive.cycles) {
      for (const j of c.judgements) {
        await trx.insertInto('validityJudgements').values({ id: newId(), cycleId: cycleOf(c.number), ...j, updatedBy: owner ? owner.user.id : firstSeat }).execute()
      }
    }
    await recordAudit(trx, {
      kind: 'imported',
      personId: owner?.user.id ?? null,
      groupId,
      detail: { inquiryId, exportedAt: archive.exportedAt, cycles: archive.cycles.length, records: archive.records.length, seat },
    })
    return { inquiryId, groupId, seat }
  })
}
