import type { Db } from '~db/connection'
import type { DemoPersonKey } from '~db/demo-content'
import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import { frameworkToText } from '~/features/peer-audit/core/framework'
import * as audit from '~/features/peer-audit/peer-audit.server'
import * as assessments from '~/features/peer-audit/assessments.server'
import { findAuditTemplate } from '~/features/peer-audit/practice-templates.server'
import type { SessionUser } from '~/utils/session.server'

// The demo group's peer review audit (issue 18, item 5), told through the services: the group
// adopts the shipped counselling framework and revises it once; members keep records, share some,
// one consents to the link groups reading hers; an audit meeting, and peers' assessments at it.

const DAY = 86_400_000
const dayAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10)

async function decide(db: Db, members: SessionUser[], propose: () => Promise<string>) {
  const id = await propose()
  const status = await everyoneAgrees(db, id, members)
  if (status !== 'passed') throw new Error(`The demo's audit decision ${id} did not pass (${status}).`)
}

export async function seedPeerAudit(
  db: Db,
  demo: { people: Map<DemoPersonKey, SessionUser>; groupId: string; at: (daysAgo: number) => void },
) {
  const { groupId, at } = demo
  const p = (key: DemoPersonKey) => demo.people.get(key)!
  const members = [...demo.people.values()]
  const template = findAuditTemplate('peer-review-audit-counselling')
  if (!template) return
  at(30)
  await decide(db, members, () => audit.proposeAdoptTemplate(db, p('amara'), groupId, { templateSlug: template.slug }))
  at(24)
  const revised = frameworkToText(template.components).replace(
    /(- \[own-distress\][^\n]*)/,
    '$1\n- [silences] I let a silence be, and did not fill it to ease my own discomfort.',
  )
  await decide(db, members, () =>
    audit.proposeRevision(db, p('bernard'), groupId, {
      framework: revised,
      why: 'Our inquiry keeps coming back to silence: we want it among the criteria we audit ourselves against.',
    }),
  )
  const assess = async (key: DemoPersonKey, daysAgo: number, occasion: string, levels: Record<string, string>, reflection: string) => {
    at(daysAgo)
    const values = { practisedOn: dayAgo(daysAgo + 1), occasion, reflection, ...levels }
    return assessments.createAssessment(db, p(key), groupId, values, { practisedOn: values.practisedOn, occasion, reflection })
  }
  await assess(
    'amara',
    20,
    'A first session with a new client, an hour, in my practice room',
    { 'level.clear-agreement': '3', 'level.free-attention': '2', 'note.free-attention': 'I was thinking about my next client.' },
    'I rushed the contract because I was nervous about the fee. Next time I will say it first.',
  )
  const bernards = await assess(
    'bernard',
    18,
    'A long-standing client, the session before a break',
    { 'level.boundaries-held': '3', 'level.own-distress': '2', 'level.silences': '2', 'note.silences': 'I filled two silences.' },
    'The break stirred my own dread of endings. I noticed it afterwards, not in the room.',
  )
  await assessments.changeSharing(db, p('bernard'), groupId, bernards, 'share')
  const carys = await assess(
    'carys',
    16,
    'A couple, third session',
    { 'level.range': '4', 'level.client-led': '3', 'level.notes': '3' },
    'I confronted the pattern between them kindly and it landed. I want the group to check whether I took sides.',
  )
  await assessments.changeSharing(db, p('carys'), groupId, carys, 'share')
  await assessments.changeSharing(db, p('carys'), groupId, carys, 'consent')
  at(12)
  const meetingId = await assessments.scheduleMeeting(db, p('dev'), groupId, {
    heldOn: dayAgo(9),
    title: 'Audit meeting: endings and silences',
  })
  at(9)
  await assessments.givePeerAssessment(
    db,
    p('dev'),
    groupId,
    bernards,
    { 'level.own-distress': '3' },
    { feedback: 'You caught it the same day and brought it here: that is the criterion met, to my eye.', meetingId },
  )
  await assessments.givePeerAssessment(
    db,
    p('elena'),
    groupId,
    carys,
    { 'level.client-led': '2' },
    { feedback: 'From what you told us, you followed him more than her. Worth watching.', meetingId },
  )
}
