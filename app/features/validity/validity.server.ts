import type { z } from 'zod'
import type { Db } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { carriedContributions, parseCarried } from '~db/queries/carried'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { findCycleByNumber, listCycles, listPhases } from '~db/queries/inquiries'
import { listCycleChallenges } from '~db/queries/challenges'
import { countSharedRecordsBeforeCycle, listSharedRecordsOfCycle } from '~db/queries/records'
import { listRevealedRatings } from '~db/queries/ratings'
import {
  countDevilsAdvocateTurns,
  insertIndicatorAnswer,
  listCheckInFlagsOfCycle,
  listClosedDecisionsOfCycle,
  listIndicatorAnswers,
  listRatedThemeLinkKinds,
  listValidityJudgements,
  listValidityJudgementsWithNames,
  nextIndicatorAnswerVersion,
  setOwnValidityJudgement,
} from '~db/queries/validity'
import { listStancesOfDecisions } from '~db/queries/decisions'
import { getCycleAnalysis, participationIn } from '~/features/analysis/analysis.server'
import { participation } from '~/features/analysis/core'
import { listChallenges } from '~/features/challenges/challenges.server'
import { propose } from '~/features/decisions/decisions.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate, phaseContext } from '~/features/cycles/cycles.server'
import type { InquiryTemplate } from '~/features/templates/template.schema'
import { DomainError, isUniqueViolation, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import { cachedUnlessWritten, writePosition } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import {
  actionPhaseOngoing,
  actionPhaseReached,
  computeIndicators,
  dissentOf,
  INDICATOR_STATUS_TEXT,
  ratingEvidence,
  ratingRows,
  stanceEvidence,
  summarise,
  timeMadeAfterFlags,
  type CycleEvidence,
  type Indicator,
  type IndicatorInput,
  judgementSpread,
} from './core'
import type { IndicatorAnswerSchema, JudgementSchema } from './validity.schema'
import { findOpenDecision } from '~db/queries/decisions'

type CycleRow = {
  id: string
  number: number
  endedAt: string | null
  reviewAdoptedAt: string | null
  devilsAdvocateId: string | null
  carriedJson: string | null
}

async function getCycle(db: Db, inquiryId: string, number: number): Promise<CycleRow> {
  const cycle = await findCycleByNumber(db, inquiryId, number)
  if (!cycle) throw notFound('This cycle')
  return cycle
}

/**
 * Gathers the evidence of one cycle and computes its indicators (docs/design.md §4). Only shared
 * records count, and the result is the same for every member, so it is computed once until
 * the database is next written (app/utils/cache.server.ts).
 */
async function indicatorsFor(
  db: Db,
  user: SessionUser,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
): Promise<Indicator[]> {
  return cachedUnlessWritten(db, `indicators:${cycle.id}`, await writePosition(db), () =>
    computeIndicatorsFor(db, user, inquiry, template, cycle),
  )
}

async function computeIndicatorsFor(
  db: Db,
  user: SessionUser,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
): Promise<Indicator[]> {
  const members = await listCurrentMembers(db, inquiry.groupId)
  const memberIds = members.map((m) => m.personId)
  const [view, challenges, decisions, records, phases, checkIns, contributions, carried] = await Promise.all([
    // Indicators need only this cycle's analysis, not the series across cycles (the review computes one per cycle).
    getCycleAnalysis(db, user, inquiry.id, cycle.number, { acrossCycles: false }),
    listCycleChallenges(db, cycle.id),
    listClosedDecisionsOfCycle(db, cycle.id),
    listSharedRecordsOfCycle(db, cycle.id),
    listPhases(db, cycle.id),
    listCheckInFlagsOfCycle(db, cycle.id),
    participationIn(db, inquiry.id, cycle.id, memberIds),
    carriedContributions(db, cycle.id),
  ])
  // An imported cycle adds what it carried from records whose words stayed behind at export.
  const kept = parseCarried(cycle.carriedJson)
  const stances = decisions.length
    ? await listStancesOfDecisions(
        db,
        decisions.map((d) => d.id),
      )
    : []
  const stanceLists = decisions.map((decision) => ({
    stances: [
      ...stances
        .filter((x) => x.decisionId === decision.id)
        .map((s) => ({ who: s.personId, stance: s.stance, reasoned: Boolean(s.reason) })),
      ...(JSON.parse(decision.anonymousJson) as { stance: string; reason: string | null }[]).map((s, i) => ({
        who: `anonymous ${i}`,
        stance: s.stance,
        reasoned: Boolean(s.reason),
      })),
    ],
  }))
  const { withDissent, unanimousWithoutReasons: unanimousSilent } = dissentOf(stanceLists)
  const ways = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
  for (const r of records) ways[r.wayOfKnowing] += 1
  if (kept) for (const way of Object.keys(ways) as (keyof typeof ways)[]) ways[way] += kept.waysOfKnowing[way]
  const acted = new Set([
    ...records.filter((r) => r.kind === 'action').map((r) => r.authorId),
    ...carried.filter((c) => c.actionRecords > 0).map((c) => c.personId),
  ])
  const analysis = view.analysis
  const balance =
    analysis?.participation ??
    participation(
      contributions,
      members.map((m) => ({ id: m.personId, name: m.displayName })),
    )
  const input: IndicatorInput = {
    cycleNumber: cycle.number,
    recommendedMinCycles: template.recommendedMinCycles,
    concluded: inquiry.status === 'concluded',
    memberCount: members.length,
    ratings: ratingEvidence(analysis),
    challengesRaised: challenges.length,
    decisionsClosed: decisions.length,
    decisionsWithDissent: withDissent,
    unanimousWithoutReasons: unanimousSilent,
    participation: { gini: balance.overallGiniNormalised, largestShare: balance.largestShare },
    membersWithoutActionRecords: memberIds.filter((id) => !acted.has(id)).length,
    actionPhaseReached: actionPhaseReached(phases),
    actionPhaseOngoing: actionPhaseOngoing(phases),
    waysOfKnowing: ways,
    checkIns: checkIns.length + (kept?.checkIns.held ?? 0),
    checkInsFlagged: checkIns.filter((c) => c.needsTime === 1).length + (kept?.checkIns.flagged ?? 0),
    thresholds: template.indicatorThresholds,
    evidence: await evidenceFor(db, inquiry, template, cycle, memberIds, contributions, analysis !== null, records, carried),
  }
  input.evidence!.stances = stanceEvidence(stanceLists)
  return computeIndicators(input, template.validityProcedures)
}

/** What the indicators weigh beyond the counts (issue 14): the same evidence analyse-archive reads from an archive. */
async function evidenceFor(
  db: Db,
  inquiry: Inquiry,
  template: InquiryTemplate,
  cycle: CycleRow,
  memberIds: string[],
  contributions: { memberId: string; records: number; words: number; themesProposed: number }[],
  revealed: boolean,
  records: { authorId: string; kind: string }[],
  carried: { personId: string; actionRecords: number }[],
): Promise<CycleEvidence> {
  const current = new Set(memberIds)
  const [ratings, challenges, judgements, cycles, group, links, earlier] = await Promise.all([
    // Ratings only once the blind round is revealed: before that nobody may read them, the indicators included.
    revealed ? listRevealedRatings(db, cycle.id) : Promise.resolve([]),
    listCycleChallenges(db, cycle.id),
    listValidityJudgements(db, cycle.id),
    listCycles(db, inquiry.id),
    findGroup(db, inquiry.groupId),
    revealed ? listRatedThemeLinkKinds(db, cycle.id) : Promise.resolve([]),
    countSharedRecordsBeforeCycle(db, inquiry.id, cycle.number),
  ])
  const rows = ratingRows(
    ratings
      .filter((r) => current.has(r.personId))
      .map((r) => ({ member: r.personId, theme: r.themeId, round: r.round, value: r.value, reasoned: Boolean(r.reason) })),
  )
  const rated = new Set(rows.map((r) => r.theme))
  const linkedToAction = new Set(links.filter((l) => l.kind === 'action' && rated.has(l.themeId)).map((l) => l.themeId)).size
  const linked = new Set(links.filter((l) => rated.has(l.themeId)).map((l) => l.themeId)).size
  const actionRecordsVisible = records.filter((r) => r.kind === 'action').length
  const timeMade = timeMadeAfterFlags(template.validityProcedures, challenges, judgements, cycle.reviewAdoptedAt !== null)
  const previous = new Map<number, { experiential: number; presentational: number; propositional: number; practical: number }>()
  for (const e of earlier) {
    const ways = previous.get(e.number) ?? { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
    ways[e.wayOfKnowing] += Number(e.n)
    previous.set(e.number, ways)
  }
  return {
    ratings: rows,
    scaleRange: template.ratingScale.max - template.ratingScale.min,
    challenges: challenges.map((c) => ({ raisedBy: c.raisedBy, resolution: c.resolution })),
    contributions: contributions.map((c) => ({
      member: c.memberId,
      records: c.records,
      words: c.words,
      themesProposed: c.themesProposed,
      actionRecords:
        records.filter((r) => r.authorId === c.memberId && r.kind === 'action').length +
        (carried.find((k) => k.personId === c.memberId)?.actionRecords ?? 0),
    })),
    themeLinks:
      actionRecordsVisible === 0 || rated.size === 0 ? null : { themes: rated.size, linkedToAction, actionRecordsVisible, linked },
    devilsAdvocate: { required: template.devilsAdvocate.required, held: cycle.devilsAdvocateId },
    previousWaysOfKnowing: [...previous.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w),
    ...(timeMade === undefined ? {} : { timeMade }),
    inquiryCycles: cycles.length ? Math.max(...cycles.map((c) => c.number)) : cycle.number,
    pair: group?.kind === 'pair',
  }
}

/**
 * The validity review of one cycle: procedures with their evidence, every member's judgement
 * and its spread, and the viewer's own; indicators, challenges.
 */
export async function getValidityReview(db: Db, user: SessionUser, inquiryId: string, cycleNumber: number) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const template = inquiryTemplate(inquiry.templateJson)
  const cycle = await getCycle(db, inquiryId, cycleNumber)
  const context = await phaseContext(db, inquiryId)
  const isCurrent = context.current?.cycleId === cycle.id
  const [indicators, judgements, challenges, members, openAdopt, openDa, allCycles, answers] = await Promise.all([
    indicatorsFor(db, user, inquiry, template, cycle),
    listValidityJudgementsWithNames(db, cycle.id),
    listChallenges(db, user, inquiryId, { cycleId: cycle.id }),
    listCurrentMembers(db, inquiry.groupId),
    findOpenDecision(db, 'adopt_review', { cycleId: cycle.id }),
    findOpenDecision(db, 'devils_advocate', { cycleId: cycle.id }),
    listCycles(db, inquiryId),
    indicatorAnswersOf(db, cycle.id),
  ])
  const closedToAnswers = answersClosedReason(inquiry, cycle)
  const current = new Set(members.map((m) => m.personId))
  const judgementsOf = (procedureKey: string) =>
    judgements
      .filter((j) => j.procedureKey === procedureKey)
      .map((j) => ({
        status: j.status,
        note: j.note,
        by: j.displayName,
        updatedAt: j.updatedAt,
        /** Whether the viewer made it: their own is the one the form changes. */
        mine: j.updatedBy === user.id,
        /** False for someone who has since left the group: their judgement stays, as part of the review they took part in. */
        currentMember: current.has(j.updatedBy),
      }))
  const procedures = template.validityProcedures.map((p) => {
    const own = judgementsOf(p.key)
    const mine = own.find((j) => j.mine)
    return {
      key: p.key,
      name: p.name,
      question: p.question,
      required: p.required,
      evidence: indicators.filter((i) => i.procedures.includes(p.key)),
      /** Every member's judgement, the least recently changed first: judgements are not anonymous. */
      judgements: own,
      spread: judgementSpread(own),
      /** The viewer's own judgement, null until they make one. */
      mine: mine ? { status: mine.status, note: mine.note, updatedAt: mine.updatedAt } : null,
    }
  })
  const canJudge = isCurrent && context.isSenseMaking && !cycle.reviewAdoptedAt && inquiry.status !== 'concluded'
  // A required procedure counts as judged once at least one member has judged it.
  const missing = procedures.filter((p) => p.required && p.judgements.length === 0).map((p) => p.name)
  const held = await devilsAdvocateCounts(
    db,
    inquiryId,
    members.map((m) => m.personId),
  )
  const suggestion = [...members].sort((a, b) => (held.get(a.personId) ?? 0) - (held.get(b.personId) ?? 0))[0]
  const history = await Promise.all(
    allCycles
      .filter((c) => c.number <= cycleNumber)
      .map(async (c) => ({
        cycle: c.number,
        indicators: (c.id === cycle.id ? indicators : await indicatorsFor(db, user, inquiry, template, c)).map((i) => ({
          key: i.key,
          name: i.name,
          status: i.status,
        })),
      })),
  )
  return {
    inquiry: { id: inquiry.id, title: inquiry.title },
    cycle: {
      number: cycle.number,
      isCurrent,
      inSenseMaking: isCurrent && context.isSenseMaking,
      closed: cycle.endedAt !== null,
      reviewAdoptedAt: cycle.reviewAdoptedAt,
      devilsAdvocate: members.find((m) => m.personId === cycle.devilsAdvocateId)?.displayName ?? null,
    },
    devilsAdvocate: {
      required: template.devilsAdvocate.required,
      suggestion: suggestion
        ? { personId: suggestion.personId, name: suggestion.displayName, times: held.get(suggestion.personId) ?? 0 }
        : null,
      members: members.map((m) => ({ personId: m.personId, name: m.displayName, times: held.get(m.personId) ?? 0 })),
      openDecisionId: openDa?.id ?? null,
    },
    summary: summarise(indicators),
    indicators,
    /** How many current members the group has: the spread of each procedure's judgements is out of them. */
    memberCount: members.length,
    procedures,
    extraJudgements: judgements
      .filter((j) => !template.validityProcedures.some((p) => p.key === j.procedureKey))
      .map((j) => ({ procedureKey: j.procedureKey, status: j.status, note: j.note, by: j.displayName, updatedAt: j.updatedAt })),
    challenges,
    canJudge,
    missingRequired: missing,
    adoptDecisionId: openAdopt?.id ?? null,
    history,
    answers: {
      /** Every answer of this cycle, oldest first; the last for an indicator is the current one. */
      list: answers,
      /** Why no indicator can be answered now (null while answers are open). */
      closedReason: closedToAnswers,
      /** Indicators a member may answer now: those that warn or alert, while answers are open. */
      answerable: closedToAnswers ? [] : indicators.filter((i) => isAnswerable(i.status)).map((i) => i.key),
    },
  }
}

const isAnswerable = (status: string): status is 'warn' | 'alert' => status === 'warn' || status === 'alert'

/** Why a cycle's indicators can no longer be answered, or null: the answers belong to the review, which closes with adoption. */
function answersClosedReason(inquiry: Pick<Inquiry, 'status'>, cycle: Pick<CycleRow, 'endedAt' | 'reviewAdoptedAt'>): string | null {
  if (inquiry.status === 'concluded') return 'The inquiry has concluded, so its indicators can no longer be answered.'
  if (cycle.reviewAdoptedAt) return 'This cycle’s validity review has been adopted, so the group’s answers to its indicators are settled.'
  if (cycle.endedAt) return 'This cycle has closed, so its indicators can no longer be answered.'
  return null
}

/** The group's answers to one cycle's indicators, oldest first, each with who gave it. */
async function indicatorAnswersOf(db: Db, cycleId: string) {
  const rows = await listIndicatorAnswers(db, cycleId)
  return rows.map((r) => ({
    indicatorKey: r.indicatorKey,
    version: r.version,
    statusWhenAnswered: r.status,
    note: r.note,
    by: r.displayName,
    at: r.answeredAt,
  }))
}

/**
 * A member marks a warning or alert of one cycle "we looked at this", with a note (issue 14
 * item 4). Only on an indicator that warns or alerts now, and only until the cycle's review is
 * adopted. A later answer, by any member, adds the next version: earlier ones stay as history.
 */
export async function answerIndicator(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  cycleNumber: number,
  input: z.infer<typeof IndicatorAnswerSchema>,
) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const cycle = await getCycle(trx, inquiryId, cycleNumber)
    const closed = answersClosedReason(inquiry, cycle)
    if (closed) throw new DomainError('conflict', closed)
    // Computed inside the transaction (never from the cache), so the status checked is the one the answer records.
    const indicators = await computeIndicatorsFor(trx, user, inquiry, inquiryTemplate(inquiry.templateJson), cycle)
    const indicator = indicators.find((i) => i.key === input.indicatorKey)
    if (!indicator) throw new DomainError('bad_request', 'That indicator is not computed for this inquiry.', 'indicatorKey')
    if (!isAnswerable(indicator.status)) {
      throw new DomainError(
        'conflict',
        `${indicator.name} does not warn in cycle ${cycle.number} (its status is “${INDICATOR_STATUS_TEXT[indicator.status]}”), so there is nothing to answer.`,
      )
    }
    const version = await nextIndicatorAnswerVersion(trx, cycle.id, indicator.key)
    try {
      await insertIndicatorAnswer(trx, {
        id: newId(),
        cycleId: cycle.id,
        indicatorKey: indicator.key,
        version,
        status: indicator.status,
        note: input.note,
        answeredBy: user.id,
        answeredAt: nowIso(),
      })
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'Another member answered this indicator at the same moment. Read their answer, then add yours.')
      throw error
    }
    return { indicatorKey: indicator.key, version }
  })
}

