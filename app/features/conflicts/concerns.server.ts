import type { z } from 'zod'
import type { Db } from '~db/connection'
import {
  findLatestConflictForm,
  insertConflict,
  insertConflictParty,
  insertConflictStep,
  OUTCOME_STEP,
  updateConflict,
} from '~db/queries/conflicts'
import { listCurrentMembers } from '~db/queries/groups'
import { findLink } from '~db/queries/network-links'
import type { ConflictAbout, ConflictPartyRole } from '~db/schema'
import { DEFAULT_RULE, propose } from '~/features/decisions/decisions.server'
import { countingMembers } from '~/features/decisions/core/rule'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { AUDIENCE_LABELS, ConflictFormSchema, nextStep, parseStepsJson, parseStepsText } from './core/form'
import * as sight from './core/sight'
import type {
  HelpSchema,
  MoveOnSchema,
  NoteSchema,
  OutcomeSchema,
  ProposeFormSchema,
  RaiseSchema,
  SupporterSchema,
} from './conflicts.schema'
import * as checks from './checks.server'
import { FORM_RULE, forbidden, refuse, requireConcern } from './access.server'

// The moves of a group's concerns (issue 18 item 6): proposing the written form, raising a concern,
// notes, moving on, supporters, the outcome, withdrawing, and asking a link group for help.

/** Proposes the form (or a revision): intro, and the steps one a line. A bad line is refused beside the steps field. */
export async function proposeForm(db: Db, user: SessionUser, groupId: string, input: z.infer<typeof ProposeFormSchema>) {
  await requireMember(db, user.id, groupId)
  return db.transaction().execute(async (trx) => {
    refuse(await checks.formProblem(trx, groupId))
    const latest = await findLatestConflictForm(trx, groupId)
    const parsed = parseStepsText(input.steps, latest ? parseStepsJson(latest.stepsJson) : [])
    if (!parsed.ok) throw new DomainError('bad_request', parsed.message, 'steps')
    const form = ConflictFormSchema.safeParse({ intro: input.intro, steps: parsed.steps })
    if (!form.success) throw new DomainError('bad_request', form.error.issues[0]!.message, 'steps')
    const version = (latest?.version ?? 0) + 1
    const body = [
      form.data.intro,
      ...form.data.steps.map((s, i) => `${i + 1}. ${s.name} (${AUDIENCE_LABELS[s.audience]})${s.description ? `: ${s.description}` : ''}`),
    ]
      .filter(Boolean)
      .join('\n\n')
    return propose(trx, user, {
      groupId,
      kind: 'conflict_form',
      title: latest ? `Revise our form of conflict resolution (version ${version})` : 'Agree our form of conflict resolution',
      body,
      payload: form.data,
      rule: FORM_RULE,
    })
  })
}

/** A member raises a concern under the group's form, naming the member(s) it concerns; it starts at the form's first step. */
export async function raiseConcern(
  db: Db,
  user: SessionUser,
  groupId: string,
  input: z.infer<typeof RaiseSchema> & { named: readonly string[] },
): Promise<string> {
  await requireMember(db, user.id, groupId)
  return db.transaction().execute(async (trx) => {
    refuse(await checks.formProblem(trx, groupId))
    const form = await findLatestConflictForm(trx, groupId)
    if (!form)
      throw new DomainError(
        'conflict',
        'The group has not agreed a form of conflict resolution yet. Agree one first (propose it on this page); a concern is then raised under it.',
      )
    const steps = parseStepsJson(form.stepsJson)
    const members = new Map(countingMembers(await listCurrentMembers(trx, groupId)).map((m) => [m.personId, m]))
    const named = [...new Set(input.named)]
    if (named.length === 0)
      throw new DomainError('bad_request', 'Name the member, or members, the concern is about or is between.', 'named')
    if (named.includes(user.id))
      throw new DomainError('bad_request', 'Name the others it concerns; you are in it as the one who raised it.', 'named')
    if (named.some((id) => !members.has(id))) throw new DomainError('bad_request', 'Name current members of the group only.', 'named')
    const id = newId()
    const at = nowIso()
    await insertConflict(trx, {
      id,
      groupId,
      formVersion: form.version,
      raisedBy: user.id,
      about: input.about as ConflictAbout,
      concern: input.concern,
      status: 'open',
      stepKey: steps[0]!.key,
      outcome: null,
      outcomeNote: null,
      createdAt: at,
      closedAt: null,
    })
    await insertConflictParty(trx, { conflictId: id, personId: user.id, role: 'raised' })
    for (const personId of named) await insertConflictParty(trx, { conflictId: id, personId, role: 'named' })
    return id
  })
}

/** A note of what happened at the step the concern is at. */
export async function addNote(db: Db, user: SessionUser, groupId: string, conflictId: string, input: z.infer<typeof NoteSchema>) {
  await db.transaction().execute(async (trx) => {
    const { conflict, viewer, state } = await requireConcern(trx, user, groupId, conflictId)
    if (conflict.status !== 'open') throw new DomainError('conflict', 'The concern is no longer open.', 'note')
    if (!sight.mayNote(viewer, state)) throw forbidden('At this step the concern is between those involved: they write its notes.', 'note')
    await insertConflictStep(trx, {
      id: newId(),
      conflictId,
      stepKey: conflict.stepKey,
      note: input.note,
      byPersonId: user.id,
      at: nowIso(),
    })
  })
}

