import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { standaloneSvg } from '~/features/analysis/charts.server'
import { ConvergenceMap, ThemesAcrossCycles } from '~/features/analysis/components'
import { analysisPageModel, rowsOf, THEMES_PER_PAGE } from '~/features/analysis/core/page'
import { describeConvergence, describeThemesAcrossCycles } from '~/features/analysis/core/describe'
import type { CycleAnalysis, ThemeAnalysis } from '~/features/analysis/core/types'
import { pageOf } from '~/utils/paging'
import { analyseTheme, blindThemes, openThemes, opinionMap, participation, scale, series, shift } from './fixtures/analysis-fixture'

// Issue 17: the analysis page lists one page of themes in its tables while its charts (images
// rendered once per data version) and the sentences that read them speak of every theme.

/** An analysis of `n` themes: the fixture's themes, repeated under new ids and names. */
function analysisOf(n: number, polarisedAt?: number): CycleAnalysis {
  const themes: ThemeAnalysis[] = Array.from({ length: n }, (_, i) => {
    const base = openThemes[i % openThemes.length]!
    return { ...base, themeId: `t${i + 1}`, name: `Theme ${i + 1}`, polarised: i === polarisedAt }
  })
  return {
    scale,
    level: 'ordinal',
    memberCount: 6,
    themeCount: n,
    blind: {
      alpha: 0.4,
      alphaNote: null,
      themes: themes.map((t, i) => ({ ...t, ...blindThemes[i % blindThemes.length], themeId: t.themeId })),
    },
    open: { alpha: 0.6, alphaNote: null, themes },
    shift: { ...shift, themes: themes.map((t) => ({ themeId: t.themeId, name: t.name, blindIqr: 2, openIqr: 1 })) },
    opinionMap,
    participation,
  } as CycleAnalysis
}

describe('the analysis page model', () => {
  test('lists one page of themes and reads the charts over all of them', () => {
    const analysis = analysisOf(45, 44)
    const across = Array.from({ length: 45 }, (_, i) => ({ ...series[i % series.length]!, themeId: `t${i + 1}`, name: `Theme ${i + 1}` }))
    const first = analysisPageModel(analysis, across, 'open', 1)
    expect(first.themes.map((t) => t.name)).toEqual(Array.from({ length: THEMES_PER_PAGE }, (_, i) => `Theme ${i + 1}`))
    expect(first.themePaging).toMatchObject({ page: 1, pages: 3, total: 45, from: 1, to: 20 })
    // The only polarised theme is on the last page: the rule under the map is still shown.
    expect(first.anyPolarised).toBe(true)
    expect(first.sentences.convergence).toBe(describeConvergence(analysis.open.themes))
    expect(first.sentences.across).toBe(describeThemesAcrossCycles(across))

    const last = analysisPageModel(analysis, across, 'open', 3)
    expect(last.themes.map((t) => t.name)).toEqual(['Theme 41', 'Theme 42', 'Theme 43', 'Theme 44', 'Theme 45'])
    expect(last.series.map((s) => s.name)).toEqual(last.themes.map((t) => t.name))
    expect(last.shift.themes.map((t) => t.name)).toEqual(last.themes.map((t) => t.name))
    expect(last.shift.changed).toBe(shift.changed)
    // Past the end, or nonsense: the first page, as every list in the app does.
    expect(analysisPageModel(analysis, across, 'open', 99).themePaging.page).toBe(1)
    expect(analysisPageModel(analysis, across, 'blind', 1).themes[0]!.stats).toEqual(analysis.blind.themes[0]!.stats)
  })

  test('an empty list has one empty page', () => {
    expect(rowsOf([], pageOf(1, 0, THEMES_PER_PAGE))).toEqual([])
    expect(rowsOf(['a', 'b'], pageOf(1, 2, THEMES_PER_PAGE))).toEqual(['a', 'b'])
  })

  test("the convergence table's numbers continue from the page before, as the map's marks are numbered", () => {
    const themes = [analyseTheme('a', 'Alpha', [1, 2, 3]), analyseTheme('b', 'Beta', [4, 5, 5])]
    const html = renderToStaticMarkup(<ConvergenceMap themes={themes} scale={scale} offset={20} src="/chart.svg" total={22} />)
    expect(html).toContain('<td>21</td>')
    expect(html).toContain('<td>22</td>')
    expect(html).toContain('<img class="chart-image chart-svg" src="/chart.svg" alt="Scatter chart of 22 rated themes')
    expect(html).not.toContain('recharts-surface')
  })
})

describe('a chart as a standalone SVG image', () => {
  test('takes the recharts drawing the page would hold, with the SVG namespace and no page styles', () => {
    const markup = renderToStaticMarkup(<ThemesAcrossCycles series={series} scale={scale} />)
    const medians = standaloneSvg(markup, 0)!
    const spreads = standaloneSvg(markup, 1)!
    for (const svg of [medians, spreads]) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(svg.endsWith('</svg>')).toBe(true)
      expect(svg).not.toMatch(/^<svg[^>]* style="/)
      expect(svg.match(/<svg/g)).toHaveLength(1)
    }
    expect(medians).not.toBe(spreads)
    expect(standaloneSvg(markup, 2)).toBeNull()
    expect(standaloneSvg('<p>No ratings yet.</p>', 0)).toBeNull()
  })
})
