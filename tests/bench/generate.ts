// Generates a large inquiry straight into the database, fast: the group, its members and the
// inquiry's first cycle come through the services (so membership, pseudonyms and the
// template copy are what the app makes), everything else is inserted in one transaction
// with Kysely, keeping the app's invariants: phases in order with exactly one current,
// decisions that close exactly when the rule says (checked with the app's own rule),
// ratings on the template's scale in both rounds, the blind round revealed before any open
// rating, closed cycles with their review adopted, and findings published by decision.
import type { Db } from '~db/connection'
import type { Database, DecisionKind, StanceValue } from '~db/schema'
import type { Insertable } from 'kysely'
import { migrateToLatest } from '~db/migrator'
import { createAccount } from '~/features/accounts/accounts.server'
import { hashPassword } from '~/features/accounts/password.server'
import { evaluateDecision } from '~/features/decisions/core/rule'
import { createGroup, createInvitation, joinByInvitation } from '~/features/groups/groups.server'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import { createInquiry } from '~/features/inquiries/inquiries.server'
import { newId } from '~/utils/ids.server'
import { startSession, type SessionUser } from '~/utils/session.server'
import { rng, type Random } from './lib'

export type InquirySize = { members: number; cycles: number; themes: number; records: number; challengesPerCycle: number }

/** The inquiry: 12 members, 10 cycles, 6,000 records, 200 themes, 48,000 ratings. */
export const BASE_SIZE: InquirySize = { members: 12, cycles: 10, themes: 200, records: 6000, challengesPerCycle: 8 }

/**
 * k times the base inquiry. Groups hold at most 12 people (GROUP_MAX), so members stay at 12
 * and themes, records (hence ratings, links) and challenges grow k-fold instead.
 */
export function scaledSize(k: number): InquirySize {
  return {
    ...BASE_SIZE,
    themes: BASE_SIZE.themes * k,
    records: BASE_SIZE.records * k,
    challengesPerCycle: BASE_SIZE.challengesPerCycle * k,
  }
}

export type BenchPerson = SessionUser & { cookie: string }

export type GeneratedInquiry = {
  inquiryId: string
  groupId: string
  title: string
  people: BenchPerson[]
  /** Cycle numbers whose blind round is revealed (all of them). */
  revealed: number[]
  currentCycle: number
  counts: Record<string, number>
  generateMs: number
}

const DAY = 86_400_000
const HOUR = 3_600_000
const CHUNK_VARIABLES = 30_000

const NAMES = [
  'Ada Moreno',
  'Bram Okafor',
  'Chloe Lindqvist',
  'Dmitri Haddad',
  'Esi Mensah',
  'Farid Novak',
  'Greta Oyelaran',
  'Hugo Tanaka',
  'Ines Kowalski',
  'Jonah Achebe',
  'Kirsi Delgado',
  'Lior Fitzgerald',
]
const WORDS = (
  'silence client session pause breath waiting listening noticed felt room body tension held space said nothing ' +
  'again later anxious calm curious impulse fill rescue question trust slow between us words moment longer shorter ' +
  'eyes window clock chair quiet heavy light warm cold safe unsafe habit urge practice supervision peer group cycle ' +
  'reflection action record theme sense making rating agree differ challenge collude notice pattern when then because ' +
  'after before during the a of to and with in on my their our her his it was were is be not only still yet often ' +
  'sometimes rarely gently firmly deliberately attention presence grounded stuck moved tears laughter anger shame relief'
).split(' ')
const WAYS = ['experiential', 'experiential', 'experiential', 'presentational', 'propositional', 'practical', 'practical'] as const
const HAZARDS = ['consensus_collusion', 'uncritical_subjectivity', 'unaware_projection', 'dominance', 'other'] as const

function sentence(random: Random, words: number, names: string[] = []): string {
  const out: string[] = []
  for (let i = 0; i < words; i += 1) out.push(random.pick(WORDS))
  if (names.length && random.chance(0.05)) out.splice(random.int(0, out.length), 0, `with ${random.pick(names)}`)
  const text = out.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

const iso = (t: number) => new Date(t).toISOString()

/** Inserts rows in statements of at most ~30,000 bound variables (SQLite allows 32,766). */
async function insertAll<T extends keyof Database & string>(trx: Db, table: T, rows: Insertable<Database[T]>[]) {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!).length
  const size = Math.max(1, Math.floor(CHUNK_VARIABLES / columns))
  for (let i = 0; i < rows.length; i += size) {
    // Kysely's typing of a generic table name cannot follow the row type; the rows are checked where they are built.
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
  }
}

