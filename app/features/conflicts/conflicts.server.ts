import type { Db } from '~db/connection'
import {
  listConflictForms,
  listConflictParties,
  listConflicts,
  listConflictSteps,
  listHelpRequestsOfConflict,
  OUTCOME_STEP,
} from '~db/queries/conflicts'
import { listDecisions } from '~db/queries/decisions'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { listLinksOf } from '~db/queries/network-links'
import { countingMembers } from '~/features/decisions/core/rule'
import { requireMember } from '~/features/membership/membership.server'
import { notFound } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { AUDIENCE_LABELS, findStep, nextStep, parseStepsJson, stepsToText } from './core/form'
import { ABOUT_LABELS, OUTCOME_LABELS, OUTCOME_MEANINGS, STATUS_LABELS } from './core/outcomes'
import { OUTCOME_CHOICES, requireConcern } from './access.server'
import * as sight from './core/sight'
import { conflictTemplate } from './template.server'

// A group's concerns and conflicts (issue 18 item 6; seed 003, "Forms of conflict resolution";
// seed 002, a group standing by its members). The group agrees its own written form by decision;
// a member raises a concern under it; those involved take it through the form's steps and close
// it with an outcome in the seed's terms. Who reads what is core/sight.ts, applied here, never
// only in a page: a member who may not read a concern is told it does not exist.

/** The group's page of concerns: its form and versions, the draft to propose, and the concerns this member may read (no others, not even a count). */
export async function getConflictsPage(db: Db, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  const [forms, decisions, rows, members] = await Promise.all([
    listConflictForms(db, groupId),
    listDecisions(db, { groupId, status: 'open' }),
    listConflicts(db, groupId),
    listCurrentMembers(db, groupId),
  ])
  const versions = forms.map((f) => ({
    version: f.version,
    intro: f.intro,
    steps: parseStepsJson(f.stepsJson).map((s) => ({ ...s, audienceLabel: AUDIENCE_LABELS[s.audience] })),
    decisionId: f.decisionId,
    decisionTitle: f.decisionTitle,
    adoptedAt: f.adoptedAt,
  }))
  const stepsByVersion = new Map(versions.map((v) => [v.version, v.steps]))
  const parties = await listConflictParties(
    db,
    rows.map((r) => r.id),
  )
  const template = conflictTemplate()
  const current = versions[0] ?? null
  const concerns = rows
    .map((row) => {
      const steps = stepsByVersion.get(row.formVersion) ?? []
      const own = parties.filter((p) => p.conflictId === row.id)
      const viewer: sight.Viewer = { member: true, role: own.find((p) => p.personId === user.id)?.role ?? null }
      return { row, steps, own, viewer }
    })
    .filter(({ row, steps, viewer }) => sight.maySee(viewer, { steps, stepKey: row.stepKey, status: row.status }))
    .map(({ row, steps, own, viewer }) => {
      const step = findStep(steps, row.stepKey)
      return {
        id: row.id,
        about: ABOUT_LABELS[row.about],
        status: row.status,
        statusLabel: STATUS_LABELS[row.status],
        step: step ? { number: step.index + 1, name: step.step.name, audienceLabel: AUDIENCE_LABELS[step.step.audience] } : null,
        parties: own.map((p) => ({ displayName: p.displayName, role: p.role })),
        yourPart: viewer.role,
        outcome: row.outcome ? OUTCOME_LABELS[row.outcome] : null,
        createdAt: row.createdAt,
      }
    })
  const isGroup = group.kind === 'inquiry_group'
  return {
    group: { id: group.id, name: group.name, kind: group.kind },
    isGroup,
    form: current,
    versions,
    draft: current
      ? { intro: current.intro, steps: stepsToText(current.steps), fromTemplate: false }
      : { intro: template.intro, steps: stepsToText(template.steps), fromTemplate: true },
    openDecisions: decisions
      .filter((d) => d.kind.startsWith('conflict_'))
      .map((d) => ({ id: d.id, title: d.title, createdAt: d.createdAt })),
    concerns,
    members: countingMembers(members)
      .filter((m) => m.personId !== user.id)
      .map((m) => ({ personId: m.personId, displayName: m.displayName })),
    outcomes: OUTCOME_CHOICES,
  }
}

