import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import {
  BlindToOpen,
  CONFORMITY_OTHERS,
  ConvergenceMap,
  OpinionMapChart,
  ParticipationChart,
  POLARISED_RULE,
  RatingDistributions,
  ThemesAcrossCycles,
} from '~/features/analysis/components'
import {
  describeBlindToOpen,
  describeConvergence,
  describeDistributions,
  describeOpinionMap,
  describeParticipation,
  describeThemesAcrossCycles,
} from '~/features/analysis/core/describe'
import type { OpinionMap, RatingScale } from '~/features/analysis/core/types'
import { computeIndicators, verdictText, type IndicatorInput } from '~/features/validity/core'
import { analyseTheme, opinionMap, openThemes, participation, participationOf, scale, series, shift } from './fixtures/analysis-fixture'

// Server render only (vitest's node environment): what a browser gets before any JavaScript.

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
const text = (s: string) =>
  decode(s.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = decode(m[2]!)
  return out
}

/** The recharts <svg> surfaces (the legend's little swatches are other svgs). */
function surfaces(html: string): string[] {
  return [...html.matchAll(/<svg[^>]*class="recharts-surface"[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0])
}

/** Opening tags of one element name whose class list includes `cls`. */
function tagsWithClass(html: string, name: string, cls: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))]
    .map((m) => attrs(m[0]))
    .filter((a) => (a.class ?? '').split(' ').includes(cls))
}

/** Scatter and dot marks: a <path class="chart-mark"> with a drawn outline, placed by a translate. */
function symbols(svg: string) {
  return tagsWithClass(svg, 'path', 'chart-mark').map((a) => {
    const [, x, y] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(a.transform ?? '') ?? []
    return { d: a.d ?? '', x: Number(x), y: Number(y), fill: a.fill }
  })
}

/** Bars: recharts draws each as a <path class="recharts-rectangle"> with width/height attributes. */
function bars(svg: string) {
  return tagsWithClass(svg, 'path', 'recharts-rectangle')
    .filter((a) => !(a.class ?? '').includes('reference-area'))
    .map((a) => ({ x: Number(a.x), width: Number(a.width), height: Number(a.height), fill: a.fill, d: a.d ?? '' }))
}

function tableRows(html: string, section: 'thead' | 'tbody' | 'tfoot' = 'tbody'): string[][] {
  const table = /<table>[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
  const part = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(table)?.[1] ?? ''
  return [...part.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)),
  )
}

const figcaption = (html: string) => text(/<figcaption>([\s\S]*?)<\/figcaption>/.exec(html)?.[1] ?? '')
const svgTexts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => text(m[1]!))
const fmt = (n: number | null) => (n === null ? '—' : String(Number(n.toFixed(2))).replace('-', '\u2212'))

function render(element: ReactElement) {
  const html = renderToString(element)
  const images = [...html.matchAll(/<div class="chart-image" role="img" aria-label="([^"]+)"><div class="recharts-wrapper"/g)]
  expect(images).toHaveLength(surfaces(html).length)
  expect(html).toMatch(/^<figure class="chart[ "]/)
  expect(html).toMatch(/<h3>[^<]+<\/h3>/)
  expect(html).toContain('<caption')
  expect(html).not.toContain('<th>') // every header cell has a scope
  return html
}