/**
 * The stances a decision gets, in the order they were taken: dissent first (so the quorum
 * does not silence it), each checked with the app's rule so the decision closes on the
 * stance that makes it pass or, for `reject`, when everyone has spoken with a block.
 */
function stancesFor(
  random: Random,
  memberIds: string[],
  rule: Parameters<typeof evaluateDecision>[0],
  outcome: 'passed' | 'rejected' | 'open',
) {
  const order = [...memberIds].sort(() => random() - 0.5)
  const planned: { personId: string; stance: StanceValue; reason: string | null; changedFrom?: StanceValue }[] = order.map(
    (personId, i) => {
      if (outcome === 'rejected' && i === 0)
        return { personId, stance: 'block', reason: 'This would take us past what we agreed about confidentiality.' }
      if (i < 3 && random.chance(0.35)) {
        const stance = random.pick(['abstain', 'disagree'] as const)
        return {
          personId,
          stance,
          reason: random.chance(0.7) ? `I ${stance === 'abstain' ? 'hold back' : 'disagree'}: ${sentence(random, 8)}` : null,
        }
      }
      if (random.chance(0.08)) return { personId, stance: 'agree', reason: 'Persuaded by the discussion.', changedFrom: 'disagree' }
      return { personId, stance: 'agree', reason: random.chance(0.2) ? sentence(random, 6) : null }
    },
  )
  const taken: typeof planned = []
  for (const s of planned) {
    taken.push(s)
    const status = evaluateDecision(
      rule,
      memberIds.length,
      taken.map((t) => t.stance),
    ).status
    if (outcome === 'open' && taken.length >= Math.min(5, memberIds.length - 1)) return taken
    if (status !== 'open') {
      if (status !== outcome) throw new Error(`generated stances made a decision ${status}, not ${outcome}`)
      return taken
    }
  }
  if (outcome === 'open') return taken
  // A block held it open until its closing time, when it was counted.
  const counted = evaluateDecision(
    rule,
    memberIds.length,
    taken.map((t) => t.stance),
    { final: true },
  ).status
  if (counted === outcome) return taken
  throw new Error(`generated stances left a decision ${counted} instead of ${outcome}`)
}

