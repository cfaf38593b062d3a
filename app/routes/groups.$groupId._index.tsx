import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Choice, Field, FormError, Select, useFormFailure } from '~/components/form'
import { formatDate, formatDateTime, STATUS_LABELS } from '~/utils/format'
import { GeneralProposalSchema } from '~/features/decisions/decisions.schema'
import { FacilitatorSchema, GroundRulesSchema, NewInvitationSchema, RevokeInvitationSchema } from '~/features/groups/groups.schema'
import { SeatInvitations } from '~/features/groups/components/seat-invitations'
import {
  createInvitation,
  getGroupOverview,
  leaveGroup,
  proposeGeneral,
  proposeGroundRules,
  revokeInvitation,
  setFacilitator,
} from '~/features/groups/groups.server'
import { AnonymousProposalField } from '~/features/decisions/components/anonymity'
import { groupProposalAnonymity, listGroupDecisions, proposingWith } from '~/features/decisions/decisions.server'
import { NamePreferenceSchema } from '~/features/exports/consent.schema'
import { myExportIdentity, setNamePreference } from '~/features/exports/consent.server'
import { withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { listGroupActivity } from '~/features/audit/audit.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.group.name ?? 'Group'} — Co-operative inquiry` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const overview = await getGroupOverview(getDb(), user, groupId)
    const decisions = await listGroupDecisions(getDb(), user, groupId)
    return json({
      ...overview,
      decisions,
      anonymity: await groupProposalAnonymity(getDb(), groupId),
      exportIdentity: await myExportIdentity(getDb(), user, groupId),
      activity: await listGroupActivity(getDb(), user.id, groupId, 30),
    })
  })
}

const IntentSchema = z.object({
  intent: z.enum(['invite', 'revoke', 'leave', 'withdraw', 'facilitator', 'ground-rules', 'propose', 'export-name'], {
    message: 'Unknown action.',
  }),
})

const WithdrawSchema = z.object({ confirm: z.string({ message: 'Type “withdraw” to confirm.' }).max(100) })

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
          return redirect(`/groups/${groupId}`)
        })
      }
      case 'leave':
        return onceConfirmed(form, async () => {
          await leaveGroup(db, user, groupId)
          return redirect('/groups')
        })
      case 'withdraw':
        await withdrawFromGroup(db, user, groupId, parseWith(WithdrawSchema, form.values))
        return redirect('/groups')
      case 'facilitator': {
        const { personId } = parseWith(FacilitatorSchema, form.values)
        await setFacilitator(db, user, groupId, personId || null)
        return redirect(`/groups/${groupId}`)
      }
      case 'ground-rules': {
        const { groundRules } = parseWith(GroundRulesSchema, form.values)
        const id = await proposingWith(form.values, () => proposeGroundRules(db, user, groupId, groundRules))
        return redirect(`/decisions/${id}`)
      }
      case 'export-name':
        await setNamePreference(db, user, groupId, parseWith(NamePreferenceSchema, form.values))
        return redirect(`/groups/${groupId}#exports-heading`)
      case 'propose': {
        const proposal = parseWith(GeneralProposalSchema, form.values)
        const id = await proposingWith(form.values, () => proposeGeneral(db, user, groupId, proposal))
        return redirect(`/decisions/${id}`)
      }
    }
  })
}

