import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getLinkAuditsPage } from '~/features/peer-audit/link-audits.server'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// What a link group reads of the other group's peer review audit (issue 18, item 5): only the
// records each writer shared with their audit group and consented to the link groups reading, and
// only while the link is active. For the members of the two groups; anyone else is not found.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.theirs.name}’s audit records — Co-operative inquiry` : 'Audit records — Co-operative inquiry' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const linkId = requireParam(params, 'linkId')
  return runLoader(async () => json(await getLinkAuditsPage(getDb(), user, linkId), { headers: { 'Cache-Control': 'private, no-store' } }))
}

export default function LinkAudits() {
  const data = useLoaderData<typeof loader>()
  const active = data.link.status === 'active'
  return (
    <article>
      <p className="muted">
        <Link to={`/network/links/${data.link.id}`}>
          Link between {data.ours.name} and {data.theirs.name}
        </Link>
      </p>
      <h1>{data.theirs.name}’s peer review audit records</h1>
      <p className="hint">
        Each record here was shared by its writer with their audit group, and they consent to your group reading it, as evidence for their
        standing by. A writer may withdraw that consent at any time, and the record is gone from here at once. Peer assessments made inside
        their group are not shown.
      </p>
      {!active ? (
        <p>This link is {data.link.status}: audit records are read across an active link only.</p>
      ) : data.assessments.length === 0 ? (
        <p>No member of {data.theirs.name} has shared an audit record with its link groups.</p>
      ) : (
        data.assessments.map((r) => (
          <section key={r.id} aria-labelledby={`record-${r.id}`} className="card">
            <h2 id={`record-${r.id}`}>
              {r.writerName}, {formatDate(r.practisedOn)}: {r.occasion}
            </h2>
            <p className="muted">Against version {r.frameworkVersion} of their framework.</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Self-assessed level</th>
                </tr>
              </thead>
              <tbody>
                {r.levels.map((l) => (
                  <tr key={l.criterionKey}>
                    <th scope="row">
                      {l.componentName ? <span className="muted">{l.componentName}: </span> : null}
                      {l.text}
                      {l.note ? <p className="record-text">{l.note}</p> : null}
                    </th>
                    <td>
                      {l.level} ({l.label})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {r.reflection ? <p className="record-text">{r.reflection}</p> : null}
          </section>
        ))
      )}
    </article>
  )
}
