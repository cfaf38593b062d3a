import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getNewsletterIssue } from '~/features/network/gatherings.server'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { notFoundResponse, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Newsletter ${data?.issue.number ?? ''} — The network — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const number = Number(params.number)
  if (!Number.isInteger(number) || number < 1) throw notFoundResponse()
  return runLoader(async () => json(await getNewsletterIssue(getDb(), user, number)))
}

export default function NewsletterIssue() {
  const { issue, contributions } = useLoaderData<typeof loader>()
  return (
    <article>
      <p className="muted">
        <Link to="/network">The network</Link>
      </p>
      <h1>
        Newsletter, issue {issue.number}: {issue.title}
      </h1>
      <p className="muted">Published {formatDate(issue.publishedAt)}.</p>
      {contributions.map((c) => (
        <section key={c.id} aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>{c.title}</h2>
          <p className="muted">
            By <Link to={`/network/people/${c.personId}`}>{c.author}</Link>
          </p>
          <p className="record-text">{c.body}</p>
        </section>
      ))}
    </article>
  )
}
