import type { Db } from '~db/connection'
import { countRecordsUnlinkedFrom, EXCERPT_CHARS, listRecordsUnlinkedFromPage } from '~db/queries/records'
import { findPersonById } from '~db/queries/people'
import { listCycles } from '~db/queries/inquiries'
import {
  countActiveThemes,
  countMergedThemes,
  countVisibleLinksOfTheme,
  countVisibleLinksOfThemes,
  findTheme,
  groupLinkCycles,
  listActiveThemesPage,
  listMergedThemes,
  listOtherActiveThemes,
  listThemeEvents,
  listVisibleLinksOfThemePage,
} from '~db/queries/themes'
import { trajectory } from '~/features/analysis/core'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { findCurrentPhase, phaseContext } from '~/features/cycles/cycles.server'
import { notFound } from '~/utils/errors.server'
import { offsetOf, pageOf } from '~/utils/paging'
import type { SessionUser } from '~/utils/session.server'
import { listText } from '~/features/records/core/excerpt'
import { MERGED_MESSAGE, themeEditBlock } from './themes.server'

// The pages that read themes: the themes list, a theme's own page (its links and the records
// that could be linked, each a page at a time) and the codebook import page. What changes
// themes is in themes.server.ts.

/** The codebook import page: the inquiry, and why themes cannot be proposed now (null when they can). */
export async function getImportPage(db: Db, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return { inquiry: { id: inquiry.id, title: inquiry.title }, editBlock: await themeEditBlock(db, inquiry) }
}

/** The merged themes the themes page lists: the latest, and how many there are in all. */
const MERGED_SHOWN = 50

/** One page of an inquiry's active themes (in the order they were proposed), with the links each has that the viewer may see. */
export async function listThemes(db: Db, user: SessionUser, inquiryId: string, page = 1) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const [context, editBlock, total, merged, mergedTotal] = await Promise.all([
    phaseContext(db, inquiryId),
    themeEditBlock(db, inquiry),
    countActiveThemes(db, inquiryId),
    listMergedThemes(db, inquiryId, MERGED_SHOWN),
    countMergedThemes(db, inquiryId),
  ])
  const paging = pageOf(page, total)
  const themes = total === 0 ? [] : await listActiveThemesPage(db, inquiryId, { limit: paging.pageSize, offset: offsetOf(paging) })
  const themeIds = themes.map((t) => t.id)
  const [countOf, linkCycles] = await Promise.all([
    countVisibleLinksOfThemes(db, user.id, themeIds),
    groupLinkCycles(db, inquiryId, themeIds),
  ])
  // Mid-cycle (before sense-making) a theme has had no chance to gather this cycle's records,
  // so trajectories are read against the last cycle that has reached sense-making.
  const now = context.current?.cycleNumber ?? null
  const cycleNumber = now === null ? null : context.isSenseMaking ? now : now > 1 ? now - 1 : null
  return {
    inquiry: { id: inquiry.id, title: inquiry.title, status: inquiry.status },
    canEdit: editBlock === null,
    editBlock,
    trajectoryCycle: cycleNumber,
    paging,
    themes: themes.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      proposedByName: t.proposedByName,
      firstCycleNumber: t.firstCycleNumber,
      links: countOf.get(t.id) ?? 0,
      trajectory:
        cycleNumber && t.firstCycleNumber <= cycleNumber ? trajectory(linkCycles.get(t.id) ?? [], t.firstCycleNumber, cycleNumber) : null,
    })),
    merged,
    mergedTotal,
  }
}

/** Records the theme page offers to link at a time, from one cycle. */
export const LINKABLE_PAGE_SIZE = 10

/** Which page of a theme's linked records, and which cycle and page of the records that could be linked, a theme's page shows. */
export type ThemePageQuery = { page?: number; linkCycle?: number; linkPage?: number }

export async function getTheme(db: Db, user: SessionUser, inquiryId: string, themeId: string, query: ThemePageQuery = {}) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const theme = await findTheme(db, themeId)
  if (!theme || theme.inquiryId !== inquiryId) throw notFound('This theme')
  const [total, events, others, proposer, mergedInto, editBlock] = await Promise.all([
    countVisibleLinksOfTheme(db, user.id, themeId),
    listThemeEvents(db, themeId),
    listOtherActiveThemes(db, inquiryId, themeId),
    findPersonById(db, theme.proposedBy),
    theme.mergedIntoId ? findTheme(db, theme.mergedIntoId) : undefined,
    theme.status === 'active' ? themeEditBlock(db, inquiry) : MERGED_MESSAGE,
  ])
  const paging = pageOf(query.page ?? 1, total)
  const links =
    total === 0 ? [] : await listVisibleLinksOfThemePage(db, user.id, themeId, { limit: paging.pageSize, offset: offsetOf(paging) })
  const canEdit = editBlock === null
  return {
    inquiry: { id: inquiry.id, title: inquiry.title },
    theme: {
      id: theme.id,
      name: theme.name,
      description: theme.description,
      status: theme.status,
      proposedByName: proposer?.displayName ?? 'A former member',
      createdAt: theme.createdAt,
      mergedInto: mergedInto ? { id: mergedInto.id, name: mergedInto.name } : null,
    },
    canEdit,
    editBlock,
    paging,
    links: links.map((l) => ({
      ...l,
      // A long record shows its start here; the whole of it is on its page.
      ...listText(l.text),
      canUnlink: canEdit && (l.linkedBy === user.id || l.authorId === user.id),
      isMine: l.authorId === user.id,
    })),
    linkable: canEdit ? await linkableRecords(db, user, inquiryId, themeId, query) : null,
    others,
    history: events.map((e) => ({
      kind: e.kind,
      detail: JSON.parse(e.detailJson) as Record<string, unknown>,
      at: e.createdAt,
      by: e.displayName,
    })),
  }
}

/**
 * The records a member could link to a theme, a page at a time from one cycle (the current
 * one unless they choose another), newest first: those they may see that are not linked yet.
 */
async function linkableRecords(db: Db, user: SessionUser, inquiryId: string, themeId: string, query: ThemePageQuery) {
  const [cycles, current] = await Promise.all([listCycles(db, inquiryId), findCurrentPhase(db, inquiryId)])
  const cycle =
    cycles.find((c) => c.number === query.linkCycle) ?? cycles.find((c) => c.id === current?.cycleId) ?? cycles[cycles.length - 1]
  const total = cycle ? await countRecordsUnlinkedFrom(db, inquiryId, user.id, themeId, cycle.id) : 0
  const paging = pageOf(query.linkPage ?? 1, total, LINKABLE_PAGE_SIZE)
  const rows =
    cycle && total > 0
      ? await listRecordsUnlinkedFromPage(db, inquiryId, user.id, themeId, cycle.id, { limit: paging.pageSize, offset: offsetOf(paging) })
      : []
  return {
    cycleNumber: cycle?.number ?? null,
    cycles: cycles.map((c) => c.number).reverse(),
    paging,
    records: rows.map((r) => ({
      id: r.id,
      authorName: r.authorName,
      isMine: r.authorId === user.id,
      occurredAt: r.occurredAt,
      wayOfKnowing: r.wayOfKnowing,
      visibility: r.visibility,
      excerpt: r.excerpt.length > EXCERPT_CHARS ? `${r.excerpt.slice(0, EXCERPT_CHARS)}…` : r.excerpt,
    })),
  }
}