describe('ConvergenceMap', () => {
  const html = render(<ConvergenceMap themes={openThemes} scale={scale} />)
  const [svg] = surfaces(html)

  test('states the bimodality rule when a theme is polarised, and not otherwise', () => {
    expect(openThemes.some((t) => t.polarised)).toBe(true)
    expect(decode(html)).toContain(`<p class="chart-note polarised-rule">${POLARISED_RULE}</p>`)
    const calm = render(<ConvergenceMap themes={[analyseTheme('t', 'One spread', [2, 3, 3, 4])]} scale={scale} />)
    expect(calm).not.toContain('polarised-rule')
  })

  test('draws one visible mark per rated theme in a labelled SVG', () => {
    expect(surfaces(html)).toHaveLength(1)
    // The SVG is one named image to assistive technology; the table carries the numbers.
    expect(attrs(/<svg[^>]*>/.exec(svg!)![0])).toMatchObject({ 'aria-hidden': 'true', width: '420', viewBox: '0 0 420 380' })
    const image = attrs(/<div class="chart-image"[^>]*>/.exec(html)![0])
    expect(image.role).toBe('img')
    expect(image['aria-label']).toMatch(/median rating.*spread/)
    const marks = symbols(svg!)
    expect(marks).toHaveLength(7)
    for (const m of marks) {
      expect(m.d).toMatch(/^M[-\d.]+/)
      expect(Number.isFinite(m.x) && Number.isFinite(m.y)).toBe(true)
    }
  })

  test('colours and shapes follow the class, so colour is not the only cue', () => {
    const marks = symbols(svg!)
    expect(marks.filter((m) => m.fill === '#0072B2')).toHaveLength(3) // convergent: circles
    expect(marks.filter((m) => m.fill === '#D55E00')).toHaveLength(2) // divergent: triangles
    expect(marks.filter((m) => m.fill === '#CC79A7')).toHaveLength(2) // mixed: diamonds
    const shapeOf = (fill: string) => new Set(marks.filter((m) => m.fill === fill).map((m) => m.d.replace(/[-\d.]+/g, '#')))
    const [circle, triangle, diamond] = [shapeOf('#0072B2'), shapeOf('#D55E00'), shapeOf('#CC79A7')]
    expect(circle.size).toBe(1)
    expect([...circle][0]).not.toBe([...triangle][0])
    expect([...triangle][0]).not.toBe([...diamond][0])
  })

  test('marks sit where median (across) and IQR (up) put them', () => {
    const labels = [...svg!.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)"[^>]*>([\d, ]+)<\/text>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      n: m[3]!,
    }))
    const at = (n: string) => labels.find((l) => l.n === n)!
    expect(labels.map((l) => l.n).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7'])
    expect(at('1').x).toBeGreaterThan(at('2').x) // median 5 right of median 4
    expect(at('7').x).toBeLessThan(at('5').x) // median 2 left of median 3
    expect(at('4').y).toBeLessThan(at('6').y) // IQR 3.5 above IQR 1.5
    expect(at('6').y).toBeLessThan(at('2').y) // IQR 1.5 above IQR 0
  })

  test('names the four quadrants', () => {
    expect(svgTexts(svg!)).toEqual(
      expect.arrayContaining(['shared: fits', 'shared: does not fit', 'divided, leaning fits', 'divided, leaning does not fit']),
    )
  })

  test('the table carries the same numbers and the sentence is the caption', () => {
    expect(tableRows(html, 'thead')[0]).toEqual(['#', 'Theme', 'Ratings', 'Median', 'IQR', 'Reading'])
    expect(tableRows(html)).toEqual(
      openThemes.map((t, i) => [
        String(i + 1),
        t.name,
        String(t.stats.n),
        fmt(t.stats.median),
        fmt(t.stats.iqr),
        expect.stringContaining(t.class),
      ]),
    )
    expect(tableRows(html)[6]).toEqual(['7', 'Fear of getting it wrong', '4', '2', '0.25', 'mixed, below quorum'])
    expect(figcaption(html)).toBe(describeConvergence(openThemes))
  })

  test('a theme without ratings is left off the chart but listed in the table', () => {
    const themes = [...openThemes, analyseTheme('t-body', 'Body knowing', [])]
    const out = render(<ConvergenceMap themes={themes} scale={scale} />)
    expect(symbols(surfaces(out)[0]!)).toHaveLength(7)
    expect(tableRows(out)[7]).toEqual(['8', 'Body knowing', '0', 'no ratings'])
    expect(figcaption(out)).toContain('3 of 7 rated themes are convergent and endorsed (1 theme has no ratings yet)')
  })

  test('themes at the same median and IQR stay visible side by side with one shared label', () => {
    const twins = [analyseTheme('a', 'A', [4, 4, 4, 4, 5]), analyseTheme('b', 'B', [4, 4, 4, 4, 5])]
    const out = surfaces(render(<ConvergenceMap themes={twins} scale={scale} />))[0]!
    const marks = symbols(out)
    expect(marks).toHaveLength(2)
    expect(marks[0]!.y).toBe(marks[1]!.y)
    expect(Math.abs(marks[0]!.x - marks[1]!.x)).toBeGreaterThan(8)
    expect(svgTexts(out)).toContain('1, 2')
  })
})

