import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Field, FormError, useFormFailure } from '~/components/form'
import { formatDate, formatDateTime } from '~/utils/format'
import { NewInvitationSchema, RevokeInvitationSchema } from '~/features/groups/groups.schema'
import { GroupHeader, groupPagePath } from '~/features/groups/components/group-nav'
import { SeatInvitations } from '~/features/groups/components/seat-invitations'
import { createInvitation, getGroupOverview, revokeInvitation } from '~/features/groups/groups.server'
import { listGroupActivity } from '~/features/audit/audit.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

// A group's members and invitations: who is in it, links to invite someone (into a seat of an
// imported inquiry, too), revoking a link, and the group's activity.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Members and invitations — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group, me, members, invitations, isFull, seats } = await getGroupOverview(getDb(), user, groupId)
    return json({ group, me, members, invitations, isFull, seats, activity: await listGroupActivity(getDb(), user.id, groupId, 30) })
  })
}

const IntentSchema = z.object({ intent: z.enum(['invite', 'revoke'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const db = getDb()
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'invite': {
        const { token, expiresAt } = await createInvitation(db, user, groupId, parseWith(NewInvitationSchema, form.values))
        const origin = getEnv().APP_ORIGIN ?? new URL(request.url).origin
        return json({ inviteLink: `${origin}/join/${token}`, expiresAt })
      }
      case 'revoke': {
        const { invitationId } = parseWith(RevokeInvitationSchema, form.values)
        return onceConfirmed(form, async () => {
          await revokeInvitation(db, user, groupId, invitationId)
          return redirect(groupPagePath(groupId, 'members'))
        })
      }
    }
  })
}

export default function GroupMembers() {
  const data = useLoaderData<typeof loader>()
  const { group, me, members, invitations, isFull, activity } = data
  const { errors, values, formError } = useFormFailure()
  const invite = useActionData() as { inviteLink?: string; expiresAt?: string } | undefined
  const askRevoke: AskFor = ({ invitationId }) => {
    const invitation = invitations.find((inv) => inv.id === invitationId)
    return invitation
      ? {
          title: 'Revoke this invitation?',
          message: `The link ${invitation.createdByName} made on ${formatDate(invitation.createdAt)} stops working at once: whoever holds it can no longer join with it.`,
          verb: 'revoke it',
          undo: isFull ? undefined : 'You can create a new invitation link at any time.',
        }
      : undefined
  }
  const confirming = useConfirmationPage({ revoke: askRevoke }, groupPagePath(group.id, 'members'))
  if (confirming) return confirming
  return (
    <article>
      <GroupHeader group={group} current="members" title="Members and invitations" />
      <FormError message={formError} />

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members ({members.length})</h2>
        <ul>
          {members.map((m) => (
            <li key={m.personId}>
              {m.displayName}
              {m.personId === me.personId ? ' (you)' : ''}
              {m.pairRole ? ` — ${m.pairRole}` : ''}
              {m.isFacilitator ? ' — facilitator' : ''}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite</h2>
        {invite?.inviteLink ? (
          <div className="notice" role="status">
            <p>Send this link to the person you are inviting. It is shown only once and works until {formatDate(invite.expiresAt)}.</p>
            <p className="invite-link" data-testid="invite-link">
              {invite.inviteLink}
            </p>
          </div>
        ) : null}
        <SeatInvitations seats={data.seats} />
        {isFull ? (
          <p>{group.kind === 'pair' ? 'This pair is complete: a client and a practitioner.' : 'This group is full.'}</p>
        ) : (
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="invite" />
            <Field
              name="expiresInDays"
              type="number"
              label="Link valid for (days)"
              defaultValue={values.expiresInDays ?? '7'}
              min={1}
              max={30}
              error={errors.expiresInDays}
            />
            <Field
              name="sendTo"
              type="email"
              label="Mail the link to (optional)"
              hint="We mail the link and keep a record that we did; the address is used for nothing else. Leave it empty to pass the link on yourself."
              defaultValue={values.sendTo ?? ''}
              error={errors.sendTo}
              autoComplete="off"
            />
            <button type="submit">Create invitation link</button>
          </Form>
        )}
        {invitations.length > 0 ? (
          <>
            <h3>Open invitations</h3>
            <ul>
              {invitations.map((inv) => (
                <li key={inv.id}>
                  Made by {inv.createdByName} on {formatDate(inv.createdAt)}, valid until {formatDate(inv.expiresAt)}
                  {inv.pairRole ? ` (for the ${inv.pairRole})` : ''}{' '}
                  <ConfirmAction
                    intent="revoke"
                    fields={{ invitationId: inv.id }}
                    label="Revoke"
                    formClassName="inline-form"
                    buttonClassName="link-button"
                    ask={askRevoke}
                  />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">Group activity</h2>
        <p className="muted">
          Who joined, left or withdrew, role changes, reveals, publication and exports: what happened and when, never what anyone wrote.
        </p>
        {activity.length === 0 ? (
          <p>Nothing yet.</p>
        ) : (
          <ul className="activity">
            {activity.map((a, i) => (
              <li key={`${a.at}-${i}`}>
                <span className="muted">{formatDateTime(a.at)}</span> — {a.text}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  )
}
