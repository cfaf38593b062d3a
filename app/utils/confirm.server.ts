import { json } from '@remix-run/node'
import { CONFIRMED_FIELD, CONFIRMED_VALUE, type ConfirmationRequest } from './confirmation'
import type { FormInput } from './http.server'

/** How much of a post is sent back to be posted again: a confirmable form has a few short fields. */
const MAX_FIELDS = 50
const MAX_VALUE = 10_000

/** Whether the post says the person has confirmed (confirmed=yes, as the first value of the field). */
export function isConfirmed(form: FormInput): boolean {
  return form.values[CONFIRMED_FIELD] === CONFIRMED_VALUE
}

/**
 * Runs a destructive action only on a confirmed post. Any other post changes nothing and
 * answers 200 with the fields to post again; the page renders them as its confirmation (see
 * app/components/confirm-action.tsx), so a stray or script-less post never deletes anything.
 * Validate the form before calling this, so a mistake is shown before the question.
 */
export async function onceConfirmed(form: FormInput, act: () => Promise<Response>): Promise<Response> {
  if (isConfirmed(form)) return act()
  const fields: Array<[string, string]> = Object.keys(form.values)
    .filter((name) => name !== CONFIRMED_FIELD && !/password|token/i.test(name))
    .slice(0, MAX_FIELDS)
    .flatMap((name) =>
      form
        .all(name)
        .slice(0, MAX_FIELDS)
        .map((value): [string, string] => [name, value.slice(0, MAX_VALUE)]),
    )
  return json<ConfirmationRequest>({ confirm: { intent: form.values.intent ?? '', fields } })
}
