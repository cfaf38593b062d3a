import type { Executor } from '~db/connection'
import { findGroup } from '~db/queries/groups'
import { findAssessment, findCurrentFramework, findFramework } from '~db/queries/peer-audit'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError, notFound } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { mayRead, sharingOf, type Reader } from './core/assessments'
import { ComponentsSchema, DEFAULT_SCALE, type Component, type LevelScale } from './core/framework'
import { findAuditTemplate } from './practice-templates.server'

// Who may read and change what in a group's peer review audit: the checks every service of the
// audit starts from, and the framework a group works to.

export const PAIR_MESSAGE =
  'A peer review audit is a practitioner group’s own practice: a client–practitioner pair does not keep one. Its members audit their practice in their practitioner groups.'

type Assessment = NonNullable<Awaited<ReturnType<typeof findAssessment>>>

export async function requireGroup(db: Executor, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  return group
}

/** A member of a practitioner group; a pair's member is told the audit is not a pair's. */
export async function requirePractitionerGroup(db: Executor, user: SessionUser, groupId: string) {
  const group = await requireGroup(db, user, groupId)
  if (group.kind !== 'inquiry_group') throw new DomainError('conflict', PAIR_MESSAGE)
  return group
}

export function parseComponents(json: string): Component[] {
  const parsed = ComponentsSchema.safeParse(JSON.parse(json))
  return parsed.success ? parsed.data : []
}

export function scaleOf(templateSlug: string | null): LevelScale {
  return findAuditTemplate(templateSlug)?.levels ?? DEFAULT_SCALE
}

export async function currentFramework(db: Executor, groupId: string) {
  const row = await findCurrentFramework(db, groupId)
  return row ? { version: row.version, templateSlug: row.templateSlug, components: parseComponents(row.componentsJson) } : null
}

export async function frameworkOf(db: Executor, groupId: string, version: number) {
  const row = await findFramework(db, groupId, version)
  return row ? { version, templateSlug: row.templateSlug, components: parseComponents(row.componentsJson) } : null
}

/**
 * The record, for someone who may read it: its writer, or (once shared) another current member.
 * Anyone else is told it was not found, exactly as a stranger is.
 */
export async function requireReadable(db: Executor, user: SessionUser, groupId: string, assessmentId: string) {
  await requireMember(db, user.id, groupId)
  const row = await findAssessment(db, assessmentId)
  if (!row || row.groupId !== groupId) throw notFound('This assessment')
  const reader: Reader = row.personId === user.id ? 'writer' : 'member'
  if (!mayRead(sharingOf(row), reader)) throw notFound('This assessment')
  return { row, reader }
}

/** The writer alone changes, shares or consents for a record; another member who can read it is refused. */
export async function requireWriter(db: Executor, user: SessionUser, groupId: string, assessmentId: string): Promise<Assessment> {
  const { row, reader } = await requireReadable(db, user, groupId, assessmentId)
  if (reader !== 'writer')
    throw new DomainError('forbidden', 'Only the practitioner who wrote this assessment may change it or decide who reads it.')
  return row
}

// ——— The framework: proposals to the group ———
