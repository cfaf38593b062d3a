import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmAction, useConfirmationPage, type AskFor } from '~/components/confirm-action'
import { Choice, FormError, useFormFailure } from '~/components/form'
import { formatDate, formatDateTime, plural } from '~/utils/format'
import { InquiryHeader } from '~/features/inquiries/components/inquiry-header'
import { RecordForm } from '~/features/records/components/record-form'
import { RecordSchema } from '~/features/records/records.schema'
import { deleteRecord, getRecord, updateRecord } from '~/features/records/records.server'
import { TargetChallenges } from '~/features/challenges/components/challenge-list'
import { listChallenges } from '~/features/challenges/challenges.server'
import { EXPORT_CONSENT_LABELS, EXPORT_CONSENTS, RecordConsentSchema } from '~/features/exports/consent.schema'
import { setRecordConsent } from '~/features/exports/consent.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { onceConfirmed } from '~/utils/confirm.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Record — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const recordId = requireParam(params, 'recordId')
  return runLoader(async () => {
    const page = await getRecord(getDb(), user, inquiryId, recordId)
    // Only shared records can be challenged; a private record has no challenges to show.
    const challenges =
      page.record.visibility === 'group' ? await listChallenges(getDb(), user, inquiryId, { target: { kind: 'record', id: recordId } }) : []
    return json({ ...page, challenges })
  })
}

const IntentSchema = z.object({ intent: z.enum(['update', 'delete', 'consent'], { message: 'Unknown action.' }) })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const recordId = requireParam(params, 'recordId')
  return runAction(request, async (form) => {
    const { intent } = parseWith(IntentSchema, form.values)
    if (intent === 'consent') {
      await setRecordConsent(getDb(), user, inquiryId, recordId, parseWith(RecordConsentSchema, form.values))
      return redirect(`/inquiries/${inquiryId}/records/${recordId}#export-consent`)
    }
    if (intent === 'delete') {
      return onceConfirmed(form, async () => {
        await deleteRecord(getDb(), user, inquiryId, recordId)
        return redirect(`/inquiries/${inquiryId}/records`)
      })
    }
    await updateRecord(getDb(), user, inquiryId, recordId, parseWith(RecordSchema, form.values))
    return redirect(`/inquiries/${inquiryId}/records/${recordId}`)
  })
}

export default function RecordPage() {
  const { inquiry, current, record, themes, challenges, exportConsent } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const editing = Object.keys(values).length > 0 && values.intent !== 'consent'
  const askDelete: AskFor = () =>
    record.isMine
      ? {
          title: 'Delete this record?',
          message:
            `Your record of ${formatDate(record.occurredAt)} (cycle ${record.cycleNumber}, ${record.phaseName}) is deleted for good` +
            `${themes.length ? `, and its links to ${plural(themes.length, 'theme')} go with it` : ''}. ` +
            `${record.visibility === 'group' ? 'The group no longer sees it, and no later export can include it. ' : ''}` +
            `${challenges.length ? `The ${challenges.length === 1 ? 'challenge' : 'challenges'} raised on it stay, without the record. ` : ''}This cannot be undone.`,
          verb: 'delete it',
        }
      : undefined
  const confirming = useConfirmationPage({ delete: askDelete }, `/inquiries/${inquiry.id}/records/${record.id}`)
  if (confirming) return confirming
  return (
    <article>
      <InquiryHeader inquiry={inquiry} current={current} />
      <p>
        <Link to={`/inquiries/${inquiry.id}/records`}>← All records</Link>
      </p>
      <h1>
        Record by {record.authorName}
        {record.isMine ? ' (you)' : ''}
      </h1>
      <p className="record-meta">
        {formatDate(record.occurredAt)} · cycle {record.cycleNumber}, {record.phaseName} · {record.wayOfKnowing} ·{' '}
        {record.visibility === 'private' ? <span className="badge private">private: only you</span> : 'shared with the group'}
      </p>
      <div className="card record-text">{record.text}</div>
      <p className="muted">
        Written {formatDateTime(record.createdAt)}
        {record.updatedAt !== record.createdAt ? `, edited ${formatDateTime(record.updatedAt)}` : ''}.
      </p>
      {themes.length > 0 ? (
        <p>
          Themes:{' '}
          {themes.map((t, i) => (
            <span key={t.id}>
              {i > 0 ? ', ' : ''}
              <Link to={`/inquiries/${inquiry.id}/themes/${t.id}`}>{t.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
      <FormError message={formError} />
      {record.visibility === 'group' ? (
        <TargetChallenges inquiryId={inquiry.id} target={`record:${record.id}`} challenges={challenges} />
      ) : null}
      {record.isMine && exportConsent ? (
        <section aria-labelledby="export-consent-heading" id="export-consent" className="card">
          <h2 id="export-consent-heading">May this record be quoted outside the group?</h2>
          {record.visibility === 'private' ? (
            <p>This record is private: it is never exported.</p>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="consent" />
              <Choice
                name="exportConsent"
                legend="Export consent"
                hint="You can change this at any time; what you choose at the moment of an export is what counts."
                defaultValue={values.intent === 'consent' ? values.exportConsent : exportConsent}
                error={values.intent === 'consent' ? errors.exportConsent : undefined}
                options={EXPORT_CONSENTS.map((c) => ({
                  value: c,
                  label: EXPORT_CONSENT_LABELS[c].label,
                  hint: EXPORT_CONSENT_LABELS[c].hint,
                }))}
              />
              <button type="submit" className="secondary">
                Save my choice
              </button>
            </Form>
          )}
        </section>
      ) : null}
      {record.isMine ? (
        <>
          <details open={editing}>
            <summary>Edit this record</summary>
            <RecordForm
              intent="update"
              errors={errors}
              values={
                editing
                  ? values
                  : {
                      text: record.text,
                      wayOfKnowing: record.wayOfKnowing,
                      occurredAt: record.occurredAt.slice(0, 10),
                      visibility: record.visibility,
                    }
              }
              submitLabel="Save changes"
            />
          </details>
          <ConfirmAction intent="delete" label="Delete this record" formClassName="actions" buttonClassName="danger" ask={askDelete} />
        </>
      ) : null}
    </article>
  )
}
