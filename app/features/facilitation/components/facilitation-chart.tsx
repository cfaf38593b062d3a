import { CartesianGrid, Customized, LineChart, XAxis, YAxis } from 'recharts'
import { ChartFigure, ChartImage, ChartLegend, Marker, useChartId } from '~/components/charts/chart-frame'
import { CHART_WIDTH, FONT, GRID, INK, MUTED, seriesStyle } from '~/components/charts/palette'
import { FACILITATION_PARTS, PART_MINIMUM, PART_NAMES, type FacilitationPart } from '../core/measure'
import type { FacilitationRow } from '../core/rows'

type AxisMap = Record<string, { scale: (value: number) => number }>
const r2 = (n: number) => Number(n.toFixed(2))
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)

/** The series drawn: the dependence (bold) and each part's excess share (thin), each with its own mark. */
const LINES: { key: 'dependence' | FacilitationPart; label: string }[] = [
  { key: 'dependence', label: 'Dependence (mean of the counted parts)' },
  ...FACILITATION_PARTS.map((p) => ({ key: p, label: `Excess share of ${PART_NAMES[p]}` })),
]

function valueOf(row: FacilitationRow, key: (typeof LINES)[number]['key']): number | null {
  if (key === 'dependence') return row.dependence
  return row.parts.find((p) => p.part === key)?.excess ?? null
}

/** Lines and marks drawn from the chart's own scales (recharts' <Line> rounds differently in Node and the browser). */
function layer(rows: FacilitationRow[]) {
  return function FacilitationLayer({ xAxisMap, yAxisMap }: { xAxisMap?: AxisMap; yAxisMap?: AxisMap }) {
    const x = xAxisMap ? Object.values(xAxisMap)[0]?.scale : undefined
    const y = yAxisMap ? Object.values(yAxisMap)[0]?.scale : undefined
    if (!x || !y) return <g />
    return (
      <g className="chart-series">
        {LINES.map((line, i) => {
          const style = seriesStyle(i)
          const points = rows.map((row, j) => {
            const v = valueOf(row, line.key)
            return v === null ? null : { cx: r2(x(j + 1)), cy: r2(y(v)) }
          })
          // A cycle without a value breaks the line.
          const runs: { cx: number; cy: number }[][] = [[]]
          for (const p of points) {
            if (p) runs[runs.length - 1]!.push(p)
            else runs.push([])
          }
          const d = runs
            .filter((run) => run.length > 1)
            .map((run) => `M${run.map((p) => `${p.cx},${p.cy}`).join('L')}`)
            .join('')
          return (
            <g key={line.key}>
              {d ? (
                <path
                  className="chart-line"
                  d={d}
                  fill="none"
                  stroke={style.colour}
                  strokeWidth={i === 0 ? 3 : 1.25}
                  strokeDasharray={i === 0 ? undefined : style.dash || '4 3'}
                />
              ) : null}
              {points.map((p, j) =>
                p ? <Marker key={j} cx={p.cx} cy={p.cy} shape={style.shape} colour={style.colour} radius={i === 0 ? 5 : 3.5} /> : null,
              )}
            </g>
          )
        })}
      </g>
    )
  }
}

/** The facilitator's share of the process, cycle by cycle (docs/design.md §4 "Facilitation over the cycles"), with its table. */
export function FacilitationChart({
  rows,
  sentence,
  title = 'Facilitator dependence per cycle',
}: {
  rows: FacilitationRow[]
  sentence: string
  title?: string
}) {
  const id = useChartId()
  return (
    <ChartFigure
      className="chart-facilitation"
      title={title}
      sentence={sentence}
      tableCaption={`Per cycle: who facilitated, the facilitation's acts of all acts (share; excess over an equal share) in each part, and the dependence. A part counts with at least ${PART_MINIMUM} acts (for words, ${PART_MINIMUM} records).`}
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Cycle</th>
              <th scope="col">Facilitated by</th>
              {FACILITATION_PARTS.map((p) => (
                <th scope="col" key={p}>
                  {PART_NAMES[p]}
                </th>
              ))}
              <th scope="col">Dependence</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label} data-cycle={row.cycle}>
                <th scope="row">{row.label}</th>
                <td>{row.facilitatedBy}</td>
                {FACILITATION_PARTS.map((p) => {
                  const part = row.parts.find((x) => x.part === p)
                  if (!part || part.total === 0) return <td key={p}>none</td>
                  return (
                    <td key={p}>
                      {part.facilitation} of {part.total} ({pct(part.share)}
                      {part.counted ? `; excess ${part.excess!.toFixed(2)}` : '; too few to count'})
                    </td>
                  )
                })}
                <td data-dependence>
                  {row.dependence === null ? row.statusText : `${row.dependence.toFixed(2)}${row.status === 'peer' ? ' (peer)' : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="chart-empty">No cycle yet.</p>
      ) : (
        <ChartImage
          label={`Line chart: the facilitator dependence in ${rows.length === 1 ? 'one cycle' : `${rows.length} cycles`}, from 0 (no more than an equal share) to 1 (everything). The table gives the numbers.`}
        >
          <LineChart id={id} width={CHART_WIDTH} height={260} margin={{ top: 10, right: 16, bottom: 4, left: 4 }} aria-hidden>
            <CartesianGrid stroke={GRID} strokeDasharray="2 4" vertical={false} />
            <XAxis
              type="number"
              dataKey="x"
              interval={0}
              domain={[0.6, rows.length + 0.4]}
              ticks={rows.map((_, i) => i + 1)}
              tickFormatter={(i: number) => rows[i - 1]?.short ?? ''}
              stroke={MUTED}
              tick={{ fill: MUTED, fontSize: FONT }}
            />
            <YAxis
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              width={52}
              stroke={MUTED}
              tick={{ fill: MUTED, fontSize: FONT }}
              label={{ value: 'Dependence', angle: -90, position: 'insideLeft', offset: 12, dy: 40, fill: INK, fontSize: FONT }}
            />
            <Customized component={layer(rows)} />
          </LineChart>
        </ChartImage>
      )}
      <ChartLegend
        label="Lines"
        items={LINES.map((line, i) => {
          const style = seriesStyle(i)
          return { key: line.key, label: line.label, colour: style.colour, shape: style.shape, line: i === 0 ? '' : style.dash || '4 3' }
        })}
      />
    </ChartFigure>
  )
}
