import { describe, expect, test } from 'vitest'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import { joinByInvitation, proposeGeneral } from '~/features/groups/groups.server'
import { deliverDueMails } from '~/features/mail/outbox.server'
import { setMailTransport } from '~/features/mail/transport.server'
import * as membersRoute from '~/routes/groups.$groupId.members'
import { writeWeeklyDigests } from '~/features/mail/digest.server'
import { saveMailPreferences } from '~/features/mail/preferences.server'
import { getDb } from '~/utils/db.server'
import { createPerson, createTestRecord, createTestTheme, moveOn, rate, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, post, tableCounts } from './harness'
import { withInquiry } from './support-inquiries'

// What members hear by mail, and what no mail ever carries: the outbox is read directly, as
// the record of what is (or will be) sent.

const db = () => getDb()

async function mailsTo(person: TestPerson, kind?: string) {
  let query = db().selectFrom('mailOutbox').selectAll().where('personId', '=', person.id)
  if (kind) query = query.where('kind', '=', kind)
  return query.execute()
}

/**
 * The shared group of three with an inquiry (support-inquiries.ts), its name carrying `tag`
 * as the texts the tests write do. The third member is Cleo, not Cy: the tests make sure mails
 * never name her, so her name must be one that no other word in a mail contains.
 */
async function quietCircle() {
  const tag = Math.random().toString(36).slice(2, 8)
  const world = await withInquiry('cooperative-inquiry', { names: ['Ada', 'Ben', 'Cleo'], groupName: `Quiet circle ${tag}` })
  return { ...world, tag }
}

