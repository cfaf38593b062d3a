import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from 'recharts'
import type { RoundShift } from '~/features/analysis/core/types'
import { ChartFigure, ChartImage, ChartLegend, bandLabel, useChartId } from '~/components/charts/chart-frame'
import { collapsedThemes, describeBlindToOpen } from '../core/describe'
import { formatNumber } from '../core/format'
import { CHART_WIDTH, FONT, GRID, INK, MUTED } from '~/components/charts/palette'

const BLIND = '#8a8579'
const OPEN = '#0072B2'
const ROW = 56
const BAR = 13

/** Who "the others" are in the conformity shift, in the page's words (core/shift.ts, docs/indicators-and-statistics.md). */
export const CONFORMITY_OTHERS =
  'Conformity shift: for each member and theme rated in both rounds, how much closer the member came to the mean of the others, ' +
  'as a share of the scale’s range, averaged. “The others” are the other members who rated that theme in the blind round; ' +
  'a member who did not re-rate keeps their blind rating in the open round, and a member who rated only in the open round is left out, ' +
  'so both means are over the same people. Variance ratio: the mean spread (variance) of the open ratings over the mean spread of the blind ones.'

const cell = (v: number | null) => (v === null ? 'no ratings' : formatNumber(v))

/** Each theme's spread (IQR) in the blind round and after discussion in the open round, as paired bars. */
export function BlindToOpen({
  shift,
  src,
  sentence,
}: {
  shift: RoundShift
  src?: string
  /** The chart read in words, over every theme (by default, over `shift.themes`). */
  sentence?: string
}) {
  const id = useChartId()
  const collapsed = new Set(collapsedThemes(shift).map((t) => t.themeId))
  const rows = shift.themes.map((t) => ({ key: t.themeId, blind: t.blindIqr, open: t.openIqr }))
  const names = new Map(shift.themes.map((t) => [t.themeId, t.name]))
  const largest = Math.max(1, ...shift.themes.flatMap((t) => [t.blindIqr ?? 0, t.openIqr ?? 0]))
  const limit = Math.ceil(largest)
  const ticks = Array.from({ length: limit + 1 }, (_, i) => i)
  const label = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '')

  return (
    <ChartFigure
      className="chart-blind-open"
      title="Spread before and after discussion"
      sentence={sentence ?? describeBlindToOpen(shift)}
      tableCaption="Spread of ratings per theme in the blind round and the open round (IQR and standard deviation)"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col" className="num">
                Blind IQR
              </th>
              <th scope="col" className="num">
                Open IQR
              </th>
              <th scope="col" className="num">
                Blind SD
              </th>
              <th scope="col" className="num">
                Open SD
              </th>
              <th scope="col">Spread collapsed</th>
            </tr>
          </thead>
          <tbody>
            {shift.themes.map((t) => (
              <tr key={t.themeId}>
                <th scope="row">{t.name}</th>
                <td className="num">{cell(t.blindIqr)}</td>
                <td className="num">{cell(t.openIqr)}</td>
                <td className="num">{cell(t.blindSd)}</td>
                <td className="num">{cell(t.openSd)}</td>
                <td>{collapsed.has(t.themeId) ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Ratings changed in the open round</th>
              <td colSpan={5}>
                {shift.changed} of {shift.pairs}, {shift.changedWithoutReason} without a reason
              </td>
            </tr>
            <tr>
              <th scope="row">Conformity shift (positive = toward the others)</th>
              <td colSpan={5}>
                {shift.conformityShift === null
                  ? 'none: no theme has two members rated in both rounds'
                  : formatNumber(shift.conformityShift)}
              </td>
            </tr>
            <tr>
              <th scope="row">Variance ratio (open ÷ blind)</th>
              <td colSpan={5}>{shift.varianceRatio === null ? 'none: no spread in the blind round' : formatNumber(shift.varianceRatio)}</td>
            </tr>
          </tfoot>
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="chart-empty">No themes were rated in this cycle.</p>
      ) : (
        <ChartImage
          src={src}
          label={`Paired bar chart of ${rows.length} themes: the spread of ratings (IQR) in the blind round and in the open round. The table gives the numbers.`}
        >
          <BarChart
            id={id}
            width={CHART_WIDTH}
            height={rows.length * ROW + 64}
            data={rows}
            layout="vertical"
            barGap={2}
            barSize={BAR}
            margin={{ top: 12, right: 40, bottom: 28, left: 16 }}
            aria-hidden
          >
            <CartesianGrid stroke={GRID} strokeDasharray="2 4" horizontal={false} />
            <XAxis
              type="number"
              interval={0}
              domain={[0, limit]}
              ticks={ticks}
              stroke={MUTED}
              tick={{ fill: MUTED, fontSize: FONT }}
              label={{ value: 'Spread (IQR)', position: 'bottom', offset: 8, fill: INK, fontSize: FONT }}
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
              tick={bandLabel(names, BAR + 6)}
            />
            <Bar dataKey="blind" name="blind round" fill={BLIND} isAnimationActive={false}>
              <LabelList dataKey="blind" position="right" formatter={label} fill={MUTED} fontSize={FONT - 1} />
            </Bar>
            <Bar dataKey="open" name="open round" fill={OPEN} isAnimationActive={false}>
              <LabelList dataKey="open" position="right" formatter={label} fill={INK} fontSize={FONT - 1} />
            </Bar>
          </BarChart>
        </ChartImage>
      )}
      <p className="chart-note conformity-others">{CONFORMITY_OTHERS}</p>
      <ChartLegend
        label="Rounds"
        items={[
          { key: 'blind', label: 'blind round (before discussion)', colour: BLIND, swatch: 'bar' },
          { key: 'open', label: 'open round (after discussion)', colour: OPEN, swatch: 'bar' },
        ]}
      />
    </ChartFigure>
  )
}