describe('RatingDistributions', () => {
  const html = render(<RatingDistributions themes={openThemes} scale={scale} />)
  const [svg] = surfaces(html)
  const centre = Number(tagsWithClass(svg!, 'line', 'recharts-reference-line-line')[0]!.x1)

  test('one visible segment per non-empty scale point, the midpoint split in two', () => {
    const expected = openThemes.reduce(
      (s, t) => s + t.stats.distribution.filter((d) => d.count > 0).reduce((a, d) => a + (d.value === 3 ? 2 : 1), 0),
      0,
    )
    const segs = bars(svg!)
    expect(segs).toHaveLength(expected)
    for (const b of segs) {
      expect(Math.abs(b.width)).toBeGreaterThan(0)
      expect(b.height).toBeGreaterThan(0)
      expect(b.d).toMatch(/^M /)
    }
  })

  test('ratings below the midpoint extend left of the centre line, above it right', () => {
    const segs = bars(svg!)
    const one = segs.filter((b) => b.fill === '#b35806') // scale point 1
    const five = segs.filter((b) => b.fill === '#542788') // scale point 5
    expect(one.length).toBeGreaterThan(0)
    expect(five.length).toBeGreaterThan(0)
    for (const b of one) expect(Math.max(b.x, b.x + b.width)).toBeLessThanOrEqual(centre + 0.01)
    for (const b of five) expect(Math.min(b.x, b.x + b.width)).toBeGreaterThanOrEqual(centre - 0.01)
    const mid = segs.filter((b) => b.fill === '#bdbdbd')
    expect(mid.filter((b) => b.width < 0).length).toBe(mid.filter((b) => b.width > 0).length)
  })

  test('full theme names label the rows; the legend uses the scale’s labels', () => {
    expect(svgTexts(svg!)).toEqual(expect.arrayContaining(openThemes.map((t) => t.name)))
    expect(text(html)).toContain('1 = does not fit my experience at all')
    expect(text(html)).toContain('5 = fits it strongly')
  })

  test('the table gives the counts per scale point', () => {
    expect(tableRows(html, 'thead')[0]).toEqual(['Theme', '1', '2', '3', '4', '5', 'Ratings', 'Median'])
    expect(tableRows(html)).toEqual(
      openThemes.map((t) => [t.name, ...t.stats.distribution.map((d) => String(d.count)), String(t.stats.n), fmt(t.stats.median)]),
    )
    expect(figcaption(html)).toBe(describeDistributions(openThemes, scale))
  })

  test('a scale with an even number of points has no midpoint segment', () => {
    const four: RatingScale = { min: 1, max: 4, labels: {} }
    const t = analyseTheme('a', 'A', [1, 2, 3, 4, 4])
    const theme = { ...t, stats: { ...t.stats, distribution: t.stats.distribution.filter((d) => d.value <= 4) } }
    const segs = bars(surfaces(render(<RatingDistributions themes={[theme]} scale={four} />))[0]!)
    expect(segs).toHaveLength(4)
    expect(segs.filter((b) => b.width < 0)).toHaveLength(2)
  })
})