/** One concern's record, for those who may read it, with what this member may do next. */
export async function getConflictPage(db: Db, user: SessionUser, groupId: string, conflictId: string) {
  const { conflict, steps, parties, viewer, state } = await requireConcern(db, user, groupId, conflictId)
  const group = (await findGroup(db, groupId))!
  const [notes, members, links, requests] = await Promise.all([
    listConflictSteps(db, conflictId),
    listCurrentMembers(db, groupId),
    listLinksOf(db, [groupId]),
    listHelpRequestsOfConflict(db, conflictId),
  ])
  const raisedBy = parties.find((p) => p.role === 'raised')
  const current = findStep(steps, conflict.stepKey)
  const next = nextStep(steps, conflict.stepKey)
  const closer = notes.find((n) => n.stepKey === OUTCOME_STEP)
  const otherName = (l: { askingGroupId: string; askingName: string; answeringName: string }) =>
    l.askingGroupId === groupId ? l.answeringName : l.askingName
  const partyIds = new Set(parties.map((p) => p.personId))
  return {
    group: { id: group.id, name: group.name, kind: group.kind },
    concern: {
      id: conflict.id,
      about: ABOUT_LABELS[conflict.about],
      text: conflict.concern,
      status: conflict.status,
      statusLabel: STATUS_LABELS[conflict.status],
      raisedByName: raisedBy?.displayName ?? 'A former member',
      createdAt: conflict.createdAt,
      closedAt: conflict.closedAt,
      formVersion: conflict.formVersion,
      outcome: conflict.outcome
        ? {
            label: OUTCOME_LABELS[conflict.outcome],
            meaning: OUTCOME_MEANINGS[conflict.outcome],
            note: conflict.outcomeNote,
            byName: closer?.byName ?? null,
          }
        : null,
      groupReads: sight.reachedGroup(steps, conflict.stepKey),
    },
    steps: steps.map((s, i) => ({
      key: s.key,
      number: i + 1,
      name: s.name,
      description: s.description,
      audienceLabel: AUDIENCE_LABELS[s.audience],
      current: s.key === conflict.stepKey,
      notes: notes
        .filter((n) => n.stepKey === s.key)
        .map((n) => ({ id: n.id, note: n.note, byName: n.byName ?? 'A former member', at: n.at })),
    })),
    currentStep: current ? { key: current.step.key, name: current.step.name, audience: current.step.audience } : null,
    nextStep: next ? { name: next.name, audience: next.audience, audienceLabel: AUDIENCE_LABELS[next.audience] } : null,
    parties: parties.map((p) => ({ personId: p.personId, displayName: p.displayName, role: p.role })),
    yourPart: viewer.role,
    may: {
      note: sight.mayNote(viewer, state),
      moveOn: sight.mayMoveOn(viewer, state),
      close: sight.mayClose(viewer, state),
      withdraw: sight.mayWithdraw(viewer, state),
      addSupporter: sight.mayAddSupporter(viewer, state),
      askHelp: sight.mayAskHelp(viewer, state) && group.kind === 'inquiry_group',
    },
    supporterCandidates: countingMembers(members)
      .filter((m) => !partyIds.has(m.personId))
      .map((m) => ({ personId: m.personId, displayName: m.displayName })),
    links: links.filter((l) => l.status === 'active').map((l) => ({ id: l.id, otherName: otherName(l) })),
    helpRequests: requests.map((r) => {
      const link = links.find((l) => l.id === r.linkId)
      return {
        id: r.id,
        linkId: r.linkId,
        otherName: link ? otherName(link) : 'A former link group',
        summary: r.summary,
        askedAt: r.askedAt,
        answer: r.answer,
        answeredAt: r.answeredAt,
      }
    }),
    outcomes: OUTCOME_CHOICES,
  }
}
