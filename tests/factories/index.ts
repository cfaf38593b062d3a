import { everyoneAgrees } from '~/features/decisions/stance-round.server'
import { createAccount } from '~/features/accounts/accounts.server'
import { raiseChallenge } from '~/features/challenges/challenges.server'
import { withdrawDecision } from '~/features/decisions/decisions.server'
import { createGroup, createInvitation, joinByInvitation, proposeGeneral } from '~/features/groups/groups.server'
import { inquiryTemplate, phaseContext } from '~/features/cycles/cycles.server'
import { createInquiry, proposeMoveOn } from '~/features/inquiries/inquiries.server'
import { judgeProcedure, proposeAdoptValidityReview, proposeDevilsAdvocate } from '~/features/validity/validity.server'
import { rateBlind, rateOpen } from '~/features/ratings/ratings.server'
import { createRecord } from '~/features/records/records.server'
import { proposeFocus } from '~/features/plans/plans.server'
import { giveConsent } from '~/features/peer-review/pairs.server'
import { finishClientTurn, openPeerReview, raiseItem } from '~/features/peer-review/peer-reviews.server'
import { linkRecord, proposeTheme } from '~/features/themes/themes.server'
import { hashToken } from '~/utils/ids.server'
import { auditWorld, NO_AUDIT } from './audit'
import { coCounsellingWorld, NO_CO_COUNSELLING } from './co-counselling'
import { conflictWorld, NO_CONFLICTS } from './conflicts'
import { networkWorld } from './network'
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
  return createInquiry(db, creator, groupId, {
    title: 'How we meet silence',
    question: 'What happens when a session falls silent?',
    templateSlug,
  })
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

/** Members agree one after another until the decision closes; returns its final status (the demo's builder). */
export const agreeUntilClosed = everyoneAgrees

/** The current cycle of an inquiry with what its validity review needs: number, adoption, devil's advocate. */
async function currentCycle(db: Db, inquiryId: string) {
  const context = await phaseContext(db, inquiryId)
  if (!context.current) throw new Error('the inquiry has no current phase')
  const cycle = await db
    .selectFrom('cycles')
    .select(['id', 'number', 'reviewAdoptedAt', 'devilsAdvocateId'])
    .where('id', '=', context.current.cycleId)
    .executeTakeFirstOrThrow()
  const last = await db
    .selectFrom('phases')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('cycleId', '=', cycle.id)
    .executeTakeFirstOrThrow()
  return { ...context, cycle, isLastPhase: context.current.position === Number(last.last) }
}

/**
 * Judges every required procedure of the current cycle's validity review that nobody has
 * judged yet ('met' unless told otherwise), through the service people use.
 */
export async function judgeRequired(
  db: Db,
  inquiryId: string,
  by: TestPerson,
  options: { status?: 'met' | 'partly' | 'not_met' | 'n_a'; note?: string } = {},
): Promise<string[]> {
  const { cycle } = await currentCycle(db, inquiryId)
  const inquiry = await db.selectFrom('inquiries').select('templateJson').where('id', '=', inquiryId).executeTakeFirstOrThrow()
  const judged = new Set(
    (await db.selectFrom('validityJudgements').select('procedureKey').where('cycleId', '=', cycle.id).execute()).map((j) => j.procedureKey),
  )
  const keys = inquiryTemplate(inquiry.templateJson)
    .validityProcedures.filter((p) => p.required && !judged.has(p.key))
    .map((p) => p.key)
  for (const procedureKey of keys) {
    await judgeProcedure(db, by, inquiryId, cycle.number, { procedureKey, status: options.status ?? 'met', note: options.note ?? '' })
  }
  return keys
}

/**
 * Adopts the current cycle's validity review as the group would: judges every required
 * procedure still unjudged, confirms a devil's advocate where the template requires one,
 * proposes adopting the review and has the members agree. The inquiry must be in its
 * sense-making phase. Returns the adoption decision's id (null if it was adopted already).
 */
