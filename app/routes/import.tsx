import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { z } from 'zod'
import { Field, FileField, FormError, useFormFailure } from '~/components/form'
import { MAX_ARCHIVE_BYTES } from '~/features/exports/core/archive'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import { parseWith, runAction } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Import an inquiry — Co-operative inquiry' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

const SeatSchema = z.object({
  seat: z
    .string()
    .trim()
    .regex(/^(Member [A-Z]+)?$/, 'Write a member key like “Member A”, or leave this empty.')
    .optional(),
})

/** A multipart upload of a JSON archive: a new inquiry in a new group, the importer in the seat they name. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  return runAction(
    request,
    async (form) => {
      const { seat } = parseWith(SeatSchema, form.values)
      // The page uploads a file; a script may send the archive's JSON as a plain field instead.
      const file = form.file('archive')
      const text = file ? await file.text() : form.values.archive
      if (!text?.trim()) throw new DomainError('bad_request', 'Choose the archive file (.json) to import.', 'archive')
      const archive = parseArchiveText(text)
      const { inquiryId } = await importArchive(getDb(), archive, { user, seat: seat || null })
      return redirect(`/inquiries/${inquiryId}`)
    },
    { maxBytes: MAX_ARCHIVE_BYTES + 64 * 1024 },
  )
}

export default function ImportPage() {
  const { errors, values, formError } = useFormFailure()
  return (
    <section>
      <p><Link to="/groups">← My groups</Link></p>
      <h1>Import an inquiry</h1>
      <p className="lede">
        An archive exported from this or another installation becomes a new inquiry in a new group. It holds what the group
        agreed to publish and the quotes their authors consented to, and its members appear by pseudonym.
      </p>
      <p>
        You take one member’s seat (your own pseudonym: the group page shows it under “How exports name me”). The other seats
        are placeholders that cannot log in.
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
