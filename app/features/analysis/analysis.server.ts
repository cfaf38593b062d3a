import type { Db } from '~db/connection'
import { carriedContributions } from '~db/queries/carried'
import { listCurrentMembers } from '~db/queries/groups'
import { ratingsVisibleTo } from '~db/queries/ratings'
import { groupLinkCycles } from '~db/queries/themes'
import { listCycles } from '~db/queries/inquiries'
import { listCycleChallenges } from '~db/queries/challenges'
import { listSharedRecordTextsOfCycle } from '~db/queries/records'
import {
  listActiveThemesWithFirstCycle,
  listRevealedCycles,
  listStanceTakersOfCycle,
  listThemeProposersOfCycle,
} from '~db/queries/analysis'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import type { InquiryTemplate } from '~/features/templates/template.schema'
import { inquiryCache, type Cached } from '~/utils/cache.server'
import type { SessionUser } from '~/utils/session.server'
import { analyseCycle, themeStats, trajectory } from './core'
import type { ThemeSeries } from './core/chart-data'
import { ANALYSIS_CHARTS, analysisPageModel, chartSrc, type AnalysisChart, type Round } from './core/page'
import type { CycleAnalysis, ParticipationInput, RatingInput } from './core/types'

function thresholdsOf(template: InquiryTemplate) {
  return {
    convergentMaxIqr: template.analysis.convergentMaxIqr,
    divergentMinIqr: template.analysis.divergentMinIqr,
    polarisedShare: template.analysis.polarisedShare,
    quorum: template.decisionRule.quorum,
  }
}

/** Words in a text: runs of non-space characters (counted without building arrays). */
export function wordCount(text: string): number {
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const space =
      code === 32 ||
      (code >= 9 && code <= 13) ||
      code === 160 ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0x3000 ||
      (code >= 0x2000 && code <= 0x200a) ||
      code === 0x1680 ||
      code === 0x202f ||
      code === 0x205f ||
      code === 0xfeff
    if (space) inWord = false
    else if (!inWord) {
      inWord = true
      words += 1
    }
  }
  return words
}

type CycleRow = { id: string; number: number; blindRevealedAt: string | null }

/**
 * Contributions in a cycle. Only group-visible records count, so private records stay unseen.
 * An imported cycle adds the counts it carried from records whose words stayed behind.
 */
export async function participationIn(db: Db, inquiryId: string, cycleId: string, memberIds: string[]): Promise<ParticipationInput[]> {
  const [records, themes, stances, challenges, carried] = await Promise.all([
    listSharedRecordTextsOfCycle(db, cycleId),
    listThemeProposersOfCycle(db, inquiryId, cycleId),
    listStanceTakersOfCycle(db, cycleId),
    listCycleChallenges(db, cycleId),
    carriedContributions(db, cycleId),
  ])
  return memberIds.map((memberId) => {
    const own = records.filter((r) => r.authorId === memberId)
    const kept = carried.find((c) => c.personId === memberId)
    return {
      memberId,
      records: own.length + (kept?.records ?? 0),
      words: own.reduce((sum, r) => sum + wordCount(r.text), 0) + (kept?.words ?? 0),
      themesProposed: themes.filter((t) => t.proposedBy === memberId).length,
      stances: stances.filter((s) => s.personId === memberId).length,
      challenges: challenges.filter((c) => c.raisedBy === memberId).length,
    }
  })
}

async function ratingsOf(db: Db, cycle: CycleRow, viewerId: string, memberIds: Set<string>): Promise<RatingInput[]> {
  const rows = await ratingsVisibleTo(db, cycle, viewerId).execute()
  return rows
    .filter((r) => memberIds.has(r.personId))
    .map((r) => ({ memberId: r.personId, themeId: r.themeId, round: r.round, value: r.value, reason: r.reason }))
}

type CycleAnalysisView = {
  inquiry: { id: string; title: string }
  cycles: { number: number; revealed: boolean }[]
  cycleNumber: number | null
  analysis: CycleAnalysis | null
  /** Per theme across revealed cycles up to this one: endorsement (median) and spread (IQR) of the open round. */
  acrossCycles: ThemeSeries[]
}

/**
 * The analysis of one cycle for a member. A cycle whose blind round is not yet revealed has
 * no analysis at all, so nothing computed from others' blind ratings can leak before reveal.
 */
export async function getCycleAnalysis(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  cycleNumber?: number,
  options: { acrossCycles?: boolean } = {},
): Promise<CycleAnalysisView> {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  return keptCycleAnalysis(db, await inquiryCache(db, inquiryId), user, inquiry, cycleNumber, options)
}

type InquiryRow = Awaited<ReturnType<typeof requireInquiryMember>>['inquiry']

/** The view of getCycleAnalysis, the same for every member (only revealed cycles are analysed): kept by data version. */
function keptCycleAnalysis(
  db: Db,
  cached: Cached,
  user: SessionUser,
  inquiry: InquiryRow,
  cycleNumber: number | undefined,
  options: { acrossCycles?: boolean },
): Promise<CycleAnalysisView> {
  const key = `view:${cycleNumber ?? 'latest'}:${options.acrossCycles === false ? 'alone' : 'across'}`
  return cached(key, () => cycleAnalysisView(db, cached, user, inquiry, cycleNumber, options))
}

