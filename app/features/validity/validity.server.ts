import type { z } from 'zod'
import type { Db } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { listCurrentMembers } from '~db/queries/groups'
import { listCycles } from '~db/queries/inquiries'
import {
  countDevilsAdvocateTurns,
  insertIndicatorAnswer,
  listIndicatorAnswers,
  listValidityJudgements,
  listValidityJudgementsWithNames,
  nextIndicatorAnswerVersion,
  setOwnValidityJudgement,
} from '~db/queries/validity'
import { listChallenges } from '~/features/challenges/challenges.server'
import { propose } from '~/features/decisions/decisions.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate, phaseContext } from '~/features/cycles/cycles.server'
import { DomainError, isUniqueViolation, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import { cachedForInquiry } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import { INDICATOR_STATUS_TEXT, summarise, judgementSpread } from './core'
import type { IndicatorAnswerSchema, JudgementSchema } from './validity.schema'
import { findOpenDecision } from '~db/queries/decisions'
import { computeIndicatorsFor, getCycle, indicatorsFor, type CycleRow } from './evidence.server'

// The validity review of a cycle: its page, the judgements and answers members give, and the
// proposals to adopt it and to name a devil's advocate. Its evidence and indicators are in
// evidence.server.ts.

export async function getValidityReview(db: Db, user: SessionUser, inquiryId: string, cycleNumber: number) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  // A member's own judgements are part of it, so it is kept per member, by data version.
  return cachedForInquiry(db, inquiryId, `review:${user.id}:${cycleNumber}`, () => validityReviewOf(db, user, inquiry, cycleNumber))
}

async function validityReviewOf(db: Db, user: SessionUser, inquiry: Inquiry, cycleNumber: number) {
  const inquiryId = inquiry.id
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