export default function GroupPage() {
  const data = useLoaderData<typeof loader>()
  const { group, me, members, invitations, inquiries, decisions, isFull, exportIdentity, activity } = data
  const { errors, values, formError } = useFormFailure()
  const invite = useActionData() as { inviteLink?: string; expiresAt?: string } | undefined
  const facilitator = members.find((m) => m.isFacilitator)
  const askLeave: AskFor = () => ({
    title: `Leave ${group.name}?`,
    message:
      `You stop being a member and no longer see the group’s pages, records and decisions${me.isFacilitator ? ', and you lay down the facilitator role' : ''}. ` +
      'What you recorded, proposed and said stays with the group, under your name.',
    verb: 'leave the group',
    undo:
      group.kind === 'pair'
        ? 'To come back, you need a new invitation link from the other person.'
        : 'To come back, you need a new invitation link from a member.',
  })
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
  const confirming = useConfirmationPage({ leave: askLeave, revoke: askRevoke }, `/groups/${group.id}`)
  if (confirming) return confirming
  return (
    <article>
      <p className="muted">{group.kind === 'pair' ? 'Client–practitioner pair' : 'Inquiry group'}</p>
      <h1>{group.name}</h1>
      <FormError message={formError} />

      {group.kind === 'pair' ? (
        <p className="card">
          <Link className="button" to={`/groups/${group.id}/pair`}>
            Principles, consent and peer reviews
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="inquiries-heading">
        <h2 id="inquiries-heading">Inquiries</h2>
        {inquiries.length === 0 ? (
          <p>No inquiry yet.</p>
        ) : (
          <ul>
            {inquiries.map((i) => (
              <li key={i.id}>
                <Link to={`/inquiries/${i.id}`}>{i.title}</Link>{' '}
                <span className="muted">
                  ({STATUS_LABELS[i.status]}, started {formatDate(i.createdAt)})
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link className="button" to={`/groups/${group.id}/inquiries/new`}>
            Start an inquiry
          </Link>
        </p>
      </section>

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
        {group.kind === 'inquiry_group' ? (
          <div className="card">
            <h3>Facilitator</h3>
            <p className="muted">
              The facilitator helps the group start and keeps the cycle moving; the role is meant to shrink as the group grows autonomous.
              It gives no extra access.
            </p>
            {me.isFacilitator ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="facilitator" />
                <Select
                  name="personId"
                  label="Hand the role on to"
                  includeEmpty="No one (lay the role down)"
                  options={members.filter((m) => m.personId !== me.personId).map((m) => ({ value: m.personId, label: m.displayName }))}
                  error={errors.personId}
                />
                <button type="submit" className="secondary">
                  Hand on
                </button>
              </Form>
            ) : facilitator ? (
              <p>{facilitator.displayName} facilitates.</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="facilitator" />
                <input type="hidden" name="personId" value={me.personId} />
                <p>No one facilitates at the moment.</p>
                <button type="submit" className="secondary">
                  Take on the facilitator role
                </button>
              </Form>
            )}
          </div>
        ) : null}
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

      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Ground rules</h2>
        {group.groundRules ? <p className="record-text card">{group.groundRules}</p> : <p>The group has not adopted ground rules yet.</p>}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="ground-rules" />
          <Field
            name="groundRules"
            label={group.groundRules ? 'Propose revised ground rules' : 'Propose ground rules'}
            hint="They take effect when the group adopts them by a decision."
            multiline
            defaultValue={values.groundRules ?? group.groundRules ?? ''}
            error={errors.groundRules}
          />
          {group.kind === 'pair' ? null : (
            <AnonymousProposalField
              idPrefix="ground-rules"
              anonymity={data.anonymity}
              error={values.intent === 'ground-rules' ? errors.anonymousStances : undefined}
              defaultChecked={values.intent === 'ground-rules' && values.anonymousStances === 'on'}
            />
          )}
          <button type="submit" className="secondary">
            Propose to the group
          </button>
        </Form>
      </section>

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Decisions</h2>
        {decisions.length === 0 ? (
          <p>No decisions yet.</p>
        ) : (
          <table>
            <caption className="muted">All of this group's decisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Decision</th>
                <th scope="col">Proposed by</th>
                <th scope="col">Status</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                  </td>
                  <td>{d.proposedByName}</td>
                  <td>{STATUS_LABELS[d.status]}</td>
                  <td>{formatDate(d.closedAt ?? d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <details>
          <summary>Propose something else to the group</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="propose" />
            <Field name="title" label="Proposal" error={errors.title} defaultValue={values.title} maxLength={200} />
            <Field name="body" label="Details (optional)" multiline error={errors.body} defaultValue={values.body} />
            {group.kind === 'pair' ? null : (
              <AnonymousProposalField
                idPrefix="propose"
                anonymity={data.anonymity}
                error={values.intent === 'propose' ? errors.anonymousStances : undefined}
                defaultChecked={values.intent === 'propose' && values.anonymousStances === 'on'}
              />
            )}
            <button type="submit" className="secondary">
              Propose
            </button>
          </Form>
        </details>
      </section>

      <section aria-labelledby="exports-heading">
        <h2 id="exports-heading">In exports</h2>
        <p>
          When the group exports its findings, your words appear only from records you have allowed to be quoted. Your name appears only if
          you allow it; otherwise you are <strong>{exportIdentity.pseudonym}</strong>, for the whole life of the group.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="export-name" />
          <Choice
            name="exportName"
            legend="How exports show you"
            defaultValue={values.intent === 'export-name' ? values.exportName : exportIdentity.showsName ? 'name' : 'pseudonym'}
            error={values.intent === 'export-name' ? errors.exportName : undefined}
            options={[
              { value: 'pseudonym', label: `As ${exportIdentity.pseudonym}`, hint: 'the default' },
              { value: 'name', label: 'By my name' },
            ]}
          />
          <button type="submit" className="secondary">
            Save
          </button>
        </Form>
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

      <section aria-labelledby="leave-heading">
        <h2 id="leave-heading">Leave</h2>
        <p>You can leave at any time. Your records stay with the group.</p>
        <ConfirmAction intent="leave" label="Leave this group" buttonClassName="danger" ask={askLeave} />
        <h3>Withdraw from the research</h3>
        <p>
          Withdrawing is your right as a participant. You leave the group, and everything you recorded, rated, said in decisions, checked in
          with and challenged in its inquiries is deleted: it leaves the group’s pages, its analysis and every later export. The group sees
          only that someone withdrew, and when.
        </p>
        <p>What stays, because the group took it up as its own, and how it then reads:</p>
        <ul>
          <li>
            themes you proposed, their names and descriptions, and the links you made between themes and records: “proposed by a former
            member”;
          </li>
          <li>decisions you proposed, their titles and bodies (your own stance on them is deleted): “proposed by a former member”;</li>
          <li>validity judgements you last set and your answers to others’ challenges: “by a former member”;</li>
          <li>
            stances you took on anonymous proposals: no one, not even the platform, can tell which were yours, so they stay in the tally.
          </li>
        </ul>
        <p>
          Wherever you or others wrote your name or email in the group’s texts, it will read “a former member”. Others’ pseudonyms in
          exports do not change.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="withdraw" />
          <Field
            name="confirm"
            idPrefix="withdraw"
            label="Type “withdraw” to confirm"
            error={values.intent === 'withdraw' ? errors.confirm : undefined}
            defaultValue={values.intent === 'withdraw' ? values.confirm : undefined}
            maxLength={100}
          />
          <button type="submit" className="danger">
            Withdraw and delete my contributions
          </button>
        </Form>
      </section>
    </article>
  )
}
