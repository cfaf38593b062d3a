import type { Db, Executor } from '~db/connection'
import type { RatingRound } from '~db/schema'
import { listCurrentMembers } from '~db/queries/groups'
import { insertRating, listOwnRatingIds, ratingsVisibleTo, updateRating } from '~db/queries/ratings'
import { findInquiry, getCycle } from '~db/queries/inquiries'
import {
  countCompleteBlindRatersOfInquiry,
  countRatableThemes,
  countUnratedBy,
  findFirstUnratedPosition,
  listRatableThemeIds,
  listRatableThemesPage,
} from '~db/queries/rating-pages'
import { propose } from '~/features/decisions/decisions.server'
import { countingMembers } from '~/features/decisions/core/rule'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate, phaseContext, revealBlindRound } from '~/features/cycles/cycles.server'
import { DomainError } from '~/utils/errors.server'
import { failWithFieldErrors } from '~/utils/http.server'
import { newId, nowIso } from '~/utils/ids.server'
import { offsetOf, pageOf, pageOfPosition } from '~/utils/paging'
import type { SessionUser } from '~/utils/session.server'
import { parseRatingForm, type RatingEntry } from './ratings.schema'
import { findOpenDecision } from '~db/queries/decisions'

type RoundState = 'not_open' | 'blind' | 'open'

/** The rating round of the cycle now in sense-making: blind until revealed, then open; not open outside sense-making. */
async function roundOf(db: Executor, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const template = inquiryTemplate(inquiry.templateJson)
  const context = await phaseContext(db, inquiryId)
  const current = context.current
  if (!current || !context.isSenseMaking || inquiry.status === 'concluded') {
    return { inquiry, template, current, cycle: null, state: 'not_open' as RoundState }
  }
  const cycle = await getCycle(db, current.cycleId)
  return { inquiry, template, current, cycle, state: (cycle.blindRevealedAt ? 'open' : 'blind') as RoundState }
}

/**
 * The rating rounds of the cycle now in sense-making, with the ids of every theme they rate
 * (for checking a form), as listRatableThemeIds defines them. Blind: every active theme, each
 * member privately. After reveal: the themes that were in the blind round, openly.
 */
async function roundContext(db: Executor, user: SessionUser, inquiryId: string) {
  const round = await roundOf(db, user, inquiryId)
  return { ...round, themeIds: round.cycle ? await listRatableThemeIds(db, inquiryId, round.cycle) : [] }
}

/**
 * The ratings page: one page of the round's themes (50 at a time, in the order they were
 * proposed) with the viewer's own ratings of them, never anyone else's before the reveal. A
 * page is saved on its own, so a member rates a long list page by page; in the blind round
 * the page says how many they have left and where the first of them is.
 */
export async function getRatingPage(db: Db, user: SessionUser, inquiryId: string, page = 1) {
  const ctx = await roundOf(db, user, inquiryId)
  const base = {
    inquiry: { id: ctx.inquiry.id, title: ctx.inquiry.title },
    state: ctx.state,
    cycleNumber: ctx.cycle?.number ?? ctx.current?.cycleNumber ?? null,
    scale: ctx.template.ratingScale,
    revealRule: ctx.template.blindReveal,
  }
  // Placeholder seats cannot rate: the round waits only for the people who can.
  const members = countingMembers(await listCurrentMembers(db, ctx.inquiry.groupId))
  if (!ctx.cycle) {
    return {
      ...base,
      progress: { completed: 0, members: members.length },
      revealDecisionId: null,
      paging: pageOf(1, 0),
      mine: null,
      themes: [],
    }
  }
  const cycle = ctx.cycle
  const [total, openDecision] = await Promise.all([
    countRatableThemes(db, inquiryId, cycle),
    findOpenDecision(db, 'reveal_ratings', { cycleId: cycle.id }),
  ])
  const paging = pageOf(page, total)
  const themes = total === 0 ? [] : await listRatableThemesPage(db, inquiryId, cycle, { limit: paging.pageSize, offset: offsetOf(paging) })
  const themeIds = themes.map((t) => t.id)
  // The gate on ratings (ratingsVisibleTo), narrowed to the viewer's own ratings of this page's themes.
  const mine =
    themeIds.length === 0
      ? []
      : await ratingsVisibleTo(db, cycle, user.id)
          .where('ratings.personId', '=', user.id)
          .where('ratings.themeId', 'in', themeIds)
          .execute()
  const blind = ctx.state === 'blind'
  const [completed, unrated, firstUnrated] = await Promise.all([
    countCompleteBlindRatersOfInquiry(
      db,
      inquiryId,
      cycle,
      members.map((m) => m.personId),
      total,
    ),
    blind ? countUnratedBy(db, inquiryId, cycle, user.id, 'blind') : 0,
    blind ? findFirstUnratedPosition(db, inquiryId, cycle, user.id, 'blind') : null,
  ])
  const value = (themeId: string, round: RatingRound) => mine.find((r) => r.themeId === themeId && r.round === round)
  return {
    ...base,
    progress: { completed, members: members.length },
    revealDecisionId: openDecision?.id ?? null,
    paging,
    /** The viewer's own progress through the blind round: how many themes they have left, and the page of the first. */
    mine: blind ? { unrated, firstUnratedPage: firstUnrated === null ? null : pageOfPosition(firstUnrated, paging.pageSize) } : null,
    themes: themes.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      blind: value(t.id, 'blind')?.value ?? null,
      open: value(t.id, 'open')?.value ?? null,
      reason: value(t.id, 'open')?.reason ?? null,
    })),
  }
}