describe('BlindToOpen', () => {
  const html = render(<BlindToOpen shift={shift} />)
  const [svg] = surfaces(html)

  test('paired bars of the blind and open spread, longer for a wider spread', () => {
    const segs = bars(svg!)
    const nonZero = shift.themes.flatMap((t) => [t.blindIqr, t.openIqr]).filter((v) => v !== null && v > 0)
    expect(segs).toHaveLength(nonZero.length)
    for (const b of segs) expect(b.width).toBeGreaterThan(0)
    const blind = segs.filter((b) => b.fill === '#8a8579').map((b) => b.width)
    const iqrs = shift.themes.map((t) => t.blindIqr!)
    // Widths are proportional to the IQR: 3.5 is seven times 0.5.
    expect(blind[iqrs.indexOf(3.5)]! / blind[iqrs.indexOf(0.5)]!).toBeCloseTo(7, 5)
  })

  test('the table and the sentence report the collapse and the changes', () => {
    expect(tableRows(html)).toEqual(
      shift.themes.map((t) => [
        t.name,
        fmt(t.blindIqr),
        fmt(t.openIqr),
        fmt(t.blindSd),
        fmt(t.openSd),
        ['Permission to not know', 'Rotating facilitation'].includes(t.name) ? 'yes' : 'no',
      ]),
    )
    expect(tableRows(html, 'tfoot')).toEqual([
      ['Ratings changed in the open round', '10 of 46, 6 without a reason'],
      ['Conformity shift (positive = toward the others)', fmt(shift.conformityShift)],
      ['Variance ratio (open ÷ blind)', fmt(shift.varianceRatio)],
    ])
    expect(figcaption(html)).toBe(describeBlindToOpen(shift))
  })

  test('the page says who "the others" of the conformity shift are', () => {
    expect(decode(html)).toContain(`<p class="chart-note conformity-others">${CONFORMITY_OTHERS}</p>`)
    expect(CONFORMITY_OTHERS).toContain('“The others” are the other members who rated that theme in the blind round')
    const none = render(<BlindToOpen shift={{ ...shift, conformityShift: null }} />)
    expect(tableRows(none, 'tfoot')[1]).toEqual([
      'Conformity shift (positive = toward the others)',
      'none: no theme has two members rated in both rounds',
    ])
  })
})

describe('ThemesAcrossCycles', () => {
  const html = render(<ThemesAcrossCycles series={series} scale={scale} />)
  const [medianSvg, iqrSvg] = surfaces(html)

  test('a line chart of medians and a smaller one of IQRs, one line per theme', () => {
    expect(surfaces(html)).toHaveLength(2)
    const rated = series.flatMap((s) => s.points).filter((p) => p.median !== null).length
    expect(symbols(medianSvg!)).toHaveLength(rated)
    expect(symbols(iqrSvg!)).toHaveLength(rated)
    const curves = tagsWithClass(medianSvg!, 'path', 'chart-line')
    // A line needs two ratings in a row: Cultural silence (one cycle) and Fear of getting it
    // wrong (not rated in cycle 2) show marks only.
    expect(curves).toHaveLength(3)
    expect(curves.map((c) => c.stroke)).toEqual(['#0072B2', '#D55E00', '#CC79A7'])
    expect((curves[0]!.d ?? '').match(/L/g)).toHaveLength(2) // Holding the container: three cycles joined
    expect(svgTexts(medianSvg!)).toEqual(expect.arrayContaining(['Cycle 1', 'Cycle 2', 'Cycle 3']))
  })

  test('higher medians sit higher', () => {
    const dots = symbols(medianSvg!)
    const top = dots.reduce((a, d) => (d.y < a.y ? d : a))
    const bottom = dots.reduce((a, d) => (d.y > a.y ? d : a))
    expect(top.fill).toBe('#0072B2') // Holding the container, 5 in cycle 3
    expect(bottom.fill).toBe('#009E73') // Fear of getting it wrong, 2
  })

  test('the table gives median (IQR) and the trajectory per cycle', () => {
    expect(tableRows(html, 'thead')[0]).toEqual(['Theme', 'Cycle 1', 'Cycle 2', 'Cycle 3'])
    expect(tableRows(html)).toEqual([
      ['Holding the container', '3.5 (2) emergent', '4 (1.5) persisting', '5 (1) persisting'],
      ['Tea as ritual', '4 (1) emergent', '4 (0.5) persisting', '4 (0.5) fading'],
      ['Fear of getting it wrong', '2 (1) emergent', 'not rated fading', '2 (0.25) persisting'],
      ['Naming the silence', '—', '3 (2) emergent', '4 (3.5) persisting'],
      ['Cultural silence', '—', '—', '3 (2.5) emergent'],
    ])
    expect(figcaption(html)).toBe(describeThemesAcrossCycles(series))
  })
})

