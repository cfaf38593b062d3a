import { CartesianGrid, Scatter, ScatterChart, XAxis, YAxis } from 'recharts'
import { ChartFigure, ChartImage } from '~/components/charts/chart-frame'
import { INDICATOR_STATUS_TEXT } from '../core/indicators'
import type { IndicatorStatus } from '../core/types'

type TickProps = { x: number; y: number; payload: { value: number } }

/** A tick label drawn as plain SVG text: recharts' own label wraps in the browser but not on the server, which breaks hydration. */
function PlainTick({ x, y, text, anchor, dy }: TickProps & { text: string; anchor: 'end' | 'middle'; dy: number }) {
  return (
    <text x={anchor === 'end' ? x - 6 : x} y={y} dy={dy} textAnchor={anchor} fontSize={12} fill="#4a5466">
      {text}
    </text>
  )
}

type History = { cycle: number; indicators: { key: string; name: string; status: IndicatorStatus }[] }[]

// The labels are the core's status words, so the history says what the table above says.
const STATUS_STYLE: Record<IndicatorStatus, { fill: string; label: string; symbol: string }> = {
  ok: { fill: '#1e6b4a', label: INDICATOR_STATUS_TEXT.ok, symbol: '●' },
  warn: { fill: '#b35900', label: INDICATOR_STATUS_TEXT.warn, symbol: '▲' },
  alert: { fill: '#a4161a', label: INDICATOR_STATUS_TEXT.alert, symbol: '■' },
  unclear: { fill: '#6b665c', label: INDICATOR_STATUS_TEXT.unclear, symbol: '◌' },
  'n/a': { fill: '#8a8579', label: INDICATOR_STATUS_TEXT['n/a'], symbol: '○' },
}

/** Each indicator's status, cycle by cycle: a dot grid with the same data as a table beside it. */
export function IndicatorHistory({ history }: { history: History }) {
  const names = history[0]?.indicators.map((i) => i.name) ?? []
  const points = history.flatMap((h) =>
    h.indicators.map((i, row) => ({ x: h.cycle, y: names.length - row, status: i.status, name: i.name })),
  )
  const alerts =
    history
      .at(-1)
      ?.indicators.filter((i) => i.status === 'alert')
      .map((i) => i.name) ?? []
  const sentence =
    history.length === 0
      ? 'No cycle to show yet.'
      : alerts.length
        ? `In cycle ${history.at(-1)!.cycle}, ${alerts.length === 1 ? 'one indicator is' : `${alerts.length} indicators are`} on alert: ${alerts.join(', ')}.`
        : `In cycle ${history.at(-1)!.cycle}, no indicator is on alert.`
  const shape = (status: IndicatorStatus) =>
    function Mark(props: { cx?: number; cy?: number }) {
      const { cx = 0, cy = 0 } = props
      const fill = STATUS_STYLE[status].fill
      if (status === 'warn') return <path d={`M${cx},${cy - 7} L${cx + 7},${cy + 6} L${cx - 7},${cy + 6} Z`} fill={fill} />
      if (status === 'alert') return <rect x={cx - 6} y={cy - 6} width={12} height={12} fill={fill} />
      if (status === 'n/a') return <circle cx={cx} cy={cy} r={5} fill="none" stroke={fill} strokeWidth={2} />
      if (status === 'unclear') return <circle cx={cx} cy={cy} r={5} fill="none" stroke={fill} strokeWidth={2} strokeDasharray="2 2" />
      return <circle cx={cx} cy={cy} r={6} fill={fill} />
    }
  return (
    <ChartFigure
      title="Indicators across cycles"
      sentence={sentence}
      tableCaption="Status of each indicator per cycle"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              {history.map((h) => (
                <th scope="col" key={h.cycle}>
                  Cycle {h.cycle}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name, row) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {history.map((h) => {
                  const status = h.indicators[row]?.status ?? 'n/a'
                  return (
                    <td key={h.cycle}>
                      {STATUS_STYLE[status].symbol} {STATUS_STYLE[status].label}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      <ChartImage label={sentence}>
        <ScatterChart
          width={420}
          height={Math.max(160, names.length * 28 + 50)}
          margin={{ top: 10, right: 20, bottom: 20, left: 10 }}
          aria-hidden="true"
        >
          <CartesianGrid strokeDasharray="2 4" stroke="#d8d4cc" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0.5, Math.max(1, history.length) + 0.5]}
            ticks={history.map((h) => h.cycle)}
            stroke="#4a5466"
            interval={0}
            tick={(props: TickProps) => <PlainTick {...props} text={`Cycle ${props.payload.value}`} anchor="middle" dy={16} />}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0.5, names.length + 0.5]}
            ticks={names.map((_, i) => names.length - i)}
            width={190}
            stroke="#4a5466"
            interval={0}
            tick={(props: TickProps) => <PlainTick {...props} text={names[names.length - props.payload.value] ?? ''} anchor="end" dy={4} />}
          />
          {(Object.keys(STATUS_STYLE) as IndicatorStatus[]).map((status) => (
            <Scatter key={status} data={points.filter((p) => p.status === status)} shape={shape(status)} isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ChartImage>
      <p className="muted">
        {(Object.keys(STATUS_STYLE) as IndicatorStatus[]).map((s) => `${STATUS_STYLE[s].symbol} ${STATUS_STYLE[s].label}`).join('   ')}
      </p>
    </ChartFigure>
  )
}