async function upsertRatings(
  trx: Executor,
  user: SessionUser,
  cycleId: string,
  round: RatingRound,
  entries: { themeId: string; value: number; reason: string | null }[],
) {
  const now = nowIso()
  const existing = await listOwnRatingIds(trx, cycleId, user.id, round)
  const idOf = new Map(existing.map((r) => [r.themeId, r.id]))
  for (const entry of entries) {
    const id = idOf.get(entry.themeId)
    if (id) {
      await updateRating(trx, id, { value: entry.value, reason: entry.reason, updatedAt: now })
    } else {
      await insertRating(trx, {
        id: newId(),
        themeId: entry.themeId,
        cycleId,
        personId: user.id,
        round,
        value: entry.value,
        reason: entry.reason,
        createdAt: now,
        updatedAt: now,
      })
    }
  }
}

/**
 * Saves blind ratings. When the template reveals on completion and every current member
 * has now rated every theme, the round is revealed in the same transaction.
 */
export async function rateBlind(db: Db, user: SessionUser, inquiryId: string, values: Record<string, string>) {
  return db.transaction().execute(async (trx) => {
    await saveRound(trx, user, inquiryId, 'blind', values)
    return { revealed: await revealIfComplete(trx, inquiryId) }
  })
}

/** Checks the round is open, parses `rating.<themeId>` fields on the template's scale, and saves them. */
async function saveRound(trx: Executor, user: SessionUser, inquiryId: string, round: RatingRound, values: Record<string, string>) {
  const ctx = await roundContext(trx, user, inquiryId)
  if (ctx.state === 'not_open' || !ctx.cycle)
    throw new DomainError('conflict', 'Ratings are given in the sense-making phase; no rating round is open now.')
  if (round === 'blind' && ctx.state === 'open') {
    throw new DomainError('conflict', 'The blind round has been revealed and is closed. You can re-rate in the open round.')
  }
  if (round === 'open' && ctx.state === 'blind')
    throw new DomainError('conflict', 'The open round starts when the blind ratings are revealed.')
  const { entries, errors } = parseRatingForm(values, ctx.template.ratingScale, new Set(ctx.themeIds))
  if (Object.keys(errors).length) failWithFieldErrors(errors)
  requireSomeRating(entries)
  // Blind ratings carry no reason: reasons belong to moves made after discussion.
  await upsertRatings(trx, user, ctx.cycle.id, round, round === 'blind' ? entries.map((e) => ({ ...e, reason: null })) : entries)
}

/**
 * Reveals the blind round of an inquiry in sense-making once every current member has
 * rated every theme (when the template reveals on completion); placeholder seats are not
 * waited for. Called after anything that can complete the round: a blind rating, a member
 * leaving, a merge of themes.
 */
export async function revealIfComplete(trx: Executor, inquiryId: string): Promise<boolean> {
  const inquiry = await findInquiry(trx, inquiryId)
  if (!inquiry || inquiry.status === 'concluded' || inquiryTemplate(inquiry.templateJson).blindReveal !== 'all_rated') return false
  const context = await phaseContext(trx, inquiryId)
  if (!context.current || !context.isSenseMaking) return false
  const cycle = await getCycle(trx, context.current.cycleId)
  if (cycle.blindRevealedAt) return false
  const themes = await countRatableThemes(trx, inquiryId, cycle)
  const members = countingMembers(await listCurrentMembers(trx, inquiry.groupId))
  if (themes === 0 || members.length === 0) return false
  const completed = await countCompleteBlindRatersOfInquiry(
    trx,
    inquiryId,
    cycle,
    members.map((m) => m.personId),
    themes,
  )
  return completed === members.length ? revealBlindRound(trx, cycle.id) : false
}

/** Saves open-round ratings; a changed rating may carry a reason (optional, but counted). */
export async function rateOpen(db: Db, user: SessionUser, inquiryId: string, values: Record<string, string>) {
  await db.transaction().execute((trx) => saveRound(trx, user, inquiryId, 'open', values))
}

/** Proposes revealing the blind round before everyone has rated (or where the template reveals only by decision). */
export async function proposeReveal(db: Db, user: SessionUser, inquiryId: string) {
  return db.transaction().execute(async (trx) => {
    const ctx = await roundOf(trx, user, inquiryId)
    if (ctx.state !== 'blind' || !ctx.cycle) throw new DomainError('conflict', 'There is no blind round waiting to be revealed.')
    const open = await findOpenDecision(trx, 'reveal_ratings', { cycleId: ctx.cycle.id })
    if (open) throw new DomainError('conflict', 'A proposal to reveal the blind ratings is already open.')
    return propose(trx, user, {
      groupId: ctx.inquiry.groupId,
      inquiryId,
      cycleId: ctx.cycle.id,
      kind: 'reveal_ratings',
      title: `Reveal the blind ratings of cycle ${ctx.cycle.number}`,
      body: '',
      payload: { cycleId: ctx.cycle.id },
      rule: ctx.template.decisionRule,
    })
  })
}

function requireSomeRating(entries: RatingEntry[]) {
  if (entries.length === 0) throw new DomainError('bad_request', 'Choose a rating for at least one theme.')
}