export async function generateInquiry(db: Db, size: InquirySize, seed = 1): Promise<GeneratedInquiry> {
  const started = performance.now()
  const random = rng(seed * 7919 + size.themes)
  await migrateToLatest(db)
  const now = Date.now()
  const t0 = now - ((size.cycles - 1) * 28 + 21 + 3) * DAY // the last cycle's sense-making began three days ago

  // People, group and inquiry through the services people use.
  const passwordHash = await hashPassword('bench-password-1')
  const people: BenchPerson[] = []
  for (let i = 0; i < size.members; i += 1) {
    const displayName = NAMES[i % NAMES.length]! + (i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : '')
    const email = `bench.${i}@example.org`
    const id = await createAccount(db, { email, displayName, passwordHash })
    people.push({ id, email, displayName, cookie: '' })
  }
  const creator = people[0]!
  const groupId = await createGroup(db, creator, { kind: 'inquiry_group', name: 'Benchmark practitioners', facilitate: 'on' })
  const { token } = await createInvitation(db, creator, groupId, { expiresInDays: 7 })
  for (const p of people.slice(1)) await joinByInvitation(db, p, token)
  const title = 'How we meet silence (benchmark)'
  const inquiryId = await createInquiry(db, creator, groupId, {
    title,
    question: 'What happens when a session falls silent, and what do we do with it?',
    templateSlug: 'cooperative-inquiry',
  })
  for (const p of people) p.cookie = (await startSession(db, p.id)).split(';')[0]!

  const inquiry = await db.selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirstOrThrow()
  const template = inquiryTemplate(inquiry.templateJson)
  const rule = template.decisionRule
  const ruleJson = JSON.stringify(rule)
  const memberIds = people.map((p) => p.id)
  const names = people.map((p) => p.displayName)
  const { min: scaleMin, max: scaleMax } = template.ratingScale
  const clamp = (v: number) => Math.min(scaleMax, Math.max(scaleMin, Math.round(v)))
  const firstCycle = await db.selectFrom('cycles').select('id').where('inquiryId', '=', inquiryId).executeTakeFirstOrThrow()
  const firstPhases = await db.selectFrom('phases').selectAll().where('cycleId', '=', firstCycle.id).orderBy('position').execute()
  if (template.phases.length !== 4 || firstPhases.length !== 4)
    throw new Error('the generator expects the four phases of the cooperative-inquiry template')

  const counts: Record<string, number> = {}
  const add = (key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n)

  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ createdAt: iso(t0 - 6 * DAY) })
      .where('id', 'in', memberIds)
      .execute()
    await trx
      .updateTable('groups')
      .set({ createdAt: iso(t0 - 5 * DAY), groundRules: 'We keep what is said here within the group. We speak from our own experience.' })
      .where('id', '=', groupId)
      .execute()
    for (const [i, p] of people.entries()) {
      await trx
        .updateTable('members')
        .set({ joinedAt: iso(t0 - 4 * DAY + i * 60_000), exportName: i % 5 === 2 ? 1 : 0 })
        .where('groupId', '=', groupId)
        .where('personId', '=', p.id)
        .execute()
    }
    await trx
      .updateTable('templateVersions')
      .set({ createdAt: iso(t0) })
      .where('inquiryId', '=', inquiryId)
      .execute()

    const decisions: Insertable<Database['decisions']>[] = []
    const stances: Insertable<Database['stances']>[] = []
    const decide = (d: {
      kind: DecisionKind
      cycleId: string | null
      inquiryId: string | null
      title: string
      payload: object
      createdAt: number
      closedAt: number | null
      outcome: 'passed' | 'rejected' | 'open'
      body?: string
    }) => {
      const id = newId()
      const taken = stancesFor(random, memberIds, rule, d.outcome)
      const end = d.closedAt ?? now - HOUR
      const step = (end - d.createdAt) / (taken.length + 2)
      const seqOf = new Map<string, number>()
      taken.forEach((s, i) => {
        const at = d.createdAt + step * (i + 1)
        if (s.changedFrom) {
          seqOf.set(s.personId, 1)
          stances.push({
            id: newId(),
            decisionId: id,
            personId: s.personId,
            stance: s.changedFrom,
            reason: 'Not yet convinced.',
            createdAt: iso(at - step / 2),
            seq: 1,
          })
        }
        const seq = (seqOf.get(s.personId) ?? 0) + 1
        stances.push({ id: newId(), decisionId: id, personId: s.personId, stance: s.stance, reason: s.reason, createdAt: iso(at), seq })
      })
      const counted = evaluateDecision(
        rule,
        memberIds.length,
        taken.map((t) => t.stance),
        { final: d.outcome !== 'open' },
      )
      decisions.push({
        id,
        groupId,
        inquiryId: d.inquiryId,
        cycleId: d.cycleId,
        kind: d.kind,
        title: d.title,
        body: d.body ?? '',
        payloadJson: JSON.stringify(d.payload),
        ruleJson,
        status: d.outcome,
        proposedBy: random.pick(memberIds),
        createdAt: iso(d.createdAt),
        closedAt: d.closedAt === null ? null : iso(d.closedAt),
        outcomeNote: d.outcome === 'open' ? null : counted.explanation,
        anonymousJson: '[]',
        closesAt: iso(d.closedAt ?? d.createdAt + 3 * DAY),
      })
      return id
    }
    decide({
      kind: 'ground_rules',
      cycleId: null,
      inquiryId: null,
      title: 'Ground rules',
      payload: { groundRules: 'We keep what is said here within the group. We speak from our own experience.' },
      createdAt: t0 - 3 * DAY,
      closedAt: t0 - 2 * DAY,
      outcome: 'passed',
    })

    const records: Insertable<Database['records']>[] = []
    const themes: Insertable<Database['themes']>[] = []
    const themeEvents: Insertable<Database['themeEvents']>[] = []
    const links: Insertable<Database['themeLinks']>[] = []
    const ratings: Insertable<Database['ratings']>[] = []
    const challenges: Insertable<Database['challenges']>[] = []
    const judgements: Insertable<Database['validityJudgements']>[] = []
    const checkIns: Insertable<Database['checkIns']>[] = []
    const plans: Insertable<Database['plans']>[] = []
    const audit: Insertable<Database['auditEvents']>[] = []
    const authorWeights = people.map((_, i) => 1 + (i % 4) * 0.5)
    const weightTotal = authorWeights.reduce((a, b) => a + b, 0)
    const pickAuthor = () => {
      let x = random() * weightTotal
      for (const [i, w] of authorWeights.entries()) if ((x -= w) < 0) return people[i]!.id
      return people.at(-1)!.id
    }
    // Each theme has a shape the group's ratings follow: agreement, spread or two camps.
    const themeShape: { kind: 'convergent' | 'divergent' | 'polarised'; centre: number }[] = []

    for (let c = 1; c <= size.cycles; c += 1) {
      const last = c === size.cycles
      const start = t0 + (c - 1) * 28 * DAY
      const skipImmersion = c % 2 === 0
      const cycleId = c === 1 ? firstCycle.id : newId()
      const sm = start + 21 * DAY // sense-making begins
      const revealedAt = sm + DAY + HOUR
      const phaseIds = c === 1 ? firstPhases.map((p) => p.id) : template.phases.map(() => newId())
      const spans: [number, number | null][] = [
        [start, start + 4 * DAY],
        [start + 4 * DAY, skipImmersion ? sm : start + 14 * DAY],
        [start + 14 * DAY, sm],
        [sm, last ? null : start + 28 * DAY],
      ]
      const status = (i: number) =>
        (i === 2 && skipImmersion ? 'skipped' : last && i === 3 ? 'current' : 'done') as 'skipped' | 'current' | 'done'
      const devilsAdvocate = people[(c - 1) % people.length]!
      const focus = `Cycle ${c}: ${sentence(random, 7)}`
      const cycleRow = {
        focus,
        startedAt: iso(start),
        endedAt: last ? null : iso(start + 28 * DAY),
        blindRevealedAt: iso(revealedAt),
        reviewAdoptedAt: last ? null : iso(sm + 5 * DAY),
        devilsAdvocateId: devilsAdvocate.id,
      }
      if (c === 1) {
        await trx.updateTable('cycles').set(cycleRow).where('id', '=', cycleId).execute()
        for (const [i, id] of phaseIds.entries()) {
          const [from, to] = spans[i]!
          const s = status(i)
          await trx
            .updateTable('phases')
            .set({ status: s, startedAt: s === 'skipped' ? null : iso(from), endedAt: s === 'done' ? iso(to!) : null })
            .where('id', '=', id)
            .execute()
        }
      } else {
        await trx
          .insertInto('cycles')
          .values({ id: cycleId, inquiryId, number: c, carriedJson: null, ...cycleRow })
          .execute()
        await trx
          .insertInto('phases')
          .values(
            template.phases.map((p, i) => {
              const [from, to] = spans[i]!
              const s = status(i)
              return {
                id: phaseIds[i]!,
                cycleId,
                position: i + 1,
                templateKey: p.key,
                name: p.name,
                kind: p.kind,
                role: p.role,
                status: s,
                startedAt: s === 'skipped' ? null : iso(from),
                endedAt: s === 'done' ? iso(to!) : null,
              }
            }),
          )
          .execute()
      }

      // Decisions that moved this cycle along, in the order they happened.
      const cycleDecisions: string[] = []
      cycleDecisions.push(
        decide({
          kind: 'focus',
          cycleId,
          inquiryId,
          title: `Focus for cycle ${c}`,
          payload: { cycleId, focus },
          createdAt: start + HOUR,
          closedAt: start + DAY,
          outcome: 'passed',
        }),
      )
      cycleDecisions.push(
        decide({
          kind: 'devils_advocate',
          cycleId,
          inquiryId,
          title: `${devilsAdvocate.displayName} as devil’s advocate for cycle ${c}`,
          payload: { cycleId, personId: devilsAdvocate.id },
          createdAt: start + DAY,
          closedAt: start + 2 * DAY,
          outcome: 'passed',
          body: 'The devil’s advocate challenges what the group agrees on too easily.',
        }),
      )
      const move = (from: number, to: number, skipped: number[], at: number) =>
        cycleDecisions.push(
          decide({
            kind: 'phase_change',
            cycleId,
            inquiryId,
            title: `Move to ${template.phases[to]!.name}`,
            payload: { fromPhaseId: phaseIds[from]!, toPhaseId: phaseIds[to]!, skippedPhaseIds: skipped.map((i) => phaseIds[i]!) },
            createdAt: at - DAY,
            closedAt: at,
            outcome: 'passed',
          }),
        )
      move(0, 1, [], start + 4 * DAY)
      if (skipImmersion) move(1, 3, [2], sm)
      else {
        move(1, 2, [], start + 14 * DAY)
        move(2, 3, [], sm)
      }
      decide({
        kind: 'general',
        cycleId: null,
        inquiryId: null,
        title: `Meet fortnightly during cycle ${c}?`,
        payload: {},
        createdAt: start + 5 * DAY,
        closedAt: start + 7 * DAY,
        outcome: c % 3 === 0 ? 'rejected' : 'passed',
        body: sentence(random, 20),
      })
      if (!last) {
        decide({
          kind: 'adopt_review',
          cycleId,
          inquiryId,
          title: `Adopt the validity review of cycle ${c}`,
          payload: { cycleId },
          createdAt: sm + 4 * DAY,
          closedAt: sm + 5 * DAY,
          outcome: 'passed',
        })
        decide({
          kind: 'next_cycle',
          cycleId,
          inquiryId,
          title: `Begin cycle ${c + 1}`,
          payload: { fromCycleId: cycleId },
          createdAt: sm + 5 * DAY,
          closedAt: start + 28 * DAY,
          outcome: 'passed',
        })
      } else {
        decide({
          kind: 'publish_findings',
          cycleId: null,
          inquiryId,
          title: `Publish the findings of cycles 1–${c}`,
          payload: { throughCycle: c },
          createdAt: sm + 2 * DAY,
          closedAt: sm + 2.4 * DAY,
          outcome: 'passed',
        })
        decide({
          kind: 'adopt_review',
          cycleId,
          inquiryId,
          title: `Adopt the validity review of cycle ${c}`,
          payload: { cycleId },
          createdAt: sm + 2.5 * DAY,
          closedAt: null,
          outcome: 'open',
        })
      }
      audit.push({
        id: newId(),
        personId: null,
        groupId,
        kind: 'ratings_revealed',
        detailJson: JSON.stringify({ inquiryId, cycle: c }),
        createdAt: iso(revealedAt),
      })

      // Plans and check-ins (check-ins open the reflection phases the cycle has entered).
      for (const p of people) {
        plans.push({
          id: newId(),
          cycleId,
          personId: p.id,
          action: sentence(random, 15),
          recording: sentence(random, 8),
          createdAt: iso(start + 2 * HOUR),
          updatedAt: iso(start + 3 * HOUR),
        })
        for (const i of [0, 3]) {
          checkIns.push({
            id: newId(),
            phaseId: phaseIds[i]!,
            personId: p.id,
            text: sentence(random, 10),
            needsTime: random.chance(0.1) ? 1 : 0,
            createdAt: iso(spans[i]![0] + 10 * 60_000),
            updatedAt: iso(spans[i]![0] + 10 * 60_000),
          })
        }
      }

      // Records, spread over the phases the cycle went through.
      const perCycle = Math.round(size.records / size.cycles)
      const share = skipImmersion ? [0.1, 0.65, 0, 0.25] : [0.1, 0.45, 0.2, 0.25]
      const cycleRecords: { id: string; createdAt: number; group: boolean; authorId: string }[] = []
      for (let n = 0; n < perCycle; n += 1) {
        let x = random()
        let phase = 0
        while (phase < 3 && (x -= share[phase]!) >= 0) phase += 1
        const [from, to] = spans[phase]!
        const createdAt = from + random() * ((to ?? now - HOUR) - from)
        const authorId = pickAuthor()
        const group = random.chance(0.85)
        const id = newId()
        const occurred = new Date(createdAt - random.int(0, 2) * DAY).toISOString().slice(0, 10)
        records.push({
          id,
          inquiryId,
          cycleId,
          phaseId: phaseIds[phase]!,
          authorId,
          wayOfKnowing: random.pick(WAYS),
          text: sentence(random, random.int(20, 180), names),
          occurredAt: `${occurred}T12:00:00.000Z`,
          visibility: group ? 'group' : 'private',
          exportConsent: group ? (random.chance(0.55) ? 'anonymised' : random.chance(0.2) ? 'named' : 'none') : 'none',
          createdAt: iso(createdAt),
          updatedAt: iso(createdAt),
        })
        cycleRecords.push({ id, createdAt, group, authorId })
      }

      // Themes are named in the first cycle's sense-making and rated in every cycle after.
      if (c === 1) {
        for (let j = 0; j < size.themes; j += 1) {
          const id = newId()
          const at = iso(sm + HOUR + j * 1000)
          const name = `${j + 1}. ${sentence(random, 3).slice(0, -1)}`
          const proposedBy = people[Math.floor(random() * random() * people.length)]!.id
          themes.push({
            id,
            inquiryId,
            name,
            description: sentence(random, 12),
            proposedBy,
            firstCycleId: cycleId,
            status: 'active',
            mergedIntoId: null,
            splitFromId: null,
            createdAt: at,
            updatedAt: at,
          })
          themeEvents.push({
            id: newId(),
            themeId: id,
            personId: proposedBy,
            kind: 'proposed',
            detailJson: JSON.stringify({ name }),
            createdAt: at,
          })
          const kind = random() < 0.55 ? 'convergent' : random() < 0.55 ? 'divergent' : 'polarised'
          themeShape.push({ kind, centre: random.int(scaleMin, scaleMax) })
        }
      }
      const themeIds = themes.map((t) => t.id as string)

      // Links from shared records to themes, made in this cycle's sense-making.
      const linkEnd = last ? now - HOUR : sm + 4 * DAY
      for (const r of cycleRecords) {
        if (!r.group || !random.chance(0.7)) continue
        const chosen = new Set([random.pick(themeIds)])
        if (random.chance(0.3)) chosen.add(random.pick(themeIds))
        for (const themeId of chosen) {
          const from = Math.max(r.createdAt, sm)
          links.push({
            id: newId(),
            themeId,
            recordId: r.id,
            linkedBy: random.chance(0.7) ? r.authorId : random.pick(memberIds),
            createdAt: iso(from + random() * Math.max(0, linkEnd - from)),
          })
        }
      }

      // Both rounds from every member for every theme: blind first, revealed, then open with moves toward the group.
      for (const [j, themeId] of themeIds.entries()) {
        const shape = themeShape[j]!
        const drift = c > 1 && random.chance(0.2) ? random.int(-1, 1) : 0
        shape.centre = clamp(shape.centre + drift)
        const blind = people.map((_, i) => {
          if (shape.kind === 'convergent') return clamp(shape.centre + random.pick([-1, 0, 0, 0, 1]))
          if (shape.kind === 'divergent') return random.int(scaleMin, scaleMax)
          return (i + j) % 2 ? random.int(scaleMin, scaleMin + 1) : random.int(scaleMax - 1, scaleMax)
        })
        const middle = [...blind].sort((a, b) => a - b)[Math.floor(blind.length / 2)]!
        for (const [i, p] of people.entries()) {
          const blindAt = sm + 6 * HOUR + random() * 18 * HOUR
          const openAt = revealedAt + HOUR + random() * 20 * HOUR
          const moves = blind[i] !== middle && random.chance(0.25)
          const open = moves ? blind[i]! + Math.sign(middle - blind[i]!) : blind[i]!
          ratings.push({
            id: newId(),
            themeId,
            cycleId,
            personId: p.id,
            round: 'blind',
            value: blind[i]!,
            reason: null,
            createdAt: iso(blindAt),
            updatedAt: iso(blindAt),
          })
          ratings.push({
            id: newId(),
            themeId,
            cycleId,
            personId: p.id,
            round: 'open',
            value: open,
            reason: moves && random.chance(0.6) ? sentence(random, 10) : null,
            createdAt: iso(openAt),
            updatedAt: iso(openAt),
          })
        }
      }

      // Challenges: of themes, shared records, this cycle's decisions and the process; many resolved.
      const shared = cycleRecords.filter((r) => r.group)
      for (let n = 0; n < size.challengesPerCycle; n += 1) {
        const kind = (['theme', 'theme', 'theme', 'record', 'record', 'decision', 'process', 'process'] as const)[n % 8]!
        const targetId =
          kind === 'theme'
            ? random.pick(themeIds)
            : kind === 'record'
              ? random.pick(shared).id
              : kind === 'decision'
                ? random.pick(cycleDecisions)
                : null
        const raisedBy = n % 3 === 0 ? devilsAdvocate.id : random.pick(memberIds)
        const at = start + random() * ((last ? now - DAY : start + 28 * DAY) - start)
        const resolved = random.chance(0.6)
        const resolution = resolved ? random.pick(['revised', 'answered', 'left_open'] as const) : null
        const resolvedBy = resolution === null ? null : resolution === 'answered' ? random.pick(memberIds) : raisedBy
        challenges.push({
          id: newId(),
          inquiryId,
          cycleId,
          raisedBy,
          targetKind: kind,
          targetId,
          hazard: random.pick(HAZARDS),
          text: sentence(random, 25),
          resolution,
          resolutionText: resolution ? sentence(random, 15) : null,
          resolvedBy,
          resolvedAt: resolution ? iso(at + DAY / 2) : null,
          createdAt: iso(at),
        })
      }

      // The validity review: every procedure judged in closed cycles, some so far in the current one.
      const procedures = last ? template.validityProcedures.slice(0, 5) : template.validityProcedures
      for (const [n, p] of procedures.entries()) {
        judgements.push({
          id: newId(),
          cycleId,
          procedureKey: p.key,
          status: random.pick(['met', 'met', 'met', 'partly', 'not_met'] as const),
          note: sentence(random, 20),
          updatedBy: memberIds[n % memberIds.length]!,
          updatedAt: iso(sm + (last ? 2 : 3) * DAY + n * HOUR),
        })
      }
    }
    audit.push({
      id: newId(),
      personId: null,
      groupId,
      kind: 'findings_published',
      detailJson: JSON.stringify({ inquiryId, throughCycle: size.cycles }),
      createdAt: iso(t0 + ((size.cycles - 1) * 28 + 21 + 2.4) * DAY),
    })

    await insertAll(trx, 'decisions', decisions)
    await insertAll(trx, 'stances', stances)
    await insertAll(trx, 'plans', plans)
    await insertAll(trx, 'checkIns', checkIns)
    await insertAll(trx, 'records', records)
    await insertAll(trx, 'themes', themes)
    await insertAll(trx, 'themeEvents', themeEvents)
    await insertAll(trx, 'themeLinks', links)
    await insertAll(trx, 'ratings', ratings)
    await insertAll(trx, 'challenges', challenges)
    await insertAll(trx, 'validityJudgements', judgements)
    await insertAll(trx, 'auditEvents', audit)
    await trx
      .updateTable('inquiries')
      .set({ status: 'cycling', createdAt: iso(t0), publishedThroughCycle: size.cycles })
      .where('id', '=', inquiryId)
      .execute()
    add('decisions', decisions.length)
    add('stances', stances.length)
    add('records', records.length)
    add('themes', themes.length)
    add('themeLinks', links.length)
    add('ratings', ratings.length)
    add('challenges', challenges.length)
    add('validityJudgements', judgements.length)
    add('checkIns', checkIns.length)
    add('plans', plans.length)
  })
  await checkInvariants(db, inquiryId, size, template.ratingScale)
  return {
    inquiryId,
    groupId,
    title,
    people,
    revealed: Array.from({ length: size.cycles }, (_, i) => i + 1),
    currentCycle: size.cycles,
    counts,
    generateMs: performance.now() - started,
  }
}

/** Cheap checks that the generated inquiry is one the app could have made. */
async function checkInvariants(db: Db, inquiryId: string, size: InquirySize, scale: { min: number; max: number }) {
  const current = await db
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirstOrThrow()
  if (Number(current.n) !== 1) throw new Error(`expected exactly one current phase, found ${current.n}`)
  const outOfScale = await db
    .selectFrom('ratings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('value', '<', scale.min), eb('value', '>', scale.max)]))
    .executeTakeFirstOrThrow()
  if (Number(outOfScale.n) !== 0) throw new Error(`${outOfScale.n} ratings lie outside the template's scale`)
  const total = await db
    .selectFrom('ratings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const expected = size.members * size.themes * size.cycles * 2
  if (Number(total.n) !== expected) throw new Error(`expected ${expected} ratings, found ${total.n}`)
  const openClosed = await db
    .selectFrom('cycles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('inquiryId', '=', inquiryId)
    .where('endedAt', 'is not', null)
    .where((eb) => eb.or([eb('reviewAdoptedAt', 'is', null), eb('blindRevealedAt', 'is', null)]))
    .executeTakeFirstOrThrow()
  if (Number(openClosed.n) !== 0) throw new Error('a closed cycle lacks its reveal or its adopted review')
}
