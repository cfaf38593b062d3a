import { CartesianGrid, ReferenceArea, ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts'
import type { RatingScale, ThemeAnalysis, ThemeClass } from '~/features/analysis/core/types'
import { ChartFigure, ChartImage, ChartLegend, Marker, useChartId } from '~/components/charts/chart-frame'
import { describeConvergence, themeReading } from '../core/describe'
import { formatNumber, midpoint, scalePoints } from '../core/format'
import { CHART_WIDTH, FONT, GRID, INK, MUTED } from '~/components/charts/palette'
import { CLASS_STYLE } from './analysis-palette'

/** IQR above which a theme counts as "divided" on the map (between the default convergent ≤ 1 and divergent ≥ 2). */
const DIVIDED_IQR = 1.5

const HEIGHT = 380
const LINE = 15
const CLASSES: ThemeClass[] = ['convergent', 'mixed', 'divergent']

type Point = { x: number; y: number; number: number; name: string; cls: ThemeClass; dx: number; label: string | null }

/** Themes at the same (median, IQR) are nudged apart sideways and share one number label. */
function toPoints(themes: ThemeAnalysis[]): Point[] {
  const rated = themes
    .map((t, i) => ({ t, number: i + 1 }))
    .filter(({ t }) => t.stats.n > 0 && t.stats.median !== null && t.stats.iqr !== null)
  const groups = new Map<string, typeof rated>()
  for (const r of rated) {
    const key = `${r.t.stats.median}|${r.t.stats.iqr}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  const points: Point[] = []
  for (const group of groups.values()) {
    group.forEach(({ t, number }, i) => {
      points.push({
        x: t.stats.median!,
        y: t.stats.iqr!,
        number,
        name: t.name,
        cls: t.class,
        dx: (i - (group.length - 1) / 2) * 13,
        label: i === group.length - 1 ? group.map((g) => g.number).join(', ') : null,
      })
    })
  }
  return points
}

function PointShape(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx, cy, payload } = props
  if (cx === undefined || cy === undefined || !payload) return <g />
  const style = CLASS_STYLE[payload.cls]
  const x = cx + payload.dx
  return (
    <g>
      <Marker cx={x} cy={cy} shape={style.shape} colour={style.colour} />
      {payload.label ? (
        <text x={x + 8} y={cy - 7} fill={INK} fontSize={FONT} fontWeight={600} stroke="#fbfaf7" strokeWidth={3} paintOrder="stroke">
          {payload.label}
        </text>
      ) : null}
    </g>
  )
}

type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right'

/**
 * A quadrant's name in its outer corner, in the axis padding beyond the outermost rows, where
 * themes at IQR 0 (full agreement) would otherwise cover it.
 */
function quadrantLabel(text: string, corner: Corner) {
  // The top names break after the comma so the two fit side by side on a 420px chart.
  const lines = corner.startsWith('top') ? text.split(/(?<=,) /) : [text]
  return function QuadrantLabel({ viewBox }: { viewBox?: { x: number; y: number; width: number; height: number } }) {
    if (!viewBox) return <g />
    const left = corner.endsWith('left')
    const x = left ? viewBox.x + 4 : viewBox.x + viewBox.width - 4
    const first = corner.startsWith('top') ? viewBox.y - 8 - (lines.length - 1) * LINE : viewBox.y + viewBox.height + 26
    return (
      <text x={x} y={first} textAnchor={left ? 'start' : 'end'} fill={MUTED} fontSize={FONT - 1} fontStyle="italic">
        {lines.map((line, i) => (
          <tspan key={line} x={x} dy={i === 0 ? 0 : LINE}>
            {line}
          </tspan>
        ))}
      </text>
    )
  }
}

/** What "polarised" means, in the page's words (core/classify.ts isPolarised, docs/indicators-and-statistics.md). */
export const POLARISED_RULE =
  'Polarised means two camps: at least three ratings, at least a quarter of them on each side of the midpoint (the template may set ' +
  'another share), and a dip between the camps: a point below the midpoint and a point above it each hold more ratings than any point ' +
  'between them. A polarised theme is divergent whatever its IQR.'

/** Where each theme sits: median rating across, spread (IQR) up, one mark per theme by class. */
export function ConvergenceMap({
  themes,
  scale,
  src,
  sentence,
  offset = 0,
  total,
  anyPolarised,
}: {
  /** The themes the table lists (with `src`, one page of them: the image shows every theme). */
  themes: ThemeAnalysis[]
  scale: RatingScale
  src?: string
  /** The chart read in words, over every theme (by default, over `themes`). */
  sentence?: string
  /** Themes before the first in `themes`, so the table's numbers match the marks'. */
  offset?: number
  /** How many themes the image shows (by default, those rated in `themes`). */
  total?: number
  anyPolarised?: boolean
}) {
  const id = useChartId()
  const mid = midpoint(scale)
  const range = scale.max - scale.min
  const split = Math.min(DIVIDED_IQR, range)
  const points = toPoints(themes)
  return (
    <ChartFigure
      className="chart-convergence"
      title="Where the group converges and diverges"
      sentence={sentence ?? describeConvergence(themes)}
      tableCaption="Median rating and spread (interquartile range, IQR) per theme"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Theme</th>
              <th scope="col" className="num">
                Ratings
              </th>
              <th scope="col" className="num">
                Median
              </th>
              <th scope="col" className="num">
                IQR
              </th>
              <th scope="col">Reading</th>
            </tr>
          </thead>
          <tbody>
            {themes.map((t, i) => (
              <tr key={t.themeId}>
                <td>{offset + i + 1}</td>
                <th scope="row">{t.name}</th>
                <td className="num">{t.stats.n}</td>
                {t.stats.n === 0 ? (
                  <td colSpan={3}>no ratings</td>
                ) : (
                  <>
                    <td className="num">{t.stats.median === null ? '—' : formatNumber(t.stats.median)}</td>
                    <td className="num">{t.stats.iqr === null ? '—' : formatNumber(t.stats.iqr)}</td>
                    <td>{themeReading(t)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      <ChartImage
        src={src}
        label={`Scatter chart of ${total ?? points.length} rated themes: median rating from ${scale.min} to ${scale.max} across, spread of ratings (IQR) up. The table gives the numbers.`}
      >
        <ScatterChart id={id} width={CHART_WIDTH} height={HEIGHT} margin={{ top: 12, right: 28, bottom: 28, left: 8 }} aria-hidden>
          <CartesianGrid stroke={GRID} strokeDasharray="2 4" />
          <XAxis
            type="number"
            interval={0}
            dataKey="x"
            domain={[scale.min, scale.max]}
            ticks={scalePoints(scale).map((p) => p.value)}
            allowDecimals
            padding={{ left: 16, right: 16 }}
            stroke={MUTED}
            tick={{ fill: MUTED, fontSize: FONT }}
            label={{ value: 'Median rating (higher = fits better)', position: 'bottom', offset: 8, fill: INK, fontSize: FONT }}
          />
          <YAxis
            type="number"
            interval={0}
            dataKey="y"
            domain={[0, range]}
            allowDecimals
            tickCount={range + 1}
            padding={{ top: 38, bottom: 34 }}
            width={52}
            stroke={MUTED}
            tick={{ fill: MUTED, fontSize: FONT }}
            label={{ value: 'Spread (IQR)', angle: -90, position: 'insideLeft', offset: 12, dy: 40, fill: INK, fontSize: FONT }}
          />
          {/* Quadrant names first, so marks draw over them. */}
          <ReferenceArea
            x1={scale.min}
            x2={mid}
            y1={split}
            y2={range}
            fill="none"
            ifOverflow="visible"
            label={quadrantLabel('divided, leaning does not fit', 'top-left')}
          />
          <ReferenceArea
            x1={mid}
            x2={scale.max}
            y1={split}
            y2={range}
            fill="none"
            ifOverflow="visible"
            label={quadrantLabel('divided, leaning fits', 'top-right')}
          />
          <ReferenceArea
            x1={scale.min}
            x2={mid}
            y1={0}
            y2={split}
            fill="none"
            ifOverflow="visible"
            label={quadrantLabel('shared: does not fit', 'bottom-left')}
          />
          <ReferenceArea
            x1={mid}
            x2={scale.max}
            y1={0}
            y2={split}
            fill="none"
            ifOverflow="visible"
            label={quadrantLabel('shared: fits', 'bottom-right')}
          />
          <ReferenceLine x={mid} stroke={MUTED} strokeDasharray="5 4" />
          <ReferenceLine y={split} stroke={MUTED} strokeDasharray="5 4" />
          {CLASSES.map((cls) => (
            <Scatter
              key={cls}
              name={CLASS_STYLE[cls].label}
              data={points.filter((p) => p.cls === cls)}
              shape={PointShape}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ChartImage>
      <ChartLegend
        label="Marks"
        items={CLASSES.map((cls) => ({
          key: cls,
          label: CLASS_STYLE[cls].label,
          colour: CLASS_STYLE[cls].colour,
          shape: CLASS_STYLE[cls].shape,
        }))}
      />
      <p className="chart-note">Numbers beside the marks are the themes’ numbers in the table.</p>
      {(anyPolarised ?? themes.some((t) => t.polarised)) ? <p className="chart-note polarised-rule">{POLARISED_RULE}</p> : null}
    </ChartFigure>
  )
}
