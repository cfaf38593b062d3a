import { Form } from '@remix-run/react'
import { Choice, Field } from '~/components/form'
import { WAY_OF_KNOWING_HINTS, WAYS_OF_KNOWING } from '../records.schema'

type Props = {
  errors: Record<string, string>
  values: Record<string, string>
  submitLabel: string
  intent?: string
  /** In a pair, records are the client's own and private unless shared with the practitioner. */
  isPair?: boolean
}

const today = () => new Date().toISOString().slice(0, 10)

/** The record form, used to add and to edit; works without JavaScript. */
export function RecordForm({ errors, values, submitLabel, intent, isPair = false }: Props) {
  return (
    <Form method="post" noValidate className="card">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <Field
        name="text"
        label="What happened, and what you noticed"
        multiline
        rows={8}
        defaultValue={values.text}
        error={errors.text}
        required
      />
      <Choice
        name="wayOfKnowing"
        legend="Way of knowing"
        defaultValue={values.wayOfKnowing ?? 'experiential'}
        error={errors.wayOfKnowing}
        options={WAYS_OF_KNOWING.map((w) => ({ value: w, label: w[0]!.toUpperCase() + w.slice(1), hint: WAY_OF_KNOWING_HINTS[w] }))}
      />
      <Field
        name="occurredAt"
        type="date"
        label="When it happened"
        defaultValue={values.occurredAt ?? today()}
        error={errors.occurredAt}
        required
      />
      <Choice
        name="visibility"
        legend="Who can see it"
        defaultValue={values.visibility ?? (isPair ? 'private' : 'group')}
        error={errors.visibility}
        options={
          isPair
            ? [
                { value: 'private', label: 'Only me', hint: 'your own record; no one else can see it' },
                { value: 'group', label: 'Shared', hint: 'the other person in the pair can see it' },
              ]
            : [
                { value: 'group', label: 'The group', hint: 'all current members' },
                { value: 'private', label: 'Only me', hint: 'a private note; no one else, the facilitator included, can see it' },
              ]
        }
      />
      <button type="submit">{submitLabel}</button>
    </Form>
  )
}
