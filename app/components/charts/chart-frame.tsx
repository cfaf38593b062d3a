import { useId, type ReactNode } from 'react'
import { truncate } from '~/utils/format'
import { markerPath, type MarkerShape } from './markers'
import { FONT, INK } from './palette'

/** A stable id for recharts' clip paths (its own counter differs between server and browser). */
export function useChartId(): string {
  return `chart-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
}

type FigureProps = {
  title: string
  /** One plain sentence that reads the chart in words. */
  sentence: string
  /** Caption of the data table. */
  tableCaption: string
  /** The chart (or a note standing in for it), with its legend. */
  children: ReactNode
  /** The table's head and body rows (the caption is added here). */
  table: ReactNode
  className?: string
}

/**
 * Heading, chart, data table, then the sentence as the figcaption (the last child, so it also
 * names the figure for screen readers). The table can scroll sideways on a phone, so its
 * container takes focus and a name.
 */
export function ChartFigure({ title, sentence, tableCaption, children, table, className }: FigureProps) {
  const captionId = `${useChartId()}-caption`
  return (
    <figure className={className ? `chart ${className}` : 'chart'}>
      <h3>{title}</h3>
      <div className="chart-body">
        <div className="chart-plot">{children}</div>
        <div className="chart-data" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table>
            <caption id={captionId}>{tableCaption}</caption>
            {table}
          </table>
        </div>
      </div>
      <figcaption>{sentence}</figcaption>
    </figure>
  )
}

/**
 * The chart as one image with a name. recharts marks each scatter symbol role="img" with no
 * name, so the SVG itself is hidden from assistive technology (pass `aria-hidden` to the chart)
 * and the data table carries the numbers. With `src` the chart is not drawn into the page: the
 * same SVG, rendered once per data version on the server, is an image at that address.
 */
export function ChartImage({ label, src, children }: { label: string; src?: string; children: ReactNode }) {
  if (src) return <img className="chart-image chart-svg" src={src} alt={label} />
  return (
    <div className="chart-image" role="img" aria-label={label}>
      {children}
    </div>
  )
}

type LegendItem = { key: string; label: string; colour: string; shape?: MarkerShape; line?: string; swatch?: 'bar' }

/** An HTML legend (recharts' own is absolutely positioned and would not follow the scaled SVG). */
export function ChartLegend({ items, label }: { items: LegendItem[]; label: string }) {
  if (items.length === 0) return null
  return (
    <ul className="chart-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
            {item.line !== undefined ? (
              <line x1="0" y1="8" x2="24" y2="8" stroke={item.colour} strokeWidth="2" strokeDasharray={item.line || undefined} />
            ) : null}
            {item.swatch === 'bar' ? (
              <rect x="2" y="3" width="20" height="10" fill={item.colour} stroke="#1d2430" strokeWidth="0.5" />
            ) : (
              <path
                d={markerPath(item.shape ?? 'circle', 4.5)}
                transform="translate(12 8)"
                fill={item.colour}
                stroke="#1d2430"
                strokeWidth={0.75}
              />
            )}
          </svg>
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  )
}

/** A marker for a custom scatter shape or line dot: a <path d> centred on (cx, cy). */
export function Marker({
  cx,
  cy,
  shape,
  colour,
  radius = 5.5,
}: {
  cx: number
  cy: number
  shape: MarkerShape
  colour: string
  radius?: number
}) {
  return (
    <path
      className="chart-mark"
      d={markerPath(shape, radius)}
      transform={`translate(${Number(cx.toFixed(2))} ${Number(cy.toFixed(2))})`}
      fill={colour}
      stroke="#1d2430"
      strokeWidth={0.75}
    />
  )
}

/**
 * A category tick drawn above its bar(s), from the plot's left edge, so long theme names get
 * the chart's full width instead of a narrow axis column. Use with YAxis width={1} (0 draws nothing),
 * tickSize={0}, tickMargin={0}; `above` is the distance from the band's centre to the baseline.
 */
export function bandLabel(names: Map<string, string>, above: number) {
  return function BandLabel({ x, y, payload }: { x?: number; y?: number; payload?: { value?: unknown } }) {
    const name = names.get(String(payload?.value ?? '')) ?? ''
    return (
      <text x={x} y={(y ?? 0) - above} fill={INK} fontSize={FONT} textAnchor="start">
        {truncate(name, 50)}
      </text>
    )
  }
}
