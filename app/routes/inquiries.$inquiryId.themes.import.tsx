import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FileField, FormError, useFormFailure } from '~/components/form'
import { endSentence } from '~/utils/format'
import { parseQdc, parseQdpxCodebook, RefiQdaImportError } from '~/features/exports/core/refi-qda-import'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { getImportPage } from '~/features/themes/theme-pages.server'
import { proposeThemesFromCodebook, type CodebookImport } from '~/features/themes/themes.server'
import { getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import { requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Import a codebook — ${data?.inquiry.title ?? 'Inquiry'} — Co-operative inquiry` },
]

const MAX_CODEBOOK_BYTES = 5 * 1024 * 1024

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => json(await getImportPage(getDb(), user, inquiryId)))
}

/** Reads an uploaded .qdc (or the codebook of a .qdpx project), or a codebook's XML sent as a plain field. */
async function codesFrom(file: File | null, text: string | undefined) {
  try {
    if (file) {
      const bytes = new Uint8Array(await file.arrayBuffer())
      // A .qdpx is a zip ("PK"); a .qdc is XML.
      return bytes[0] === 0x50 && bytes[1] === 0x4b ? parseQdpxCodebook(bytes) : parseQdc(new TextDecoder().decode(bytes))
    }
    if (text?.trim()) return parseQdc(text)
  } catch (error) {
    // Only a file the parser could not read is the user's to fix; anything else is a bug and stays one.
    if (error instanceof RefiQdaImportError) throw new DomainError('bad_request', error.message, 'codebook')
    throw error
  }
  throw new DomainError('bad_request', 'Choose a codebook file (.qdc or .qdpx) to import.', 'codebook')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(
    request,
    async (form) => {
      await requireInquiryMember(getDb(), user.id, inquiryId)
      const codes = await codesFrom(form.file('codebook'), form.values.codebook)
      const result = await proposeThemesFromCodebook(getDb(), user, inquiryId, codes)
      return json({ result })
    },
    { maxBytes: MAX_CODEBOOK_BYTES },
  )
}

export default function ImportCodebookPage() {
  const { inquiry, editBlock } = useLoaderData<typeof loader>()
  // runAction answers either the result or a failure (read by useFormFailure).
  const data = useActionData() as { result?: CodebookImport } | undefined
  const result = data?.result ?? null
  const { errors, formError } = useFormFailure()
  return (
    <article>
      <p>
        <Link to={`/inquiries/${inquiry.id}/themes`}>← Themes of {inquiry.title}</Link>
      </p>
      <h1>Import a codebook</h1>
      <p className="lede">
        A codebook from NVivo, ATLAS.ti, MAXQDA or QualCoder (REFI-QDA <code>.qdc</code>, or the codebook inside a <code>.qdpx</code>{' '}
        project) becomes proposed themes, which the group can then rename, merge, link and rate. Themes are named in reflection phases.
      </p>
      {result ? (
        <section className="card" aria-labelledby="imported-heading" role="status">
          <h2 id="imported-heading">{result.added.length === 1 ? '1 theme proposed' : `${result.added.length} themes proposed`}</h2>
          {result.added.length ? (
            <ul>
              {result.added.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          ) : null}
          {result.skipped.length ? (
            <p>{endSentence(`Skipped, because a theme already has the name: ${result.skipped.join('; ')}`)}</p>
          ) : null}
          {result.merged.length ? (
            <>
              <p>Not imported, because the group merged these themes away (a split undoes a merge, from the theme’s own page):</p>
              <ul>
                {result.merged.map((m) => (
                  <li key={m.name}>
                    {m.name}: already merged into “{m.into}”
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>
            <Link to={`/inquiries/${inquiry.id}/themes`}>See the themes</Link>
          </p>
        </section>
      ) : null}
      <FormError message={formError} />
      {editBlock ? (
        <p>{editBlock}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" noValidate className="card">
          <FileField
            name="codebook"
            idPrefix="import"
            label="Codebook file (.qdc or .qdpx, up to 5 MB)"
            accept=".qdc,.qdpx,application/xml,text/xml,application/zip"
            error={errors.codebook}
          />
          <button type="submit">Propose these themes</button>
        </Form>
      )}
    </article>
  )
}
