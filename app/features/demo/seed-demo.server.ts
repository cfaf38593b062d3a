import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '~db/connection'
import { listConsentIdsOfGroup, updateConsentedAt } from '~db/queries/consents'
import { findLatestPrinciples, updatePairSettings, updatePeerReview } from '~db/queries/peer-reviews'
import {
  demoCycles,
  demoGroup,
  demoInquiry,
  demoPair,
  demoPeople,
  demoRatings,
  demoThemes,
  demoValidity,
  type DemoPersonKey,
  type DemoStance,
  type DemoThemeKey,
} from '~db/demo-content'
import { createAccount } from '~/features/accounts/accounts.server'
import { hashPassword } from '~/features/accounts/password.server'
import { recordAudit } from '~/features/audit/audit.server'
import { everyoneAgrees, takeStancesInTurn } from '~/features/decisions/stance-round.server'
import { createGroup, createInvitation, joinByInvitation, proposeGeneral, proposeGroundRules } from '~/features/groups/groups.server'
import { giveConsent, proposePrinciples } from '~/features/peer-review/pairs.server'
import { chooseOutcome, finishClientTurn, noteItem, openPeerReview, raiseItem } from '~/features/peer-review/peer-reviews.server'
import { setNamePreference, setRecordConsent } from '~/features/exports/consent.server'
import { proposePublish } from '~/features/exports/publish.server'
import { createInquiry, proposeMoveOn } from '~/features/inquiries/inquiries.server'
import { proposeFocus, saveMyPlan } from '~/features/plans/plans.server'
import { rateBlind, rateOpen } from '~/features/ratings/ratings.server'
import { createRecord } from '~/features/records/records.server'
import { linkRecord, mergeTheme, proposeTheme } from '~/features/themes/themes.server'
import { raiseChallenge, resolveChallenge } from '~/features/challenges/challenges.server'
import { saveCheckIn } from '~/features/validity/check-ins.server'
import { judgeProcedure, proposeAdoptValidityReview, proposeDevilsAdvocate } from '~/features/validity/validity.server'
import { withoutMail } from '~/features/mail/outbox.server'
import { withClock } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { seedConflicts } from './seed-conflicts.server'
import { seedCoCounselling } from './seed-co-counselling.server'
import { seedNetwork } from './seed-network.server'
import { seedPeerAudit } from './seed-peer-audit.server'

const DAY = 86_400_000

/**
 * The demo's story clock: set to a moment in the past, then a minute passes with each write,
 * and it never runs past the real now. Every service stamps its rows through it.
 */
function storyClock() {
  let t = Date.now()
  return {
    tick: () => {
      const now = Math.min(t, Date.now())
      t += 60_000
      return now
    },
    at: (daysAgo: number) => {
      t = Date.now() - daysAgo * DAY
    },
  }
}

/** When the experience a record tells of happened: its day in the story, as the record form takes it. */
const happenedAt = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 16)

/**
 * When each phase the demo passes through ends, in days ago: halfway between its last record
 * and the next phase's first, so every record falls inside its own phase; the last runs to now.
 */
function phaseEnds(): Map<string, number> {
  const phases: { key: string; days: number[] }[] = []
  for (const cycle of demoCycles) {
    const order = [
      'reflection-planning',
      'action-experience',
      ...(cycle.skipImmersion ? [] : ['action-immersion']),
      'reflection-sense-making',
    ]
    for (const phase of order) {
      const days = cycle.records.filter((r) => r.phase === phase).map((r) => r.daysAgo)
      if (days.length) phases.push({ key: `${cycle.number}:${phase}`, days })
    }
  }
  return new Map(phases.map((p, i) => [p.key, i + 1 < phases.length ? (Math.min(...p.days) + Math.max(...phases[i + 1]!.days)) / 2 : 0]))
}

/** The members' stances, through the builder the tests share (dissent first, so it is heard). */
async function stanceAll(db: Db, people: Map<DemoPersonKey, SessionUser>, decisionId: string, stances: DemoStance[]) {
  await takeStancesInTurn(
    db,
    decisionId,
    stances.map((s) => ({ person: people.get(s.person)!, stance: s.stance, reason: s.reason ?? null })),
  )
}