async function devilsAdvocateCounts(db: Db, inquiryId: string, memberIds: string[]) {
  const rows = await countDevilsAdvocateTurns(db, inquiryId)
  const counts = new Map(memberIds.map((id) => [id, 0]))
  for (const r of rows) if (r.devilsAdvocateId && counts.has(r.devilsAdvocateId)) counts.set(r.devilsAdvocateId, Number(r.n))
  return counts
}

async function requireValidityReviewOpen(db: Db, user: SessionUser, inquiryId: string, cycleNumber: number) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const cycle = await getCycle(db, inquiryId, cycleNumber)
  const context = await phaseContext(db, inquiryId)
  if (inquiry.status === 'concluded' || context.current?.cycleId !== cycle.id || !context.isSenseMaking) {
    throw new DomainError('conflict', 'The validity review is held in the current cycle’s sense-making phase.')
  }
  if (cycle.reviewAdoptedAt) throw new DomainError('conflict', 'This cycle’s validity review has been adopted and can no longer change.')
  return { inquiry, cycle, template: inquiryTemplate(inquiry.templateJson) }
}

/**
 * Records the member's own judgement of one procedure, or changes it (until adoption). Each
 * member has their own: nobody's judgement overwrites another person's (issue 16 item 3).
 */
export async function judgeProcedure(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  cycleNumber: number,
  input: z.infer<typeof JudgementSchema>,
) {
  await db.transaction().execute(async (trx) => {
    const { cycle, template } = await requireValidityReviewOpen(trx, user, inquiryId, cycleNumber)
    if (!template.validityProcedures.some((p) => p.key === input.procedureKey)) {
      throw new DomainError('bad_request', 'That procedure is not part of this inquiry’s template.', 'procedureKey')
    }
    await setOwnValidityJudgement(trx, {
      id: newId(),
      cycleId: cycle.id,
      procedureKey: input.procedureKey,
      status: input.status,
      note: input.note,
      updatedBy: user.id,
      updatedAt: nowIso(),
    })
  })
}

