import { CartesianGrid, Customized, LineChart, XAxis, YAxis } from 'recharts'
import type { RatingScale } from '~/features/analysis/core/types'
import { ChartFigure, ChartImage, ChartLegend, Marker, useChartId } from '~/components/charts/chart-frame'
import type { ThemeSeries } from '../core/chart-data'
import { describeThemesAcrossCycles } from '../core/describe'
import { formatNumber, scalePoints } from '../core/format'
import { CHART_WIDTH, FONT, GRID, INK, MUTED, seriesStyle } from '~/components/charts/palette'

type SeriesPoint = { x: number; median: number | null; iqr: number | null }
type AxisMap = Record<string, { scale: (value: number) => number }>

const r2 = (n: number) => Number(n.toFixed(2))

/**
 * The lines and marks, drawn from the chart's own axis scales. recharts' <Line> is not used:
 * its d3 path rounds differently in the Node and browser builds, which breaks hydration.
 */
function seriesLayer(data: SeriesPoint[][], key: 'median' | 'iqr') {
  return function SeriesLayer({ xAxisMap, yAxisMap }: { xAxisMap?: AxisMap; yAxisMap?: AxisMap }) {
    const x = xAxisMap ? Object.values(xAxisMap)[0]?.scale : undefined
    const y = yAxisMap ? Object.values(yAxisMap)[0]?.scale : undefined
    if (!x || !y) return <g />
    const placed = data.map((points) => points.map((p) => (p[key] === null ? null : { cx: r2(x(p.x)), cy: r2(y(p[key]!)) })))
    return (
      <g className="chart-series">
        {placed.map((points, i) => {
          // A missing value breaks the line: no rating in a cycle is not a rating in between.
          const runs: { cx: number; cy: number }[][] = [[]]
          for (const p of points) {
            if (p) runs[runs.length - 1]!.push(p)
            else runs.push([])
          }
          const d = runs
            .filter((run) => run.length > 1)
            .map((run) => `M${run.map((p) => `${p.cx},${p.cy}`).join('L')}`)
            .join('')
          const style = seriesStyle(i)
          return d ? (
            <path
              key={i}
              className="chart-line"
              d={d}
              fill="none"
              stroke={style.colour}
              strokeWidth={2}
              strokeDasharray={style.dash || undefined}
            />
          ) : null
        })}
        {placed.map((points, i) => {
          const style = seriesStyle(i)
          return (
            <g key={i}>
              {points.map((p, j) =>
                p ? <Marker key={j} cx={p.cx} cy={p.cy} shape={style.shape} colour={style.colour} radius={4.75} /> : null,
              )}
            </g>
          )
        })}
      </g>
    )
  }
}

/** Each theme's median (endorsement) per cycle, with its spread (IQR) in a smaller chart beneath. */
export function ThemesAcrossCycles({
  series,
  scale,
  srcs,
  sentence,
}: {
  series: ThemeSeries[]
  scale: RatingScale
  /** The SVG images of the medians and of the spreads. */
  srcs?: [string, string]
  /** The charts read in words, over every theme (by default, over `series`). */
  sentence?: string
}) {
  const id = useChartId()
  const cycles = [...new Set(series.flatMap((s) => s.points.map((p) => p.cycle)))].sort((a, b) => a - b)
  // Each theme is nudged a little sideways so marks at the same value in a cycle stay visible.
  const dodge = (i: number) => (series.length < 2 ? 0 : ((i - (series.length - 1) / 2) / (series.length - 1)) * 0.16)
  const seriesData: SeriesPoint[][] = series.map((s, i) =>
    [...s.points].sort((a, b) => a.cycle - b.cycle).map((p) => ({ x: p.cycle + dodge(i), median: p.median, iqr: p.iqr })),
  )
  const range = scale.max - scale.min
  const xAxis = () => (
    <XAxis
      type="number"
      interval={0}
      dataKey="x"
      domain={[(cycles[0] ?? 1) - 0.3, (cycles[cycles.length - 1] ?? 1) + 0.3]}
      ticks={cycles}
      allowDecimals
      tickFormatter={(c: number) => `Cycle ${c}`}
      stroke={MUTED}
      tick={{ fill: MUTED, fontSize: FONT }}
    />
  )
  const medians = seriesLayer(seriesData, 'median')
  const spreads = seriesLayer(seriesData, 'iqr')

  return (
    <ChartFigure
      className="chart-cycles"
      title="Themes across cycles"
      sentence={sentence ?? describeThemesAcrossCycles(series)}
      tableCaption="Median rating (IQR in brackets) of each theme per cycle, with its trajectory"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              {cycles.map((c) => (
                <th scope="col" key={c}>
                  Cycle {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.themeId}>
                <th scope="row">{s.name}</th>
                {cycles.map((c) => {
                  const p = s.points.find((q) => q.cycle === c)
                  if (!p) return <td key={c}>—</td>
                  const value =
                    p.median === null ? 'not rated' : `${formatNumber(p.median)} (${p.iqr === null ? '—' : formatNumber(p.iqr)})`
                  return (
                    <td key={c}>
                      {value} <span className="trajectory">{p.trajectory}</span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      {cycles.length === 0 ? (
        <p className="chart-empty">No cycle has theme ratings yet.</p>
      ) : (
        <>
          <ChartImage
            src={srcs?.[0]}
            label={`Line chart: the median rating of ${series.length} themes in cycles ${cycles.join(', ')}. The table gives the numbers.`}
          >
            <LineChart id={`${id}-median`} width={CHART_WIDTH} height={280} margin={{ top: 10, right: 16, bottom: 4, left: 4 }} aria-hidden>
              <CartesianGrid stroke={GRID} strokeDasharray="2 4" vertical={false} />
              {xAxis()}
              <YAxis
                type="number"
                interval={0}
                domain={[scale.min, scale.max]}
                ticks={scalePoints(scale).map((p) => p.value)}
                width={52}
                stroke={MUTED}
                tick={{ fill: MUTED, fontSize: FONT }}
                label={{ value: 'Median', angle: -90, position: 'insideLeft', offset: 12, dy: 24, fill: INK, fontSize: FONT }}
              />
              <Customized component={medians} />
            </LineChart>
          </ChartImage>
          <ChartImage src={srcs?.[1]} label={`Line chart: the spread (IQR) of the same themes per cycle. The table gives the numbers.`}>
            <LineChart id={`${id}-iqr`} width={CHART_WIDTH} height={170} margin={{ top: 10, right: 16, bottom: 4, left: 4 }} aria-hidden>
              <CartesianGrid stroke={GRID} strokeDasharray="2 4" vertical={false} />
              {xAxis()}
              <YAxis
                type="number"
                interval={0}
                domain={[0, range]}
                tickCount={Math.min(range, 4) + 1}
                allowDecimals={false}
                width={52}
                stroke={MUTED}
                tick={{ fill: MUTED, fontSize: FONT }}
                label={{ value: 'IQR', angle: -90, position: 'insideLeft', offset: 12, dy: 12, fill: INK, fontSize: FONT }}
              />
              <Customized component={spreads} />
            </LineChart>
          </ChartImage>
        </>
      )}
      <ChartLegend
        label="Themes"
        items={series.map((s, i) => {
          const style = seriesStyle(i)
          return { key: s.themeId, label: s.name, colour: style.colour, shape: style.shape, line: style.dash }
        })}
      />
    </ChartFigure>
  )
}
