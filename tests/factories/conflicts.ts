import type { Db } from '~db/connection'
import { proposeForm, proposeHelp, raiseConcern, addNote, moveOn } from '~/features/conflicts/concerns.server'
import { conflictTemplate } from '~/features/conflicts/template.server'
import { parseStepsJson, stepsToText } from '~/features/conflicts/core/form'
import type { SessionUser } from '~/utils/session.server'
import { decided } from './network'
import type { TestPerson } from './index'

// The concerns-and-conflicts part of a world (issue 18, item 6), made through the services people
// use. In the world's group (Alice, Bob, Carol) the shipped form is agreed; Alice has raised a
// concern between her and Bob, noted its first step and moved it to the whole group's step
// (`shared`: every member reads it); Carol has raised one naming Bob that is still between them
// (`hidden`: Alice may not read it). Where the world has its network part, group A (Alice, Bob)
// has a concern at its whole group's step (`linked`, so a member can propose asking B to help),
// and group B (Carol, Beth) has decided to ask A for help with its own (`help`): A's members read
// the summary only, never B's concern.

const NOT_IN_THIS_WORLD = 'not-in-this-world'

export const NO_CONFLICTS = {
  conflicts: {
    firstStepName: NOT_IN_THIS_WORLD,
    shared: { id: NOT_IN_THIS_WORLD, text: NOT_IN_THIS_WORLD, note: NOT_IN_THIS_WORLD, stepKey: NOT_IN_THIS_WORLD },
    hidden: { id: NOT_IN_THIS_WORLD, text: NOT_IN_THIS_WORLD },
    linked: { groupId: NOT_IN_THIS_WORLD, id: NOT_IN_THIS_WORLD },
    help: { requestId: NOT_IN_THIS_WORLD, summary: NOT_IN_THIS_WORLD, concernText: NOT_IN_THIS_WORLD },
  },
  secrets: [] as string[],
}

/** The group agrees the shipped form, every member agreeing. */
export async function adoptTemplateForm(db: Db, groupId: string, members: readonly SessionUser[]) {
  const template = conflictTemplate()
  return decided(db, members as TestPerson[], (by) =>
    proposeForm(db, by, groupId, { intro: template.intro, steps: stepsToText(template.steps) }),
  )
}

/** Moves a concern on until it is at the first step with the whole group. */
export async function toGroupStep(db: Db, by: SessionUser, groupId: string, conflictId: string) {
  const conflict = await db.selectFrom('conflicts').select('formVersion').where('id', '=', conflictId).executeTakeFirstOrThrow()
  const form = await db
    .selectFrom('conflictForms')
    .select('stepsJson')
    .where('groupId', '=', groupId)
    .where('version', '=', conflict.formVersion)
    .executeTakeFirstOrThrow()
  for (const step of parseStepsJson(form.stepsJson)) {
    if (step.audience === 'group') return step.key
    await moveOn(db, by, groupId, conflictId, { fromStep: step.key, note: '' })
  }
  throw new Error('the form has no step with the whole group')
}

async function networkPart(db: Db, tag: string, alice: TestPerson) {
  const link = await db
    .selectFrom('networkLinks')
    .innerJoin('members', 'members.groupId', 'networkLinks.askingGroupId')
    .select(['networkLinks.id', 'networkLinks.askingGroupId', 'networkLinks.answeringGroupId'])
    .where('members.personId', '=', alice.id)
    .where('networkLinks.status', '=', 'active')
    .executeTakeFirst()
  if (!link) return null
  const membersOf = (groupId: string) =>
    db
      .selectFrom('members')
      .innerJoin('people', 'people.id', 'members.personId')
      .select(['people.id', 'people.email', 'people.displayName'])
      .where('members.groupId', '=', groupId)
      .where('members.leftAt', 'is', null)
      .orderBy('members.joinedAt')
      .execute()
  const a = await membersOf(link.askingGroupId)
  const b = await membersOf(link.answeringGroupId)
  await adoptTemplateForm(db, link.askingGroupId, a)
  await adoptTemplateForm(db, link.answeringGroupId, b)
  const linkedId = await raiseConcern(db, a[0]!, link.askingGroupId, {
    about: 'between_members',
    concern: `How we share the room, ${tag}`,
    named: [a[1]!.id],
  })
  await toGroupStep(db, a[0]!, link.askingGroupId, linkedId)
  const concernText = `Group B's own concern, never for A, ${tag}`
  const bConcern = await raiseConcern(db, b[0]!, link.answeringGroupId, { about: 'practice', concern: concernText, named: [b[1]!.id] })
  await toGroupStep(db, b[0]!, link.answeringGroupId, bConcern)
  const summary = `A summary for our link group, ${tag}`
  await decided(db, b as TestPerson[], (by) => proposeHelp(db, by, link.answeringGroupId, bConcern, { linkId: link.id, summary }))
  const request = await db.selectFrom('conflictHelpRequests').select('id').where('conflictId', '=', bConcern).executeTakeFirstOrThrow()
  return {
    linked: { groupId: link.askingGroupId, id: linkedId },
    help: { requestId: request.id, summary, concernText },
    secrets: [`How we share the room, ${tag}`, concernText, summary],
  }
}

export async function conflictWorld(
  db: Db,
  tag: string,
  people: { alice: TestPerson; bob: TestPerson; carol: TestPerson },
  groupId: string,
): Promise<typeof NO_CONFLICTS> {
  const { alice, bob, carol } = people
  await adoptTemplateForm(db, groupId, [alice, bob, carol])
  const sharedText = `The shared concern, ${tag}`
  const sharedNote = `We spoke after the meeting, ${tag}`
  const sharedId = await raiseConcern(db, alice, groupId, { about: 'between_members', concern: sharedText, named: [bob.id] })
  await addNote(db, alice, groupId, sharedId, { note: sharedNote })
  const stepKey = await toGroupStep(db, alice, groupId, sharedId)
  const hiddenText = `Between Carol and Bob only, ${tag}`
  const hiddenId = await raiseConcern(db, carol, groupId, { about: 'practice', concern: hiddenText, named: [bob.id] })
  const network = await networkPart(db, tag, alice)
  return {
    conflicts: {
      firstStepName: conflictTemplate().steps[0]!.name,
      shared: { id: sharedId, text: sharedText, note: sharedNote, stepKey },
      hidden: { id: hiddenId, text: hiddenText },
      linked: network?.linked ?? NO_CONFLICTS.conflicts.linked,
      help: network?.help ?? NO_CONFLICTS.conflicts.help,
    },
    secrets: [sharedText, sharedNote, hiddenText, ...(network?.secrets ?? [])],
  }
}