/**
 * Proposes adopting the review: every required procedure judged by at least one member, and a
 * devil's advocate where the template requires one.
 */
export async function proposeAdoptValidityReview(db: Db, user: SessionUser, inquiryId: string, cycleNumber: number) {
  return db.transaction().execute(async (trx) => {
    const { inquiry, cycle, template } = await requireValidityReviewOpen(trx, user, inquiryId, cycleNumber)
    const judged = new Set((await listValidityJudgements(trx, cycle.id)).map((j) => j.procedureKey))
    const missing = template.validityProcedures.filter((p) => p.required && !judged.has(p.key)).map((p) => p.name)
    if (missing.length) throw new DomainError('conflict', `Judge the required procedures first: ${missing.join('; ')}.`)
    if (template.devilsAdvocate.required && !cycle.devilsAdvocateId) {
      throw new DomainError('conflict', 'This inquiry’s template asks for a devil’s advocate each cycle; confirm one first.')
    }
    const open = await findOpenDecision(trx, 'adopt_review', { cycleId: cycle.id })
    if (open) throw new DomainError('conflict', 'A proposal to adopt this review is already open.')
    return propose(trx, user, {
      groupId: inquiry.groupId,
      inquiryId,
      cycleId: cycle.id,
      kind: 'adopt_review',
      title: `Adopt the validity review of cycle ${cycle.number}`,
      body: '',
      payload: { cycleId: cycle.id },
      rule: template.decisionRule,
    })
  })
}