export async function adoptValidityReview(db: Db, inquiryId: string, people: TestPerson[]): Promise<string | null> {
  const { cycle, isSenseMaking } = await currentCycle(db, inquiryId)
  if (cycle.reviewAdoptedAt) return null
  if (!isSenseMaking)
    throw new Error(`cycle ${cycle.number}'s validity review is adopted in its sense-making phase, and the inquiry is not there`)
  await judgeRequired(db, inquiryId, people[0]!)
  const inquiry = await db.selectFrom('inquiries').select('templateJson').where('id', '=', inquiryId).executeTakeFirstOrThrow()
  if (inquiryTemplate(inquiry.templateJson).devilsAdvocate.required && !cycle.devilsAdvocateId) {
    const open = await db
      .selectFrom('decisions')
      .select('id')
      .where('cycleId', '=', cycle.id)
      .where('kind', '=', 'devils_advocate')
      .where('status', '=', 'open')
      .executeTakeFirst()
    const daId = open?.id ?? (await proposeDevilsAdvocate(db, people[0]!, inquiryId, cycle.number, people[people.length - 1]!.id))
    const daStatus = await agreeUntilClosed(db, daId, people)
    if (daStatus !== 'passed') throw new Error(`the devil's advocate was not confirmed: ${daStatus}`)
  }
  const open = await db
    .selectFrom('decisions')
    .select('id')
    .where('cycleId', '=', cycle.id)
    .where('kind', '=', 'adopt_review')
    .where('status', '=', 'open')
    .executeTakeFirst()
  const decisionId = open?.id ?? (await proposeAdoptValidityReview(db, people[0]!, inquiryId, cycle.number))
  const status = await agreeUntilClosed(db, decisionId, people)
  if (status !== 'passed') throw new Error(`adopting the validity review did not pass: ${status}`)
  return decisionId
}

/**
 * Proposes the next step of an inquiry (or concluding it) and has the group agree to it.
 * A step that closes the cycle (the next cycle, or concluding) needs the cycle's validity
 * review adopted first; from sense-making this adopts it (see adoptValidityReview). Concluding
 * from any other phase is refused by the app, as it should be.
 */
export async function moveOn(
  db: Db,
  inquiryId: string,
  people: TestPerson[],
  options: { step?: 'next' | 'conclude'; skipOptional?: boolean } = {},
): Promise<string> {
  const step = options.step ?? 'next'
  const { isSenseMaking, isLastPhase } = await currentCycle(db, inquiryId)
  if ((step === 'conclude' || isLastPhase) && isSenseMaking) await adoptValidityReview(db, inquiryId, people)
  const decisionId = await proposeMoveOn(db, people[0]!, inquiryId, {
    step,
    skipOptional: options.skipOptional ? 'on' : undefined,
    reason: '',
  })
  const status = await agreeUntilClosed(db, decisionId, people)
  if (status !== 'passed') throw new Error(`moving on did not pass: ${status}`)
  return decisionId
}

/** Moves to sense-making (if not there), adopts the review, and concludes the inquiry by decision. */
export async function conclude(db: Db, inquiryId: string, people: TestPerson[]): Promise<string> {
  await toSenseMaking(db, inquiryId, people)
  return moveOn(db, inquiryId, people, { step: 'conclude' })
}

/** Moves the inquiry on (skipping optional phases) until its current phase is sense-making. */
export async function toSenseMaking(db: Db, inquiryId: string, people: TestPerson[]): Promise<void> {
  for (let step = 0; step < 10; step++) {
    if ((await phaseContext(db, inquiryId)).isSenseMaking) return
    await moveOn(db, inquiryId, people, { skipOptional: true })
  }
  throw new Error('the inquiry never reached sense-making')
}

