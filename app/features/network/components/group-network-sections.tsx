import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Choice, Field, Select } from '~/components/form'

// The longer sections of a group's own page of the network (app/routes/groups.$groupId.network.tsx):
// its links, and putting a proposal to the network. Every form posts to that page's action.

/** What these sections read of the page's data (group-network.server.ts getGroupNetworkPage). */
type Data = {
  linksNeeded: number
  validating: number
  requests: readonly { id: string; from: string }[]
  links: readonly {
    id: string
    otherName: string
    status: string
    theirJudgement: string | null
    ourJudgement: string | null
  }[]
  candidates: readonly { id: string; name: string }[]
  members: readonly { personId: string; displayName: string }[]
  offices: readonly { id: string; office: string; displayName: string }[]
}

export function ProposeForm({ intent, title, button, children }: { intent: string; title: string; button: string; children: ReactNode }) {
  const id = `${intent}-heading`
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value={intent} />
        {children}
        <button type="submit" className="secondary">
          {button}
        </button>
      </Form>
    </section>
  )
}

export type Failed = (intent: string, key?: string) => Record<string, string>

export function LinksSection({ data, failed, values }: { data: Data; failed: Failed; values: Record<string, string> }) {
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading">Links</h2>
      <p>
        A member group links with {data.linksNeeded} other groups, who validate the process by which it stands by. {data.validating} of its
        links validate it now.
      </p>
      {data.requests.map((r) => (
        <Form method="post" noValidate key={r.id} className="card">
          <h3>{r.from} asks the group to be one of its link groups</h3>
          <input type="hidden" name="intent" value="answer-link" />
          <input type="hidden" name="linkId" value={r.id} />
          <Choice
            name="answer"
            idPrefix={`answer-${r.id}`}
            legend="Propose the group’s answer"
            options={[
              { value: 'accept', label: 'Accept' },
              { value: 'decline', label: 'Decline' },
            ]}
            error={failed('answer-link', r.id).answer}
          />
          <Field name="reason" idPrefix={`answer-${r.id}`} label="A word to them (optional)" multiline rows={2} />
          <button type="submit" className="secondary">
            Propose to the group
          </button>
        </Form>
      ))}
      {data.links.length ? (
        <ul className="cards">
          {data.links.map((l) => (
            <li key={l.id} className="card">
              <h3>
                {l.status === 'active' ? (
                  <Link to={`/network/links/${l.id}`}>Link with {l.otherName}</Link>
                ) : (
                  `Asked ${l.otherName} for a link`
                )}
              </h3>
              {l.status === 'active' ? (
                <p>
                  Their judgement of our standing by: {l.theirJudgement ?? 'not yet given'}. Ours of theirs:{' '}
                  {l.ourJudgement ?? 'not yet given'}.
                </p>
              ) : (
                <p className="muted">Waiting for their group’s decision.</p>
              )}
              {l.status === 'active' ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="validate" />
                  <input type="hidden" name="linkId" value={l.id} />
                  <Choice
                    name="verdict"
                    idPrefix={`validate-${l.id}`}
                    legend={`Propose the group’s judgement of ${l.otherName}’s standing-by process`}
                    options={[
                      { value: 'validated', label: 'Validate it' },
                      { value: 'withheld', label: 'Withhold validation', hint: 'with reasons' },
                    ]}
                    error={failed('validate', l.id).verdict}
                  />
                  <Field
                    name="reasons"
                    idPrefix={`validate-${l.id}`}
                    label="Reasons (the other group and the network read them)"
                    multiline
                    rows={3}
                    defaultValue={values.intent === 'validate' && values.linkId === l.id ? values.reasons : ''}
                    error={failed('validate', l.id).reasons}
                  />
                  <button type="submit" className="secondary">
                    Propose to the group
                  </button>
                </Form>
              ) : null}
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="end-link" />
                <input type="hidden" name="linkId" value={l.id} />
                <Field
                  name="reason"
                  idPrefix={`end-${l.id}`}
                  label="Why end it"
                  multiline
                  rows={2}
                  error={failed('end-link', l.id).reason}
                />
                <button type="submit" className="secondary">
                  {l.status === 'active' ? 'Propose ending the link' : 'Propose withdrawing the request'}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      {data.candidates.length ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="ask-link" />
          <Select
            name="toGroupId"
            label="Ask a member group to be one of the group’s link groups"
            includeEmpty="Choose a group"
            options={data.candidates.map((c) => ({ value: c.id, label: c.name }))}
            defaultValue={values.intent === 'ask-link' ? values.toGroupId : ''}
            error={failed('ask-link').toGroupId}
          />
          <button type="submit" className="secondary">
            Propose to the group
          </button>
        </Form>
      ) : (
        <p className="muted">No other member group is free to ask now.</p>
      )}
    </section>
  )
}

export function FederalProposalSection({ data, failed, values }: { data: Data; failed: Failed; values: Record<string, string> }) {
  const e = failed('federal-proposal')
  const keep = (name: string) => (values.intent === 'federal-proposal' ? values[name] : undefined)
  return (
    <section aria-labelledby="put-heading">
      <h2 id="put-heading">Put a proposal to the network</h2>
      <p className="hint">The group decides first; once it passes, every member group decides its own stance.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="federal-proposal" />
        <Choice
          name="kind"
          idPrefix="federal"
          legend="What the proposal is about"
          defaultValue={keep('kind') ?? 'general'}
          options={[
            { value: 'general', label: 'A proposal to the network' },
            { value: 'amend_principles', label: 'Amend the principles and procedures', hint: 'fill in the amended text' },
            { value: 'grace_period', label: 'Change the grace period', hint: 'fill in the days' },
            { value: 'amend_rule', label: 'Amend the rule for federal decisions', hint: 'fill in the share' },
            { value: 'elect_officer', label: 'Elect an officer', hint: 'one of this group’s members' },
            { value: 'recall_officer', label: 'Recall an officer' },
          ]}
          error={e.kind}
        />
        <Field name="title" idPrefix="federal" label="Title" defaultValue={keep('title')} error={e.title} />
        <Field
          name="body"
          idPrefix="federal"
          label="What is proposed, and why"
          multiline
          rows={4}
          defaultValue={keep('body')}
          error={e.body}
        />
        <Field
          name="principles"
          idPrefix="federal"
          label="The principles and procedures, as amended"
          multiline
          defaultValue={keep('principles')}
          error={e.principles}
        />
        <Field
          name="graceDays"
          idPrefix="federal"
          label="Grace period, in days"
          type="number"
          defaultValue={keep('graceDays')}
          error={e.graceDays}
        />
        <Field
          name="quorumPercent"
          idPrefix="federal"
          label="Share of member groups that must cast a stance (%)"
          type="number"
          defaultValue={keep('quorumPercent')}
          error={e.quorumPercent}
        />
        <div className="field choice">
          <input type="checkbox" id="federal-blocksHoldOpen" name="blocksHoldOpen" defaultChecked />
          <label htmlFor="federal-blocksHoldOpen">A block from any group holds a proposal open</label>
        </div>
        <Field name="office" idPrefix="federal" label="Office (for an election)" defaultValue={keep('office')} error={e.office} />
        <Select
          name="personId"
          label="The member the group proposes for office"
          includeEmpty="Choose a member"
          options={data.members.map((m) => ({ value: m.personId, label: m.displayName }))}
          defaultValue={keep('personId')}
          error={e.personId}
        />
        <Field
          name="termMonths"
          idPrefix="federal"
          label="Term, in months"
          type="number"
          defaultValue={keep('termMonths')}
          error={e.termMonths}
        />
        <Select
          name="officeId"
          label="The officer to recall"
          includeEmpty="Choose an officer"
          options={data.offices.map((o) => ({ value: o.id, label: `${o.displayName}, ${o.office}` }))}
          defaultValue={keep('officeId')}
          error={e.officeId}
        />
        <button type="submit" className="secondary">
          Propose to the group
        </button>
      </Form>
    </section>
  )
}
