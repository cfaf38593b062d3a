import type { Db } from '~db/connection'
import { listDecisions } from '~db/queries/decisions'
import { listCurrentMembers } from '~db/queries/groups'
import { countCheckInsOfPhase, countMembersWhoJudgedAll, countOwnRecordsOfPhase, listProceduresJudgedBy } from '~db/queries/guidance'
import { getCycle } from '~db/queries/inquiries'
import { countCompleteBlindRatersOfInquiry, listRatableThemeIds } from '~db/queries/rating-pages'
import { listOwnRatingIds } from '~db/queries/ratings'
import { findCheckIn } from '~db/queries/validity'
import { inquiryTemplate, phaseContext } from '~/features/cycles/cycles.server'
import { countingMembers } from '~/features/decisions/core/rule'
import { getDecisionView } from '~/features/decisions/decisions.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import type { SessionUser } from '~/utils/session.server'
import { groupWaits, phaseAsks, roleSentence, type DecisionFacts, type GuidanceFacts, type RatingFacts } from './core/guidance'

/**
 * What the current phase is for, in the template's own words, what it asks of this member
 * (each ask done or not, with a link), and what the group waits on, as counts only: never who
 * has or has not acted. Null once the inquiry has no current phase (it has concluded).
 */
export async function getPhaseGuidance(db: Db, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return computeGuidance(db, user, inquiry)
}

async function computeGuidance(db: Db, user: SessionUser, inquiry: Awaited<ReturnType<typeof requireInquiryMember>>['inquiry']) {
  const inquiryId = inquiry.id
  const context = await phaseContext(db, inquiryId)
  const current = context.current
  if (!current || inquiry.status === 'concluded') return null
  const template = inquiryTemplate(inquiry.templateJson)
  const phase = template.phases.find((p) => p.key === current.templateKey)
  const memberIds = countingMembers(await listCurrentMembers(db, inquiry.groupId)).map((m) => m.personId)
  const cycle = await getCycle(db, current.cycleId)

  const facts: GuidanceFacts = {
    inquiryId,
    groupId: inquiry.groupId,
    cycleNumber: current.cycleNumber,
    kind: current.kind,
    senseMaking: context.isSenseMaking,
    members: memberIds.length,
    myRecords: await countOwnRecordsOfPhase(db, current.id, user.id),
    ratings: context.isSenseMaking ? await ratingFacts(db, user, inquiryId, cycle, memberIds) : null,
    checkIn: context.isReflection
      ? { mine: (await findCheckIn(db, current.id, user.id)) !== undefined, given: await countCheckInsOfPhase(db, current.id, memberIds) }
      : null,
    judgements:
      context.isSenseMaking && !cycle.reviewAdoptedAt && template.validityProcedures.length > 0
        ? await judgementFacts(
            db,
            user,
            cycle.id,
            template.validityProcedures.map((p) => p.key),
            memberIds,
          )
        : null,
    decisions: await decisionFacts(db, user, inquiry.groupId, inquiryId),
  }

  return {
    cycleNumber: current.cycleNumber,
    phaseName: current.name,
    kind: current.kind,
    role: current.role,
    roleText: roleSentence(current.role),
    /** The phase's purpose as the inquiry's copy of its template words it. */
    purpose: phase?.description ?? '',
    asks: phaseAsks(facts),
    waits: groupWaits(facts),
  }
}

export type PhaseGuidance = NonNullable<Awaited<ReturnType<typeof getPhaseGuidance>>>

/** The rating rounds as the ratings page counts them (listRatableThemeIds): every active theme while blind, the blind-rated ones after. */
async function ratingFacts(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  cycle: { id: string; blindRevealedAt: string | null },
  memberIds: string[],
): Promise<RatingFacts> {
  const themeIds = await listRatableThemeIds(db, inquiryId, cycle)
  const inRound = new Set(themeIds)
  const mine = async (round: 'blind' | 'open') =>
    (await listOwnRatingIds(db, cycle.id, user.id, round)).filter((r) => inRound.has(r.themeId)).length
  return {
    round: cycle.blindRevealedAt ? 'open' : 'blind',
    themes: themeIds.length,
    myBlind: await mine('blind'),
    myOpen: cycle.blindRevealedAt ? await mine('open') : 0,
    completeBlind: cycle.blindRevealedAt
      ? memberIds.length
      : await countCompleteBlindRatersOfInquiry(db, inquiryId, cycle, memberIds, themeIds.length),
  }
}

/** This member's judgements of the cycle's procedures (a judgement is theirs while it carries their name as updatedBy). */
async function judgementFacts(db: Db, user: SessionUser, cycleId: string, procedureKeys: string[], memberIds: string[]) {
  const keys = new Set(procedureKeys)
  const mine = (await listProceduresJudgedBy(db, cycleId, user.id)).filter((k) => keys.has(k)).length
  return { procedures: keys.size, mine, complete: await countMembersWhoJudgedAll(db, cycleId, [...keys], memberIds) }
}

/**
 * The open decisions of this inquiry and of the group as a whole, each with whether this member
 * has taken a stance and how many have. Read through the decision's own view, so an anonymous
 * decision is checked by its ballot, as the decision page checks it, and nothing new is stored.
 */
async function decisionFacts(db: Db, user: SessionUser, groupId: string, inquiryId: string): Promise<DecisionFacts[]> {
  const open = (await listDecisions(db, { groupId, status: 'open' })).filter((d) => d.inquiryId === inquiryId || d.inquiryId === null)
  const facts: DecisionFacts[] = []
  for (const d of open.reverse()) {
    const view = await getDecisionView(db, user, d.id)
    facts.push({
      id: d.id,
      title: d.title,
      mine: view.anonymous.on ? view.myAnonymous : view.myStance !== null,
      given: view.anonymous.given,
      voters: view.anonymous.voters,
      groupLevel: d.inquiryId === null,
    })
  }
  return facts
}
