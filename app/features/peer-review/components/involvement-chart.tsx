import { Bar, BarChart, CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts'
import { ChartFigure, ChartImage, ChartLegend } from '~/components/charts/chart-frame'
import type { Involvement } from '../core/involvement'

const CLIENT = '#0f6fa8'
const DECISIONS = '#b35900'
const SATISFIED = '#1e6b4a'
const DISSATISFIED = '#a4161a'
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)

/** Heron's progressive involvement, review by review: the client's share of the agenda and of decisions, and what was raised. */
export function InvolvementChart({ involvement }: { involvement: Involvement }) {
  const data = involvement.points.map((p) => ({
    review: `Review ${p.review}`,
    items: p.clientItemShare === null ? null : Math.round(p.clientItemShare * 100),
    decisions: p.clientDecisionShare === null ? null : Math.round(p.clientDecisionShare * 100),
    satisfactions: p.satisfactions,
    dissatisfactions: p.dissatisfactions,
  }))
  return (
    <ChartFigure
      title="The client’s growing involvement"
      sentence={involvement.sentence}
      tableCaption="Per review: the client's share of agenda items and of decisions proposed, and satisfactions and dissatisfactions raised"
      table={
        <>
          <thead>
            <tr>
              <th scope="col">Review</th>
              <th scope="col">Items by client</th>
              <th scope="col">Client’s share of items</th>
              <th scope="col">Client’s share of decisions</th>
              <th scope="col">Satisfactions</th>
              <th scope="col">Dissatisfactions</th>
            </tr>
          </thead>
          <tbody>
            {involvement.points.map((p) => (
              <tr key={p.review}>
                <th scope="row">{p.review}</th>
                <td>
                  {p.clientItems} of {p.clientItems + p.practitionerItems}
                </td>
                <td>{pct(p.clientItemShare)}</td>
                <td>{pct(p.clientDecisionShare)}</td>
                <td>{p.satisfactions}</td>
                <td>{p.dissatisfactions}</td>
              </tr>
            ))}
          </tbody>
        </>
      }
    >
      {data.length === 0 ? (
        <p className="muted">The chart appears once a review has closed.</p>
      ) : (
        <>
          <ChartImage label={involvement.sentence}>
            <LineChart width={420} height={220} data={data} margin={{ top: 12, right: 36, bottom: 10, left: 12 }} aria-hidden="true">
              <CartesianGrid strokeDasharray="2 4" stroke="#d8d4cc" />
              <XAxis dataKey="review" stroke="#4a5466" interval={0} padding={{ left: 24, right: 24 }} />
              <YAxis domain={[0, 100]} unit="%" stroke="#4a5466" width={52} />
              <Line dataKey="items" stroke={CLIENT} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
              <Line
                dataKey="decisions"
                stroke={DECISIONS}
                strokeWidth={2}
                strokeDasharray="6 3"
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            </LineChart>
          </ChartImage>
          <ChartLegend
            label="Lines"
            items={[
              { key: 'items', label: 'Client’s share of agenda items', colour: CLIENT, line: '' },
              { key: 'decisions', label: 'Client’s share of decisions proposed', colour: DECISIONS, line: '6 3' },
            ]}
          />
          <ChartImage label="Satisfactions and dissatisfactions raised per review, as in the table.">
            <BarChart width={420} height={180} data={data} margin={{ top: 10, right: 20, bottom: 10, left: 0 }} aria-hidden="true">
              <CartesianGrid strokeDasharray="2 4" stroke="#d8d4cc" />
              <XAxis dataKey="review" stroke="#4a5466" interval={0} />
              <YAxis allowDecimals={false} stroke="#4a5466" width={48} />
              <Bar dataKey="satisfactions" fill={SATISFIED} isAnimationActive={false} />
              <Bar dataKey="dissatisfactions" fill={DISSATISFIED} isAnimationActive={false} />
            </BarChart>
          </ChartImage>
          <ChartLegend
            label="Bars"
            items={[
              { key: 'sat', label: 'Satisfactions', colour: SATISFIED, swatch: 'bar' },
              { key: 'dis', label: 'Dissatisfactions', colour: DISSATISFIED, swatch: 'bar' },
            ]}
          />
        </>
      )}
    </ChartFigure>
  )
}