const allAgree = (keys: DemoPersonKey[]): DemoStance[] => keys.map((person) => ({ person, stance: 'agree' }))

/**
 * Seeds the demo inquiry through the same services people use, so every invariant
 * holds (phases move only by decisions). Passwords are random per database and printed.
 */
export async function seedDemo(db: Db, options: { dataDir?: string; password?: string } = {}) {
  const password = options.password ?? `demo-${randomBytes(6).toString('base64url')}`
  const passwordHash = await hashPassword(password)
  const clock = storyClock()
  return withoutMail(() => withClock(clock.tick, () => seedStory(db, clock, password, passwordHash, options)))
}

async function seedStory(
  db: Db,
  clock: ReturnType<typeof storyClock>,
  password: string,
  passwordHash: string,
  options: { dataDir?: string },
) {
  const ends = phaseEnds()
  const firstDay = Math.max(...demoCycles[0]!.records.map((r) => r.daysAgo))
  clock.at(firstDay + 10)
  const people = new Map<DemoPersonKey, SessionUser>()
  for (const p of demoPeople) {
    const id = await createAccount(db, { email: p.email, displayName: p.displayName, passwordHash, isDemo: true })
    people.set(p.key, { id, email: p.email, displayName: p.displayName })
  }
  const keys = demoPeople.map((p) => p.key)
  const amara = people.get('amara')!
  const groupId = await createGroup(db, amara, { kind: 'inquiry_group', name: demoGroup.name, facilitate: 'on' })
  const { token } = await createInvitation(db, amara, groupId, { expiresInDays: 7 })
  clock.at(firstDay + 9)
  for (const key of keys.slice(1)) await joinByInvitation(db, people.get(key)!, token)
  clock.at(firstDay + 7)
  await stanceAll(db, people, await proposeGroundRules(db, amara, groupId, demoGroup.groundRules), allAgree(keys))

  clock.at(firstDay + 2)
  const inquiryId = await createInquiry(db, amara, groupId, { ...demoInquiry, templateSlug: 'cooperative-inquiry' })
  const recordIds = new Map<string, string>()
  const themeIds = new Map<DemoThemeKey, string>()

  /** Names the cycle's themes, links records, then rates blind (revealed when all have) and open. */
  const makeSenseOf = async (cycleNumber: number) => {
    for (const theme of demoThemes.filter((t) => t.cycle === cycleNumber)) {
      themeIds.set(
        theme.key,
        await proposeTheme(db, people.get(theme.proposer)!, inquiryId, { name: theme.name, description: theme.description }),
      )
    }
    for (const theme of demoThemes.filter((t) => t.cycle <= cycleNumber)) {
      for (const link of theme.links.filter((l) => l.cycle === cycleNumber)) {
        await linkRecord(db, people.get(link.by)!, inquiryId, themeIds.get(theme.key)!, recordIds.get(`${link.cycle}:${link.index}`)!)
      }
    }
    for (const theme of demoThemes.filter((t) => t.cycle === cycleNumber && t.mergeInto)) {
      await mergeTheme(db, people.get(theme.proposer)!, inquiryId, themeIds.get(theme.key)!, themeIds.get(theme.mergeInto!)!)
    }
    const rounds = demoRatings.filter((r) => r.cycle === cycleNumber)
    for (const [i, key] of keys.entries()) {
      const values = Object.fromEntries(rounds.map((r) => [`rating.${themeIds.get(r.theme)}`, String(r.blind[i])]))
      await rateBlind(db, people.get(key)!, inquiryId, values)
    }
    for (const key of keys) {
      const values: Record<string, string> = {}
      for (const r of rounds) {
        const move = r.open?.find((o) => o.person === key)
        if (!move) continue
        values[`rating.${themeIds.get(r.theme)}`] = String(move.value)
        if (move.reason) values[`reason.${themeIds.get(r.theme)}`] = move.reason
      }
      if (Object.keys(values).length) await rateOpen(db, people.get(key)!, inquiryId, values)
    }
    await holdValidityReview(cycleNumber)
  }

  /** Check-ins, devil's advocate, challenges and judgements, then the group adopts the review. */
  const holdValidityReview = async (cycleNumber: number) => {
    const validity = demoValidity.find((v) => v.cycle === cycleNumber)
    if (!validity) return
    for (const c of validity.checkIns) {
      await saveCheckIn(db, people.get(c.person)!, inquiryId, { text: c.text, needsTime: c.needsTime ? 'on' : undefined })
    }
    if (validity.devilsAdvocate) {
      const id = await proposeDevilsAdvocate(db, amara, inquiryId, cycleNumber, people.get(validity.devilsAdvocate)!.id)
      await stanceAll(db, people, id, allAgree(keys))
    }
    for (const ch of validity.challenges) {
      const target = ch.target.kind === 'process' ? 'process' : `theme:${themeIds.get(ch.target.theme)}`
      const id = await raiseChallenge(db, people.get(ch.by)!, inquiryId, { target, hazard: ch.hazard, text: ch.text })
      if (ch.resolution) {
        await resolveChallenge(db, people.get(ch.resolution.by)!, inquiryId, id, {
          resolution: ch.resolution.kind,
          resolutionText: ch.resolution.text,
        })
      }
    }
    for (const [i, [procedureKey, judgement]] of Object.entries(validity.judgements).entries()) {
      await judgeProcedure(db, people.get(keys[i % keys.length]!)!, inquiryId, cycleNumber, { procedureKey, ...judgement })
    }
    // Each member judges for themselves: some see a procedure differently, and the page shows the spread.
    for (const { person, ...judgement } of validity.moreJudgements) {
      await judgeProcedure(db, people.get(person)!, inquiryId, cycleNumber, judgement)
    }
    await stanceAll(db, people, await proposeAdoptValidityReview(db, amara, inquiryId, cycleNumber), allAgree(keys))
  }

  for (const cycle of demoCycles) {
    // Who proposes the focus, then each move on in turn (demo-content: the facilitator's share falls).
    let proposals = 0
    const nextProposer = () => people.get(cycle.proposers[Math.min(proposals++, cycle.proposers.length - 1)]!)!
    const recordsIn = async (phase: string) => {
      for (const [index, r] of cycle.records.entries()) {
        if (r.phase !== phase) continue
        // Written up a couple of hours after it happened.
        clock.at(r.daysAgo - 0.1)
        const id = await createRecord(db, people.get(r.author)!, inquiryId, {
          wayOfKnowing: r.wayOfKnowing,
          text: r.text,
          occurredAt: happenedAt(r.daysAgo),
          visibility: r.visibility,
        })
        recordIds.set(`${cycle.number}:${index}`, id)
      }
    }
    /** The group moves on at the end of the phase it is in. */
    const moveOn = async (stances: DemoStance[], skipOptional = false, phase?: string) => {
      const end = ends.get(`${cycle.number}:${phase}`)
      if (end !== undefined) clock.at(end + 0.02)
      const id = await proposeMoveOn(db, nextProposer(), inquiryId, {
        step: 'next',
        skipOptional: skipOptional ? 'on' : undefined,
        reason: '',
      })
      await stanceAll(db, people, id, stances)
    }
    // The cycle opens with its focus and plans, a little before its first record.
    clock.at(Math.max(...cycle.records.filter((r) => r.phase === 'reflection-planning').map((r) => r.daysAgo)) + 0.5)
    await stanceAll(db, people, await proposeFocus(db, nextProposer(), inquiryId, { focus: cycle.focus }), cycle.focusStances)
    for (const plan of cycle.plans) await saveMyPlan(db, people.get(plan.person)!, inquiryId, plan)
    await recordsIn('reflection-planning')
    await moveOn(cycle.moveOnStances, false, 'reflection-planning')
    await recordsIn('action-experience')
    if (cycle.number === demoCycles.length) break
    await moveOn(allAgree(keys), cycle.skipImmersion, 'action-experience')
    if (!cycle.skipImmersion) {
      await recordsIn('action-immersion')
      await moveOn(allAgree(keys), false, 'action-immersion')
    }
    await recordsIn('reflection-sense-making')
    // Sense-making after the phase's last record and before the group moves on.
    const lastRecord = Math.min(...cycle.records.filter((r) => r.phase === 'reflection-sense-making').map((r) => r.daysAgo))
    clock.at((lastRecord + ends.get(`${cycle.number}:reflection-sense-making`)!) / 2)
    await makeSenseOf(cycle.number)
    await moveOn(allAgree(keys), false, 'reflection-sense-making')
  }
  // Consents and publication come during the current cycle, after its last record.
  clock.at(Math.min(...demoCycles.at(-1)!.records.map((r) => r.daysAgo)) - 0.5)
  // Export consent is each author's own: some allow quotes under their pseudonym, Elena with
  // her name (and she lets exports name her); Bernard lets exports name him but quotes none.
  const consentBy: Partial<Record<DemoPersonKey, 'anonymised' | 'named'>> = {
    carys: 'anonymised',
    dev: 'anonymised',
    elena: 'named',
    finn: 'anonymised',
  }
  for (const cycle of demoCycles) {
    for (const [index, r] of cycle.records.entries()) {
      const consent = consentBy[r.author]
      const id = recordIds.get(`${cycle.number}:${index}`)
      if (consent && id && r.visibility === 'group' && index % 3 !== 2) {
        await setRecordConsent(db, people.get(r.author)!, inquiryId, id, { exportConsent: consent })
      }
    }
  }
  for (const key of ['elena', 'bernard'] as const) await setNamePreference(db, people.get(key)!, groupId, { exportName: 'name' })
  // Publishing is proposed by a member, not the facilitator: by cycle 3 the process no longer runs through Amara.
  await stanceAll(db, people, await proposePublish(db, people.get('elena')!, inquiryId, 2), allAgree(keys))
  const jo = await seedPair(db, people.get(demoPair.practitioner)!, passwordHash, clock)
  const networkLogins = await seedNetwork(db, { people, groupId, passwordHash, at: clock.at })
  await seedConflicts(db, { people, groupId, at: clock.at })
  await seedPeerAudit(db, { people, groupId, at: clock.at })
  await seedCoCounselling(db, { people, groupId, at: clock.at })
  clock.at(0)
  await recordAudit(db, { kind: 'demo_seeded', groupId })

  const logins = [...demoPeople, { ...demoPair.client, key: 'jo' }]
    .map((p) => `  ${p.email.padEnd(30)} ${password}   (${p.displayName}${p.email === jo.email ? ', Carys’s client in a pair' : ''})`)
    .join('\n')
  const others = networkLogins
    .map((p) => `  ${p.email.padEnd(30)} ${password}   (${p.displayName}, ${p.group}: another group in the network)`)
    .join('\n')
  const banner = `Demo inquiry "${demoInquiry.title}" created. Log in as any of its six members:\n${logins}\n${others}`
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true })
    writeFileSync(join(options.dataDir, 'demo-logins.txt'), banner + '\n', { mode: 0o600 })
  }
  return { groupId, inquiryId, password, banner }
}

