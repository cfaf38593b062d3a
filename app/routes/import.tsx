import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { Field, FileField, FormError, useFormFailure } from '~/components/form'
import { MAX_ARCHIVE_BYTES } from '~/features/exports/core/archive-schema'
import { importArchiveFromRequest } from '~/features/exports/import.server'
import { DomainError } from '~/utils/errors.server'
import type { ActionFailure } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Import an inquiry — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

/**
 * A multipart upload of a JSON archive: a new inquiry in a new group, the importer in the seat
 * they name. Only the body's bytes are read here; a worker parses the form and the archive.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  try {
    const outcome = await importArchiveFromRequest(request, user)
    if (!outcome.ok) return json<ActionFailure>(outcome.failure, { status: outcome.status })
    return redirect(`/inquiries/${outcome.result.inquiryId}`)
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const errors = error.field ? { [error.field]: error.message } : {}
    return json<ActionFailure>({ errors, formError: error.field ? undefined : error.message, values: {} }, { status: error.status })
  }
}

export default function ImportPage() {
  const { errors, values, formError } = useFormFailure()
  return (
    <section>
      <p>
        <Link to="/groups">← My groups</Link>
      </p>
      <h1>Import an inquiry</h1>
      <p className="lede">
        An archive exported from this or another installation becomes a new inquiry in a new group. It holds what the group agreed to
        publish and the quotes their authors consented to, and its members appear by pseudonym.
      </p>
      <p>
        You take one member’s seat (your own pseudonym: the group’s settings page shows it under “In exports”). The other seats are
        placeholders that cannot log in.
      </p>
      <FormError message={formError} />
      <Form method="post" encType="multipart/form-data" noValidate className="card">
        <FileField
          name="archive"
          idPrefix="import"
          label={`Archive file (.json, up to ${Math.round(MAX_ARCHIVE_BYTES / 1024 / 1024)} MB)`}
          accept="application/json,.json"
          error={errors.archive}
        />
        <Field
          name="seat"
          idPrefix="import"
          label="Your seat"
          hint="Your member key in the archive, like “Member C”. Leave empty to take the facilitator’s seat."
          error={errors.seat}
          defaultValue={values.seat}
          maxLength={20}
        />
        <button type="submit">Import</button>
      </Form>
    </section>
  )
}
