import { unzipSync } from 'fflate'
import type { Executor } from '~db/connection'
import { runCli } from '~/cli/commands'
import { ANALYSIS_CHARTS } from '~/features/analysis/core/page'
import { EXPORT_FORMATS } from '~/features/exports/export.schema'
import { exportForMember } from '~/features/exports/exports.server'
import * as root from '~/root'
import type { SessionUser } from '~/utils/session.server'
import { get, importRoute, paramNames, pathFor, routeFiles, routeIdOf } from './harness'

// A sweep over every surface a viewer can read of one group: every route with a loader, with
// every id the group's data holds filled into its parameters, as a page and as a `?_data=`
// request; the root loader; every export format; and the command line's output. A promise a
// page makes about what others can see (withdrawal erases you) is checked against all of it.

type Pools = Record<string, string[]>

/** The ids of one group's data, by route parameter name. */
async function poolsOf(db: Executor, groupId: string): Promise<Pools & { inquiryIds: string[] }> {
  const inquiryIds = (await db.selectFrom('inquiries').select('id').where('groupId', '=', groupId).execute()).map((r) => r.id)
  const none = inquiryIds.length ? inquiryIds : ['__none__']
  const ids = async (q: Promise<{ id: string }[]>) => (await q).map((r) => r.id)
  const cycleNumbers = [
    ...new Set((await db.selectFrom('cycles').select('number').where('inquiryId', 'in', none).execute()).map((c) => String(c.number))),
  ]
  return {
    inquiryIds,
    groupId: [groupId],
    inquiryId: inquiryIds,
    recordId: await ids(db.selectFrom('records').select('id').where('inquiryId', 'in', none).execute()),
    themeId: await ids(db.selectFrom('themes').select('id').where('inquiryId', 'in', none).execute()),
    challengeId: await ids(db.selectFrom('challenges').select('id').where('inquiryId', 'in', none).execute()),
    decisionId: await ids(db.selectFrom('decisions').select('id').where('groupId', '=', groupId).execute()),
    reviewId: await ids(db.selectFrom('peerReviews').select('id').where('groupId', '=', groupId).execute()),
    cycleNumber: cycleNumbers,
    // The analysis page's charts, each an SVG image of its own.
    chart: ANALYSIS_CHARTS.map((chart) => `${chart}.svg`),
  }
}

function combinations(names: string[], pools: Pools): Record<string, string>[] | null {
  let out: Record<string, string>[] = [{}]
  for (const name of names) {
    const pool = pools[name]
    if (!pool) return null
    out = out.flatMap((partial) => pool.map((value) => ({ ...partial, [name]: value })))
  }
  return out
}

/** Everything the viewer can read of the group, by label. */
export async function readEverything(
  db: Executor,
  viewer: SessionUser & { cookie: string },
  groupId: string,
): Promise<Map<string, string>> {
  const pools = await poolsOf(db, groupId)
  const seen = new Map<string, string>()
  for (const file of routeFiles()) {
    const module = await importRoute(file)
    if (typeof module.loader !== 'function') continue
    const sets = combinations(paramNames(file), pools)
    if (!sets) continue
    for (const params of sets) {
      const base = pathFor(file, params)
      const queries =
        file.includes('analysis') || file.includes('charts')
          ? ['', ...pools.cycleNumber!.flatMap((n) => [`?cycle=${n}`, `?cycle=${n}&round=blind`])]
          : ['']
      for (const query of queries) {
        const path = base + query
        const response = await get(module, { path, params, cookie: viewer.cookie })
        seen.set(`GET ${path}`, `${response.status}\n${await response.text()}`)
        const data = await get(module, {
          path: `${path}${query ? '&' : '?'}_data=${encodeURIComponent(routeIdOf(file))}`,
          params,
          cookie: viewer.cookie,
        })
        seen.set(`GET ${path} (data)`, `${data.status}\n${await data.text()}`)
      }
    }
  }
  const rootData = await get(root, { path: '/', cookie: viewer.cookie })
  seen.set('root', await rootData.text())
  for (const inquiryId of pools.inquiryIds) {
    for (const format of EXPORT_FORMATS) {
      try {
        const { body } = await exportForMember(db, viewer, inquiryId, format, {})
        const text =
          format === 'csv' || format === 'qdpx'
            ? Object.values(unzipSync(body))
                .map((b) => new TextDecoder().decode(b))
                .join('\n')
            : new TextDecoder().decode(body)
        seen.set(`export ${format}`, text)
      } catch (error) {
        seen.set(`export ${format}`, error instanceof Error ? error.message : String(error))
      }
    }
    for (const argv of [['list'], ['analyse', inquiryId]]) {
      const out: string[] = []
      await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l) }, { DATABASE_URL: process.env.DATABASE_URL })
      seen.set(`cli ${argv.join(' ')}`, out.join('\n'))
    }
  }
  return seen
}

/** Labels of the surfaces where any of the needles appears (case-insensitive, whole words), with the context. */
export function findMentions(surfaces: Map<string, string>, needles: string[]): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${needles.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
  const hits: string[] = []
  for (const [label, text] of surfaces) {
    const match = pattern.exec(text)
    if (match) hits.push(`${label}: …${text.slice(Math.max(0, match.index - 60), match.index + 60)}…`)
  }
  return hits
}