describe('OpinionMapChart', () => {
  test('members as marks, named beside them, with their places in the table', () => {
    const html = render(<OpinionMapChart map={opinionMap} />)
    const [svg] = surfaces(html)
    const marks = symbols(svg!)
    expect(marks).toHaveLength(7)
    for (const m of marks) expect(m.d).toMatch(/^M[-\d.]+/)
    const names = svgTexts(svg!)
    for (const m of opinionMap.members) expect(names).toContain(m.name)
    // Farid (x 0.21, y −1.18) is right of Amara (−1.82) and below her (0.41).
    const amara = marks[0]!
    const farid = marks[5]!
    expect(farid.x).toBeGreaterThan(amara.x)
    expect(farid.y).toBeGreaterThan(amara.y)
    expect(tableRows(html)).toEqual(opinionMap.members.map((m) => [m.name, fmt(m.x), fmt(m.y)]))
    expect(tableRows(html)[0]).toEqual(['Amara', '\u22121.82', '0.41'])
    expect(figcaption(html)).toBe(describeOpinionMap(opinionMap))
    expect(text(html)).toContain('Naming the silence (0.71), Cultural silence (0.52), Rotating facilitation (\u22120.21)')
  })

  test('with a note, the note stands in for the chart and the table is still there', () => {
    const note = 'The opinion map needs ratings from at least two members.'
    const map: OpinionMap = { members: [{ memberId: 'm-a', name: 'Amara', x: 0, y: 0 }], explained: [0, 0], separatingThemes: [], note }
    const html = render(<OpinionMapChart map={map} />)
    expect(surfaces(html)).toHaveLength(0)
    expect(html).toContain(`<p class="chart-empty">${note}</p>`)
    expect(tableRows(html)).toEqual([['Amara', '0', '0']])
    expect(figcaption(html)).toBe('No opinion map is drawn for this cycle.')
  })

  test('members with no ratings are listed beside the map and in its table, not drawn', () => {
    const map: OpinionMap = {
      ...opinionMap,
      unrated: [
        { memberId: 'm-hana', name: 'Hana' },
        { memberId: 'm-ivo', name: 'Ivo' },
      ],
    }
    const html = render(<OpinionMapChart map={map} />)
    const svg = surfaces(html)[0]!
    expect(symbols(svg)).toHaveLength(7)
    expect(svgTexts(svg)).not.toEqual(expect.arrayContaining(['Hana']))
    expect(tableRows(html)).toEqual([
      ...opinionMap.members.map((m) => [m.name, fmt(m.x), fmt(m.y)]),
      ['Hana', 'no ratings'],
      ['Ivo', 'no ratings'],
    ])
    const note = /<p class="chart-note opinion-unrated">([\s\S]*?)<\/p>/.exec(html)?.[1]
    expect(text(note ?? '')).toBe('No ratings, so not on the map: Hana and Ivo.')
    expect(figcaption(html)).toBe(describeOpinionMap(map))
  })

  test('with a note and members with no ratings, both are shown', () => {
    const map: OpinionMap = {
      members: [{ memberId: 'm-a', name: 'Amara', x: 0, y: 0 }],
      unrated: [{ memberId: 'm-b', name: 'Bilal' }],
      explained: [0, 0],
      separatingThemes: [],
      note: 'The opinion map needs ratings from at least two members.',
    }
    const html = render(<OpinionMapChart map={map} />)
    expect(surfaces(html)).toHaveLength(0)
    expect(tableRows(html)).toEqual([
      ['Amara', '0', '0'],
      ['Bilal', 'no ratings'],
    ])
    expect(text(html)).toContain('No ratings, so not on the map: Bilal.')
  })

  test('members at the same place share one label', () => {
    const map: OpinionMap = {
      ...opinionMap,
      members: [
        { memberId: 'a', name: 'Amara', x: 1, y: 0.5 },
        { memberId: 'b', name: 'Bilal', x: 1, y: 0.5 },
        { memberId: 'c', name: 'Chen', x: -1, y: -0.5 },
      ],
    }
    const svg = surfaces(render(<OpinionMapChart map={map} />))[0]!
    expect(symbols(svg)).toHaveLength(3)
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['Amara, Bilal', 'Chen']))
  })
})

