import type { Db } from '~db/connection'
import { createAccount } from '~/features/accounts/accounts.server'
import { createGroup, createInvitation, joinByInvitation } from '~/features/groups/groups.server'
import * as audit from '~/features/peer-audit/peer-audit.server'
import * as assessments from '~/features/peer-audit/assessments.server'
import { startSession } from '~/utils/session.server'
import type { TestPerson } from './index'
import { decided, linkGroups, makeMemberGroup } from './network'

// The peer review audit part of a world (issue 18, item 5), built through the services people use.

const NOT_IN_THIS_WORLD = 'not-in-this-world'

export const NO_AUDIT = {
  audit: {
    framework: NOT_IN_THIS_WORLD,
    criterionKey: NOT_IN_THIS_WORLD,
    privateId: NOT_IN_THIS_WORLD,
    privateText: NOT_IN_THIS_WORLD,
    sharedId: NOT_IN_THIS_WORLD,
    sharedText: NOT_IN_THIS_WORLD,
    carolSharedId: NOT_IN_THIS_WORLD,
    carolSharedText: NOT_IN_THIS_WORLD,
    peerFeedback: NOT_IN_THIS_WORLD,
    meetingId: NOT_IN_THIS_WORLD,
    meetingTitle: NOT_IN_THIS_WORLD,
    linkId: NOT_IN_THIS_WORLD,
    linkedGroupId: NOT_IN_THIS_WORLD,
    linkedGroupName: NOT_IN_THIS_WORLD,
    linkedId: NOT_IN_THIS_WORLD,
    linkedText: NOT_IN_THIS_WORLD,
  },
  secrets: [] as string[],
}

export const AUDIT_TEMPLATE = 'peer-review-audit-counselling'
/** The first criterion of the shipped counselling framework. */
export const FIRST_CRITERION = 'clear-agreement'

/** A signed-up person with a session (the link group's members, in no other group of the world). */
async function person(db: Db, name: string): Promise<TestPerson> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${Math.random().toString(36).slice(2, 10)}@example.org`
  const password = 'correct horse battery staple'
  const id = await createAccount(db, { email, displayName: name, password })
  const cookie = (await startSession(db, id)).split(';')[0]!
  return { id, email, displayName: name, password, cookie }
}

/** The group adopts the shipped counselling framework by its own decision, everyone agreeing. */
export function adoptShippedFramework(db: Db, groupId: string, members: readonly TestPerson[]) {
  return decided(db, members, (by) => audit.proposeAdoptTemplate(db, by, groupId, { templateSlug: AUDIT_TEMPLATE }))
}

/** A self-assessment through the service, with a level on the first two criteria. */
export function recordAssessment(db: Db, by: TestPerson, groupId: string, occasion: string, reflection: string) {
  const values = {
    practisedOn: '2026-11-20',
    occasion,
    reflection,
    [`level.${FIRST_CRITERION}`]: '3',
    [`note.${FIRST_CRITERION}`]: 'Fees were the hard part.',
    'level.boundaries-held': '2',
  }
  return assessments.createAssessment(db, by, groupId, values, { practisedOn: values.practisedOn, occasion, reflection })
}

/**
 * The group adopted the counselling framework. Alice keeps a private record (`private…`) and a
 * shared one (`shared…`) that Bob assessed (`peerFeedback`); Carol shared one (`carolShared…`);
 * an audit meeting is scheduled. The group is a member group of the network, linked with
 * another (`linked…`: Hana and Hugo), where Hana shared a record and consents to the link groups
 * reading it (`linkedText`). Alice's and Carol's records are not consented for the link groups.
 */
export async function auditWorld(
  db: Db,
  tag: string,
  people: { alice: TestPerson; bob: TestPerson; carol: TestPerson },
  groupId: string,
): Promise<typeof NO_AUDIT> {
  const { alice, bob, carol } = people
  const members = [alice, bob, carol]
  await adoptShippedFramework(db, groupId, members)
  const privateText = `Private reflection on my practice, ${tag}`
  const privateId = await recordAssessment(db, alice, groupId, `A first session, ${tag}`, privateText)
  const sharedText = `Shared reflection on my practice, ${tag}`
  const sharedId = await recordAssessment(db, alice, groupId, `An ending, ${tag}`, sharedText)
  await assessments.changeSharing(db, alice, groupId, sharedId, 'share')
  const carolSharedText = `Carol's shared reflection, ${tag}`
  const carolSharedId = await recordAssessment(db, carol, groupId, `A group session, ${tag}`, carolSharedText)
  await assessments.changeSharing(db, carol, groupId, carolSharedId, 'share')
  const meetingTitle = `Autumn audit meeting, ${tag}`
  const meetingId = await assessments.scheduleMeeting(db, bob, groupId, { heldOn: '2026-11-28', title: meetingTitle })
  const peerFeedback = `Peer feedback from Bob, ${tag}`
  await assessments.givePeerAssessment(
    db,
    bob,
    groupId,
    sharedId,
    { [`level.${FIRST_CRITERION}`]: '4' },
    { feedback: peerFeedback, meetingId },
  )

  // The link group: both groups enter the network and link.
  const hana = await person(db, 'Hana')
  const hugo = await person(db, 'Hugo')
  const linkedGroupName = `Audit link circle ${tag}`
  const linkedGroupId = await createGroup(db, hana, { kind: 'inquiry_group', name: linkedGroupName, facilitate: 'on' })
  const { token } = await createInvitation(db, hana, linkedGroupId, { expiresInDays: 7 })
  await joinByInvitation(db, hugo, token)
  await makeMemberGroup(db, groupId, members, `Our ethical stance, ${tag}.`)
  await makeMemberGroup(db, linkedGroupId, [hana, hugo], `Their ethical stance, ${tag}.`)
  const linkId = await linkGroups(db, { id: groupId, members }, { id: linkedGroupId, members: [hana, hugo] })
  await adoptShippedFramework(db, linkedGroupId, [hana, hugo])
  const linkedText = `Hana's reflection for the link groups, ${tag}`
  const linkedId = await recordAssessment(db, hana, linkedGroupId, `A supervision, ${tag}`, linkedText)
  await assessments.changeSharing(db, hana, linkedGroupId, linkedId, 'share')
  await assessments.changeSharing(db, hana, linkedGroupId, linkedId, 'consent')

  return {
    audit: {
      framework: 'Contracting and boundaries',
      criterionKey: FIRST_CRITERION,
      privateId,
      privateText,
      sharedId,
      sharedText,
      carolSharedId,
      carolSharedText,
      peerFeedback,
      meetingId,
      meetingTitle,
      linkId,
      linkedGroupId,
      linkedGroupName,
      linkedId,
      linkedText,
    },
    secrets: [privateText, sharedText, carolSharedText, peerFeedback, meetingTitle, linkedText],
  }
}