async function cycleAnalysisView(
  db: Db,
  cached: Cached,
  user: SessionUser,
  inquiry: InquiryRow,
  cycleNumber: number | undefined,
  options: { acrossCycles?: boolean },
): Promise<CycleAnalysisView> {
  const inquiryId = inquiry.id
  const template = inquiryTemplate(inquiry.templateJson)
  const [allCycles, revealed, members] = await Promise.all([
    listCycles(db, inquiryId),
    listRevealedCycles(db, inquiryId),
    listCurrentMembers(db, inquiry.groupId),
  ])
  const base = {
    inquiry: { id: inquiry.id, title: inquiry.title },
    cycles: allCycles.map((c) => ({ number: c.number, revealed: c.blindRevealedAt !== null })),
  }
  const cycle = cycleNumber === undefined ? revealed.at(-1) : revealed.find((c) => c.number === cycleNumber)
  if (!cycle) return { ...base, cycleNumber: cycleNumber ?? null, analysis: null, acrossCycles: [] }

  const memberIds = new Set(members.map((m) => m.personId))
  const themes = await listActiveThemesWithFirstCycle(db, inquiryId)
  // A revealed cycle's analysis is the same for every member: computed once, and again only
  // after the inquiry's data has been written (app/utils/cache.server.ts).
  const analysis = await cached(`analysis:${cycle.id}`, async () => {
    const ratings = await ratingsOf(db, cycle, user.id, memberIds)
    const ratedThemes = new Set(ratings.map((r) => r.themeId))
    return analyseCycle({
      scale: template.ratingScale,
      level: template.analysis.measurementLevel,
      thresholds: thresholdsOf(template),
      members: members.map((m) => ({ id: m.personId, name: m.displayName })),
      themes: themes.filter((t) => ratedThemes.has(t.id)).map((t) => ({ id: t.id, name: t.name })),
      ratings,
      participation: await participationIn(db, inquiryId, cycle.id, [...memberIds]),
    })
  })
  const series =
    options.acrossCycles === false
      ? []
      : await cached(`across:${cycle.id}`, () =>
          acrossCycles(db, cached, user, inquiryId, revealed, cycle.number, themes, memberIds, template),
        )
  return { ...base, cycleNumber: cycle.number, analysis, acrossCycles: series }
}

async function acrossCycles(
  db: Db,
  cached: Cached,
  user: SessionUser,
  inquiryId: string,
  revealed: CycleRow[],
  upTo: number,
  themes: { id: string; name: string; firstCycleNumber: number }[],
  memberIds: Set<string>,
  template: InquiryTemplate,
) {
  const linkCycles = await cached('link-cycles', () => groupLinkCycles(db, inquiryId))
  const themeById = new Map(themes.map((t) => [t.id, t]))
  const series = new Map(
    themes.map((t) => [t.id, { themeId: t.id, name: t.name, points: [] as CycleAnalysisView['acrossCycles'][number]['points'] }]),
  )
  for (const cycle of revealed.filter((c) => c.number <= upTo)) {
    const finals = await cached(`finals:${cycle.id}`, async () => {
      const ratings = await ratingsOf(db, cycle, user.id, memberIds)
      // The group's considered view: each member's open rating, or their blind one if they kept it.
      const final = new Map<string, Map<string, number>>()
      for (const r of ratings) {
        const perMember = final.get(r.themeId) ?? new Map<string, number>()
        if (r.round === 'open' || !perMember.has(r.memberId)) perMember.set(r.memberId, r.value)
        final.set(r.themeId, perMember)
      }
      return [...final].map(([themeId, perMember]) => ({ themeId, stats: themeStats([...perMember.values()], template.ratingScale) }))
    })
    for (const { themeId, stats } of finals) {
      const theme = themeById.get(themeId)
      if (!theme) continue
      series.get(themeId)!.points.push({
        cycle: cycle.number,
        median: stats.median,
        iqr: stats.iqr,
        trajectory: trajectory(linkCycles.get(themeId) ?? [], theme.firstCycleNumber, cycle.number),
      })
    }
  }
  return [...series.values()].filter((s) => s.points.length > 0)
}

/**
 * The analysis page of a cycle for a member: one round, one page of themes in the tables, and
 * the address of each chart's image (rendered by analysisChartSvg). Kept per data version.
 */
export async function getAnalysisPage(db: Db, user: SessionUser, inquiryId: string, query: { cycle?: number; round: Round; page: number }) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const cached = await inquiryCache(db, inquiryId)
  const view = await keptCycleAnalysis(db, cached, user, inquiry, query.cycle, {})
  const base = { inquiry: view.inquiry, cycles: view.cycles, cycleNumber: view.cycleNumber, round: query.round }
  const { analysis, cycleNumber } = view
  if (!analysis || cycleNumber === null) return { ...base, model: null, charts: null }
  const model = await cached(`page:${cycleNumber}:${query.round}:${query.page}`, async () =>
    analysisPageModel(analysis, view.acrossCycles, query.round, query.page),
  )
  const src = (chart: AnalysisChart) => chartSrc(inquiryId, chart, { cycle: cycleNumber, round: query.round, page: model.themePaging.page })
  const charts = Object.fromEntries(ANALYSIS_CHARTS.map((chart) => [chart, src(chart)])) as Record<AnalysisChart, string>
  return { ...base, model, charts }
}