describe('ParticipationChart', () => {
  const html = render(<ParticipationChart participation={participation} />)
  const [svg] = surfaces(html)

  test('one stacked bar per member, a segment per kind they contributed to', () => {
    const kinds = ['records', 'words', 'themesProposed', 'stances', 'challenges'] as const
    const expected = participation.members.reduce((s, m) => s + kinds.filter((k) => m[k] > 0).length, 0)
    const segs = bars(svg!)
    expect(segs).toHaveLength(expected)
    for (const b of segs) expect(b.width).toBeGreaterThan(0)
    // Each bar's end is labelled with the member's average share.
    expect(svgTexts(svg!)).toEqual(expect.arrayContaining(['23%', '4%', 'equal share (14%)']))
  })

  test('the table gives counts with shares and the Gini per kind', () => {
    expect(tableRows(html, 'thead')[0]).toEqual(['Member', 'Records', 'Words', 'Themes proposed', 'Stances', 'Challenges', 'Average share'])
    expect(tableRows(html)[0]).toEqual(['Amara', '9 (21%)', '2,140 (25%)', '3 (33%)', '6 (15%)', '2 (22%)', '23%'])
    expect(tableRows(html)).toHaveLength(7)
    expect(tableRows(html, 'tfoot')[0]).toEqual([
      'Gini, normalised (0 = equal, 1 = one member makes all)',
      fmt(participation.giniNormalised.records),
      fmt(participation.giniNormalised.words),
      fmt(participation.giniNormalised.themesProposed),
      fmt(participation.giniNormalised.stances),
      fmt(participation.giniNormalised.challenges),
      participation.overallGiniNormalised.toFixed(2),
    ])
    // The population form stays beside it, with its ceiling for this group's size.
    expect(tableRows(html, 'tfoot')[1]).toEqual([
      'Gini, population form (at most 0.86 for 7 members)',
      fmt(participation.gini.records),
      fmt(participation.gini.words),
      fmt(participation.gini.themesProposed),
      fmt(participation.gini.stances),
      fmt(participation.gini.challenges),
      participation.overallGini.toFixed(2),
    ])
    expect(participation.overallGiniNormalised).toBeCloseTo((participation.overallGini * 7) / 6, 12)
    // Without the participation-balance indicator the chart gives numbers only: no verdict of its own.
    expect(figcaption(html)).toBe(describeParticipation(participation))
    expect(figcaption(html)).toBe(
      `The normalised Gini of participation is ${participation.overallGiniNormalised.toFixed(2)} (0 means everyone contributes equally, 1 that one member makes every contribution), and the most active member accounts for 23% of contributions on average.`,
    )
    expect(tableRows(html, 'tfoot')).toHaveLength(2)
  })

  test("with the indicator, the caption, the table and the note give its verdict, reason and rule in the core's words", () => {
    const verdict = participationIndicator(participation)
    const withVerdict = render(<ParticipationChart participation={participation} verdict={verdict} />)
    expect(figcaption(withVerdict)).toBe(describeParticipation(participation, verdict))
    expect(figcaption(withVerdict)).toContain(verdict.reason)
    expect(tableRows(withVerdict, 'tfoot')[2]).toEqual(['Participation balance', verdictText(verdict)])
    expect(decode(withVerdict)).toContain(`<p class="chart-note indicator-rule">Rule: ${verdict.rule}.</p>`)
  })

  test('participation the indicator calls uneven is called uneven everywhere in the figure, never even', () => {
    // A pair at 3 : 1. The population Gini is only 0.25 (a pair can reach 0.5 at most); the
    // normalised Gini the indicator reads is 0.50, and one member is half the way from an equal share to all.
    const row = (name: string, n: number) => ({
      memberId: name,
      name,
      records: n,
      words: n * 100,
      themesProposed: n,
      stances: n,
      challenges: n,
    })
    const p = participationOf([row('A', 3), row('B', 1)])
    expect(p.overallGini).toBeCloseTo(0.25, 12)
    expect(p.overallGiniNormalised).toBeCloseTo(0.5, 12)
    const verdict = participationIndicator(p)
    expect(verdict.status).toBe('warn')
    const figure = text(render(<ParticipationChart participation={p} verdict={verdict} />))
    expect(figure).toContain('Participation is uneven (warning on participation balance)')
    expect(figure).toContain(verdict.rule)
    expect(figure).not.toMatch(/\beven\b/)
  })
})

