import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { ExportRequestSchema } from '~/features/exports/export.schema'
import { streamExportForMember } from '~/features/exports/exports.server'
import { getDb } from '~/utils/db.server'
import { pacedBody, parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

/** A GET here (a reload, a bookmark) goes back to the export page, for members only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runLoader(async () => {
    await requireInquiryMember(getDb(), user.id, inquiryId)
    return redirect(`/inquiries/${inquiryId}/export`)
  })
}

/**
 * POST /inquiries/:inquiryId/export/download — the export page's download: the file, as an
 * attachment. A resource route (no page), so the browser receives the file itself. Only
 * members; every download is written to the group's audit log. The export page checks the
 * same things first and shows why, beside the field; here too they are checked (a 4xx)
 * before anything is sent. The JSON archive and the REFI-QDA project are made as they are
 * sent (issue 17): should that fail part-way, the download breaks off rather than ending short.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const { format, cycles } = parseWith(ExportRequestSchema, { format: form.values.format, cycles: form.all('cycles') })
    const exported = await streamExportForMember(getDb(), user, inquiryId, format, { cycles: cycles.length ? cycles : undefined })
    return new Response(pacedBody(exported.body, context.drained), {
      status: 200,
      headers: {
        'Content-Type': exported.contentType,
        ...(exported.length === null ? {} : { 'Content-Length': String(exported.length) }),
        'Content-Disposition': `attachment; filename="${exported.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  })
}
