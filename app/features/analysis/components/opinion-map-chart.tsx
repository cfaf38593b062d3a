import { ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts'
import type { OpinionMap } from '~/features/analysis/core/types'
import { ChartFigure, ChartImage, Marker, useChartId } from '~/components/charts/chart-frame'
import { describeOpinionMap } from '../core/describe'
import { truncate } from '~/utils/format'
import { formatNumber, formatPercent, listNames } from '../core/format'
import { placeLabels, type Placement } from './label-placement'
import { CHART_WIDTH, FONT, INK, MUTED, PAPER } from '~/components/charts/palette'

const HEIGHT = 360
const MARGIN = { top: 24, right: 12, bottom: 4, left: 12 }
// Room under the plot for the left–right axis name.
const X_AXIS = 24
const COLOUR = '#0072B2'

type Point = { x: number; y: number; label: string | null; at: Placement | null }

function PointShape(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx, cy, payload } = props
  if (cx === undefined || cy === undefined || !payload) return <g />
  return (
    <g>
      <Marker cx={cx} cy={cy} shape="circle" colour={COLOUR} radius={5} />
      {payload.label && payload.at ? (
        <text
          x={cx + payload.at.x}
          y={cy + payload.at.y}
          dy="0.35em"
          textAnchor={payload.at.anchor}
          fill={INK}
          fontSize={FONT}
          stroke={PAPER}
          strokeWidth={3}
          paintOrder="stroke"
        >
          {payload.label}
        </text>
      ) : null}
    </g>
  )
}

/** Members who gave no rating: listed beside the map and in its table, never drawn at the origin. */
function UnratedNote({ names }: { names: string[] }) {
  if (names.length === 0) return null
  return <p className="chart-note opinion-unrated">No ratings, so not on the map: {listNames(names)}.</p>
}

/** Members placed by the first two principal components of their ratings, named beside their marks. */
export function OpinionMapChart({ map, src }: { map: OpinionMap; src?: string }) {
  const id = useChartId()
  const unrated = map.unrated ?? []
  // Equal units across and up, so distances on the map mean the same in both directions.
  const plotW = CHART_WIDTH - MARGIN.left - MARGIN.right
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom - X_AXIS
  const maxX = Math.max(1e-9, ...map.members.map((m) => Math.abs(m.x)))
  const maxY = Math.max(1e-9, ...map.members.map((m) => Math.abs(m.y)))
  const halfY = Math.max(maxY, (maxX * plotH) / plotW) * 1.2
  const halfX = (halfY * plotW) / plotH
  const toPx = (x: number, y: number) => ({
    x: MARGIN.left + ((x + halfX) / (2 * halfX)) * plotW,
    y: MARGIN.top + ((halfY - y) / (2 * halfY)) * plotH,
  })

  // Members at (almost) the same place share one label; labels are placed clear of each other.
  const near = halfY * 0.04
  const groups: { x: number; y: number; names: string[]; index: number }[] = []
  map.members.forEach((m, index) => {
    const group = groups.find((g) => Math.abs(g.x - m.x) < near && Math.abs(g.y - m.y) < near)
    if (group) group.names.push(truncate(m.name, 18))
    else groups.push({ x: m.x, y: m.y, names: [truncate(m.name, 18)], index })
  })
  const spots = placeLabels(
    groups.map((g) => ({ ...toPx(g.x, g.y), text: g.names.join(', ') })),
    { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH },
    FONT,
  )
  const points: Point[] = map.members.map((m) => ({ x: m.x, y: m.y, label: null, at: null }))
  groups.forEach((g, i) => {
    points[g.index]!.label = g.names.join(', ')
    const spot = spots[i]!
    const px = toPx(g.x, g.y)
    // Kept relative to the mark, so the label follows wherever recharts draws it.
    points[g.index]!.at = { x: spot.x - px.x, y: spot.y - px.y, anchor: spot.anchor }
  })

  const separating = map.separatingThemes.slice(0, 5)

  return (
    <ChartFigure
      className="chart-opinion"
      title="Opinion map"
      sentence={describeOpinionMap(map)}
      tableCaption="Each member's place on the map (left–right and up–down axes)"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col" className="num">
                Left–right
              </th>
              <th scope="col" className="num">
                Up–down
              </th>
            </tr>
          </thead>
          <tbody>
            {map.members.length === 0 && unrated.length === 0 ? (
              <tr>
                <td colSpan={3}>No members placed.</td>
              </tr>
            ) : (
              map.members.map((m) => (
                <tr key={m.memberId}>
                  <th scope="row">{m.name}</th>
                  <td className="num">{formatNumber(m.x)}</td>
                  <td className="num">{formatNumber(m.y)}</td>
                </tr>
              ))
            )}
            {unrated.map((m) => (
              <tr key={m.memberId}>
                <th scope="row">{m.name}</th>
                <td colSpan={2}>no ratings</td>
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      {map.note ? (
        <>
          <p className="chart-empty">{map.note}</p>
          <UnratedNote names={unrated.map((m) => m.name)} />
        </>
      ) : (
        <>
          <ChartImage
            src={src}
            label={`Map of ${map.members.length} members: members who rated the themes alike sit close together. The table gives each member's place.`}
          >
            <ScatterChart id={id} width={CHART_WIDTH} height={HEIGHT} margin={MARGIN} aria-hidden>
              <XAxis
                type="number"
                interval={0}
                dataKey="x"
                domain={[-halfX, halfX]}
                height={X_AXIS}
                axisLine={false}
                tickLine={false}
                tick={false}
                label={{
                  value: `left–right axis (${formatPercent(map.explained[0])})`,
                  position: 'insideBottomRight',
                  fill: MUTED,
                  fontSize: FONT - 1,
                  offset: 0,
                }}
              />
              <YAxis type="number" interval={0} dataKey="y" domain={[-halfY, halfY]} hide />
              <ReferenceLine
                x={0}
                stroke={MUTED}
                strokeDasharray="4 4"
                label={{
                  value: `up–down axis (${formatPercent(map.explained[1])})`,
                  position: 'top',
                  fill: MUTED,
                  fontSize: FONT - 1,
                  offset: 6,
                }}
              />
              <ReferenceLine y={0} stroke={MUTED} strokeDasharray="4 4" />
              <Scatter data={points} shape={PointShape} isAnimationActive={false} />
            </ScatterChart>
          </ChartImage>
          <p className="chart-note">
            Members close together rated the themes alike. The axes’ percentages are their shares of the differences between members.
            {separating.length > 0 ? (
              <>
                {' '}
                Themes that separate members left from right most (loading):{' '}
                {separating.map((t) => `${t.name} (${formatNumber(t.loading)})`).join(', ')}.
              </>
            ) : null}
          </p>
          <UnratedNote names={unrated.map((m) => m.name)} />
        </>
      )}
    </ChartFigure>
  )
}
