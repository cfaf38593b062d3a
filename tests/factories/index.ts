import { createAccount } from '~/features/accounts/accounts.server'
import { takeStance } from '~/features/decisions/decisions.server'
import { createGroup, createInvitation, joinByInvitation, proposeGeneral } from '~/features/groups/groups.server'
import { createInquiry, proposeMoveOn } from '~/features/inquiries/inquiries.server'
import { createRecord } from '~/features/records/records.server'
import { hashToken } from '~/utils/ids.server'
import type { Db } from '~db/connection'
import type { Visibility, WayOfKnowing } from '~db/schema'
import { startSession, type SessionUser } from '~/utils/session.server'

let counter = 0

export type TestPerson = SessionUser & { cookie: string; password: string }

/** A signed-up person with a live session cookie. */
export async function createPerson(db: Db, name?: string): Promise<TestPerson> {
  counter += 1
  const displayName = name ?? `Person ${counter}`
  const email = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${counter}@example.org`
  const password = 'correct horse battery staple'
  const id = await createAccount(db, { email, displayName, password })
  const setCookie = await startSession(db, id)
  return { id, email, displayName, password, cookie: setCookie.split(';')[0]! }
}

/** A group whose first person created it and the rest joined by invitation. */
export async function createGroupWith(
  db: Db,
  people: TestPerson[],
  options: { kind?: 'inquiry_group' | 'pair'; name?: string; firstIsClient?: boolean } = {},
): Promise<string> {
  const [creator, ...others] = people
  if (!creator) throw new Error('a group needs at least one person')
  const kind = options.kind ?? 'inquiry_group'
  const groupId = await createGroup(db, creator, {
    kind,
    name: options.name ?? 'Test group',
    pairRole: kind === 'pair' ? (options.firstIsClient === false ? 'practitioner' : 'client') : undefined,
    facilitate: kind === 'inquiry_group' ? 'on' : undefined,
  })
  for (const person of others) {
    const { token } = await createInvitation(db, creator, groupId, { expiresInDays: 7 })
    await joinByInvitation(db, person, token)
  }
  return groupId
}

export async function createTestInquiry(db: Db, creator: TestPerson, groupId: string, templateSlug = 'cooperative-inquiry') {
  return createInquiry(db, creator, groupId, { title: 'How we meet silence', question: 'What happens when a session falls silent?', templateSlug })
}

/** An invitation token and its row id, made by a member of the group. */
export async function createTestInvitation(db: Db, by: TestPerson, groupId: string, expiresInDays = 7) {
  const { token } = await createInvitation(db, by, groupId, { expiresInDays })
  const row = await db.selectFrom('invitations').select('id').where('tokenHash', '=', hashToken(token)).executeTakeFirstOrThrow()
  return { token, invitationId: row.id }
}

/** A record written straight through the service, dated yesterday unless told otherwise. */
export async function createTestRecord(
  db: Db,
  author: TestPerson,
  inquiryId: string,
  input: Partial<{ text: string; wayOfKnowing: WayOfKnowing; visibility: Visibility; occurredAt: string }> = {},
) {
  return createRecord(db, author, inquiryId, {
    text: input.text ?? `A record by ${author.displayName}`,
    wayOfKnowing: input.wayOfKnowing ?? 'experiential',
    visibility: input.visibility ?? 'group',
    occurredAt: input.occurredAt ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  })
}

/** Members agree one after another until the decision closes; returns its final status. */
export async function agreeUntilClosed(db: Db, decisionId: string, voters: TestPerson[]): Promise<string> {
  for (const voter of voters) {
    const outcome = await takeStance(db, voter, decisionId, { stance: 'agree', reason: null })
    if (outcome.status !== 'open') return outcome.status
  }
  return 'open'
}

/** Proposes the next step of an inquiry (or concluding it) and has the group agree to it. */
export async function moveOn(
  db: Db,
  inquiryId: string,
  people: TestPerson[],
  options: { step?: 'next' | 'conclude'; skipOptional?: boolean } = {},
): Promise<string> {
  const decisionId = await proposeMoveOn(db, people[0]!, inquiryId, {
    step: options.step ?? 'next',
    skipOptional: options.skipOptional ? 'on' : undefined,
    reason: '',
  })
  const status = await agreeUntilClosed(db, decisionId, people)
  if (status !== 'passed') throw new Error(`moving on did not pass: ${status}`)
  return decisionId
}

let worldCounter = 0

/**
 * A group of three (Alice facilitates) with an inquiry in its planning phase, a shared and
 * a private record by Alice, her open proposal, an open invitation, and an outsider who is
 * signed in but not a member. Names and texts are unique, so a test can look for leaks.
 */
export async function createWorld(db: Db) {
  worldCounter += 1
  const tag = `${worldCounter}-${Math.random().toString(36).slice(2, 8)}`
  const alice = await createPerson(db, 'Alice')
  const bob = await createPerson(db, 'Bob')
  const carol = await createPerson(db, 'Carol')
  const outsider = await createPerson(db, 'Outsider')
  const groupName = `Hidden circle ${tag}`
  const groupId = await createGroupWith(db, [alice, bob, carol], { name: groupName })
  const inquiryTitle = `Secret inquiry ${tag}`
  const inquiryId = await createInquiry(db, alice, groupId, {
    title: inquiryTitle,
    question: `What do we avoid naming, ${tag}?`,
    templateSlug: 'cooperative-inquiry',
  })
  const groupRecordText = `Shared confidence ${tag}`
  const privateRecordText = `Private confidence ${tag}`
  const groupRecordId = await createTestRecord(db, alice, inquiryId, { text: groupRecordText, visibility: 'group' })
  const privateRecordId = await createTestRecord(db, alice, inquiryId, { text: privateRecordText, visibility: 'private' })
  const decisionTitle = `Proposal ${tag}`
  const decisionId = await proposeGeneral(db, alice, groupId, { title: decisionTitle, body: `Details ${tag}` })
  const { token: inviteToken, invitationId } = await createTestInvitation(db, alice, groupId)
  return {
    tag, alice, bob, carol, outsider, members: [alice, bob, carol],
    groupId, groupName, inquiryId, inquiryTitle, groupRecordId, groupRecordText, privateRecordId, privateRecordText,
    decisionId, decisionTitle, inviteToken, invitationId,
    /** Strings that must never reach someone outside the group. */
    secrets: [groupName, inquiryTitle, groupRecordText, privateRecordText, decisionTitle, `Details ${tag}`],
  }
}

export type World = Awaited<ReturnType<typeof createWorld>>