describe('mail about what happens in a group', () => {
  test('a new phase: every member is told, with a link and nothing anyone wrote', async () => {
    const { people, inquiryId, tag } = await quietCircle()
    const secret = `What I noticed in the session ${tag}`
    await createTestRecord(db(), people[1]!, inquiryId, { text: secret })
    await moveOn(db(), inquiryId, people)
    for (const person of people) {
      const [mail, ...more] = await mailsTo(person, 'phase_begun')
      expect(more).toEqual([])
      expect(mail!.subject).toMatch(/^A new phase has begun: /)
      expect(mail!.link).toBe(`http://localhost:3000/inquiries/${inquiryId}`)
      expect(mail!.text).not.toContain(secret)
      expect(mail!.toAddress).toBe(person.email)
    }
  })

  test('a proposal: everyone but the proposer is asked for a stance; neither its title nor its id is in the mail', async () => {
    const { people, groupId, tag } = await quietCircle()
    const title = `Meet fortnightly ${tag}`
    const decisionId = await proposeGeneral(db(), people[0]!, groupId, { title, body: `Because ${tag}` })
    expect(await mailsTo(people[0]!, 'decision_awaits')).toEqual([])
    for (const person of people.slice(1)) {
      const mails = await mailsTo(person, 'decision_awaits')
      expect(mails.map((m) => m.link)).toEqual([`http://localhost:3000/groups/${groupId}`])
      expect(mails[0]!.text).not.toContain(title)
      // No mail ties a person to a particular decision (an anonymous one would be linked to its voters).
      expect(JSON.stringify(mails)).not.toContain(decisionId)
    }
  })

  test('a challenge to a record: its author hears of it, without the challenge or who raised it', async () => {
    const { people, inquiryId, tag } = await quietCircle()
    const recordId = await createTestRecord(db(), people[1]!, inquiryId, { text: `A record ${tag}` })
    const words = `Is this a projection, ${tag}?`
    await raiseChallenge(db(), people[2]!, inquiryId, { target: `record:${recordId}`, hazard: 'unaware_projection', text: words })
    const [mail, ...more] = await mailsTo(people[1]!, 'challenge_raised')
    expect(more).toEqual([])
    expect(mail!.text).toContain('a record of yours')
    expect(mail!.text).not.toContain(words)
    expect(mail!.text).not.toContain('Cleo')
    expect(await mailsTo(people[2]!, 'challenge_raised')).toEqual([])
    expect(await mailsTo(people[0]!, 'challenge_raised')).toEqual([])
  })

  test('the blind round: opened with sense-making, and revealed when all have rated', async () => {
    const { people, inquiryId } = await quietCircle()
    await toSenseMaking(db(), inquiryId, people)
    for (const person of people)
      expect((await mailsTo(person, 'rating_round')).map((m) => m.subject)).toEqual(['A blind rating round is open'])
    const themeId = await createTestTheme(db(), people[0]!, inquiryId, 'Waiting')
    await rate(db(), people[0]!, inquiryId, 'blind', { [themeId]: 3 })
    await rate(db(), people[1]!, inquiryId, 'blind', { [themeId]: 4 })
    expect((await mailsTo(people[0]!, 'rating_round')).length).toBe(1)
    await rate(db(), people[2]!, inquiryId, 'blind', { [themeId]: 2 })
    for (const person of people) {
      expect((await mailsTo(person, 'rating_round')).map((m) => m.subject)).toEqual([
        'A blind rating round is open',
        'The blind ratings are revealed',
      ])
    }
  })

  test('an invitation mailed to an address: the outbox holds a placeholder, and the mailed link joins the group', async () => {
    const { people, groupId, tag } = await quietCircle()
    const invitee = `invitee-${tag}@example.org`
    const response = await post(membersRoute, {
      path: `/groups/${groupId}/members`,
      params: { groupId },
      cookie: people[0]!.cookie,
      form: { intent: 'invite', expiresInDays: '7', sendTo: invitee.toUpperCase() },
    })
    expect(response.status).toBe(200)
    const { inviteLink } = (await bodyOf(response)) as { inviteLink: string }
    const token = inviteLink.split('/join/')[1]!
    const rows = await db().selectFrom('mailOutbox').selectAll().where('toAddress', '=', invitee).execute()
    expect(rows.map((r) => r.subject)).toEqual([expect.stringMatching(/^You are invited to join “Quiet circle/)])
    const everything = JSON.stringify([...rows, ...(await db().selectFrom('invitations').selectAll().execute())])
    expect(everything).not.toContain(token)
    const sent: string[] = []
    setMailTransport({ describe: 'test', send: async (mail) => void sent.push(mail.text) })
    try {
      await deliverDueMails(db())
    } finally {
      setMailTransport(undefined)
    }
    const mailed = sent.find((t) => t.includes('/join/'))!
    expect(mailed).toContain(`http://localhost:3000/join/${token}`)
    const newcomer = await createPerson(db(), 'Newcomer')
    await joinByInvitation(db(), newcomer, token)
    expect(
      await db().selectFrom('members').select('personId').where('groupId', '=', groupId).where('personId', '=', newcomer.id).execute(),
    ).toHaveLength(1)
  })

  test('an address that is not one is refused beside the field, and nothing is written', async () => {
    const { people, groupId } = await quietCircle()
    const before = await tableCounts(db())
    const response = await post(membersRoute, {
      path: `/groups/${groupId}/members`,
      params: { groupId },
      cookie: people[0]!.cookie,
      form: { intent: 'invite', expiresInDays: '7', sendTo: 'not an address' },
    })
    expect(response.status).toBe(400)
    expect(await bodyOf(response)).toMatchObject({
      errors: { sendTo: expect.stringContaining('Enter an email address') },
      values: { sendTo: 'not an address' },
    })
    expect(await tableCounts(db())).toEqual(before)
  })

  test('the weekly digest: counts only, to those who chose it, once a week', async () => {
    const { people, inquiryId, tag } = await quietCircle()
    const secret = `A shared record for the digest ${tag}`
    await createTestRecord(db(), people[1]!, inquiryId, { text: secret })
    await createTestRecord(db(), people[2]!, inquiryId, { text: `A private one ${tag}`, visibility: 'private' })
    await saveMailPreferences(db(), people[0]!, { 'mail.weekly_digest': 'on' })
    expect(await writeWeeklyDigests(db())).toBeGreaterThanOrEqual(1)
    const [digest, ...more] = await mailsTo(people[0]!, 'weekly_digest')
    expect(more).toEqual([])
    expect(digest!.text).toMatch(/Quiet circle \S+: 1 shared record/)
    for (const word of [secret, 'private', 'Ben', 'Cleo']) expect(digest!.text).not.toContain(word)
    expect(await mailsTo(people[1]!, 'weekly_digest')).toEqual([])
    // Not again within the week.
    await writeWeeklyDigests(db())
    expect(await mailsTo(people[0]!, 'weekly_digest')).toHaveLength(1)
    // A week on, the next one.
    await writeWeeklyDigests(db(), new Date(Date.now() + 7 * 86_400_000 + 60_000))
    expect(await mailsTo(people[0]!, 'weekly_digest')).toHaveLength(2)
  })

  test('a member who chose not to hear of new phases is not mailed about them', async () => {
    const { people, inquiryId } = await quietCircle()
    await saveMailPreferences(db(), people[2]!, { 'mail.decision_awaits': 'on' })
    await moveOn(db(), inquiryId, people)
    expect(await mailsTo(people[2]!, 'phase_begun')).toEqual([])
    expect((await mailsTo(people[1]!, 'phase_begun')).length).toBe(1)
  })
})
