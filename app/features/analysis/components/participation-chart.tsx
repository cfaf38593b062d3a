import { Bar, BarChart, CartesianGrid, LabelList, ReferenceLine, XAxis, YAxis } from 'recharts'
import type { ParticipationAnalysis } from '~/features/analysis/core/types'
import { KINDS, participationShares } from '../core/chart-data'
import { ChartFigure, ChartImage, ChartLegend, useChartId } from '~/components/charts/chart-frame'
import { ruleText, verdictText } from '~/features/validity/core/summary'
import { describeParticipation, type ParticipationVerdict } from '../core/describe'
import { truncate } from '~/utils/format'
import { countOf, formatNumber, formatPercent } from '../core/format'
import { CHART_WIDTH, FONT, GRID, INK, MUTED } from '~/components/charts/palette'
import { KIND_COLOUR } from './analysis-palette'

const ROW = 40

/**
 * One stacked bar per member: their average share of the group's contributions, split by kind.
 * With the cycle's participation-balance indicator, the caption gives its verdict and the rule beside it.
 */
export function ParticipationChart({
  participation,
  verdict,
  src,
}: {
  participation: ParticipationAnalysis
  verdict?: ParticipationVerdict | null
  src?: string
}) {
  const id = useChartId()
  const shares = participationShares(participation)
  const n = participation.members.length
  const equal = n > 0 ? 100 / n : 0
  const rows = shares.map(({ member, share, mean, activeKinds }) => {
    const row: Record<string, number | string> = { key: member.memberId, total: formatPercent(mean) }
    for (const { kind } of KINDS) row[kind] = activeKinds === 0 ? 0 : (share[kind] * 100) / activeKinds
    return row
  })
  const largest = Math.max(equal, ...shares.map((s) => s.mean * 100))
  const step = largest > 50 ? 20 : 10
  const limit = Math.min(100, Math.ceil((largest + 4) / step) * step)
  const ticks = Array.from({ length: Math.floor(limit / step) + 1 }, (_, i) => i * step)
  const names = new Map(participation.members.map((m) => [m.memberId, m.name]))
  const lastKind = KINDS[KINDS.length - 1]!.kind

  return (
    <ChartFigure
      className="chart-participation"
      title="Who takes part"
      sentence={describeParticipation(participation, verdict)}
      tableCaption="Contributions per member: count, with the member's share of the group's total in brackets"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Member</th>
              {KINDS.map(({ kind, label }) => (
                <th scope="col" key={kind} className="num">
                  {label}
                </th>
              ))}
              <th scope="col" className="num">
                Average share
              </th>
            </tr>
          </thead>
          <tbody>
            {shares.map(({ member, share, mean }) => (
              <tr key={member.memberId}>
                <th scope="row">{member.name}</th>
                {KINDS.map(({ kind }) => (
                  <td key={kind} className="num">
                    {member[kind].toLocaleString('en-GB')} ({formatPercent(share[kind])})
                  </td>
                ))}
                <td className="num">{formatPercent(mean)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Gini, normalised (0 = equal, 1 = one member makes all)</th>
              {KINDS.map(({ kind }) => (
                <td key={kind} className="num">
                  {formatNumber(participation.giniNormalised[kind])}
                </td>
              ))}
              <td className="num">{participation.overallGiniNormalised.toFixed(2)}</td>
            </tr>
            <tr>
              <th scope="row">
                {n >= 2
                  ? `Gini, population form (at most ${formatNumber((n - 1) / n)} for ${countOf(n, 'member')})`
                  : 'Gini, population form'}
              </th>
              {KINDS.map(({ kind }) => (
                <td key={kind} className="num">
                  {formatNumber(participation.gini[kind])}
                </td>
              ))}
              <td className="num">{participation.overallGini.toFixed(2)}</td>
            </tr>
            {verdict ? (
              <tr>
                <th scope="row">Participation balance</th>
                <td colSpan={KINDS.length + 1}>{verdictText(verdict)}</td>
              </tr>
            ) : null}
          </tfoot>
        </>
      }
    >
      {n === 0 ? (
        <p className="chart-empty">No members yet.</p>
      ) : (
        <ChartImage
          src={src}
          label={`Stacked bar chart of ${n} members: each bar is the member's average share of the group's contributions, split by kind. The table gives the counts.`}
        >
          <BarChart
            id={id}
            width={CHART_WIDTH}
            height={n * ROW + 72}
            data={rows}
            layout="vertical"
            barCategoryGap={8}
            margin={{ top: 22, right: 44, bottom: 28, left: 4 }}
            aria-hidden
          >
            <CartesianGrid stroke={GRID} strokeDasharray="2 4" horizontal={false} />
            <XAxis
              type="number"
              interval={0}
              domain={[0, limit]}
              ticks={ticks}
              tickFormatter={(v: number) => `${v}%`}
              stroke={MUTED}
              tick={{ fill: MUTED, fontSize: FONT }}
              label={{ value: 'Average share of contributions', position: 'bottom', offset: 8, fill: INK, fontSize: FONT }}
            />
            <YAxis
              type="category"
              interval={0}
              dataKey="key"
              width={128}
              tickFormatter={(key: string) => truncate(names.get(key) ?? '', 16)}
              stroke={MUTED}
              tick={{ fill: INK, fontSize: FONT }}
              tickLine={false}
            />
            {KINDS.map(({ kind, label }) => (
              <Bar
                key={kind}
                dataKey={kind}
                name={label}
                stackId="share"
                fill={KIND_COLOUR[kind]}
                stroke="#fbfaf7"
                strokeWidth={1}
                isAnimationActive={false}
              >
                {kind === lastKind ? (
                  <LabelList
                    dataKey="total"
                    position="right"
                    fill={INK}
                    fontSize={FONT - 1}
                    stroke="#ffffff"
                    strokeWidth={3}
                    paintOrder="stroke"
                  />
                ) : null}
              </Bar>
            ))}
            <ReferenceLine
              x={equal}
              stroke={INK}
              strokeDasharray="4 3"
              label={{ value: `equal share (${formatPercent(equal / 100)})`, position: 'top', fill: MUTED, fontSize: FONT - 1, offset: 6 }}
            />
          </BarChart>
        </ChartImage>
      )}
      <ChartLegend
        label="Kinds of contribution"
        items={KINDS.map(({ kind, label }) => ({ key: kind, label, colour: KIND_COLOUR[kind], swatch: 'bar' as const }))}
      />
      {verdict ? <p className="chart-note indicator-rule">{ruleText(verdict)}</p> : null}
      <p className="chart-note">
        The normalised Gini is the population Gini × n/(n − 1), so it reaches 1 when one member makes every contribution, in a pair as in a
        group of nine; the population form can reach only (n − 1)/n.
      </p>
      <p className="chart-note">
        Each kind counts equally: a member’s share of the group’s words weighs the same as their share of its records, so a long writer does
        not outweigh the rest.
      </p>
    </ChartFigure>
  )
}