/** Those involved move the concern to the next step of its form (the version it was raised under), with a note if they give one. */
export async function moveOn(db: Db, user: SessionUser, groupId: string, conflictId: string, input: z.infer<typeof MoveOnSchema>) {
  await db.transaction().execute(async (trx) => {
    const { conflict, steps, viewer, state } = await requireConcern(trx, user, groupId, conflictId)
    if (conflict.status !== 'open') throw new DomainError('conflict', 'The concern is no longer open.')
    if (viewer.role === null) throw forbidden('Those involved move a concern on to its next step.')
    if (input.fromStep !== conflict.stepKey) throw new DomainError('conflict', 'The concern has already moved on: read the record again.')
    const next = nextStep(steps, conflict.stepKey)
    if (!next || !sight.mayMoveOn(viewer, state))
      throw new DomainError('conflict', 'This is the last step of the group’s form: close the concern with an outcome instead.')
    const at = nowIso()
    if (input.note)
      await insertConflictStep(trx, { id: newId(), conflictId, stepKey: conflict.stepKey, note: input.note, byPersonId: user.id, at })
    await updateConflict(trx, conflictId, { stepKey: next.key })
  })
}

/** One of those involved adds a member both choose as a supporter. */
export async function addSupporter(db: Db, user: SessionUser, groupId: string, conflictId: string, input: z.infer<typeof SupporterSchema>) {
  await db.transaction().execute(async (trx) => {
    const { conflict, parties, viewer, state } = await requireConcern(trx, user, groupId, conflictId)
    if (conflict.status !== 'open') throw new DomainError('conflict', 'The concern is no longer open.', 'personId')
    if (!sight.mayAddSupporter(viewer, state))
      throw forbidden('The member who raised the concern, or a member it names, adds a supporter both choose.', 'personId')
    const member = countingMembers(await listCurrentMembers(trx, groupId)).find((m) => m.personId === input.personId)
    if (!member) throw new DomainError('bad_request', 'Choose a current member of the group.', 'personId')
    if (parties.some((p) => p.personId === input.personId))
      throw new DomainError('bad_request', 'That member is already one of those involved.', 'personId')
    await insertConflictParty(trx, { conflictId, personId: input.personId, role: 'supporter' as ConflictPartyRole })
  })
}

/** One of those involved closes the concern with an outcome, at any step. */
export async function closeConcern(db: Db, user: SessionUser, groupId: string, conflictId: string, input: z.infer<typeof OutcomeSchema>) {
  await db.transaction().execute(async (trx) => {
    const { conflict, viewer, state } = await requireConcern(trx, user, groupId, conflictId)
    if (conflict.status !== 'open') throw new DomainError('conflict', 'The concern is no longer open.', 'outcome')
    if (!sight.mayClose(viewer, state)) throw forbidden('Those involved close a concern with its outcome.', 'outcome')
    const at = nowIso()
    await updateConflict(trx, conflictId, { status: 'closed', outcome: input.outcome, outcomeNote: input.outcomeNote, closedAt: at })
    // Who closed it, so that the outcome note goes with them if they withdraw.
    await insertConflictStep(trx, { id: newId(), conflictId, stepKey: OUTCOME_STEP, note: '', byPersonId: user.id, at })
  })
}

/** The member who raised a concern withdraws it; the record stays, for those who may read it, as withdrawn. */
export async function withdrawConcern(db: Db, user: SessionUser, groupId: string, conflictId: string) {
  await db.transaction().execute(async (trx) => {
    const { conflict, viewer, state } = await requireConcern(trx, user, groupId, conflictId)
    if (conflict.status !== 'open') throw new DomainError('conflict', 'The concern is no longer open.')
    if (!sight.mayWithdraw(viewer, state)) throw forbidden('Only the member who raised a concern withdraws it.')
    await updateConflict(trx, conflictId, { status: 'withdrawn', closedAt: nowIso() })
  })
}

/**
 * Proposes that the group ask a link group to help, with a summary the group writes: the only
 * words of the concern that ever cross the group's boundary, and only once the decision passes.
 */
export async function proposeHelp(db: Db, user: SessionUser, groupId: string, conflictId: string, input: z.infer<typeof HelpSchema>) {
  return db.transaction().execute(async (trx) => {
    const { viewer, state } = await requireConcern(trx, user, groupId, conflictId)
    if (!sight.mayAskHelp(viewer, state)) {
      throw new DomainError(
        'conflict',
        'A link group is asked to help only while the concern is open and at a step with the whole group.',
        'summary',
      )
    }
    refuse(await checks.formProblem(trx, groupId))
    refuse(await checks.helpProblem(trx, groupId, conflictId, input.linkId))
    const link = (await findLink(trx, input.linkId))!
    const other = link.askingGroupId === groupId ? link.answeringName : link.askingName
    return propose(trx, user, {
      groupId,
      kind: 'conflict_help',
      title: `Ask ${other} to help with a concern`,
      body: `The summary ${other} will read (never the record itself):\n\n${input.summary}`,
      payload: { conflictId, linkId: input.linkId, summary: input.summary },
      rule: DEFAULT_RULE,
    })
  })
}
