import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import type { PairRole } from '~db/schema'
import {
  countAgendaItemsRaisedBy,
  deleteOutcomeChoice,
  findOpenPeerReview,
  findPeerReview,
  getPairSettings,
  insertAgendaItem,
  insertOutcomeChoice,
  insertPeerReview,
  listAgendaItemsVisibleTo,
  listAgendaOrder,
  listOutcomeChoices,
  nextPeerReviewNumber,
  updateAgendaItemNote,
  updateAgendaItemPosition,
  updateAgendaPositionsFrom,
  updatePairSettings,
  updatePeerReview,
} from '~db/queries/peer-reviews'
import { recordAudit } from '~/features/audit/audit.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { placeOfNewItem } from './core/agenda'
import { resolveOutcome, type OutcomeChoice } from './core/involvement'
import { consentState, ensurePairSetup, requireCurrentConsent, requirePair } from './pairs.server'
import { ITEM_LIMITS, type AgendaItemSchema, type ItemNoteSchema, type MoveItemSchema, type OutcomeSchema } from './peer-review.schema'

/** No review opens without the client's current consent, and never after the work has ended. */
export async function openPeerReview(db: Db, user: SessionUser, groupId: string) {
  return db.transaction().execute(async (trx) => {
    const pair = await requirePair(trx, user, groupId)
    await ensurePairSetup(trx, groupId)
    if (!pair.client || !pair.practitioner)
      throw new DomainError('conflict', 'A review needs both the client and the practitioner in the pair.')
    const settings = await getPairSettings(trx, groupId)
    if (settings.status === 'ended') throw new DomainError('conflict', 'This work has ended; no further reviews can be held.')
    await requireCurrentConsent(trx, groupId, pair.client.personId)
    if (await findOpenPeerReview(trx, groupId)) throw new DomainError('conflict', 'A review is already open.')
    const id = newId()
    await insertPeerReview(trx, {
      id,
      groupId,
      number: await nextPeerReviewNumber(trx, groupId),
      status: 'open',
      clientTurn: 'raising',
      openedAt: nowIso(),
      clientDoneAt: null,
      closedAt: null,
      outcome: null,
      outcomeNote: null,
      endedBy: null,
    })
    return id
  })
}

async function loadPeerReview(db: Executor, user: SessionUser, groupId: string, reviewId: string) {
  const pair = await requirePair(db, user, groupId)
  const review = await findPeerReview(db, groupId, reviewId)
  if (!review) throw notFound('This review')
  return { pair, review }
}

/** An open review whose work is not paused by a withdrawn consent. */
async function loadOpenPeerReview(db: Executor, user: SessionUser, groupId: string, reviewId: string) {
  const loaded = await loadPeerReview(db, user, groupId, reviewId)
  if (loaded.review.status !== 'open') throw new DomainError('conflict', 'This review has closed.')
  await requireCurrentConsent(db, groupId, loaded.pair.client?.personId ?? null)
  return loaded
}

/**
 * The client raises first: until the client has submitted or passed, each person sees only
 * their own items, so the client is not anchored by the practitioner's view (and the
 * practitioner does not read the client's items before they are offered). Each person's
 * choice of outcome stays hidden until both have chosen.
 */
export async function getPeerReview(db: Db, user: SessionUser, groupId: string, reviewId: string) {
  const { pair, review } = await loadPeerReview(db, user, groupId, reviewId)
  const items = await listAgendaItemsVisibleTo(db, review, user.id)
  const choices = await listOutcomeChoices(db, reviewId)
  const both = choices.length === 2 || review.status === 'closed'
  const mine = items.filter((i) => i.raisedBy === user.id).length
  const consent = await consentState(db, groupId, pair.client?.personId ?? null)
  return {
    group: { id: pair.group.id, name: pair.group.name },
    role: pair.role,
    review: {
      id: review.id,
      number: review.number,
      status: review.status,
      clientTurn: review.clientTurn,
      openedAt: review.openedAt,
      closedAt: review.closedAt,
      outcome: review.outcome,
      outcomeNote: review.outcomeNote,
    },
    consent: { current: consent.current, reason: consent.reason },
    // Positions are shared across both people's items; sending them would show gaps, and so
    // how many items the other has raised, before the client's turn is done.
    items: items.map(({ position: _position, ...i }) => ({ ...i, isMine: i.raisedBy === user.id })),
    myItemCount: mine,
    itemLimit: ITEM_LIMITS[pair.role],
    myChoice: choices.find((c) => c.personId === user.id) ?? null,
    otherHasChosen: choices.some((c) => c.personId !== user.id),
    choices: both
      ? choices.map((c) => ({
          role: (c.personId === pair.client?.personId ? 'client' : 'practitioner') as PairRole,
          outcome: c.outcome,
          reason: c.reason,
        }))
      : [],
  }
}

export async function raiseItem(db: Db, user: SessionUser, groupId: string, reviewId: string, input: z.infer<typeof AgendaItemSchema>) {
  await db.transaction().execute(async (trx) => {
    const { pair } = await loadOpenPeerReview(trx, user, groupId, reviewId)
    const mine = await countAgendaItemsRaisedBy(trx, reviewId, user.id)
    if (mine >= ITEM_LIMITS[pair.role]) {
      throw new DomainError(
        'conflict',
        `You can raise at most ${ITEM_LIMITS[pair.role]} items in a review${pair.role === 'practitioner' ? '; the client may raise more' : ''}.`,
      )
    }
    const ordered = await listAgendaOrder(trx, reviewId)
    const place = placeOfNewItem(ordered, pair.role)
    const after = ordered[place]
    let position = Number(ordered.at(-1)?.position ?? 0) + 1
    if (after) {
      // Positions are unique but need not be contiguous: make room by moving the rest down one.
      position = after.position
      await updateAgendaPositionsFrom(trx, reviewId, position)
    }
    const now = nowIso()
    await insertAgendaItem(trx, {
      id: newId(),
      reviewId,
      raisedBy: user.id,
      raisedAs: pair.role,
      kind: input.kind,
      text: input.text,
      position,
      note: null,
      noteBy: null,
      createdAt: now,
      updatedAt: now,
    })
  })
}