/**
 * The demo pair: the practitioner invites the client, the client consents, and three reviews
 * follow with the client raising more each time; the principles are amended once and the
 * client consents afresh. Timestamps are then spread over the past two months.
 */
async function seedPair(
  db: Db,
  practitioner: SessionUser,
  passwordHash: string,
  clock: ReturnType<typeof storyClock>,
): Promise<SessionUser> {
  const { client } = demoPair
  clock.at(demoPair.reviews[0]!.daysAgo + 10)
  const jo: SessionUser = { ...client, id: await createAccount(db, { ...client, passwordHash, isDemo: true }) }
  const pairId = await createGroup(db, practitioner, { kind: 'pair', name: demoPair.name, pairRole: 'practitioner' })
  const { token } = await createInvitation(db, practitioner, pairId, { expiresInDays: 7 })
  await joinByInvitation(db, jo, token)
  await giveConsent(db, jo, pairId)
  const both = (decisionId: string) => everyoneAgrees(db, decisionId, [jo, practitioner])
  const stamps: { reviewId: string; decisionIds: string[]; daysAgo: number }[] = []
  let amendmentId: string | null = null
  for (const [index, review] of demoPair.reviews.entries()) {
    const decisionIds: string[] = []
    clock.at(review.daysAgo + 12)
    if (demoPair.amendment.beforeReview === index + 1) {
      const current = await findLatestPrinciples(db, pairId)
      if (!current) throw new Error('The demo pair has no principles to amend.')
      const principles = [...(JSON.parse(current.principlesJson) as string[]), demoPair.amendment.principle].join('\n')
      amendmentId = await proposePrinciples(db, jo, pairId, { principles, summary: demoPair.amendment.summary })
      await both(amendmentId)
      await giveConsent(db, jo, pairId)
    }
    clock.at(review.daysAgo + 6)
    for (const d of review.decisionsBefore) {
      const id = await proposeGeneral(db, d.by === 'client' ? jo : practitioner, pairId, { title: d.title, body: d.body })
      await both(id)
      decisionIds.push(id)
    }
    clock.at(review.daysAgo + 0.1)
    const reviewId = await openPeerReview(db, practitioner, pairId)
    for (const item of review.clientItems) await raiseItem(db, jo, pairId, reviewId, { kind: item.kind, text: item.text })
    for (const item of review.practitionerItems) await raiseItem(db, practitioner, pairId, reviewId, { kind: item.kind, text: item.text })
    await finishClientTurn(db, jo, pairId, reviewId)
    const items = await db.selectFrom('agendaItems').select(['id', 'text']).where('reviewId', '=', reviewId).execute()
    for (const [i, item] of [...review.clientItems, ...review.practitionerItems].entries()) {
      if (!item.note) continue
      const id = items.find((x) => x.text === item.text)!.id
      await noteItem(db, i % 2 ? jo : practitioner, pairId, reviewId, { itemId: id, note: item.note })
    }
    await chooseOutcome(db, jo, pairId, reviewId, { outcome: review.outcome.client.outcome, reason: review.outcome.client.reason ?? '' })
    await chooseOutcome(db, practitioner, pairId, reviewId, {
      outcome: review.outcome.practitioner.outcome,
      reason: review.outcome.practitioner.reason ?? '',
    })
    stamps.push({ reviewId, decisionIds, daysAgo: review.daysAgo })
  }
  const at = (days: number) => new Date(Date.now() - days * DAY).toISOString()
  await db.transaction().execute(async (trx) => {
    const first = demoPair.reviews[0]!.daysAgo
    const stampDecision = (id: string, createdDaysAgo: number, closedDaysAgo: number) =>
      trx
        .updateTable('decisions')
        .set({ createdAt: at(createdDaysAgo), closedAt: at(closedDaysAgo) })
        .where('id', '=', id)
        .execute()
    const stampPrinciples = (version: number, daysAgo: number) =>
      trx
        .updateTable('principleVersions')
        .set({ createdAt: at(daysAgo) })
        .where('groupId', '=', pairId)
        .where('version', '=', version)
        .execute()
    await trx
      .updateTable('groups')
      .set({ createdAt: at(first + 10) })
      .where('id', '=', pairId)
      .execute()
    await trx
      .updateTable('members')
      .set({ joinedAt: at(first + 9) })
      .where('groupId', '=', pairId)
      .execute()
    await stampPrinciples(1, first + 10)
    const consents = await listConsentIdsOfGroup(trx, pairId)
    if (consents[0]) await updateConsentedAt(trx, consents[0].id, at(first + 8))
    for (const stamp of stamps) {
      await updatePeerReview(trx, stamp.reviewId, {
        openedAt: at(stamp.daysAgo + 0.1),
        clientDoneAt: at(stamp.daysAgo + 0.08),
        closedAt: at(stamp.daysAgo),
      })
      for (const id of stamp.decisionIds) await stampDecision(id, stamp.daysAgo + 6, stamp.daysAgo + 5)
    }
    const before = stamps[demoPair.amendment.beforeReview - 1]
    if (amendmentId && before) {
      await stampDecision(amendmentId, before.daysAgo + 12, before.daysAgo + 11)
      await stampPrinciples(2, before.daysAgo + 11)
      if (consents[1]) await updateConsentedAt(trx, consents[1].id, at(before.daysAgo + 10))
    }
    // The second review moved the work to a fortnightly rhythm.
    const last = stamps.at(-1)!
    await updatePairSettings(trx, pairId, { cadenceDays: 14, nextReviewOn: at(last.daysAgo - 14).slice(0, 10) })
  })
  return jo
}