/** From sense-making, adopts the cycle's validity review, begins the next cycle and moves on to its sense-making phase. */
export async function nextCycleToSenseMaking(db: Db, inquiryId: string, people: TestPerson[]): Promise<void> {
  if (!(await phaseContext(db, inquiryId)).isSenseMaking) throw new Error('not in sense-making')
  await adoptValidityReview(db, inquiryId, people)
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

/**
 * A client–practitioner pair: the client creates it and the practitioner joins by invitation.
 * With `consent` the client consents to the principles as they stand.
 */
export async function createPair(db: Db, client: TestPerson, practitioner: TestPerson, options: { name?: string; consent?: boolean } = {}) {
  const groupId = await createGroupWith(db, [client, practitioner], {
    kind: 'pair',
    name: options.name ?? 'Test pair',
    firstIsClient: true,
  })
  if (options.consent) await giveConsent(db, client, groupId)
  return groupId
}

export type ItemKind = 'satisfaction' | 'dissatisfaction' | 'proposal' | 'between_us'

/** Opens a review (the client must have consented) and raises the items, the client's first. */
export async function createTestReview(
  db: Db,
  groupId: string,
  client: TestPerson,
  practitioner: TestPerson,
  items: { client?: { kind: ItemKind; text: string }[]; practitioner?: { kind: ItemKind; text: string }[]; submit?: boolean } = {},
) {
  const reviewId = await openPeerReview(db, practitioner, groupId)
  for (const item of items.client ?? []) await raiseItem(db, client, groupId, reviewId, item)
  for (const item of items.practitioner ?? []) await raiseItem(db, practitioner, groupId, reviewId, item)
  if (items.submit) await finishClientTurn(db, client, groupId, reviewId)
  return reviewId
}

/** The world's pairs (see createWorld): Alice is the client in each, Dana the practitioner. */
async function worldPairs(db: Db, tag: string, alice: TestPerson, dana: TestPerson) {
  const hiddenName = `Hidden pair ${tag}`
  const hiddenId = await createPair(db, alice, dana, { name: hiddenName, consent: true })
  const hiddenClientItemText = `The client's pending item ${tag}`
  const hiddenPractitionerItemText = `The practitioner's hidden item ${tag}`
  const hiddenReviewId = await createTestReview(db, hiddenId, alice, dana, {
    client: [{ kind: 'dissatisfaction', text: hiddenClientItemText }],
    practitioner: [{ kind: 'proposal', text: hiddenPractitionerItemText }],
  })

  const agendaName = `Agenda pair ${tag}`
  const agendaId = await createPair(db, alice, dana, { name: agendaName, consent: true })
  const agendaClientItemText = `The client's first agenda item ${tag}`
  const agendaClientOtherItemText = `The client's second agenda item ${tag}`
  const agendaPractitionerItemText = `The practitioner's agenda item ${tag}`
  const agendaReviewId = await createTestReview(db, agendaId, alice, dana, {
    client: [
      { kind: 'satisfaction', text: agendaClientItemText },
      { kind: 'between_us', text: agendaClientOtherItemText },
    ],
    practitioner: [{ kind: 'satisfaction', text: agendaPractitionerItemText }],
    submit: true,
  })
  const agendaItemId = (
    await db
      .selectFrom('agendaItems')
      .select('id')
      .where('reviewId', '=', agendaReviewId)
      .where('text', '=', agendaClientItemText)
      .executeTakeFirstOrThrow()
  ).id

  const unconsentedName = `Unconsented pair ${tag}`
  const unconsentedId = await createPair(db, alice, dana, { name: unconsentedName })
  const readyName = `Ready pair ${tag}`
  const readyId = await createPair(db, alice, dana, { name: readyName, consent: true })

  return {
    pairs: {
      hidden: {
        id: hiddenId,
        name: hiddenName,
        reviewId: hiddenReviewId,
        clientItemText: hiddenClientItemText,
        practitionerItemText: hiddenPractitionerItemText,
      },
      agenda: {
        id: agendaId,
        name: agendaName,
        reviewId: agendaReviewId,
        itemId: agendaItemId,
        clientItemText: agendaClientItemText,
        clientOtherItemText: agendaClientOtherItemText,
        practitionerItemText: agendaPractitionerItemText,
      },
      unconsented: { id: unconsentedId, name: unconsentedName },
      ready: { id: readyId, name: readyName },
    },
    secrets: [
      hiddenName,
      hiddenClientItemText,
      hiddenPractitionerItemText,
      agendaName,
      agendaClientItemText,
      agendaClientOtherItemText,
      agendaPractitionerItemText,
      unconsentedName,
      readyName,
    ],
  }
}

let worldCounter = 0

/** The id and text every field of a part left out of the world holds: no route knows it. */
export const NOT_IN_THIS_WORLD = 'not-in-this-world'

/** The world's sense-making inquiry (see createWorld). */
async function senseMakingInquiry(db: Db, tag: string, groupId: string, members: TestPerson[]) {
  const [alice, bob, carol] = members as [TestPerson, TestPerson, TestPerson]
  const title = `Sense-making inquiry ${tag}`
  const inquiryId = await createInquiry(db, alice, groupId, {
    title,
    question: `What do our sessions ask of us, ${tag}?`,
    templateSlug: 'cooperative-inquiry',
  })
  await moveOn(db, inquiryId, members)
  const recordText = `Action note by Alice ${tag}`
  const otherRecordText = `Action note by Bob ${tag}`
  const recordId = await createTestRecord(db, alice, inquiryId, { text: recordText, visibility: 'group' })
  const otherRecordId = await createTestRecord(db, bob, inquiryId, { text: otherRecordText, visibility: 'group' })
  await toSenseMaking(db, inquiryId, members)
  const themeName = `Holding back ${tag}`
  const otherThemeName = `Rushing in ${tag}`
  const themeId = await createTestTheme(db, alice, inquiryId, themeName, `When we wait ${tag}`)
  const otherThemeId = await createTestTheme(db, bob, inquiryId, otherThemeName)
  await linkTestRecord(db, alice, inquiryId, themeId, recordId)
  await rate(db, alice, inquiryId, 'blind', { [themeId]: 3, [otherThemeId]: 4 })
  await rate(db, bob, inquiryId, 'blind', { [themeId]: 4, [otherThemeId]: 3 })
  const { revealed } = await rate(db, carol, inquiryId, 'blind', { [themeId]: 3, [otherThemeId]: 3 })
  if (!revealed) throw new Error("the world's first blind round was not revealed")
  const openReason = `Open reason ${tag}`
  await rate(db, alice, inquiryId, 'open', { [themeId]: 4 }, { [themeId]: openReason })
  await nextCycleToSenseMaking(db, inquiryId, members)
  await rate(db, alice, inquiryId, 'blind', { [themeId]: 2, [otherThemeId]: 2 })
  const judgementNote = `Judged in the world ${tag}`
  await judgeRequired(db, inquiryId, bob, { status: 'partly', note: judgementNote })
  return {
    senseMaking: {
      inquiryId,
      title,
      recordId,
      recordText,
      otherRecordId,
      otherRecordText,
      themeId,
      themeName,
      otherThemeId,
      otherThemeName,
      openReason,
      judgementNote,
    },
    secrets: [title, recordText, otherRecordText, themeName, otherThemeName, `When we wait ${tag}`, openReason, judgementNote],
  }
}

type SenseMakingPart = Awaited<ReturnType<typeof senseMakingInquiry>>['senseMaking']

/** The world's closable inquiry (see createWorld): cycle 1 in sense-making with its validity review adopted. */
async function closableInquiry(db: Db, tag: string, groupId: string, members: TestPerson[]) {
  const title = `Closable inquiry ${tag}`
  const inquiryId = await createInquiry(db, members[0]!, groupId, {
    title,
    question: `What are we ready to close, ${tag}?`,
    templateSlug: 'cooperative-inquiry',
  })
  await toSenseMaking(db, inquiryId, members)
  await adoptValidityReview(db, inquiryId, members)
  return { closable: { inquiryId, title }, secrets: [title, `What are we ready to close, ${tag}?`] }
}

/** The world's sense-making inquiry when `{ senseMaking: false }` leaves it out: ids and texts no route knows. */
const NO_SENSE_MAKING: SenseMakingPart = {
  inquiryId: NOT_IN_THIS_WORLD,
  title: NOT_IN_THIS_WORLD,
  recordId: NOT_IN_THIS_WORLD,
  recordText: NOT_IN_THIS_WORLD,
  otherRecordId: NOT_IN_THIS_WORLD,
  otherRecordText: NOT_IN_THIS_WORLD,
  themeId: NOT_IN_THIS_WORLD,
  themeName: NOT_IN_THIS_WORLD,
  otherThemeId: NOT_IN_THIS_WORLD,
  otherThemeName: NOT_IN_THIS_WORLD,
  openReason: NOT_IN_THIS_WORLD,
  judgementNote: NOT_IN_THIS_WORLD,
}

/**
 * The test world, in named parts. Names and texts carry the world's unique `tag`, so a test
 * can look for leaks; `secrets` lists every one that must never reach someone outside the
 * group (or, for a pair's, outside that pair).
 *
 * `people`: Alice, Bob and Carol are the group's `members` (Alice facilitates); `outsider` is
 * signed in but in no group of the world; Dana is the practitioner in Alice's pairs and in no
 * other group.
 *
 * `group`: the group of three, with Alice's open proposal (`decisionId`, `decisionTitle`;
 * its rule allows anonymous dissent) and an open invitation (`inviteToken`, `invitationId`).
 *
 * `inquiry`: the group's inquiry in its planning phase, with a shared (`groupRecord…`) and a
 * private (`privateRecord…`) record by Alice, a challenge Alice raised against her shared
 * record (`challenge…`), and a decision of the inquiry itself (`decisionId`: a proposed focus,
 * withdrawn, so it leaves no open proposal; challenges can target only such decisions).
 *
 * `senseMaking`: the group's second inquiry. In cycle 1 Alice and Bob each recorded in the
 * action phase (`record…` and `otherRecord…`), two themes were named (`theme…` and
 * `otherTheme…`; Alice linked her record to the first), all three rated them blind with 3s
 * and 4s (so the round was revealed), Alice re-rated the first openly with `openReason`, and
 * the group adopted the cycle's validity review. Cycle 2 is now in sense-making with its
 * blind round open, in which only Alice has rated (2 for both themes); Bob has judged every
 * required procedure of its validity review ('partly', with `judgementNote`), and nothing
 * has been proposed about the review yet. No rating anywhere is a 5. It takes most of the
 * time a world takes to make, so `{ senseMaking: false }` leaves it out: every field is then
 * the placeholder 'not-in-this-world', which no route knows.
 *
 * `closable`: with `{ closable: true }`, the group's third inquiry, in cycle 1's sense-making
 * with its validity review adopted, so it can move to cycle 2 or conclude. Without it, its
 * fields are the same placeholders.
 *
 * `network`: with `{ network: true }`, two member groups of the network, linked (see
 * factories/network.ts `networkWorld`); without it, placeholders.
 *
 * `audit` and `conflicts`: with `{ audit: true }` or `{ conflicts: true }`, the group's peer
 * review audit (factories/audit.ts) or its concerns and conflicts (factories/conflicts.ts);
 * without them, placeholders.
 *
 * `coCounselling`: with `{ coCounselling: true }`, co-counselling sessions between the group's
 * members (factories/co-counselling.ts); without it, placeholders.
 *
 * `pairs`: four client–practitioner pairs, Alice the client and Dana the practitioner.
 * `hidden` (Alice has consented; its review 1 is open and in the client's turn, with one item
 * by each, neither seeing the other's), `agenda` (consented; its open review has two items by
 * Alice and one by Dana, and Alice has submitted, so the agenda is open; `itemId` is Alice's
 * first item), `unconsented` (Alice has not consented yet) and `ready` (consented, no review).
 */
export type WorldOptions = {
  senseMaking?: boolean
  closable?: boolean
  network?: boolean
  audit?: boolean
  conflicts?: boolean
  coCounselling?: boolean
}

export async function createWorld(db: Db, options: WorldOptions = {}) {
  worldCounter += 1
  const tag = `${worldCounter}-${Math.random().toString(36).slice(2, 8)}`
  const alice = await createPerson(db, 'Alice')
  const bob = await createPerson(db, 'Bob')
  const carol = await createPerson(db, 'Carol')
  const outsider = await createPerson(db, 'Outsider')
  const dana = await createPerson(db, 'Dana')
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
  const challengeText = `Are we reading too much into this, ${tag}?`
  const challengeId = await raiseChallenge(db, alice, inquiryId, {
    target: `record:${groupRecordId}`,
    hazard: 'uncritical_subjectivity',
    text: challengeText,
  })
  const decisionTitle = `Proposal ${tag}`
  const decisionId = await proposeGeneral(db, alice, groupId, { title: decisionTitle, body: `Details ${tag}` })
  await allowAnonymousDissentOn(db, decisionId)
  // A decision of the inquiry itself (challenges target only these), withdrawn so it leaves no open proposal.
  const inquiryDecisionId = await proposeFocus(db, alice, inquiryId, { focus: `A focus to challenge, ${tag}` })
  await withdrawDecision(db, alice, inquiryDecisionId)
  const { token: inviteToken, invitationId } = await createTestInvitation(db, alice, groupId)

  const pairs = await worldPairs(db, tag, alice, dana)

  const members = [alice, bob, carol]
  const senseMaking =
    options.senseMaking === false ? { senseMaking: NO_SENSE_MAKING, secrets: [] } : await senseMakingInquiry(db, tag, groupId, members)
  const closable = options.closable
    ? await closableInquiry(db, tag, groupId, members)
    : { closable: { inquiryId: NOT_IN_THIS_WORLD, title: NOT_IN_THIS_WORLD }, secrets: [] }
  const network = options.network
    ? await networkWorld(db, tag, { alice, bob, carol, beth: await createPerson(db, 'Beth') }, createGroupWith)
    : NO_NETWORK
  const audit = options.audit ? await auditWorld(db, tag, { alice, bob, carol }, groupId) : NO_AUDIT
  const conflicts = options.conflicts ? await conflictWorld(db, tag, { alice, bob, carol }, groupId) : NO_CONFLICTS
  const coCounselling = options.coCounselling ? await coCounsellingWorld(db, tag, { alice, bob, carol }, groupId) : NO_CO_COUNSELLING

  return {
    tag,
    people: { alice, bob, carol, outsider, dana, members },
    group: { id: groupId, name: groupName, decisionId, decisionTitle, inviteToken, invitationId },
    inquiry: {
      id: inquiryId,
      title: inquiryTitle,
      groupRecordId,
      groupRecordText,
      privateRecordId,
      privateRecordText,
      challengeId,
      challengeText,
      decisionId: inquiryDecisionId,
    },
    senseMaking: senseMaking.senseMaking,
    closable: closable.closable,
    pairs: pairs.pairs,
    network: network.network,
    audit: audit.audit,
    conflicts: conflicts.conflicts,
    coCounselling: coCounselling.coCounselling,
    /** Strings that must never reach someone outside the group (or, for a pair's, outside that pair). */
    secrets: [
      groupName,
      inquiryTitle,
      groupRecordText,
      privateRecordText,
      challengeText,
      decisionTitle,
      `Details ${tag}`,
      `A focus to challenge, ${tag}`,
      ...senseMaking.secrets,
      ...closable.secrets,
      ...pairs.secrets,
      ...network.secrets,
      ...audit.secrets,
      ...conflicts.secrets,
      ...coCounselling.secrets,
    ],
  }
}

const NO_NETWORK = {
  network: {
    a: { id: NOT_IN_THIS_WORLD, name: NOT_IN_THIS_WORLD },
    b: { id: NOT_IN_THIS_WORLD, name: NOT_IN_THIS_WORLD },
    statementA: NOT_IN_THIS_WORLD,
    linkId: NOT_IN_THIS_WORLD,
    meetingId: NOT_IN_THIS_WORLD,
    proposalId: NOT_IN_THIS_WORLD,
    proposalTitle: NOT_IN_THIS_WORLD,
    issue: 0,
  },
  secrets: [] as string[],
}

export type World = Awaited<ReturnType<typeof createWorld>>

/**
 * Lets an open decision take anonymous disagree and block stances. A decision takes its rule
 * from the template when it is proposed (decisions.ruleJson), and no shipped template allows
 * anonymous dissent, so tests set it on the decision itself.
 */
export async function allowAnonymousDissentOn(db: Db, decisionId: string): Promise<void> {
  const row = await db.selectFrom('decisions').select('ruleJson').where('id', '=', decisionId).executeTakeFirstOrThrow()
  const rule = { ...JSON.parse(row.ruleJson), allowAnonymousDissent: true }
  await db
    .updateTable('decisions')
    .set({ ruleJson: JSON.stringify(rule) })
    .where('id', '=', decisionId)
    .execute()
}

/**
 * Changes an inquiry's own copy of its template (inquiries.templateJson), as a template that
 * allows it would have set it: decisions proposed afterwards take their rule from it.
 */
export async function setInquiryTemplate(db: Db, inquiryId: string, change: (template: Record<string, any>) => void): Promise<void> {
  const row = await db.selectFrom('inquiries').select('templateJson').where('id', '=', inquiryId).executeTakeFirstOrThrow()
  const template = JSON.parse(row.templateJson) as Record<string, any>
  change(template)
  await db
    .updateTable('inquiries')
    .set({ templateJson: JSON.stringify(template) })
    .where('id', '=', inquiryId)
    .execute()
}