/** The client submits their items (or passes); from then on both see the whole agenda. */
export async function finishClientTurn(db: Db, user: SessionUser, groupId: string, reviewId: string) {
  await db.transaction().execute(async (trx) => {
    const { pair, review } = await loadOpenPeerReview(trx, user, groupId, reviewId)
    if (pair.role !== 'client') throw new DomainError('forbidden', 'The client decides when their turn is done.')
    if (review.clientTurn !== 'raising') throw new DomainError('conflict', 'You have already submitted your items.')
    const mine = await countAgendaItemsRaisedBy(trx, reviewId, user.id)
    await updatePeerReview(trx, reviewId, { clientTurn: mine ? 'submitted' : 'passed', clientDoneAt: nowIso() })
  })
}

async function requireWholeAgenda(review: { clientTurn: string }) {
  if (review.clientTurn === 'raising')
    throw new DomainError('conflict', 'The agenda opens once the client has submitted their items or passed.')
}

/** The client orders the agenda; the order they set holds (new items are placed around it, see placeOfNewItem). */
export async function moveItem(db: Db, user: SessionUser, groupId: string, reviewId: string, input: z.infer<typeof MoveItemSchema>) {
  await db.transaction().execute(async (trx) => {
    const { pair, review } = await loadOpenPeerReview(trx, user, groupId, reviewId)
    if (pair.role !== 'client') throw new DomainError('forbidden', 'The client orders the agenda.')
    await requireWholeAgenda(review)
    const items = await listAgendaOrder(trx, reviewId)
    const index = items.findIndex((i) => i.id === input.itemId)
    if (index === -1) throw new DomainError('bad_request', 'Choose an item of this review.', 'itemId')
    const other = items[input.direction === 'up' ? index - 1 : index + 1]
    if (!other) return
    const item = items[index]!
    await updateAgendaItemPosition(trx, item.id, other.position)
    await updateAgendaItemPosition(trx, other.id, item.position)
  })
}

/** A short shared note per item: what was said and what will change. Either person may write it. */
export async function noteItem(db: Db, user: SessionUser, groupId: string, reviewId: string, input: z.infer<typeof ItemNoteSchema>) {
  await db.transaction().execute(async (trx) => {
    const { review } = await loadOpenPeerReview(trx, user, groupId, reviewId)
    await requireWholeAgenda(review)
    const noted = await updateAgendaItemNote(trx, reviewId, input.itemId, { note: input.note, noteBy: user.id, updatedAt: nowIso() })
    if (noted === 0) throw new DomainError('bad_request', 'Choose an item of this review.', 'itemId')
  })
}

/**
 * Each person chooses an outcome. Either may end the work alone, with a reason; continuing,
 * changing and pausing need both; different choices close the review as not agreed, and the
 * present arrangement stands.
 */
export async function chooseOutcome(db: Db, user: SessionUser, groupId: string, reviewId: string, input: z.infer<typeof OutcomeSchema>) {
  return db.transaction().execute(async (trx) => {
    const { pair, review } = await loadOpenPeerReview(trx, user, groupId, reviewId)
    await requireWholeAgenda(review)
    if ((input.outcome === 'end' || input.outcome === 'change') && input.reason.length < 3) {
      throw new DomainError(
        'bad_request',
        input.outcome === 'end' ? 'Say why you are ending the work.' : 'Say what should change.',
        'reason',
      )
    }
    const now = nowIso()
    await deleteOutcomeChoice(trx, reviewId, user.id)
    await insertOutcomeChoice(trx, { reviewId, personId: user.id, outcome: input.outcome, reason: input.reason || null, createdAt: now })
    const choices = await listOutcomeChoices(trx, reviewId)
    const of = (personId: string | undefined) => (choices.find((c) => c.personId === personId)?.outcome ?? null) as OutcomeChoice | null
    const outcome = resolveOutcome(of(pair.client?.personId), of(pair.practitioner?.personId))
    if (!outcome) return null
    const reasons = choices
      .filter((c) => c.reason)
      .map((c) => `${c.personId === pair.client?.personId ? 'Client' : 'Practitioner'}: ${c.reason}`)
    const settings = await getPairSettings(trx, groupId)
    const nextReviewOn = new Date(Date.now() + settings.cadenceDays * 86_400_000).toISOString().slice(0, 10)
    await updatePeerReview(trx, reviewId, {
      status: 'closed',
      closedAt: now,
      outcome,
      outcomeNote: reasons.join('\n') || null,
      endedBy: outcome === 'end' ? user.id : null,
    })
    if (outcome === 'end') {
      await updatePairSettings(trx, groupId, { status: 'ended', statusNote: input.reason, nextReviewOn: null, updatedAt: now })
      await recordAudit(trx, { kind: 'pair_ended', personId: user.id, groupId })
    } else if (outcome === 'pause') {
      await updatePairSettings(trx, groupId, { status: 'paused', statusNote: 'Paused by both at a review.', nextReviewOn, updatedAt: now })
    } else if (outcome === 'continue' || outcome === 'change') {
      await updatePairSettings(trx, groupId, { status: 'active', statusNote: null, nextReviewOn, updatedAt: now })
    } else {
      await updatePairSettings(trx, groupId, { nextReviewOn, updatedAt: now })
    }
    return outcome
  })
}
