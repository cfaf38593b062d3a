import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Choice, Field, FormError, useFormFailure } from '~/components/form'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { FederalProposalSection, LinksSection, ProposeForm } from '~/features/network/components/group-network-sections'
import { getGroupNetworkPage } from '~/features/network/group-network.server'
import { chooseAccreditation } from '~/features/network/network.server'
import {
  AnswerLinkSchema,
  AskLinkSchema,
  EndLinkSchema,
  EnterNetworkSchema,
  FederalProposalFormSchema,
  FederalStanceSchema,
  LayDownSchema,
  ProfileSchema,
  StatementSchema,
  StoodBySchema,
  ValidationSchema,
} from '~/features/network/network.schema'
import * as proposals from '~/features/network/proposals.server'
import { getDb } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The group's own page of the network (issue 18), for its members only. Every move here is a
// proposal to the group, decided by its own rule: the network sees nothing until it passes.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `In the network — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => json(await getGroupNetworkPage(getDb(), user, groupId)))
}

const INTENTS = [
  'enter',
  'stood-by',
  'statement',
  'profile',
  'ask-link',
  'answer-link',
  'end-link',
  'validate',
  'federal-stance',
  'federal-proposal',
  'lay-down',
  'accreditation',
] as const
const IntentSchema = z.object({ intent: z.enum(INTENTS, { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    const db = getDb()
    const v = form.values
    const proposed = (id: string) => redirect(`/decisions/${id}`)
    switch (intent) {
      case 'enter':
        return proposed(await proposals.proposeEnterNetwork(db, user, groupId, parseWith(EnterNetworkSchema, v).route))
      case 'stood-by':
        return proposed(await proposals.proposeStoodBy(db, user, groupId, parseWith(StoodBySchema, v).account))
      case 'statement':
        return proposed(await proposals.proposeStatement(db, user, groupId, parseWith(StatementSchema, v).statement))
      case 'profile':
        return proposed(await proposals.proposeProfile(db, user, groupId, parseWith(ProfileSchema, v)))
      case 'ask-link':
        return proposed(await proposals.proposeAskLink(db, user, groupId, parseWith(AskLinkSchema, v)))
      case 'answer-link':
        return proposed(await proposals.proposeAnswerLink(db, user, groupId, parseWith(AnswerLinkSchema, v)))
      case 'end-link':
        return proposed(await proposals.proposeEndLink(db, user, groupId, parseWith(EndLinkSchema, v)))
      case 'validate':
        return proposed(await proposals.proposeValidation(db, user, groupId, parseWith(ValidationSchema, v)))
      case 'federal-stance':
        return proposed(await proposals.proposeFederalStance(db, user, groupId, parseWith(FederalStanceSchema, v)))
      case 'federal-proposal':
        return proposed(await proposals.proposeFederal(db, user, groupId, parseWith(FederalProposalFormSchema, v)))
      case 'lay-down':
        return proposed(await proposals.proposeLayDown(db, user, groupId, parseWith(LayDownSchema, v).reason))
      case 'accreditation':
        await chooseAccreditation(db, user, groupId, v.accredited === 'on')
        return json({ saved: true })
    }
  })
}

export default function GroupNetwork() {
  const data = useLoaderData<typeof loader>()
  const { group, network } = data
  const { errors, values, formError } = useFormFailure()
  const failed = (intent: string, key = '') =>
    values.intent === intent && (values.linkId ?? values.proposalId ?? '') === key ? errors : {}
  return (
    <article>
      <GroupHeader group={group} current="network" title="In the network" />
      <FormError message={formError} />
      <p>
        <Link to="/network">The network directory</Link>
        {network ? (
          <>
            {' · '}
            <Link to={`/network/groups/${group.id}`}>What the network sees of this group</Link>
          </>
        ) : null}
      </p>
      {network ? (
        <p>
          Download the group's network record:{' '}
          <a href={`/groups/${group.id}/network/record?format=md`} download>
            Markdown
          </a>
          {' · '}
          <a href={`/groups/${group.id}/network/record?format=html`} download>
            HTML
          </a>
        </p>
      ) : null}

      {data.openDecisions.length > 0 ? (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">Open proposals about the network</h2>
          <ul>
            {data.openDecisions.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`}>{d.title}</Link> <span className="muted">(proposed {formatDate(d.createdAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="standing-heading">
        <h2 id="standing-heading">Where the group stands</h2>
        {network ? (
          <>
            <p>
              <strong>{network.standingLabel}.</strong> {network.standingMeaning}
            </p>
            {network.route ? <p className="record-text card">Route to standing by: {network.route}</p> : null}
          </>
        ) : (
          <p>
            The group is not in the network. Entering it makes the group’s name and standing visible to the network’s participants, and
            nothing else.
          </p>
        )}
      </section>

      {group.kind !== 'inquiry_group' ? null : !network || network.stage === 'laid_down' ? (
        <ProposeForm intent="enter" title="Enter the network as a forming group" button="Propose to the group">
          <Field
            name="route"
            idPrefix="enter"
            label="How the group means to come to stand by each other"
            hint="For example, self and peer assessment over several meetings. The network sees this."
            multiline
            defaultValue={values.intent === 'enter' ? values.route : ''}
            error={failed('enter').route}
          />
        </ProposeForm>
      ) : null}

      {network?.stage === 'forming' ? (
        <ProposeForm intent="stood-by" title="We stand by each other" button="Propose to the group (by consensus)">
          <p className="hint">This decision is made by consensus: every member takes a stance, and one block stops it.</p>
          <Field
            name="account"
            idPrefix="stood-by"
            label="How the group came to stand by each other"
            multiline
            defaultValue={values.intent === 'stood-by' ? values.account : network.route}
            error={failed('stood-by').account}
          />
        </ProposeForm>
      ) : null}

      {network && (network.stage === 'standing_by' || network.stage === 'member') ? (
        <section aria-labelledby="statement-heading">
          <h2 id="statement-heading">Statement of ethical stance</h2>
          {data.statement ? (
            <>
              <p className="muted">
                Version {data.statement.version}, published {formatDate(data.statement.publishedAt)}.
              </p>
              <p className="record-text card">{data.statement.text}</p>
            </>
          ) : (
            <p>The group has not published its statement yet: it is a member group once it does.</p>
          )}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="statement" />
            <Field
              name="statement"
              idPrefix="statement"
              label={data.statement ? 'Propose a revised statement' : 'Propose the statement'}
              hint="How the group defines its civic accountability: its ethical stance toward clients. Published to the network when the group decides it."
              multiline
              defaultValue={values.intent === 'statement' ? values.statement : (data.statement?.text ?? '')}
              error={failed('statement').statement}
            />
            <button type="submit" className="secondary">
              Propose to the group
            </button>
          </Form>
        </section>
      ) : null}

      {network?.stage === 'member' ? <LinksSection data={data} failed={failed} values={values} /> : null}

      {network?.stage === 'member' && data.proposals.length > 0 ? (
        <section aria-labelledby="federal-heading">
          <h2 id="federal-heading">Federal proposals awaiting the group’s stance</h2>
          <p className="hint">The group decides its stance inside itself; only the stance and its reason go to the network.</p>
          {data.proposals.map((p) => (
            <Form method="post" noValidate key={p.id} className="card">
              <h3>
                <Link to={`/network/federal/${p.id}`}>{p.title}</Link>
              </h3>
              <p className="muted">
                Put by {p.proposedBy}. {p.ourStance ? `The group’s stance now: ${p.ourStance}.` : 'The group has cast no stance yet.'}
              </p>
              <input type="hidden" name="intent" value="federal-stance" />
              <input type="hidden" name="proposalId" value={p.id} />
              <Choice
                name="stance"
                idPrefix={`stance-${p.id}`}
                legend="Propose the group’s stance"
                options={[
                  { value: 'agree', label: 'Agree' },
                  { value: 'stand_aside', label: 'Stand aside' },
                  { value: 'block', label: 'Block', hint: 'holds it open for dialogue' },
                ]}
                error={failed('federal-stance', p.id).stance}
              />
              <Field
                name="reason"
                idPrefix={`stance-${p.id}`}
                label="The reason the network reads"
                multiline
                rows={3}
                error={failed('federal-stance', p.id).reason}
              />
              <button type="submit" className="secondary">
                Propose to the group
              </button>
            </Form>
          ))}
        </section>
      ) : null}

      {network?.stage === 'member' ? <FederalProposalSection data={data} failed={failed} values={values} /> : null}

      {network && network.stage !== 'laid_down' ? (
        <ProposeForm intent="profile" title="What the directory shows of the group" button="Propose to the group">
          <Field
            name="description"
            idPrefix="profile"
            label="A description for the directory (optional)"
            multiline
            rows={3}
            defaultValue={values.intent === 'profile' ? values.description : network.profile.description}
            error={failed('profile').description}
          />
          <div className="field choice">
            <input type="checkbox" id="profile-showMemberCount" name="showMemberCount" defaultChecked={network.profile.showMemberCount} />
            <label htmlFor="profile-showMemberCount">Show how many members the group has</label>
          </div>
        </ProposeForm>
      ) : null}

      {network?.standing === 'full_member' || data.accredited ? (
        <section aria-labelledby="accredited-heading">
          <h2 id="accredited-heading">Your profile</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="accreditation" />
            <div className="field choice">
              <input type="checkbox" id="accredited" name="accredited" defaultChecked={data.accredited} />
              <label htmlFor="accredited">Describe me on my network profile as accredited through this group’s network process</label>
            </div>
            {errors.accredited ? <p className="field-error">{errors.accredited}</p> : null}
            <button type="submit" className="secondary">
              Save my choice
            </button>
          </Form>
        </section>
      ) : null}

      {network && network.stage !== 'laid_down' ? (
        <ProposeForm intent="lay-down" title="Lay the group down" button="Propose to the group">
          <p className="hint">The group leaves the network: its links end, and its history stays as published.</p>
          <Field name="reason" idPrefix="lay-down" label="Why" multiline rows={3} error={failed('lay-down').reason} />
        </ProposeForm>
      ) : null}
    </article>
  )
}