/** The participation-balance indicator the validity review computes for this participation, default thresholds. */
function participationIndicator(p: { overallGiniNormalised: number; largestShare: number; members: unknown[] }) {
  const none = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
  const input: IndicatorInput = {
    cycleNumber: 1,
    recommendedMinCycles: 6,
    concluded: false,
    memberCount: p.members.length,
    ratings: null,
    challengesRaised: 0,
    decisionsClosed: 0,
    decisionsWithDissent: 0,
    unanimousWithoutReasons: 0,
    participation: { gini: p.overallGiniNormalised, largestShare: p.largestShare },
    membersWithoutActionRecords: 0,
    actionPhaseReached: false,
    waysOfKnowing: none,
    checkInsFlagged: 0,
    checkIns: 0,
    thresholds: {},
  }
  return computeIndicators(input, []).find((i) => i.key === 'participation-balance')!
}

describe('user text stays text', () => {
  const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'

  test('theme and member names are escaped in every chart, table and sentence', () => {
    const themes = [analyseTheme('t-evil', evil, [1, 5, 1, 5, 2, 4]), ...openThemes.slice(0, 2)]
    const s = { ...shift, themes: [{ ...shift.themes[0]!, name: evil }] }
    const map: OpinionMap = {
      ...opinionMap,
      members: [{ ...opinionMap.members[0]!, name: evil }, ...opinionMap.members.slice(1)],
      separatingThemes: [{ themeId: 'x', name: evil, loading: 0.9 }],
    }
    const people = participationOf([{ memberId: 'x', name: evil, records: 1, words: 10, themesProposed: 0, stances: 1, challenges: 0 }])
    const cycles = [
      {
        themeId: 'x',
        name: evil,
        points: [
          { cycle: 1, median: 4, iqr: 1, trajectory: 'emergent' as const },
          { cycle: 2, median: 2, iqr: 1, trajectory: 'fading' as const },
        ],
      },
    ]
    const pages = [
      renderToString(<ConvergenceMap themes={themes} scale={scale} />),
      renderToString(<RatingDistributions themes={themes} scale={scale} />),
      renderToString(<BlindToOpen shift={s} />),
      renderToString(<ThemesAcrossCycles series={cycles} scale={scale} />),
      renderToString(<OpinionMapChart map={map} />),
      renderToString(<ParticipationChart participation={people} />),
    ]
    for (const html of pages) {
      expect(html).not.toMatch(/<script|<img/i)
      expect(html).toContain('&lt;script&gt;')
      expect(decode(html)).toContain(evil.slice(0, 20))
    }
    expect(figcaption(pages[0]!)).toBe(`2 of 3 themes are convergent and endorsed; 1 divergent theme splits the group: ${evil}.`)
  })
})

describe('before there is anything to draw', () => {
  test('every chart renders its figure, an empty note and a sentence instead of a blank box', () => {
    const none: OpinionMap = {
      members: [],
      explained: [0, 0],
      separatingThemes: [],
      note: 'The opinion map needs ratings from at least two members.',
    }
    const emptyShift = { ...shift, pairs: 0, changed: 0, changedWithoutReason: 0, themes: [], varianceRatio: null }
    const pages = [
      render(<ConvergenceMap themes={[]} scale={scale} />),
      render(<RatingDistributions themes={[analyseTheme('a', 'Unrated', [])]} scale={scale} />),
      render(<BlindToOpen shift={emptyShift} />),
      render(<ThemesAcrossCycles series={[]} scale={scale} />),
      render(<OpinionMapChart map={none} />),
      render(<ParticipationChart participation={participationOf([])} />),
    ]
    expect(pages.map(figcaption)).toEqual([
      'There are no themes to rate yet.',
      'No theme has ratings yet.',
      "No theme's spread collapsed in discussion; no rating changed in the open round.",
      'No cycle has theme ratings yet.',
      'No opinion map is drawn for this cycle.',
      'There are no members to compare.',
    ])
    // The convergence map keeps its axes and quadrants even with no marks.
    expect(symbols(surfaces(pages[0]!)[0]!)).toHaveLength(0)
    for (const html of pages.slice(1)) expect(html).toContain('class="chart-empty"')
  })
})
