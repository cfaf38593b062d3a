import { Form } from '@remix-run/react'
import { Choice, Field, FormError, Select } from '~/components/form'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'
import type { HandoverPlan } from '../core/plan'

/**
 * Proposes a handover plan for the facilitator role (issue 19): a plain form, no JavaScript needed.
 * It is an amendment of the group's forms, decided like any other.
 */
export function HandoverPlanForm({
  plan,
  members,
  currentCycle,
  errors,
  values,
  formError,
  anonymity,
}: {
  plan: HandoverPlan | undefined
  members: { key: string; name: string }[]
  currentCycle: number | null
  errors: Record<string, string>
  values: Record<string, string>
  formError?: string
  anonymity: Parameters<typeof ProposalOptionsFields>[0]['anonymity']
}) {
  const from = (currentCycle ?? 0) + 1
  return (
    <Form method="post" noValidate className="card" aria-labelledby="handover-form-heading">
      <h3 id="handover-form-heading">Propose a handover plan</h3>
      <input type="hidden" name="intent" value="handover" />
      <FormError message={formError ?? errors._form} />
      <Choice
        name="facilitation.plan"
        idPrefix="handover"
        legend="How facilitation should go on"
        defaultValue={values['facilitation.plan'] ?? plan?.plan ?? 'single'}
        error={errors['facilitation.plan']}
        options={[
          { value: 'single', label: 'One facilitator', hint: 'the role stays with its holder until they hand it on' },
          { value: 'rotate', label: 'Rotate the role', hint: 'it passes to the next member, in joining order, at each new cycle' },
          {
            value: 'co-facilitator',
            label: 'Name a co-facilitator',
            hint: 'they share the role; what they do counts with the facilitator',
          },
          { value: 'peer', label: 'Go to peer facilitation', hint: 'the role is laid down from the cycle given below' },
        ]}
      />
      <Select
        name="facilitation.coFacilitator"
        label="Co-facilitator (for that plan)"
        includeEmpty="Choose a member"
        defaultValue={values['facilitation.coFacilitator'] ?? plan?.coFacilitator ?? ''}
        error={errors['facilitation.coFacilitator']}
        options={members.map((m) => ({ value: m.key, label: `${m.name} (${m.key})` }))}
      />
      <Field
        name="facilitation.peerByCycle"
        idPrefix="handover"
        label="Peer facilitation from cycle (for that plan)"
        type="number"
        min={from}
        defaultValue={values['facilitation.peerByCycle'] ?? String(plan?.peerByCycle ?? from)}
        error={errors['facilitation.peerByCycle']}
      />
      <Field
        name="summary"
        idPrefix="handover"
        label="Why? (shown with the proposal)"
        multiline
        rows={2}
        defaultValue={values.summary}
        error={errors.summary}
      />
      <ProposalOptionsFields
        idPrefix="handover"
        anonymity={anonymity}
        error={errors.anonymousStances}
        defaultChecked={values.anonymousStances === 'on'}
      />
      <button type="submit">Propose this plan to the group</button>
    </Form>
  )
}
