import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FormError, Select, useFormFailure } from '~/components/form'
import { Pager } from '~/components/pager'
import { formatDate, plural } from '~/utils/format'
import { pageHref, rangeText, requestedPage } from '~/utils/paging'
import { InquiryHeader } from '~/features/inquiries/components/inquiry-header'
import { RecordForm } from '~/features/records/components/record-form'
import { RecordFilterSchema, RecordSchema, WAYS_OF_KNOWING } from '~/features/records/records.schema'
import { createRecord, listRecords } from '~/features/records/records.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Records — Co-operative inquiry' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  const url = new URL(request.url)
  const filter = RecordFilterSchema.parse({
    cycle: url.searchParams.get('cycle') || undefined,
    phase: url.searchParams.get('phase') || undefined,
    member: url.searchParams.get('member') || undefined,
    way: url.searchParams.get('way') || undefined,
  })
  const page = requestedPage(url.searchParams.get('page'))
  return runLoader(async () => json({ ...(await listRecords(getDb(), user, inquiryId, filter, page)), filter }))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const recordId = await createRecord(getDb(), user, inquiryId, parseWith(RecordSchema, form.values))
    return redirect(`/inquiries/${inquiryId}/records/${recordId}`)
  })
}

export default function Records() {
  const { inquiry, current, records, paging, filterOptions, filter, isPair } = useLoaderData<typeof loader>()
  const { errors, values, formError } = useFormFailure()
  const filtered = Object.values(filter).some((v) => v !== undefined)
  const hrefOf = (page: number) => pageHref(`/inquiries/${inquiry.id}/records`, filter, page)
  return (
    <article>
      <InquiryHeader inquiry={inquiry} current={current} />
      <h1>Records</h1>
      {inquiry.status !== 'concluded' && current ? (
        <section aria-labelledby="new-heading">
          <h2 id="new-heading">Add a record</h2>
          <p className="muted">
            It will belong to cycle {current.cycleNumber}, {current.phaseName}.
          </p>
          <FormError message={formError} />
          <RecordForm errors={errors} values={values} submitLabel="Add record" isPair={isPair} />
        </section>
      ) : null}
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">
          {paging.pages > 1
            ? `Records ${rangeText(paging)}`
            : plural(paging.total, filtered ? 'matching record' : 'record', filtered ? 'matching records' : 'records')}
        </h2>
        <Form method="get" className="filters" aria-label="Filter records">
          <Select
            name="cycle"
            label="Cycle"
            includeEmpty="All cycles"
            defaultValue={filter.cycle ? String(filter.cycle) : ''}
            options={filterOptions.cycles.map((n) => ({ value: String(n), label: `Cycle ${n}` }))}
          />
          <Select
            name="phase"
            label="Phase"
            includeEmpty="All phases"
            defaultValue={filter.phase ?? ''}
            options={filterOptions.phases.map((p) => ({ value: p.id, label: p.label }))}
          />
          <Select
            name="member"
            label="Member"
            includeEmpty="Everyone"
            defaultValue={filter.member ?? ''}
            options={filterOptions.members.map((m) => ({ value: m.id, label: m.name }))}
          />
          <Select
            name="way"
            label="Way of knowing"
            includeEmpty="All ways"
            defaultValue={filter.way ?? ''}
            options={WAYS_OF_KNOWING.map((w) => ({ value: w, label: w }))}
          />
          <button type="submit" className="secondary">
            Filter
          </button>
        </Form>
        {paging.pages > 1 ? <p className="muted">Newest first, {paging.pageSize} to a page.</p> : null}
        {records.length === 0 ? (
          <p>No records match.</p>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {records.map((r) => (
              <li key={r.id} className="card" data-testid="record">
                <p className="record-meta">
                  <Link to={`/inquiries/${inquiry.id}/records/${r.id}`}>
                    {r.authorName}
                    {r.isMine ? ' (you)' : ''}, {formatDate(r.occurredAt)}
                  </Link>
                  {' · '}cycle {r.cycleNumber}, {r.phaseName}
                  {' · '}
                  {r.wayOfKnowing}
                  {r.visibility === 'private' ? (
                    <>
                      {' '}
                      · <span className="badge private">private</span>
                    </>
                  ) : null}
                </p>
                <p className="record-text">{r.text}</p>
                {r.more ? (
                  <p>
                    <Link to={`/inquiries/${inquiry.id}/records/${r.id}`}>Read the whole record</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pager paging={paging} label="Pages of records" hrefOf={hrefOf} previous="Newer" next="Older" />
      </section>
    </article>
  )
}
