import { Bar, BarChart, CartesianGrid, ReferenceLine, XAxis, YAxis } from 'recharts'
import type { RatingScale, ThemeAnalysis } from '~/features/analysis/core/types'
import { ChartFigure, ChartImage, ChartLegend, bandLabel, useChartId } from '~/components/charts/chart-frame'
import { describeDistributions } from '../core/describe'
import { formatNumber, midpoint, scalePoints } from '../core/format'
import { CHART_WIDTH, FONT, GRID, INK, MUTED, PAPER, divergingColour } from '~/components/charts/palette'

const ROW = 50
const BAR = 20

type Segment = { key: string; value: number; colour: string; side: 'below' | 'above' }

/**
 * The stacking order: with stackOffset="sign", each side stacks outward in the order the bars
 * are declared, so the segments nearest the midpoint come first on both sides.
 */
function segments(scale: RatingScale): Segment[] {
  const mid = midpoint(scale)
  const colour = (v: number) => divergingColour(v, scale.min, scale.max)
  const out: Segment[] = []
  if (Number.isInteger(mid)) {
    out.push({ key: 'midBelow', value: mid, colour: colour(mid), side: 'below' })
    out.push({ key: 'midAbove', value: mid, colour: colour(mid), side: 'above' })
  }
  const below = scalePoints(scale)
    .filter((p) => p.value < mid)
    .reverse()
  const above = scalePoints(scale).filter((p) => p.value > mid)
  for (const p of below) out.push({ key: `v${p.value}`, value: p.value, colour: colour(p.value), side: 'below' })
  for (const p of above) out.push({ key: `v${p.value}`, value: p.value, colour: colour(p.value), side: 'above' })
  return out
}

function tickStep(extent: number): number {
  for (const step of [1, 2, 5, 10, 20, 50, 100]) if (extent / step <= 4) return step
  return Math.ceil(extent / 4)
}

/** Diverging stacked bars: ratings below the midpoint extend left, above it right, the midpoint split half each way. */
export function RatingDistributions({
  themes,
  scale,
  src,
  sentence,
}: {
  themes: ThemeAnalysis[]
  scale: RatingScale
  src?: string
  /** The chart read in words, over every theme (by default, over `themes`). */
  sentence?: string
}) {
  const id = useChartId()
  const mid = midpoint(scale)
  const points = scalePoints(scale)
  const segs = segments(scale)
  const rated = themes.filter((t) => t.stats.n > 0)

  const rows = rated.map((t) => {
    const row: Record<string, number | string> = { key: t.themeId }
    for (const { value, count } of t.stats.distribution) {
      if (value === mid) {
        row.midBelow = -count / 2
        row.midAbove = count / 2
      } else row[`v${value}`] = value < mid ? -count : count
    }
    return row
  })
  const extent = Math.max(
    1,
    ...rated.map((t) => {
      let below = 0
      let above = 0
      for (const { value, count } of t.stats.distribution) {
        if (value < mid) below += count
        else if (value > mid) above += count
        else {
          below += count / 2
          above += count / 2
        }
      }
      return Math.max(below, above)
    }),
  )
  const step = tickStep(extent)
  const limit = Math.ceil(extent / step) * step
  const ticks: number[] = []
  for (let t = -limit; t <= limit; t += step) ticks.push(t)
  const names = new Map(rated.map((t) => [t.themeId, t.name]))

  return (
    <ChartFigure
      className="chart-distributions"
      title="How the ratings spread"
      sentence={sentence ?? describeDistributions(themes, scale)}
      tableCaption={`Number of ratings at each point of the scale, ${scale.min} to ${scale.max}`}
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              {points.map((p) => (
                <th scope="col" key={p.value} className="num">
                  {p.value}
                </th>
              ))}
              <th scope="col" className="num">
                Ratings
              </th>
              <th scope="col" className="num">
                Median
              </th>
            </tr>
          </thead>
          <tbody>
            {themes.map((t) => (
              <tr key={t.themeId}>
                <th scope="row">{t.name}</th>
                {t.stats.n === 0 ? (
                  <td colSpan={points.length}>no ratings</td>
                ) : (
                  points.map((p) => (
                    <td key={p.value} className="num">
                      {t.stats.distribution.find((d) => d.value === p.value)?.count ?? 0}
                    </td>
                  ))
                )}
                <td className="num">{t.stats.n}</td>
                <td className="num">{t.stats.median === null ? '—' : formatNumber(t.stats.median)}</td>
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      {rated.length === 0 ? (
        <p className="chart-empty">No ratings yet.</p>
      ) : (
        <ChartImage
          src={src}
          label={`Bar chart of ${rated.length} themes: ratings below the scale's midpoint extend left, above it right. The table gives the counts.`}
        >
          <BarChart
            id={id}
            width={CHART_WIDTH}
            height={rated.length * ROW + 64}
            data={rows}
            layout="vertical"
            stackOffset="sign"
            barSize={BAR}
            margin={{ top: 12, right: 16, bottom: 28, left: 16 }}
            aria-hidden
          >
            <CartesianGrid stroke={GRID} strokeDasharray="2 4" horizontal={false} />
            <XAxis
              type="number"
              interval={0}
              domain={[-limit, limit]}
              ticks={ticks}
              tickFormatter={(v: number) => String(Math.abs(v))}
              stroke={MUTED}
              tick={{ fill: MUTED, fontSize: FONT }}
              label={{ value: '← does not fit · ratings · fits →', position: 'bottom', offset: 8, fill: INK, fontSize: FONT }}
            />
            <YAxis
              type="category"
              interval={0}
              dataKey="key"
              width={1}
              tickSize={0}
              tickMargin={0}
              axisLine={false}
              tickLine={false}
              tick={bandLabel(names, BAR / 2 + 5)}
            />
            {segs.map((s) => (
              <Bar key={s.key} dataKey={s.key} stackId="ratings" fill={s.colour} stroke={PAPER} strokeWidth={1} isAnimationActive={false} />
            ))}
            <ReferenceLine x={0} stroke={INK} strokeWidth={1.5} />
          </BarChart>
        </ChartImage>
      )}
      <ChartLegend
        label="Scale points"
        items={points.map((p) => ({
          key: String(p.value),
          label: `${p.value}${p.label ? ` = ${p.label}` : ''}${p.value === mid ? ' (split half each side)' : ''}`,
          colour: divergingColour(p.value, scale.min, scale.max),
          swatch: 'bar' as const,
        }))}
      />
    </ChartFigure>
  )
}
