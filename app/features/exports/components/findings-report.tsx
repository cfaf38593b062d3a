import type { ReactNode } from 'react'
import { formatDate } from '~/utils/format'
import { BlindToOpen, ConvergenceMap, OpinionMapChart, ParticipationChart, RatingDistributions } from '~/features/analysis/components'
import type { CycleAnalysis } from '~/features/analysis/core/types'
import { readingOf, StatusBadge, VerdictAndRule } from '~/features/validity/components/indicator-verdict'
import type { Indicator } from '~/features/validity/core/types'
import type { ArchiveCycleResult } from '../core/analyse-archive'
import type { Archive, ArchiveCycle, ArchiveDecision } from '../core/archive-schema'
import {
  ANSWERS_HEADING,
  answerRows,
  NO_ANSWERS_SENTENCE,
  showAnswers,
  alphaRows,
  alphaSentence,
  challengeTarget,
  cycleDates,
  DECISION_TALLY_NOTE,
  decisionStatus,
  groupSentence,
  hazardLabel,
  inquiryStatus,
  JUDGEMENTS_HEADING,
  leftOutItems,
  memberLabel,
  NAMED_HEADING,
  NAMED_NOTE,
  NOT_REVEALED_SENTENCE,
  participationVerdict,
  phaseKind,
  phaseStatus,
  procedureRows,
  quotesByCycle,
  REPORT_KICKER,
  resolutionLabel,
  validityReviewAdoption,
  scaleSentence,
  stanceTally,
  themeRows,
  UNPUBLISHED_SENTENCE,
} from '../core/report'

// The findings report as a document (rendered to static HTML by report-html.server.tsx).
// Same content and order as core/markdown.ts. All user text goes through React's escaping.

function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className={className}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  )
}

type TableProps = { caption: string; head: string[]; rows: ReactNode[][]; numeric?: number[]; rowHeader?: number }

