import { redirect, json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Field, FormError, useFormFailure } from '~/components/form'
import { GroupHeader, groupPagePath } from '~/features/groups/components/group-nav'
import { getGroupOverview, leaveGroup } from '~/features/groups/groups.server'
import { withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

// Leaving a group, or withdrawing from the research: what each does, and the confirmation
// each asks for (leaving asks first; withdrawing is confirmed by typing "withdraw").

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Leave or withdraw — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group, me } = await getGroupOverview(getDb(), user, groupId)
    return json({ group, me })
  })
}

const IntentSchema = z.object({ intent: z.enum(['leave', 'withdraw'], { message: 'Unknown action.' }) })

const WithdrawSchema = z.object({ confirm: z.string({ message: 'Type “withdraw” to confirm.' }).max(100) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  const db = getDb()
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    switch (intent) {
      case 'leave':
        return onceConfirmed(form, async () => {
          await leaveGroup(db, user, groupId)
          return redirect('/groups')
        })
      case 'withdraw':
        await withdrawFromGroup(db, user, groupId, parseWith(WithdrawSchema, form.values))
        return redirect('/groups')
    }
  })
}

export default function GroupLeave() {
  const { group, me } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
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
  const confirming = useConfirmationPage({ leave: askLeave }, groupPagePath(group.id, 'leave'))
  if (confirming) return confirming
  return (
    <article>
      <GroupHeader group={group} current="leave" title="Leave or withdraw" />
      <FormError message={formError} />

      <section aria-labelledby="leave-heading">
        <h2 id="leave-heading">Leave</h2>
        <p>
          You can leave at any time. You stop being a member and no longer see the group’s pages
          {me.isFacilitator ? ', and you lay down the facilitator role' : ''}. Your records stay with the group, under your name.
        </p>
        <ConfirmAction intent="leave" label="Leave this group" buttonClassName="danger" ask={askLeave} />
      </section>

      <section aria-labelledby="withdraw-heading">
        <h2 id="withdraw-heading">Withdraw from the research</h2>
        <p>
          Withdrawing is your right as a participant. You leave the group, and everything you recorded, rated, said in decisions, checked in
          with, judged in validity reviews and challenged in its inquiries is deleted: it leaves the group’s pages, its analysis and every
          later export. The group sees only that someone withdrew, and when.
        </p>
        <p>What stays, because the group took it up as its own, and how it then reads:</p>
        <ul>
          <li>
            themes you proposed, their names and descriptions, and the links you made between themes and records: “proposed by a former
            member”;
          </li>
          <li>decisions you proposed, their titles and bodies (your own stance on them is deleted): “proposed by a former member”;</li>
          <li>your answers to others’ challenges: “by a former member”;</li>
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
