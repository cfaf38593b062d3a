import { createAccount } from '~/features/accounts/accounts.server'
import { takeStance } from '~/features/decisions/decisions.server'
import { createGroup, createInvitation, joinByInvitation, proposeGeneral } from '~/features/groups/groups.server'
import { phaseContext } from '~/features/inquiries/cycles.server'
import { createInquiry, proposeMoveOn } from '~/features/inquiries/inquiries.server'
import { rateBlind, rateOpen } from '~/features/ratings/ratings.server'
import { createRecord } from '~/features/records/records.server'
import { linkRecord, proposeTheme } from '~/features/themes/themes.server'
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

/** Moves the inquiry on (skipping optional phases) until its current phase is sense-making. */
export async function toSenseMaking(db: Db, inquiryId: string, people: TestPerson[]): Promise<void> {
  for (let step = 0; step < 10; step++) {
    if ((await phaseContext(db, inquiryId)).isSenseMaking) return
    await moveOn(db, inquiryId, people, { skipOptional: true })
  }
  throw new Error('the inquiry never reached sense-making')
}

/** From sense-making, begins the next cycle and moves on to its sense-making phase. */
export async function nextCycleToSenseMaking(db: Db, inquiryId: string, people: TestPerson[]): Promise<void> {
  if (!(await phaseContext(db, inquiryId)).isSenseMaking) throw new Error('not in sense-making')
  await moveOn(db, inquiryId, people)
  await toSenseMaking(db, inquiryId, people)
}

export async function createTestTheme(db: Db, by: TestPerson, inquiryId: string, name: string, description = '') {
  return proposeTheme(db, by, inquiryId, { name, description })
}

export async function linkTestRecord(db: Db, by: TestPerson, inquiryId: string, themeId: string, recordId: string) {
  await linkRecord(db, by, inquiryId, themeId, recordId)
}

/** Ratings by theme id, as the ratings form sends them; reasons only count in the open round. */
export async function rate(
  db: Db,
  person: TestPerson,
  inquiryId: string,
  round: 'blind' | 'open',
  values: Record<string, number>,
  reasons: Record<string, string> = {},
) {
  const form: Record<string, string> = {}
  for (const [themeId, value] of Object.entries(values)) form[`rating.${themeId}`] = String(value)
  for (const [themeId, reason] of Object.entries(reasons)) form[`reason.${themeId}`] = reason
  if (round === 'blind') return rateBlind(db, person, inquiryId, form)
  await rateOpen(db, person, inquiryId, form)
  return { revealed: false }
}

let worldCounter = 0

/** The world's sense-making inquiry (see createWorld). */
async function senseMakingInquiry(db: Db, tag: string, groupId: string, members: TestPerson[]) {
  const [alice, bob, carol] = members as [TestPerson, TestPerson, TestPerson]
  const smInquiryTitle = `Sense-making inquiry ${tag}`
  const smInquiryId = await createInquiry(db, alice, groupId, {
    title: smInquiryTitle,
    question: `What do our sessions ask of us, ${tag}?`,
    templateSlug: 'cooperative-inquiry',
  })
  await moveOn(db, smInquiryId, members)
  const smRecordText = `Action note by Alice ${tag}`
  const smOtherRecordText = `Action note by Bob ${tag}`
  const smRecordId = await createTestRecord(db, alice, smInquiryId, { text: smRecordText, visibility: 'group' })
  const smOtherRecordId = await createTestRecord(db, bob, smInquiryId, { text: smOtherRecordText, visibility: 'group' })
  await toSenseMaking(db, smInquiryId, members)
  const themeName = `Holding back ${tag}`
  const otherThemeName = `Rushing in ${tag}`
  const themeId = await createTestTheme(db, alice, smInquiryId, themeName, `When we wait ${tag}`)
  const otherThemeId = await createTestTheme(db, bob, smInquiryId, otherThemeName)
  await linkTestRecord(db, alice, smInquiryId, themeId, smRecordId)
  await rate(db, alice, smInquiryId, 'blind', { [themeId]: 3, [otherThemeId]: 4 })
  await rate(db, bob, smInquiryId, 'blind', { [themeId]: 4, [otherThemeId]: 3 })
  const { revealed } = await rate(db, carol, smInquiryId, 'blind', { [themeId]: 3, [otherThemeId]: 3 })
  if (!revealed) throw new Error('the world\'s first blind round was not revealed')
  const openReason = `Open reason ${tag}`
  await rate(db, alice, smInquiryId, 'open', { [themeId]: 4 }, { [themeId]: openReason })
  await nextCycleToSenseMaking(db, smInquiryId, members)
  await rate(db, alice, smInquiryId, 'blind', { [themeId]: 2, [otherThemeId]: 2 })
  return {
    smInquiryId, smInquiryTitle, smRecordId, smRecordText, smOtherRecordId, smOtherRecordText,
    themeId, themeName, otherThemeId, otherThemeName, openReason,
    smSecrets: [smInquiryTitle, smRecordText, smOtherRecordText, themeName, otherThemeName, `When we wait ${tag}`, openReason],
  }
}

/**
 * A group of three (Alice facilitates) with an inquiry in its planning phase, a shared and
 * a private record by Alice, her open proposal, an open invitation, and an outsider who is
 * signed in but not a member. Names and texts are unique, so a test can look for leaks.
 *
 * The group has a second inquiry for sense-making (`sm…`): in cycle 1 Alice and Bob each
 * recorded in the action phase, two themes were named (Alice linked her record to the
 * first), all three rated them blind with 3s and 4s (so the round was revealed) and Alice
 * re-rated one openly with a reason. Cycle 2 is now in sense-making with its blind round
 * open, in which only Alice has rated (2 for both themes). No rating anywhere is a 5.
 * It takes most of the time a world takes to make, so `{ senseMaking: false }` leaves it out;
 * its ids are then placeholders no route knows.
 */
export async function createWorld(db: Db, options: { senseMaking?: boolean } = {}) {
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

  const members = [alice, bob, carol]
  const sm = options.senseMaking === false ? null : await senseMakingInquiry(db, tag, groupId, members)
  const none = 'not-in-this-world'
  const {
    smInquiryId, smInquiryTitle, smRecordId, smRecordText, smOtherRecordId, smOtherRecordText,
    themeId, themeName, otherThemeId, otherThemeName, openReason, smSecrets,
  } = sm ?? {
    smInquiryId: none, smInquiryTitle: none, smRecordId: none, smRecordText: none, smOtherRecordId: none, smOtherRecordText: none,
    themeId: none, themeName: none, otherThemeId: none, otherThemeName: none, openReason: none, smSecrets: [] as string[],
  }

  return {
    tag, alice, bob, carol, outsider, members,
    groupId, groupName, inquiryId, inquiryTitle, groupRecordId, groupRecordText, privateRecordId, privateRecordText,
    decisionId, decisionTitle, inviteToken, invitationId,
    smInquiryId, smInquiryTitle, smRecordId, smRecordText, smOtherRecordId, smOtherRecordText,
    themeId, themeName, otherThemeId, otherThemeName, openReason,
    /** Strings that must never reach someone outside the group. */
    secrets: [
      groupName, inquiryTitle, groupRecordText, privateRecordText, decisionTitle, `Details ${tag}`,
      ...smSecrets,
    ],
  }
}

export type World = Awaited<ReturnType<typeof createWorld>>
