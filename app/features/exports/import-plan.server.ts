import type { Insertable } from 'kysely'
import type { Database, DecisionKind } from '~db/schema'
import { wordCount } from '~/features/analysis/analysis.server'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { Archive } from './core/archive-schema'

// The plan of an import: every row it will write, with its new id, made from an archive already
// read (import-reading.server.ts) and checked where the archive's counts must add up. Nothing
// here touches the database; import.server.ts writes the plan in one transaction.

/** Reasons a reason's words are not here: shown where the app would show the reason. */
const REASON_LEFT_BEHIND = '(A reason was given; its words were not exported.)'

const KINDS: readonly DecisionKind[] = [
  'phase_change',
  'next_cycle',
  'conclude',
  'focus',
  'ground_rules',
  'reveal_ratings',
  'adopt_review',
  'devils_advocate',
  'amend_template',
  'amend_principles',
  'publish_findings',
  'general',
]
/** An imported decision keeps its kind (it is closed, so its effect never runs again here); unknown kinds become general. */
const knownKind = (kind: string): DecisionKind => ((KINDS as readonly string[]).includes(kind) ? (kind as DecisionKind) : 'general')

/** "Member A" → 0, "Member AB" → 27: the inverse of pseudonymFor. */
function indexOfKey(key: string): number {
  let n = 0
  for (const ch of key.slice('Member '.length)) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

type Row<T extends keyof Database> = Insertable<Database[T]>

export type ImportResult = { inquiryId: string; groupId: string; seat: string | null }

/** Who imports: the person and the seat they take (default: the facilitator's), or nobody (every seat a placeholder). */
export type ImportOwner = { user: SessionUser; seat?: string | null } | null

/**
 * Plans a new inquiry (in a new group) holding everything in the archive, refusing an archive
 * whose cycles or counts do not add up, or a seat that is not there to take. Each member key
 * becomes a seat; the importing person takes the seat they name (default: the facilitator's),
 * the others are placeholders that cannot log in. Counts the archive carries for records whose
 * words stayed behind are kept, so the imported inquiry's analysis equals the exported one.
 */
export function planImport(archive: Archive, owner: ImportOwner) {
  const numbers = archive.cycles.map((c) => c.number).sort((a, b) => a - b)
  if (numbers.some((n, i) => n !== i + 1)) {
    throw new DomainError(
      'bad_request',
      `The archive holds cycles ${numbers.join(', ') || 'none'}; an import needs the whole inquiry, from cycle 1 on without gaps.`,
      'archive',
    )
  }
  const current = archive.members.filter((m) => m.leftAt === null)
  let seat: string | null = null
  if (owner) {
    seat = owner.seat?.trim() || (current.find((m) => m.facilitator) ?? current[0] ?? archive.members[0]!).key
    const chosen = archive.members.find((m) => m.key === seat)
    if (!chosen)
      throw new DomainError(
        'bad_request',
        `${seat} is not a member in this archive; choose one of ${archive.members.map((m) => m.key).join(', ')}.`,
        'seat',
      )
    if (chosen.leftAt !== null) throw new DomainError('bad_request', `${seat} had left the group; choose a current member's seat.`, 'seat')
  }

  const now = nowIso()
  // A placeholder person for each seat the importer does not take, then one for each name a record is attributed to.
  const placeholders: { id: string; email: string; displayName: string; createdAt: string }[] = []
  const person = new Map<string, string>()
  for (const m of archive.members) {
    if (owner && m.key === seat) {
      person.set(m.key, owner.user.id)
      continue
    }
    const id = newId()
    placeholders.push({ id, email: `seat-${id}@imported.invalid`, displayName: m.key, createdAt: now })
    person.set(m.key, id)
  }
  const named = new Map<string, string>()
  for (const name of new Set(archive.records.flatMap((r) => (r.attribution ? [r.attribution] : [])))) {
    const id = newId()
    placeholders.push({ id, email: `named-${id}@imported.invalid`, displayName: name, createdAt: now })
    named.set(name, id)
  }
  const seatOf = (key: string) => person.get(key)!
  const firstSeat = seatOf((current[0] ?? archive.members[0]!).key)
  const creator = owner ? owner.user.id : firstSeat

  const groupId = newId()
  const group: Row<'groups'> = {
    id: groupId,
    kind: archive.inquiry.groupKind,
    name: `${archive.inquiry.title} (imported)`.slice(0, 200),
    groundRules: null,
    createdBy: creator,
    createdAt: now,
  }
  const members = archive.members.map((m) => ({
    id: newId(),
    groupId,
    personId: seatOf(m.key),
    isFacilitator: m.facilitator ? 1 : 0,
    pairRole: m.pairRole,
    joinedAt: m.joinedAt,
    leftAt: m.leftAt,
    exportName: 0,
    pseudonymIndex: indexOfKey(m.key),
  }))

  const inquiryId = newId()
  const template = archive.inquiry.template
  const inquiry: Row<'inquiries'> = {
    id: inquiryId,
    groupId,
    title: archive.inquiry.title,
    question: archive.inquiry.question,
    templateSlug: archive.inquiry.templateSlug,
    templateJson: JSON.stringify(template),
    status: archive.inquiry.status,
    createdBy: creator,
    createdAt: archive.inquiry.createdAt,
    concludedAt: archive.inquiry.concludedAt,
    publishedThroughCycle: archive.inquiry.publishedThroughCycle,
    importedAt: now,
    carriedJson: JSON.stringify({ namedMembers: archive.inquiry.namedMembers }),
  }
  const templateVersion: Row<'templateVersions'> = {
    id: newId(),
    inquiryId,
    version: 1,
    templateJson: JSON.stringify(template),
    summary: 'The template as imported from an archive.',
    decisionId: null,
    createdAt: now,
  }

  /**
   * Who facilitated a published cycle (as seats), and per member what their records left behind
   * wrote in reflection phases: the archive's counts less the records it holds. Left out when the
   * archive does not say who facilitated, so the imported cycle says so too.
   */
  const carriedFacilitation = (c: Archive['cycles'][number], present: Archive['records']) => {
    if (!c.facilitation) return {}
    const reflective = (r: Archive['records'][number]) => c.phases.find((p) => p.position === r.phase)?.kind === 'reflection'
    return {
      facilitation: {
        facilitators: c.facilitation.facilitators.map(seatOf),
        coFacilitators: c.facilitation.coFacilitators.map(seatOf),
        reflection: (c.contributions ?? []).flatMap((x) => {
          const own = present.filter((r) => r.author === x.member && reflective(r))
          const records = (x.reflectionRecords ?? 0) - own.length
          const words = (x.reflectionWords ?? 0) - own.reduce((n, r) => n + wordCount(r.text), 0)
          return records || words ? [{ personId: seatOf(x.member), records, words }] : []
        }),
      },
    }
  }

  // Cycles and phases, then what the published cycles carry for the records left behind.
  const cycles: { cycle: Row<'cycles'>; phases: Row<'phases'>[]; contributions: Row<'carriedContributions'>[] }[] = []
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
        throw new DomainError(
          'bad_request',
          `Cycle ${c.number}'s ways of knowing count fewer records than the archive holds for it.`,
          'archive',
        )
      }
      carried = JSON.stringify({ checkIns: c.checkIns ?? { held: 0, flagged: 0 }, waysOfKnowing: ways, ...carriedFacilitation(c, present) })
    }
    const cycle: Row<'cycles'> = {
      id,
      inquiryId,
      number: c.number,
      focus: c.focus,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      blindRevealedAt: c.blindRevealedAt,
      reviewAdoptedAt: c.reviewAdoptedAt,
      devilsAdvocateId: c.devilsAdvocate ? seatOf(c.devilsAdvocate) : null,
      carriedJson: carried,
    }
    const phases = c.phases.map((p) => ({ id: newId(), cycleId: id, ...p }))
    for (const p of phases) phaseId.set(`${c.number}:${p.position}`, p.id)
    const contributions: Row<'carriedContributions'>[] = []
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
        throw new DomainError(
          'bad_request',
          `Cycle ${c.number}'s contributions of ${x.member} count fewer records than the archive holds for them.`,
          'archive',
        )
      }
      if (row.records || row.words || row.actionRecords) contributions.push({ cycleId: id, personId: seatOf(x.member), ...row })
    }
    cycles.push({ cycle, phases, contributions })
  }
  const cycleOf = (n: number) => cycleId.get(n)!

  const recordId = new Map<string, string>()
  const records = archive.records.map((r) => {
    const id = newId()
    recordId.set(r.key, id)
    return {
      id,
      inquiryId,
      cycleId: cycleOf(r.cycle),
      phaseId: phaseId.get(`${r.cycle}:${r.phase}`)!,
      authorId: r.author ? seatOf(r.author) : named.get(r.attribution!)!,
      wayOfKnowing: r.wayOfKnowing,
      text: r.text,
      occurredAt: r.occurredAt,
      visibility: 'group' as const,
      exportConsent: r.consent,
      createdAt: r.createdAt,
      updatedAt: r.createdAt,
    }
  })

  const themeId = new Map(archive.themes.map((t) => [t.key, newId()]))
  const themes = archive.themes.map((t) => ({
    id: themeId.get(t.key)!,
    inquiryId,
    name: t.name,
    description: t.description,
    proposedBy: seatOf(t.proposedBy),
    firstCycleId: cycleOf(t.firstCycle),
    status: t.status,
    mergedIntoId: null,
    splitFromId: null,
    createdAt: t.createdAt,
    updatedAt: t.createdAt,
  }))
  const themeEvents = archive.themes.map((t) => ({
    id: newId(),
    themeId: themeId.get(t.key)!,
    personId: seatOf(t.proposedBy),
    kind: 'proposed' as const,
    detailJson: JSON.stringify({ name: t.name, imported: true }),
    createdAt: t.createdAt,
  }))
  // Merges and splits between themes, set once every theme is in.
  const themeOrigins = archive.themes
    .filter((x) => x.mergedInto || x.splitFrom)
    .map((t) => ({
      id: themeId.get(t.key)!,
      mergedIntoId: t.mergedInto ? themeId.get(t.mergedInto)! : null,
      splitFromId: t.splitFrom ? themeId.get(t.splitFrom)! : null,
    }))
  const themeLinks = archive.links.map((l) => ({
    id: newId(),
    themeId: themeId.get(l.theme)!,
    recordId: recordId.get(l.record)!,
    linkedBy: seatOf(l.linkedBy),
    createdAt: l.createdAt,
  }))
  const revealedAt = new Map(archive.cycles.map((c) => [c.number, c.blindRevealedAt ?? now]))
  const ratings = archive.ratings.map((r) => {
    const at = revealedAt.get(r.cycle)!
    return {
      id: newId(),
      themeId: themeId.get(r.theme)!,
      cycleId: cycleOf(r.cycle),
      personId: seatOf(r.member),
      round: r.round,
      value: r.value,
      reason: r.reasoned ? REASON_LEFT_BEHIND : null,
      createdAt: at,
      updatedAt: at,
    }
  })

  const decisionId = new Map<string, string>()
  let seq = 0
  const decisions: Row<'decisions'>[] = []
  const stances: Row<'stances'>[] = []
  for (const d of archive.decisions) {
    const id = newId()
    decisionId.set(d.key, id)
    // A decision still open at export cannot be carried on here: its effect belonged to the other installation.
    const open = d.status === 'open'
    decisions.push({
      id,
      groupId,
      inquiryId,
      cycleId: d.cycle ? cycleOf(d.cycle) : null,
      kind: knownKind(d.kind),
      title: d.title,
      body: d.body,
      payloadJson: JSON.stringify({ imported: true }),
      // Anonymous there (every stance unnamed) stays anonymous here, and named stays named.
      ruleJson: JSON.stringify({
        ...template.decisionRule,
        allowAnonymousDissent: d.stances.length === 0 && d.anonymousStances.length > 0,
      }),
      status: open ? 'withdrawn' : d.status,
      proposedBy: seatOf(d.proposedBy),
      createdAt: d.createdAt,
      closedAt: open ? now : d.closedAt,
      outcomeNote: open ? 'Still open when the archive was exported; closed on import.' : d.outcomeNote,
      anonymousJson: JSON.stringify(d.anonymousStances.map((s) => ({ stance: s.stance, reason: s.reasoned ? REASON_LEFT_BEHIND : null }))),
    })
    for (const s of d.stances) {
      seq += 1
      stances.push({
        id: newId(),
        decisionId: id,
        personId: seatOf(s.member),
        stance: s.stance,
        reason: s.reasoned ? REASON_LEFT_BEHIND : null,
        createdAt: s.at,
        seq,
      })
    }
  }
  const challenges = archive.challenges.map((c): Row<'challenges'> => {
    const target =
      c.target === null
        ? null
        : c.targetKind === 'theme'
          ? themeId.get(c.target)
          : c.targetKind === 'record'
            ? recordId.get(c.target)
            : c.targetKind === 'decision'
              ? decisionId.get(c.target)
              : null
    return {
      id: newId(),
      inquiryId,
      cycleId: cycleOf(c.cycle),
      raisedBy: seatOf(c.raisedBy),
      targetKind: target ? c.targetKind : 'process',
      targetId: target ?? null,
      hazard: c.hazard,
      text: c.text,
      resolution: c.resolution,
      resolutionText: c.resolutionText,
      // Archives made before resolvedBy travelled say nothing of who resolved: the raiser stands in, as analyse-archive reads it.
      resolvedBy: c.resolvedBy !== undefined ? (c.resolvedBy ? seatOf(c.resolvedBy) : null) : c.resolution ? seatOf(c.raisedBy) : null,
      resolvedAt: c.resolvedAt,
      createdAt: c.createdAt,
    }
  })
  // Each judgement is its member's own; one from an archive made before members judged for
  // themselves names nobody, and becomes the judgement of whoever imports it (or the first seat).
  const validityJudgements = archive.cycles.flatMap((c) =>
    c.judgements.map(({ by, ...j }) => ({ id: newId(), cycleId: cycleOf(c.number), ...j, updatedBy: by ? seatOf(by) : creator })),
  )
  const indicatorAnswers = archive.cycles.flatMap((c) =>
    (c.indicatorAnswers ?? []).map((x) => ({
      id: newId(),
      cycleId: cycleOf(c.number),
      indicatorKey: x.indicator,
      version: x.version,
      status: x.statusWhenAnswered,
      note: x.note,
      answeredBy: seatOf(x.by),
      answeredAt: x.answeredAt,
    })),
  )
  return {
    result: { inquiryId, groupId, seat },
    placeholders,
    group,
    members,
    inquiry,
    templateVersion,
    cycles,
    records,
    themes,
    themeEvents,
    themeOrigins,
    themeLinks,
    ratings,
    decisions,
    stances,
    challenges,
    validityJudgements,
    indicatorAnswers,
    /** What the audit trail says of the import. */
    audit: {
      personId: owner?.user.id ?? null,
      groupId,
      detail: { inquiryId, exportedAt: archive.exportedAt, cycles: archive.cycles.length, records: archive.records.length, seat },
    },
  }
}

/** Every row an import writes, with its new id, in the order they are written (import.server.ts writes them). */
export type ImportPlan = ReturnType<typeof planImport>
