// The analysis page of one cycle, as the page shows it: every chart reads all the themes (the
// charts are images, rendered once per data version), while the tables beside them list one
// page of themes at a time, so a page stays light however many themes an inquiry has. The
// sentences that read each chart in words are made from all the themes, not the page.
import type { ThemeSeries } from './chart-data'
import { describeBlindToOpen, describeConvergence, describeDistributions, describeThemesAcrossCycles } from './describe'
import type { CycleAnalysis } from './types'
import { pageOf, type Paging } from '~/utils/paging'

/** Themes per page of the tables (and of the per-theme charts: distributions, across cycles, blind to open). */
export const THEMES_PER_PAGE = 20

export type Round = 'blind' | 'open'

/** One page of a list (rows `from`–`to` of the paging). */
export function rowsOf<T>(items: readonly T[], paging: Paging): T[] {
  return paging.total === 0 ? [] : items.slice(paging.from - 1, paging.to)
}

/**
 * One page of each per-theme list: the round's themes, the blind-to-open shifts and the themes
 * across cycles. The page's tables and its per-theme charts are sliced here, so they agree.
 */
export function pageSlices(analysis: CycleAnalysis, acrossCycles: ThemeSeries[], round: Round, page: number) {
  const themePaging = pageOf(page, analysis[round].themes.length, THEMES_PER_PAGE)
  const shiftPaging = pageOf(page, analysis.shift.themes.length, THEMES_PER_PAGE)
  const seriesPaging = pageOf(page, acrossCycles.length, THEMES_PER_PAGE)
  return {
    themes: rowsOf(analysis[round].themes, themePaging),
    themePaging,
    shift: { ...analysis.shift, themes: rowsOf(analysis.shift.themes, shiftPaging) },
    shiftPaging,
    series: rowsOf(acrossCycles, seriesPaging),
    seriesPaging,
  }
}

/** What the analysis page shows of a cycle's analysis for one round and one page of themes. */
export function analysisPageModel(analysis: CycleAnalysis, acrossCycles: ThemeSeries[], round: Round, page: number) {
  const themes = analysis[round].themes
  const paged = pageSlices(analysis, acrossCycles, round, page)
  return {
    summary: {
      themeCount: analysis.themeCount,
      memberCount: analysis.memberCount,
      level: analysis.level,
      blindAlpha: analysis.blind.alpha,
      openAlpha: analysis.open.alpha,
      alphaNote: analysis.blind.alphaNote,
      conformityShift: analysis.shift.conformityShift,
      varianceRatio: analysis.shift.varianceRatio,
      changed: analysis.shift.changed,
      changedWithoutReason: analysis.shift.changedWithoutReason,
    },
    scale: analysis.scale,
    themes: paged.themes,
    themePaging: paged.themePaging,
    anyPolarised: themes.some((t) => t.polarised),
    shift: paged.shift,
    shiftPaging: paged.shiftPaging,
    series: paged.series,
    seriesPaging: paged.seriesPaging,
    opinionMap: analysis.opinionMap,
    participation: analysis.participation,
    sentences: {
      convergence: describeConvergence(themes),
      distributions: describeDistributions(themes, analysis.scale),
      shift: describeBlindToOpen(analysis.shift),
      across: describeThemesAcrossCycles(acrossCycles),
    },
  }
}

export type AnalysisPageModel = ReturnType<typeof analysisPageModel>

/** The charts of the analysis page, each an SVG image (the themes-across-cycles figure has two). */
export const ANALYSIS_CHARTS = [
  'convergence',
  'distributions',
  'shift',
  'across-median',
  'across-spread',
  'opinion-map',
  'participation',
] as const
export type AnalysisChart = (typeof ANALYSIS_CHARTS)[number]

/** Where a chart's image is, for a page of the analysis (the query names the cycle, round and page it draws). */
export function chartSrc(inquiryId: string, chart: AnalysisChart, q: { cycle: number; round: Round; page: number }) {
  return `/inquiries/${inquiryId}/charts/${chart}.svg?cycle=${q.cycle}&round=${q.round}&page=${q.page}`
}
