import type { z } from 'zod'
import type { Db } from '~db/connection'
import {
  deleteAssessment as deleteAssessmentRow,
  findMeeting,
  insertAssessment,
  insertMeeting,
  insertPeerAssessment,
  listMeetings,
  listPeerAssessments,
  updateAssessment as updateAssessmentRow,
} from '~db/queries/peer-audit'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { failWithFieldErrors, type FormValues } from '~/utils/http.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import {
  compareLevels,
  practisedOnProblem,
  readPeerLevels,
  readScores,
  scoresFromForm,
  SHARING_LABELS,
  sharingOf,
} from './core/assessments'
import { criteriaOf, type Component } from './core/framework'
import type { AssessmentSchema, MeetingSchema, PeerAssessmentSchema } from './peer-audit.schema'
import {
  currentFramework,
  frameworkOf,
  requireGroup,
  requirePractitionerGroup,
  requireReadable,
  requireWriter,
  scaleOf,
} from './access.server'

// A practitioner's self-assessments, their sharing with the audit group and the link groups,
// audit meetings and peers' assessments (issue 18, item 5).

const latestDay = () => new Date(Date.parse(nowIso()) + 14 * 3_600_000).toISOString().slice(0, 10)

function checkedAssessment(values: FormValues, input: z.infer<typeof AssessmentSchema>, components: Component[]) {
  const errors: Record<string, string> = {}
  const dateProblem = practisedOnProblem(input.practisedOn, latestDay())
  if (dateProblem) errors.practisedOn = dateProblem
  const scores = scoresFromForm(values, components, { notes: true })
  if (!scores.ok) Object.assign(errors, scores.errors)
  else if (scores.scores.length === 0 && !errors.practisedOn)
    errors[`level.${criteriaOf(components)[0]?.key ?? 'none'}`] = 'Assess yourself against at least one criterion.'
  if (Object.keys(errors).length) failWithFieldErrors(errors)
  return scores.ok ? scores.scores : []
}

/** A member records an on-the-job self-assessment against the current framework: private to them. */
export async function createAssessment(
  db: Db,
  user: SessionUser,
  groupId: string,
  values: FormValues,
  input: z.infer<typeof AssessmentSchema>,
) {
  await requirePractitionerGroup(db, user, groupId)
  return db.transaction().execute(async (trx) => {
    await requireMember(trx, user.id, groupId)
    const framework = await currentFramework(trx, groupId)
    if (!framework)
      throw new DomainError(
        'conflict',
        'The group has no audit framework yet: propose one first, and assess once the group has adopted it.',
      )
    const scores = checkedAssessment(values, input, framework.components)
    const id = newId()
    const at = nowIso()
    await insertAssessment(trx, {
      id,
      groupId,
      personId: user.id,
      frameworkVersion: framework.version,
      practisedOn: input.practisedOn,
      occasion: input.occasion,
      scoresJson: JSON.stringify(scores),
      reflection: input.reflection,
      sharedAt: null,
      linksConsentAt: null,
      createdAt: at,
      updatedAt: at,
    })
    return id
  })
}

/** The writer edits a record while it is still private (against the framework version it was made under). */
export async function updateAssessment(
  db: Db,
  user: SessionUser,
  groupId: string,
  assessmentId: string,
  values: FormValues,
  input: z.infer<typeof AssessmentSchema>,
) {
  await db.transaction().execute(async (trx) => {
    const row = await requireWriter(trx, user, groupId, assessmentId)
    if (row.sharedAt) throw new DomainError('conflict', 'A shared assessment is not edited: un-share it first, then edit it.')
    const framework = await frameworkOf(trx, groupId, row.frameworkVersion)
    const scores = checkedAssessment(values, input, framework?.components ?? [])
    await updateAssessmentRow(trx, row.id, {
      practisedOn: input.practisedOn,
      occasion: input.occasion,
      scoresJson: JSON.stringify(scores),
      reflection: input.reflection,
      updatedAt: nowIso(),
    })
  })
}

/** The writer deletes a record while it is private. */
export async function deleteAssessment(db: Db, user: SessionUser, groupId: string, assessmentId: string) {
  await db.transaction().execute(async (trx) => {
    const row = await requireWriter(trx, user, groupId, assessmentId)
    if (row.sharedAt) throw new DomainError('conflict', 'A shared assessment is not deleted: un-share it first, then delete it.')
    await deleteAssessmentRow(trx, row.id)
  })
}

export type SharingMove = 'share' | 'unshare' | 'consent' | 'withdraw-consent'

/**
 * The writer shares a record with the audit group or takes it back, and consents (or no longer
 * consents) to the link groups reading it. Consent needs the record shared; un-sharing ends consent.
 */
