import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { MAIL_KIND_LABELS, UnsubscribeSchema } from '~/features/mail/mail.schema'
import { unsubscribe } from '~/features/mail/preferences.server'
import { getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import { runAction } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Stop these mails — Co-operative inquiry' }]

const NOT_OURS = 'This link does not work: it is not one we sent. Choose your mails on your account page instead.'

function linkOf(request: Request) {
  return UnsubscribeSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
}

export async function loader({ request }: LoaderFunctionArgs) {
  const link = linkOf(request)
  return { kind: link.success ? link.data.k : null, query: new URL(request.url).search }
}

/**
 * The one-click unsubscribe (RFC 8058): a mail program POSTs "List-Unsubscribe=One-Click" to
 * the link in the mail's List-Unsubscribe header; the page's own button posts the same. No
 * login: the link's token is the authority, and it can only turn that one kind of mail off.
 */
export async function action({ request }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const link = linkOf(request)
    if (!link.success || !(await unsubscribe(getDb(), link.data.p, link.data.k, link.data.t)))
      throw new DomainError('bad_request', NOT_OURS)
    return json({ done: true as const })
  })
}

export default function Unsubscribe() {
  const { kind, query } = useLoaderData<typeof loader>()
  const result = useActionData<{ done?: true; formError?: string }>()
  const label = kind ? MAIL_KIND_LABELS[kind] : null
  return (
    <section>
      <h1>Stop these mails</h1>
      {result?.done ? (
        <p role="status">Done: you will get no more mails of this kind. You can choose your mails again on your account page.</p>
      ) : result || !label ? (
        <p role="alert">{result?.formError ?? NOT_OURS}</p>
      ) : (
        <Form method="post" action={`/mail/unsubscribe${query}`}>
          <p>Stop the mails sent when: {label.charAt(0).toLowerCase() + label.slice(1)}?</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">Stop these mails</button>
        </Form>
      )}
      <p>
        <Link to="/account">Your account</Link>
      </p>
    </section>
  )
}
