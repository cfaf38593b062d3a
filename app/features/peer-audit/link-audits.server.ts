import type { Db, Executor } from '~db/connection'
import { findMembership } from '~db/queries/groups'
import { findLink } from '~db/queries/network-links'
import { findFramework, listSharedAssessments } from '~db/queries/peer-audit'
import { notFound } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { readScores } from './core/assessments'
import { ComponentsSchema, criteriaOf, DEFAULT_SCALE } from './core/framework'
import { findAuditTemplate } from './practice-templates.server'

// What a link group reads of the other group's audit (issue 18, item 5): the assessments each
// writer shared with their audit group and consented to the link groups reading, while the link
// is active. Not the peer assessments: the consent is the writer's, for their own record, and the
// peers' words are theirs. Anyone in neither group is told the page was not found.

async function requireLinkSide(db: Executor, personId: string, linkId: string) {
  const link = await findLink(db, linkId)
  if (!link) throw notFound('This link')
  for (const groupId of [link.askingGroupId, link.answeringGroupId]) {
    const member = await findMembership(db, groupId, personId)
    if (member && member.leftAt === null) {
      const other = groupId === link.askingGroupId ? link.answeringGroupId : link.askingGroupId
      return { link, groupId, otherGroupId: other }
    }
  }
  throw notFound('This link')
}

export async function getLinkAuditsPage(db: Db, user: SessionUser, linkId: string) {
  const { link, groupId, otherGroupId } = await requireLinkSide(db, user.id, linkId)
  const nameOf = (id: string) => (id === link.askingGroupId ? link.askingName : link.answeringName)
  const active = link.status === 'active'
  const rows = active ? await listSharedAssessments(db, otherGroupId, { linksOnly: true }) : []
  const frameworks = new Map<number, Awaited<ReturnType<typeof findFramework>>>()
  for (const version of new Set(rows.map((r) => r.frameworkVersion)))
    frameworks.set(version, await findFramework(db, otherGroupId, version))
  return {
    link: { id: link.id, status: link.status },
    ours: { id: groupId, name: nameOf(groupId) },
    theirs: { id: otherGroupId, name: nameOf(otherGroupId) },
    assessments: rows.map((r) => {
      const framework = frameworks.get(r.frameworkVersion)
      const parsed = framework ? ComponentsSchema.safeParse(JSON.parse(framework.componentsJson)) : null
      const criteria = parsed?.success ? criteriaOf(parsed.data) : []
      const scale = findAuditTemplate(framework?.templateSlug)?.levels ?? DEFAULT_SCALE
      const scores = readScores(r.scoresJson)
      return {
        id: r.id,
        writerName: r.writerName,
        practisedOn: r.practisedOn,
        occasion: r.occasion,
        reflection: r.reflection,
        frameworkVersion: r.frameworkVersion,
        levels: scores.map((s) => {
          const c = criteria.find((x) => x.key === s.criterionKey)
          return {
            criterionKey: s.criterionKey,
            componentName: c?.componentName ?? '',
            text: c?.text ?? s.criterionKey,
            level: s.level,
            label: scale[s.level - 1]?.label ?? String(s.level),
            note: s.note,
          }
        }),
      }
    }),
  }
}