export async function changeSharing(db: Db, user: SessionUser, groupId: string, assessmentId: string, move: SharingMove) {
  await db.transaction().execute(async (trx) => {
    const row = await requireWriter(trx, user, groupId, assessmentId)
    const at = nowIso()
    switch (move) {
      case 'share':
        if (!row.sharedAt) await updateAssessmentRow(trx, row.id, { sharedAt: at })
        return
      case 'unshare':
        await updateAssessmentRow(trx, row.id, { sharedAt: null, linksConsentAt: null })
        return
      case 'consent':
        if (!row.sharedAt)
          throw new DomainError(
            'conflict',
            'Share the assessment with your audit group first: the link groups may read only what the group has seen.',
          )
        if (!row.linksConsentAt) await updateAssessmentRow(trx, row.id, { linksConsentAt: at })
        return
      case 'withdraw-consent':
        await updateAssessmentRow(trx, row.id, { linksConsentAt: null })
        return
    }
  })
}

/** A record, for its writer or (once shared) the group's members: levels beside the peers' levels, and the peer assessments. */
export async function getAssessmentPage(db: Db, user: SessionUser, groupId: string, assessmentId: string) {
  const group = await requireGroup(db, user, groupId)
  const { row, reader } = await requireReadable(db, user, groupId, assessmentId)
  const framework = await frameworkOf(db, groupId, row.frameworkVersion)
  const components = framework?.components ?? []
  const scores = readScores(row.scoresJson)
  const shared = row.sharedAt !== null
  const peers = shared ? await listPeerAssessments(db, [row.id]) : []
  const meetings = shared ? await listMeetings(db, groupId) : []
  const sharing = sharingOf(row)
  return {
    group: { id: group.id, name: group.name, kind: group.kind },
    assessment: {
      id: row.id,
      writerName: row.writerName,
      mine: reader === 'writer',
      practisedOn: row.practisedOn,
      occasion: row.occasion,
      reflection: row.reflection,
      frameworkVersion: row.frameworkVersion,
      sharing,
      sharingLabel: SHARING_LABELS[sharing],
      sharedAt: row.sharedAt,
      linksConsentAt: row.linksConsentAt,
      updatedAt: row.updatedAt,
      scores: Object.fromEntries(scores.map((s) => [s.criterionKey, { level: s.level, note: s.note }])),
    },
    components,
    scale: scaleOf(framework?.templateSlug ?? null),
    comparison: compareLevels(
      components,
      scores,
      peers.map((p) => readPeerLevels(p.levelsJson)),
    ),
    peerAssessments: peers.map((p) => ({
      id: p.id,
      byName: p.byName,
      mine: p.byPersonId === user.id,
      feedback: p.feedback,
      meetingTitle: p.meetingTitle,
      createdAt: p.createdAt,
      levels: readPeerLevels(p.levelsJson),
    })),
    meetings: meetings.map((m) => ({ id: m.id, heldOn: m.heldOn, title: m.title })),
    canPeerAssess: shared && reader !== 'writer',
  }
}

// ——— Audit meetings and peer assessment ———

export async function scheduleMeeting(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof MeetingSchema>) {
  await requirePractitionerGroup(db, user, groupId)
  const d = new Date(`${input.heldOn}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.heldOn) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== input.heldOn)
    throw new DomainError('bad_request', 'Give the date of the meeting as YYYY-MM-DD.', 'heldOn')
  return db.transaction().execute(async (trx) => {
    await requireMember(trx, user.id, groupId)
    const id = newId()
    await insertMeeting(trx, { id, groupId, heldOn: input.heldOn, title: input.title, createdBy: user.id, createdAt: nowIso() })
    return id
  })
}

/** A peer assesses a shared record: feedback, and where they give them, their own levels. Never the writer's own, never a private one. */
export async function givePeerAssessment(
  db: Db,
  user: SessionUser,
  groupId: string,
  assessmentId: string,
  values: FormValues,
  input: z.infer<typeof PeerAssessmentSchema>,
) {
  await db.transaction().execute(async (trx) => {
    const { row, reader } = await requireReadable(trx, user, groupId, assessmentId)
    if (reader === 'writer')
      throw new DomainError('forbidden', 'You assess your own practice in the record itself; a peer assessment is another member’s.')
    if (!row.sharedAt) throw notFound('This assessment')
    let meetingId: string | null = null
    if (input.meetingId) {
      const meeting = await findMeeting(trx, input.meetingId)
      if (!meeting || meeting.groupId !== groupId)
        throw new DomainError('bad_request', 'Choose one of the group’s audit meetings, or none.', 'meetingId')
      meetingId = meeting.id
    }
    const framework = await frameworkOf(trx, groupId, row.frameworkVersion)
    const levels = scoresFromForm(values, framework?.components ?? [], { notes: false })
    if (!levels.ok) failWithFieldErrors(levels.errors)
    await insertPeerAssessment(trx, {
      id: newId(),
      assessmentId: row.id,
      meetingId,
      byPersonId: user.id,
      feedback: input.feedback,
      levelsJson: JSON.stringify(levels.scores.map((s) => ({ criterionKey: s.criterionKey, level: s.level }))),
      createdAt: nowIso(),
    })
  })
}
