import type { z } from 'zod'
import type { Db } from '~db/connection'
import { listDecisions } from '~db/queries/decisions'
import { listFrameworks, listMeetings, listOwnAssessments, listSharedAssessments } from '~db/queries/peer-audit'
import { DEFAULT_RULE, propose } from '~/features/decisions/decisions.server'
import { DomainError } from '~/utils/errors.server'
import { nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { SHARING_LABELS, sharingOf } from './core/assessments'
import { describeRevision, frameworkToText, parseFrameworkText, type Component } from './core/framework'
import type { AdoptTemplateSchema, ReviseFrameworkSchema } from './peer-audit.schema'
import { auditTemplates, findAuditTemplate } from './practice-templates.server'
import { currentFramework, requireGroup, requirePractitionerGroup, parseComponents, scaleOf, PAIR_MESSAGE } from './access.server'

// A group's peer review audit (issue 18, item 5; seed 003). The framework changes only by the
// group's decision. An assessment is its writer's alone until they share it with the audit group
// (the group's current members), and reaches the link groups only while it is shared and they
// consent. The facilitator has no special sight. Every refusal is decided here, not in the page.

async function proposeFramework(
  db: Db,
  user: SessionUser,
  groupId: string,
  proposal: { title: string; body: string; templateSlug: string | null; components: Component[] },
) {
  await requirePractitionerGroup(db, user, groupId)
  return db.transaction().execute((trx) =>
    propose(trx, user, {
      groupId,
      kind: 'audit_framework',
      title: proposal.title,
      body: proposal.body,
      payload: { templateSlug: proposal.templateSlug, components: proposal.components },
      rule: DEFAULT_RULE,
    }),
  )
}

/** Proposes adopting a shipped template's framework as the group's (its first version, or in place of the current one). */
export async function proposeAdoptTemplate(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof AdoptTemplateSchema>) {
  const template = findAuditTemplate(input.templateSlug)
  if (!template) throw new DomainError('bad_request', 'Choose one of the frameworks offered.', 'templateSlug')
  const current = await currentFramework(db, groupId)
  return proposeFramework(db, user, groupId, {
    title: `${current ? 'Replace our audit framework with' : 'Adopt as our audit framework'}: ${template.name}`,
    body: `${template.summary}\n\n${frameworkToText(template.components)}`,
    templateSlug: template.slug,
    components: template.components,
  })
}

/** Proposes a revision written in the editor (add, rename or remove components and criteria). */
export async function proposeRevision(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof ReviseFrameworkSchema>) {
  await requirePractitionerGroup(db, user, groupId)
  const parsed = parseFrameworkText(input.framework)
  if (!parsed.ok) throw new DomainError('bad_request', parsed.error, 'framework')
  const current = await currentFramework(db, groupId)
  const changes = current ? describeRevision(current.components, parsed.components) : []
  if (current && changes.length === 0)
    throw new DomainError('bad_request', 'This is the framework as it stands: change something to propose a revision.', 'framework')
  const body = [input.why, changes.length ? changes.map((c) => `• ${c}`).join('\n') : '', frameworkToText(parsed.components)]
    .filter(Boolean)
    .join('\n\n')
  return proposeFramework(db, user, groupId, {
    title: current ? `Revise our audit framework (version ${current.version + 1})` : 'Adopt our own audit framework',
    body,
    templateSlug: current?.templateSlug ?? null,
    components: parsed.components,
  })
}

// ——— The group's audit page ———

function assessmentSummary(
  row: {
    id: string
    practisedOn: string
    occasion: string
    sharedAt: string | null
    linksConsentAt: string | null
    frameworkVersion: number
  },
  writerName?: string,
) {
  const sharing = sharingOf(row)
  return {
    id: row.id,
    practisedOn: row.practisedOn,
    occasion: row.occasion,
    frameworkVersion: row.frameworkVersion,
    sharing,
    sharingLabel: SHARING_LABELS[sharing],
    ...(writerName !== undefined ? { writerName } : {}),
  }
}

export async function getAuditPage(db: Db, user: SessionUser, groupId: string) {
  const group = await requireGroup(db, user, groupId)
  const base = { group: { id: group.id, name: group.name, kind: group.kind } }
  if (group.kind !== 'inquiry_group') return { ...base, pairMessage: PAIR_MESSAGE, audit: null }
  const [frameworks, decisions, own, shared, meetings] = await Promise.all([
    listFrameworks(db, groupId),
    listDecisions(db, { groupId, status: 'open' }),
    listOwnAssessments(db, groupId, user.id),
    listSharedAssessments(db, groupId),
    listMeetings(db, groupId),
  ])
  const current = frameworks[0]
  const components = current ? parseComponents(current.componentsJson) : []
  return {
    ...base,
    pairMessage: null,
    audit: {
      framework: current
        ? {
            version: current.version,
            templateName: findAuditTemplate(current.templateSlug)?.name ?? null,
            components,
            text: frameworkToText(components),
            scale: scaleOf(current.templateSlug),
            adoptedAt: current.adoptedAt,
          }
        : null,
      versions: frameworks.map((f) => ({
        version: f.version,
        adoptedAt: f.adoptedAt,
        decisionId: f.decisionId,
        decisionTitle: f.decisionTitle ?? 'The group’s decision',
        components: parseComponents(f.componentsJson).map((c) => ({ name: c.name, criteria: c.criteria.length })),
      })),
      templates: [...auditTemplates().values()].map((t) => ({ slug: t.slug, name: t.name, summary: t.summary })),
      openDecisions: decisions
        .filter((d) => d.kind === 'audit_framework')
        .map((d) => ({ id: d.id, title: d.title, createdAt: d.createdAt, proposedByName: d.proposedByName })),
      mine: own.map((a) => assessmentSummary(a)),
      shared: shared.filter((a) => a.personId !== user.id).map((a) => assessmentSummary(a, a.writerName)),
      meetings: meetings.map((m) => ({ id: m.id, heldOn: m.heldOn, title: m.title, createdByName: m.createdByName })),
      today: nowIso().slice(0, 10),
    },
  }
}

// ——— Self-assessments ———

/** The latest date a practitioner may give: today wherever they are (a day's grace for time zones). */
