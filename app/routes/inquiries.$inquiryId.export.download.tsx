import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { ExportRequestSchema } from '~/features/exports/export.schema'
import { exportForMember } from '~/features/exports/exports.server'
import { getDb } from '~/utils/db.server'
import { parseWith, requireParam, runAction, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

const CHUNK = 64 * 1024

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
 * attachment, sent in chunks so a large export streams. A resource route (no page), so the
 * browser receives the file itself. Only members; every download is written to the group's
 * audit log. The export page checks the same things first and shows why, beside the field.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const inquiryId = requireParam(params, 'inquiryId')
  return runAction(request, async (form) => {
    const { format, cycles } = parseWith(ExportRequestSchema, { format: form.values.format, cycles: form.all('cycles') })
    const exported = await exportForMember(getDb(), user, inquiryId, format, { cycles: cycles.length ? cycles : undefined })
    const body = exported.body
    let offset = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= body.length) return controller.close()
        controller.enqueue(body.subarray(offset, offset + CHUNK))
        offset += CHUNK
      },
    })
    return new Response(stream, {
      status: 200,
      headers: {
        'Content-Type': exported.contentType,
        'Content-Length': String(body.length),
        'Content-Disposition': `attachment; filename="${exported.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  })
}
