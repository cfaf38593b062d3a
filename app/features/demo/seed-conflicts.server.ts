import type { Db } from '~db/connection'
import type { DemoPersonKey } from '~db/demo-content'
import { addNote, closeConcern, moveOn, proposeForm, raiseConcern } from '~/features/conflicts/concerns.server'
import { parseStepsJson, stepsToText } from '~/features/conflicts/core/form'
import { conflictTemplate } from '~/features/conflicts/template.server'
import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import type { SessionUser } from '~/utils/session.server'

// The demo group's concerns and conflicts (issue 18 item 6), told through the services: the group
// agrees its form from the shipped draft, with an intro of its own; Amara raises a concern about
// how the group uses its check-in time, between her and Bernard; they take it through their two
// steps to the whole group, which hears it; and it closes as an honourable difference, read by all.
// Its words name no one, so a member's withdrawal leaves nothing of theirs in others' notes.

export async function seedConflicts(
  db: Db,
  demo: { people: Map<DemoPersonKey, SessionUser>; groupId: string; at: (daysAgo: number) => void },
) {
  const { groupId } = demo
  const everyone = [...demo.people.values()]
  const amara = demo.people.get('amara')!
  const bernard = demo.people.get('bernard')!
  const template = conflictTemplate()
  demo.at(40)
  const formDecision = await proposeForm(db, amara, groupId, {
    intro: `${template.intro} We agreed this after a meeting where a disagreement went unspoken for too long.`,
    steps: stepsToText(template.steps),
  })
  const status = await everyoneAgrees(db, formDecision, everyone)
  if (status !== 'passed') throw new Error(`the demo's form of conflict resolution did not pass (${status})`)
  demo.at(20)
  const conflictId = await raiseConcern(db, amara, groupId, {
    about: 'between_members',
    concern:
      'I feel our check-ins are being cut short so that we can get to the agenda. I value the check-in as where we stand by each other, and I would like us to look at how we use that time.',
    named: [bernard.id],
  })
  const form = await db
    .selectFrom('conflictForms')
    .select('stepsJson')
    .where('groupId', '=', groupId)
    .where('version', '=', 1)
    .executeTakeFirstOrThrow()
  const steps = parseStepsJson(form.stepsJson)
  await addNote(db, amara, groupId, conflictId, {
    note: 'We spoke over coffee. We each heard the other, and found we want different things from the same half hour.',
  })
  demo.at(18)
  await moveOn(db, bernard, groupId, conflictId, { fromStep: steps[0]!.key, note: '' })
  await addNote(db, bernard, groupId, conflictId, {
    note: 'With a supporter both of us chose, we saw that neither of us is wrong: it is a difference in how we each come to the work.',
  })
  demo.at(14)
  await moveOn(db, amara, groupId, conflictId, { fromStep: steps[1]!.key, note: '' })
  await addNote(db, bernard, groupId, conflictId, { note: 'The group heard both of us at its meeting.' })
  demo.at(13)
  await closeConcern(db, amara, groupId, conflictId, {
    outcome: 'honourable_difference',
    outcomeNote:
      'An honourable difference. The check-in keeps its full time on the first Thursday of each month; on other weeks we agree its length at the start.',
  })
  return conflictId
}