/** Proposes a member as this cycle's devil's advocate; the group confirms by decision. */
export async function proposeDevilsAdvocate(db: Db, user: SessionUser, inquiryId: string, cycleNumber: number, personId: string) {
  return db.transaction().execute(async (trx) => {
    const { inquiry } = await requireInquiryMember(trx, user.id, inquiryId)
    const cycle = await getCycle(trx, inquiryId, cycleNumber)
    if (cycle.endedAt || inquiry.status === 'concluded') throw new DomainError('conflict', 'This cycle has closed.')
    const members = await listCurrentMembers(trx, inquiry.groupId)
    const person = members.find((m) => m.personId === personId)
    if (!person) throw new DomainError('bad_request', 'Choose a current member.', 'personId')
    const open = await findOpenDecision(trx, 'devils_advocate', { cycleId: cycle.id })
    if (open) throw new DomainError('conflict', 'A proposal for this cycle’s devil’s advocate is already open.')
    return propose(trx, user, {
      groupId: inquiry.groupId,
      inquiryId,
      cycleId: cycle.id,
      kind: 'devils_advocate',
      title: `${person.displayName} as devil’s advocate for cycle ${cycle.number}`,
      body: 'The devil’s advocate challenges what the group agrees on too easily, so that agreement is tested rather than assumed.',
      payload: { cycleId: cycle.id, personId },
      rule: inquiryTemplate(inquiry.templateJson).decisionRule,
    })
  })
}

export function parseCycleNumber(raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw notFound('This cycle')
  return n
}
