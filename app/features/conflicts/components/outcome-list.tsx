// The five outcomes, each with its meaning, wherever the group reads them (seed 003).
export function OutcomeList({ outcomes }: { outcomes: readonly { value: string; label: string; meaning: string }[] }) {
  return (
    <dl className="outcomes">
      {outcomes.map((o) => (
        <div key={o.value}>
          <dt>{o.label}</dt>
          <dd>{o.meaning}</dd>
        </div>
      ))}
    </dl>
  )
}