function DataTable({ caption, head, rows, numeric = [], rowHeader = 0 }: TableProps) {
  const num = (i: number) => (numeric.includes(i) ? 'num' : undefined)
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={num(i)}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, r) => (
            <tr key={r}>
              {cells.map((c, i) =>
                i === rowHeader ? (
                  <th key={i} scope="row" className={num(i)}>
                    {c}
                  </th>
                ) : (
                  <td key={i} className={num(i)}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Themes({ analysis, cycle }: { analysis: CycleAnalysis | null; cycle: number }) {
  if (!analysis) return <p>{NOT_REVEALED_SENTENCE}</p>
  if (analysis.open.themes.length === 0) return <p>No themes were rated in this cycle.</p>
  return (
    <>
      <p>{scaleSentence(analysis)}</p>
      <DataTable
        caption={`Themes of cycle ${cycle}: class, direction, median, spread (IQR) and number of ratings`}
        head={['#', 'Theme', 'Class', 'Direction', 'Median', 'IQR', 'n']}
        numeric={[0, 4, 5, 6]}
        rowHeader={1}
        rows={themeRows(analysis.open.themes).map((r) => [r.number, r.name, r.cls, r.direction, r.median, r.iqr, r.n])}
      />
    </>
  )
}

/** The group's answers to the cycle's indicators, under the indicators table (the Markdown report says the same). */
function Answers({ cycle, indicators }: { cycle: ArchiveCycle; indicators: Indicator[] }) {
  const rows = answerRows(cycle, indicators)
  if (!showAnswers(rows, indicators)) return null
  return (
    <>
      <h4>{ANSWERS_HEADING}</h4>
      {rows.length === 0 ? (
        <p>{NO_ANSWERS_SENTENCE}</p>
      ) : (
        <ul className="indicator-answers">
          {rows.map((a) => (
            <li key={a.indicator}>
              <strong>{a.indicator}</strong> ({a.statusWhenAnswered} when answered): We looked at this — {a.by}:{' '}
              <span className="record-text">{a.note}</span> ({a.date})
              {a.earlier.length ? (
                <ul>
                  {a.earlier.map((e, i) => (
                    <li key={i}>
                      Earlier: {e.by}: <span className="record-text">{e.note}</span> ({e.date})
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

function Charts({ analysis, indicators }: { analysis: CycleAnalysis; indicators: Indicator[] }) {
  return (
    <div className="charts">
      <ConvergenceMap themes={analysis.open.themes} scale={analysis.scale} />
      <RatingDistributions themes={analysis.open.themes} scale={analysis.scale} />
      <BlindToOpen shift={analysis.shift} />
      <ParticipationChart participation={analysis.participation} verdict={participationVerdict(indicators)} />
      <OpinionMapChart map={analysis.opinionMap} />
    </div>
  )
}

function Decisions({ decisions, caption }: { decisions: ArchiveDecision[]; caption: string }) {
  const sorted = [...decisions].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.key.slice(1)) - Number(b.key.slice(1)))
  return (
    <>
      <DataTable
        caption={caption}
        head={['Decision', 'Status', 'Agree', 'Abstain', 'Disagree', 'Block', 'Of which anonymous', 'With a reason']}
        numeric={[2, 3, 4, 5, 6, 7]}
        rows={sorted.map((d) => {
          const t = stanceTally(d)
          return [d.title, decisionStatus(d), t.agree, t.abstain, t.disagree, t.block, t.anonymous, t.reasoned]
        })}
      />
      <p className="note">{DECISION_TALLY_NOTE}</p>
    </>
  )
}

function Cycle({ archive, cycle, result }: { archive: Archive; cycle: ArchiveCycle; result: ArchiveCycleResult | undefined }) {
  const id = `cycle-${cycle.number}`
  const published = cycle.published && result !== undefined
  const challenges = archive.challenges.filter((c) => c.cycle === cycle.number).sort((x, y) => x.createdAt.localeCompare(y.createdAt))
  const decisions = archive.decisions.filter((d) => d.cycle === cycle.number)
  const a = result?.analysis ?? null
  return (
    <Section id={id} title={`Cycle ${cycle.number}${cycle.published ? '' : ' (not published)'}`} className="cycle">
      <dl className="facts">
        <dt>Focus</dt>
        <dd>{cycle.focus ?? 'not recorded'}</dd>
        <dt>Dates</dt>
        <dd>{cycleDates(cycle)}</dd>
      </dl>
      <DataTable
        caption={`Phases of cycle ${cycle.number}`}
        head={['Phase', 'Kind', 'Status']}
        rows={[...cycle.phases].sort((x, y) => x.position - y.position).map((p) => [p.name, phaseKind(p), phaseStatus(p)])}
      />
      {!published || !result ? (
        <p className="unpublished">{UNPUBLISHED_SENTENCE}</p>
      ) : (
        <>
          <h3>Themes</h3>
          <Themes analysis={a} cycle={cycle.number} />
          {a ? (
            <>
              <h3>Agreement between members</h3>
              <p>{alphaSentence(a)}</p>
              <DataTable
                caption={`Krippendorff's alpha of cycle ${cycle.number}, blind and open round`}
                head={['Round', "Krippendorff's alpha", 'Ratings']}
                numeric={[1, 2]}
                rows={alphaRows(a).map((r) => [r.round, r.note ? `${r.alpha} (${r.note})` : r.alpha, r.ratings])}
              />
              <Charts analysis={a} indicators={result.indicators} />
            </>
          ) : null}

          <h3>Validity review</h3>
          <p>{result.summary.sentence}</p>
          <p>{validityReviewAdoption(cycle)}</p>
          <h4>What the platform computed</h4>
          <DataTable
            caption={`Indicators of cycle ${cycle.number}, each with why it has its status and the rule it follows`}
            head={['Indicator', 'Value', 'Why, and the rule', 'Status', 'Reading']}
            rows={result.indicators.map((i) => [
              i.name,
              i.display,
              <VerdictAndRule key="r" indicator={i} />,
              <StatusBadge key="s" status={i.status} />,
              readingOf(i),
            ])}
          />
          <Answers cycle={cycle} indicators={result.indicators} />
          <h4>{JUDGEMENTS_HEADING}</h4>
          <DataTable
            caption={`How the members judged each validity procedure in cycle ${cycle.number}, and what they noted`}
            head={['Procedure', 'Judgements', 'Notes']}
            rows={procedureRows(archive, cycle).map((p) => [p.name, p.judgement, p.note || '—'])}
          />

          <h3>Challenges ({challenges.length})</h3>
          {challenges.length === 0 ? (
            <p>No challenges were raised in this cycle.</p>
          ) : (
            <ul className="challenges">
              {challenges.map((c) => {
                const target = challengeTarget(archive, c)
                return (
                  <li key={c.key}>
                    <p>
                      <strong>{hazardLabel(c)}</strong>, about {target.kind}
                      {target.name ? ` “${target.name}”` : ''}: <span className="record-text">{c.text}</span>
                    </p>
                    <p className="resolution">
                      {resolutionLabel(c)}
                      {c.resolutionText ? (
                        <>
                          : <span className="record-text">{c.resolutionText}</span>
                        </>
                      ) : (
                        '.'
                      )}
                    </p>
                  </li>
                )
              })}
            </ul>
          )}

          <h3>Decisions ({decisions.length})</h3>
          {decisions.length === 0 ? (
            <p>No decisions were taken in this cycle.</p>
          ) : (
            <Decisions decisions={decisions} caption={`Decisions of cycle ${cycle.number} and the stances taken on them`} />
          )}
        </>
      )}
    </Section>
  )
}

/** The findings report: the inquiry, its pseudonymised group, each cycle's findings, consented quotes and what is left out. */
export function FindingsReport({ archive, results }: { archive: Archive; results: ArchiveCycleResult[] }) {
  const { inquiry } = archive
  const byCycle = new Map(results.map((r) => [r.cycle, r]))
  const cycles = [...archive.cycles].sort((a, b) => a.number - b.number)
  const general = archive.decisions.filter((d) => d.cycle === null)
  const quotes = quotesByCycle(archive)
  return (
    <article className="report">
      <header>
        <p className="kicker">{REPORT_KICKER}</p>
        <h1>{inquiry.title}</h1>
        <dl className="facts">
          <dt>Question</dt>
          <dd>{inquiry.question || 'not recorded'}</dd>
          <dt>Exported</dt>
          <dd>{formatDate(archive.exportedAt)}</dd>
          <dt>Status</dt>
          <dd>{inquiryStatus(archive)}</dd>
        </dl>
      </header>

      <nav aria-label="Contents" className="contents">
        <ul>
          <li>
            <a href="#group">The group</a>
          </li>
          {cycles.map((c) => (
            <li key={c.number}>
              <a href={`#cycle-${c.number}`}>Cycle {c.number}</a>
            </li>
          ))}
          {general.length ? (
            <li>
              <a href="#general-decisions">Decisions not tied to a cycle</a>
            </li>
          ) : null}
          <li>
            <a href="#quotes">Quotes</a>
          </li>
          <li>
            <a href="#left-out">What this report leaves out</a>
          </li>
        </ul>
      </nav>

      <Section id="group" title="The group">
        <p>{groupSentence(archive)}</p>
        <ul className="members" aria-label="Member keys">
          {archive.members.map((m) => (
            <li key={m.key}>{memberLabel(m)}</li>
          ))}
        </ul>
        <h3>{NAMED_HEADING}</h3>
        <p>{NAMED_NOTE}</p>
        {inquiry.namedMembers.length ? (
          <ul className="named" aria-label={NAMED_HEADING}>
            {inquiry.namedMembers.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        ) : (
          <p>No member chose to be named.</p>
        )}
      </Section>

      {cycles.map((c) => (
        <Cycle key={c.number} archive={archive} cycle={c} result={c.published ? byCycle.get(c.number) : undefined} />
      ))}

      {general.length ? (
        <Section id="general-decisions" title="Decisions not tied to a cycle">
          <Decisions decisions={general} caption="Decisions not tied to a cycle and the stances taken on them" />
        </Section>
      ) : null}

      <Section id="quotes" title="Quotes" className="quotes">
        <p>
          Records their authors consented to export, attributed to the author’s member key, or to their name where they chose to be named on
          the record.
        </p>
        {quotes.length === 0 ? <p>No records were consented for export.</p> : null}
        {quotes.map(({ cycle, quotes: list }) => (
          <section key={cycle} aria-labelledby={`quotes-${cycle}-heading`}>
            <h3 id={`quotes-${cycle}-heading`}>Cycle {cycle}</h3>
            {list.map((q) => (
              <figure key={q.record.key} className="quote">
                <blockquote>
                  <p className="record-text">{q.record.text}</p>
                </blockquote>
                <figcaption>
                  <p className="quote-author">
                    — {q.author} · {q.meta}
                  </p>
                  <p className="quote-themes">{q.themes.length ? `Themes: ${q.themes.join('; ')}` : 'Not linked to a theme.'}</p>
                </figcaption>
              </figure>
            ))}
          </section>
        ))}
      </Section>

      <Section id="left-out" title="What this report leaves out">
        <ul>
          {leftOutItems(archive).map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </Section>
    </article>
  )
}
