import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Co-operative inquiry — research with each other' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return json({ signedIn: Boolean(user) })
}

export default function Index() {
  const { signedIn } = useLoaderData<typeof loader>()
  return (
    <article>
      <h1>Research with each other, not on each other</h1>
      <p className="lede">
        A place for practitioner groups to run a co-operative inquiry into their own practice: reflecting and planning together as
        co-researchers, acting and recording experience as co-subjects, and guarding the validity of what they find.
      </p>
      <div className="grid-2">
        <section className="card" aria-labelledby="cycle-heading">
          <h2 id="cycle-heading">The cycle</h2>
          <ol>
            <li>
              <strong>Reflection – planning</strong>: agree a focus and how each of you will act and record.
            </li>
            <li>
              <strong>Action – experience</strong>: act in your own practice and record what happens.
            </li>
            <li>
              <strong>Action – immersion</strong> (optional): go deeper, open to what the plan did not foresee.
            </li>
            <li>
              <strong>Reflection – sense-making</strong>: reassemble, share, name themes, review validity.
            </li>
          </ol>
          <p>Moving on is always a decision of the group.</p>
        </section>
        <section className="card" aria-labelledby="trust-heading">
          <h2 id="trust-heading">Confidential by design</h2>
          <ul>
            <li>Only members see a group's content; private records only their author.</li>
            <li>A group's existence is not revealed to anyone outside it.</li>
            <li>Nothing leaves without the author's explicit, specific permission.</li>
          </ul>
        </section>
      </div>
      <p className="actions">
        {signedIn ? (
          <Link className="button" to="/groups">
            Go to my groups
          </Link>
        ) : (
          <>
            <Link className="button" to="/signup">
              Create an account
            </Link>
            <Link className="button secondary" to="/login">
              Log in
            </Link>
          </>
        )}
      </p>
    </article>
  )
}
