import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getNetworkGroupPage } from '~/features/network/network.server'
import { FEDERAL_STANCE_LABELS } from '~/features/network/core/federal-rule'
import { STANDING_LABELS } from '~/features/network/core/standing'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// One group as the network sees it (issue 18): only what the group decided to publish.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.publication.name ?? 'Group'} — The network — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => json(await getNetworkGroupPage(getDb(), user, groupId)))
}

export default function NetworkGroup() {
  const { publication: p, standingLabel, standingMeaning, isMember, nameOf, idOf, proposalTitles, groupId } = useLoaderData<typeof loader>()
  const groupLink = (uri: string) => (idOf[uri] ? <Link to={`/network/groups/${idOf[uri]}`}>{nameOf[uri]}</Link> : 'another group')
  return (
    <article>
      <p className="muted">
        <Link to="/network">The network</Link>
      </p>
      <h1>{p.name}</h1>
      <p>
        <strong>{standingLabel}.</strong> {standingMeaning}
      </p>
      {p.description ? <p>{p.description}</p> : null}
      {p.memberCount !== null ? <p>{p.memberCount} members.</p> : null}
      {p.route ? <p>Route to standing by: {p.route}</p> : null}
      {isMember ? (
        <p>
          <Link to={`/groups/${groupId}/network`}>Your group’s own page of the network</Link>
        </p>
      ) : null}
      <p className="muted">
        Network identifier: <code>{p.uri}</code> · <a href={`/network/groups/${groupId}/publication.json`}>as data</a>
      </p>

      <section aria-labelledby="statement-heading">
        <h2 id="statement-heading">Statement of ethical stance</h2>
        {p.statements.length === 0 ? (
          <p>Not published yet.</p>
        ) : (
          p.statements.map((s, i) => (
            <div key={s.uri} className={i === 0 ? 'card' : undefined}>
              <h3>
                Version {s.version} <span className="muted">(published {formatDate(s.publishedAt)})</span>
                {i === 0 ? ' — current' : ''}
              </h3>
              <p className="record-text">{s.text}</p>
            </div>
          ))
        )}
      </section>

      <section aria-labelledby="links-heading">
        <h2 id="links-heading">Links and validations</h2>
        {p.links.length === 0 ? (
          <p>No links yet.</p>
        ) : (
          <ul>
            {p.links.map((l) => {
              const other = l.askingGroup === p.uri ? l.answeringGroup : l.askingGroup
              return (
                <li key={l.uri}>
                  With {groupLink(other)}: {l.status === 'active' ? `linked since ${formatDate(l.answeredAt)}` : l.status}
                  {l.endedAt ? ` (ended ${formatDate(l.endedAt)}${l.reason ? `: ${l.reason}` : ''})` : ''}
                  <ul>
                    {p.validations
                      .filter((v) => v.link === l.uri)
                      .map((v) => (
                        <li key={v.uri}>
                          {formatDate(v.decidedAt)}: {groupLink(v.byGroup)}{' '}
                          {v.verdict === 'validated' ? 'validated' : 'withheld validation of'} the standing-by process of{' '}
                          {groupLink(v.ofGroup)}
                          {v.reasons ? <>: “{v.reasons}”</> : '.'}
                        </li>
                      ))}
                  </ul>
                </li>
              )
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="stances-heading">
        <h2 id="stances-heading">Stances on federal proposals</h2>
        {p.federalStances.length === 0 ? (
          <p>None cast.</p>
        ) : (
          <ul>
            {p.federalStances.map((s) => (
              <li key={`${s.proposal}-${s.castAt}`}>
                {formatDate(s.castAt)}: {FEDERAL_STANCE_LABELS[s.stance]} on <ProposalLink proposal={proposalTitles[s.proposal]} />
                {s.reason ? <>: “{s.reason}”</> : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History of its standing</h2>
        <ol>
          {p.history.map((h, i) => (
            <li key={i}>
              {formatDate(h.at)}: <strong>{STANDING_LABELS[h.standing]}</strong>. {h.note}
            </li>
          ))}
        </ol>
      </section>
    </article>
  )
}

function ProposalLink({ proposal }: { proposal: { id: string; title: string } | undefined }) {
  return proposal ? <Link to={`/network/federal/${proposal.id}`}>{proposal.title}</Link> : <>a proposal</>
}
