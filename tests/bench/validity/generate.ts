// The validity benchmark's generator: seeded synthetic inquiry archives of honest and
// colluding groups, in the platform's archive format (version 1, ArchiveSchema), each cycle
// labelled honest or colluding with its scenario kind.
//
// The scenarios are written from Heron's account of co-operative inquiry and its hazards
// (docs/design.md §2 and §4), NOT from the indicator code: they say what a group
// does, and the benchmark asks whether the indicators tell the kinds apart.
//
// Heron's measure of a healthy group: "each person has a voice which is heard, ... authentic
// differences are affirmed", reflection is grounded in action and action informed by
// reflection, several ways of knowing are used, someone plays devil's advocate against what
// all agree on, distress is given time, and "authority about practice rests with each
// practitioner's well-informed discriminating judgment". Consensus collusion is the group
// tacitly agreeing to leave unquestioned what would disturb its shared assumptions.
//
// Honest kinds (every cycle labelled honest):
//   genuine-convergence   members' blind ratings are already close (they found the same thing
//                         in practice); a few re-rate, with reasons; challenges are raised and
//                         answered; the devil's advocate is held; themes are linked to
//                         action-phase records.
//   divergence-kept       blind ratings spread widely or form two camps, and stay so after
//                         discussion; the few moves are reasoned (some sharpen the difference);
//                         challenges are raised and often left open; some stances disagree or
//                         block, with reasons, and a rejected proposal is revised.
//   honest-movement       members move a lot between the blind and the open round, toward an
//                         understanding reached in discussion (not toward one member), and give
//                         reasons for nearly every move; challenges lead to revised themes;
//                         occasionally a member changes a stance after a revision; themes merge.
//   small-quiet-group     five members who write little, propose few themes, rarely challenge
//                         and mostly agree; cycles are short, so a cycle may lack a
//                         presentational record; but blind differences survive the open round,
//                         the few moves are reasoned, records are grounded in action and themes
//                         are linked to them.
//
// Colluding kinds (every cycle from the onset labelled colluding; with three cycles or more,
// sometimes the first cycle is honest and collusion sets in from cycle 2):
//   conformity-pressure   after the reveal, some or all members (sometimes only a minority)
//                         move their open ratings toward one member's ratings (often the
//                         facilitator's or the practitioner's), mostly without reasons; few
//                         challenges, and they are answered away.
//   silenced-dissent      private (blind) differences exist, but in the open round those who
//                         differed fall in with the majority; no stance is anything but agree,
//                         no challenge is raised, no reason is given anywhere; a check-in may ask
//                         for time that is not given; the review says everything is met.
//   dominant-voice        one member writes most of the words and proposes most themes and
//                         decisions; the others write short echoes of that member's records,
//                         agree, and move their open ratings to that member's, rarely with a
//                         reason; any challenge comes from the dominant member.
//   ungrounded-reflection themes are not linked to action-phase records (no links, or links to
//                         reflection-phase talk only); records are mostly propositional, written
//                         in reflection phases, several members have no action records; no
//                         presentational or practical knowing; the devil's advocate is never held.
//
// Varied as real groups vary (per inquiry, from the seed): group size 2–9 (pairs through the
// client–practitioner template where a kind allows it; 5 for the quiet group), template
// (co-operative inquiry, peer supervision, client–practitioner peer review), number of cycles,
// concluded or still cycling (with an unpublished cycle in progress, or the last published
// cycle still in sense-making), records and words per member, consent (some records stay
// with the group and travel only as counts in `contributions` and `waysOfKnowing`),
// absences (a member misses a phase or a cycle), a member leaving, check-ins and those that
// ask for time, the group's own validity judgements, merged themes, and earlier themes
// re-rated in later cycles. What is not part of a kind is drawn from the same distribution
// for honest and colluding groups (size, template, cycles done, consent, absences), so none
// of it tells the labels apart by construction: a concluded inquiry has always done its
// template's recommended cycles, and a cycling one is on its way to them.
//
// Numbers: a cycle's behaviour is in `behaviourOf` (records, words, share in action phases,
// ways of knowing, themes, how ratings spread blind and move open, reasons, challenges and
// how they are resolved, devil's advocate, stances, check-ins); an inquiry's parameters in
// `paramsFor`. Each inquiry has its own PRNG stream (mulberry32 seeded from the seed, the
// scenario and the index), so it does not depend on how many others are generated.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type Archive,
  type ArchiveChallenge,
  type ArchiveCycle,
  type ArchiveDecision,
  type ArchiveRecord,
  type ArchiveTheme,
} from '~/features/exports/core/archive-schema'
import { InquiryTemplateSchema, type InquiryTemplate } from '~/features/templates/template.schema'

export const HONEST_SCENARIOS = ['genuine-convergence', 'divergence-kept', 'honest-movement', 'small-quiet-group'] as const
export const COLLUDING_SCENARIOS = ['conformity-pressure', 'silenced-dissent', 'dominant-voice', 'ungrounded-reflection'] as const
export const SCENARIOS = [...HONEST_SCENARIOS, ...COLLUDING_SCENARIOS] as const
export type Scenario = (typeof SCENARIOS)[number]
export type Label = 'honest' | 'colluding'
export const labelOf = (s: Scenario): Label => ((HONEST_SCENARIOS as readonly string[]).includes(s) ? 'honest' : 'colluding')

export const DEFAULT_SEEDS = [1, 2, 3, 4, 5]
export const DEFAULT_PER_SCENARIO = 8

export type CycleLabel = { cycle: number; label: Label; scenario: Scenario; published: boolean }

export type InquiryParams = {
  scenario: Scenario
  templateSlug: 'cooperative-inquiry' | 'peer-supervision-inquiry' | 'client-practitioner-peer-review'
  size: number
  /** Cycles the archive holds (published ones and any unpublished one in progress). */
  cycles: number
  status: 'cycling' | 'concluded'
  /** Cycle from which the scenario's behaviour holds; earlier cycles are honest (colluding kinds only). */
  onset: number
  /** The member the colluding behaviour centres on (anchor of conformity, dominant voice); null otherwise. */
  focal: string | null
  /** 0.5–1: how strongly a colluding group colludes. */
  intensity: number
  /** Conformity by a minority of members only. */
  subtle: boolean
  /** Share of each member's records they consent to export. */
  consent: number[]
  absenceRate: number
  /** The member who leaves after this cycle, if anyone. */
  leaver: { member: string; afterCycle: number } | null
  presentationalPlanned: boolean
  inProgressCycle: boolean
  lastInSenseMaking: boolean
}

export type BenchInquiry = {
  id: string
  seed: number
  scenario: Scenario
  index: number
  params: InquiryParams
  labels: CycleLabel[]
  archive: Archive
}

// ---------------------------------------------------------------- randomness

/** mulberry32: a small, fast, deterministic PRNG (32-bit state); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 32-bit hash of a few numbers and strings, to give each inquiry its own stream. */
function hashOf(...parts: (string | number)[]): number {
  let h = 2166136261
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}

class Rng {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min)
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][]
    const total = entries.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [k, w] of entries) {
      r -= w
      if (r < 0) return k
    }
    return entries[entries.length - 1]![0]
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
}

// ---------------------------------------------------------------- templates and words

const TEMPLATE_DIR = fileURLToPath(new URL('../../../inquiry-templates/', import.meta.url))
const templates = new Map<string, InquiryTemplate>()
function template(slug: InquiryParams['templateSlug']): InquiryTemplate {
  let t = templates.get(slug)
  if (!t) {
    t = InquiryTemplateSchema.parse(JSON.parse(readFileSync(`${TEMPLATE_DIR}${slug}.json`, 'utf8')))
    templates.set(slug, t)
  }
  return structuredClone(t)
}

/** Words split at whitespace, as the platform counts them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

type Topic = { title: string; question: string; themes: string[]; focus: string[] }
const TOPICS: Topic[] = [
  {
    title: 'Staying with silence',
    question: 'What happens in us when a session falls silent, and what do we do with it?',
    themes: [
      'The urge to fill the silence',
      'Silence is felt in the body first',
      'For some clients silence is abandonment',
      'It is our discomfort, not the client',
      'Productive silence has a texture',
      'Counting breaths keeps me present',
      'Shame-laden silence needs naming',
      'The clock speaks in a silent room',
      'Silence after a disclosure',
      'Waiting without withdrawing',
    ],
    focus: [
      'Notice what we do when a client falls silent.',
      'Tell apart the kinds of silence we meet.',
      'Stay with a silence longer than our first impulse.',
      'Ask clients what a silence was like for them.',
    ],
  },
  {
    title: 'Endings we avoid',
    question: 'How do we meet the ending of work with a client?',
    themes: [
      'We start ending too late',
      'Our own losses enter the room',
      'Clients protect us from their anger',
      'The last session is not the ending',
      'Relief is hard to admit',
      'Endings echo earlier endings',
      'Counting sessions aloud helps',
      'We soften endings with open doors',
    ],
    focus: [
      'Record every moment an ending is mentioned.',
      'Name the ending three sessions early.',
      'Notice our own feelings when a client leaves.',
    ],
  },
  {
    title: 'What we disclose',
    question: 'When do we tell clients something about ourselves, and what does it do?',
    themes: [
      'Disclosure to fill a gap',
      'Disclosure as a gift',
      'The client takes care of us afterwards',
      'A small disclosure opens trust',
      'We disclose more when tired',
      'Disclosure changes who leads',
      'Not disclosing can be withholding',
    ],
    focus: ['Note each disclosure and what followed.', 'Try holding back one disclosure a week.', 'Ask a client how a disclosure landed.'],
  },
  {
    title: 'The body in the room',
    question: 'What do our bodies know in sessions before we do?',
    themes: [
      'Tension arrives before the thought',
      'Mirroring posture without knowing',
      'Breath as a signal of overwhelm',
      'Tiredness carries the client',
      'Moving changes the conversation',
      'The body refuses a story',
      'Warmth in the chest as contact',
    ],
    focus: [
      'Record one bodily sensation per session.',
      'Pause when the body signals, and note what follows.',
      'Bring a drawing of the body in a session.',
    ],
  },
  {
    title: 'Peer supervision that changes practice',
    question: 'What in our peer supervision actually changes what we do with clients?',
    themes: [
      'Being asked, not told',
      'We present our safe cases',
      'A question that stays with me all week',
      'Feedback we resist is often right',
      'Role play shows what talk hides',
      'We rescue each other too soon',
      'Naming a mistake aloud frees it',
    ],
    focus: [
      'Bring one case we would rather not bring.',
      'Try one change from supervision and record what happened.',
      'Notice when we defend instead of listen.',
    ],
  },
]
const PAIR_TOPIC: Topic = {
  title: 'Our work together',
  question: 'What helps, and what gets in the way, in our sessions together?',
  themes: [
    'Being heard before being helped',
    'Homework feels like a test',
    'The first minutes set the session',
    'Silence means different things to us',
    'Advice lands as pressure',
    'Naming a rupture repaired it',
    'Progress is slower than hoped',
    'Trust grows when plans change together',
  ],
  focus: ['Notice what helps between sessions.', 'Each of us brings one dissatisfaction.', 'Try a new way of starting sessions.'],
}

const OPEN = [
  'On Tuesday',
  'In a session this week',
  'With a new client',
  'In the second session with a man I see weekly',
  'Late in the day',
  'At the start of a session',
  'With a long-standing client',
  'In a group I run',
  'On the phone with a client',
  'After a cancellation',
]
const EXPERIENCE = [
  'I noticed my hands tighten and my breath go shallow.',
  'the client stopped mid-sentence and looked at the floor.',
  'I caught myself about to ask a question I did not need to ask.',
  'I waited, and after a long pause she went on in a different voice.',
  'I felt a wave of tiredness that did not seem to be mine.',
  'he laughed at something painful and I laughed with him before I knew it.',
  'I said less than usual and the session went somewhere new.',
  'I found myself rushing to reassure and then stopped.',
  'the room felt heavy and I wanted to open a window.',
  'she asked what I thought and I turned it back to her too quickly.',
  'I kept to the plan we made and it felt mechanical at first.',
  'I named what I saw and the client was relieved.',
  'nothing I had planned happened, and something else did.',
]
const PRESENTATIONAL = [
  'An image came to me: a kettle left on the stove, nearly boiling.',
  'I drew the session as two islands with a narrow bridge between them.',
  'It was like standing at the edge of cold water, deciding whether to go in.',
  'A line of a song kept repeating: wait for me.',
  'I moved around the room afterwards and ended up crouched in a corner.',
  'The picture I made was all grey with one red corner.',
  'It felt like a held breath that the whole room shared.',
]
const PROPOSITIONAL = [
  'I think we fill silences to manage our own anxiety.',
  'My claim is that the client leads when I stop leading.',
  'It seems to me the pattern holds for new clients more than old ones.',
  'I suspect our theme is too neat for what actually happens.',
  'What we call patience may sometimes be withdrawal.',
  'I do not think this fits my practice in the same way.',
  'The evidence from my log points the other way.',
  'I propose we separate what we saw from what we think it means.',
]
const PRACTICAL = [
  'What I did: counted three breaths before speaking.',
  'I tried sitting further back and keeping my hands still.',
  'I practised naming the time left at the start of the session.',
  'I used the grounding exercise we agreed and wrote down what changed.',
  'I rehearsed the sentence beforehand and it came out more gently.',
]
const REFLECT = [
  'Looking back, I am less sure than I was.',
  'I want to bring this to the group because it troubles me.',
  'This surprised me.',
  'I do not know yet what to make of it.',
  'It fits some of what we said last time, but not all of it.',
  'I noticed I wanted this to confirm our theme.',
]

type Way = ArchiveRecord['wayOfKnowing']

function recordText(rng: Rng, way: Way, words: number): string {
  const parts: string[] = []
  const bank =
    way === 'presentational' ? PRESENTATIONAL : way === 'propositional' ? PROPOSITIONAL : way === 'practical' ? PRACTICAL : EXPERIENCE
  let n = 0
  while (n < words) {
    const s =
      parts.length === 0 && way === 'experiential'
        ? `${rng.pick(OPEN)} ${rng.pick(EXPERIENCE)}`
        : rng.chance(0.25)
          ? rng.pick(REFLECT)
          : rng.pick(bank)
    parts.push(s)
    n += wordCount(s)
  }
  return parts.join(' ')
}

// ---------------------------------------------------------------- behaviour of a cycle

type Behaviour = {
  kind: Scenario
  records: [number, number]
  words: [number, number]
  /** Share of records written in action phases. */
  actionShare: number
  waysAction: Record<Way, number>
  waysReflection: Record<Way, number>
  themes: [number, number]
  /** Probability a theme is linked to the action-phase records it came from. */
  grounded: number
  blindSd: number
  polarised: number
  openModel: 'learn' | 'keep' | 'move' | 'quiet' | 'conform-anchor' | 'conform-median' | 'echo' | 'drift'
  rerate: number
  reasonRate: number
  challenges: [number, number]
  daHeld: number
  disagree: number
  stanceReason: number
  flagRate: number
  timeGiven: boolean
  judgementsHonest: boolean
}

const HONEST_ACTION: Record<Way, number> = { experiential: 0.5, presentational: 0.15, propositional: 0.1, practical: 0.25 }
const HONEST_REFLECTION: Record<Way, number> = { experiential: 0.15, presentational: 0.3, propositional: 0.5, practical: 0.05 }

function behaviourOf(kind: Scenario, p: InquiryParams): Behaviour {
  const base: Behaviour = {
    kind,
    records: [2, 5],
    words: [40, 160],
    actionShare: 0.65,
    waysAction: { ...HONEST_ACTION },
    waysReflection: { ...HONEST_REFLECTION },
    themes: [3, 5],
    grounded: 0.9,
    blindSd: 1,
    polarised: 0,
    openModel: 'learn',
    rerate: 0.3,
    reasonRate: 0.9,
    challenges: [1, 3],
    daHeld: 0.85,
    disagree: 0.08,
    stanceReason: 0.25,
    flagRate: 0.3,
    timeGiven: true,
    judgementsHonest: true,
  }
  if (p.presentationalPlanned) {
    base.waysAction.presentational = 0.3
    base.waysReflection.presentational = 0.45
  }
  const k = p.intensity
  switch (kind) {
    case 'genuine-convergence':
      return { ...base, blindSd: 0.5, openModel: 'learn', rerate: 0.25, reasonRate: 0.9, challenges: [1, 2], disagree: 0.04 }
    case 'divergence-kept':
      return {
        ...base,
        blindSd: 1.35,
        polarised: p.size >= 4 ? 0.45 : 0,
        openModel: 'keep',
        rerate: 0.15,
        reasonRate: 0.95,
        challenges: [2, 4],
        disagree: 0.2,
        stanceReason: 0.4,
      }
    case 'honest-movement':
      return {
        ...base,
        blindSd: 1.1,
        openModel: 'move',
        rerate: 0.6,
        reasonRate: 0.92,
        challenges: [1, 3],
        disagree: 0.12,
        stanceReason: 0.35,
      }
    case 'small-quiet-group':
      return {
        ...base,
        records: [1, 2],
        words: [20, 70],
        themes: [2, 3],
        blindSd: 0.9,
        openModel: 'quiet',
        rerate: 0.15,
        reasonRate: 0.8,
        challenges: [0, 1],
        daHeld: 0.6,
        disagree: 0.03,
        stanceReason: 0.1,
        flagRate: 0.2,
      }
    case 'conformity-pressure':
      return {
        ...base,
        blindSd: 1.15,
        openModel: 'conform-anchor',
        rerate: 0.6 + 0.4 * k,
        reasonRate: 0.3 * (1 - k) + 0.05,
        challenges: [0, 1],
        daHeld: 0.5,
        disagree: 0.02,
        stanceReason: 0.1,
        judgementsHonest: false,
      }
    case 'silenced-dissent':
      return {
        ...base,
        blindSd: 1.2,
        openModel: 'conform-median',
        rerate: 0.7 + 0.3 * k,
        reasonRate: 0,
        challenges: [0, 0],
        daHeld: 0.25,
        disagree: 0,
        stanceReason: 0,
        flagRate: 0.4,
        timeGiven: false,
        judgementsHonest: false,
      }
    case 'dominant-voice':
      return {
        ...base,
        blindSd: 1.05,
        openModel: 'echo',
        rerate: 0.5 + 0.4 * k,
        reasonRate: 0.15,
        challenges: [0, 1],
        daHeld: 0.4,
        disagree: 0.02,
        stanceReason: 0.08,
        judgementsHonest: false,
      }
    case 'ungrounded-reflection':
      return {
        ...base,
        records: [1, 3],
        actionShare: 0.15 * (1 - k) + 0.05,
        waysAction: { experiential: 0.6, presentational: 0, propositional: 0.4, practical: 0 },
        waysReflection: { experiential: 0.1, presentational: 0, propositional: 0.9, practical: 0 },
        grounded: 0,
        blindSd: 0.8,
        openModel: 'drift',
        rerate: 0.3,
        reasonRate: 0.5,
        challenges: [0, 1],
        daHeld: 0,
        disagree: 0.03,
        stanceReason: 0.15,
        judgementsHonest: false,
      }
  }
}

// ---------------------------------------------------------------- parameters of an inquiry

const ALLOWS_PAIR: readonly Scenario[] = [
  'genuine-convergence',
  'divergence-kept',
  'honest-movement',
  'conformity-pressure',
  'silenced-dissent',
  'dominant-voice',
  'ungrounded-reflection',
]
const memberKey = (i: number) => `Member ${String.fromCharCode(65 + i)}`

function paramsFor(rng: Rng, scenario: Scenario): InquiryParams {
  const pair = ALLOWS_PAIR.includes(scenario) && rng.chance(0.15)
  const size = scenario === 'small-quiet-group' ? 5 : pair ? 2 : rng.int(3, 9)
  const templateSlug: InquiryParams['templateSlug'] = pair
    ? 'client-practitioner-peer-review'
    : rng.chance(0.65)
      ? 'cooperative-inquiry'
      : 'peer-supervision-inquiry'
  const minCycles = template(templateSlug).recommendedMinCycles
  const status = rng.chance(0.45) ? 'concluded' : 'cycling'
  // A concluded inquiry has done its recommended cycles; a cycling one is somewhere on the way. The same for
  // honest and colluding groups, so that how far an inquiry has cycled tells nothing about collusion here.
  const published = status === 'concluded' ? rng.int(minCycles, minCycles + 1) : rng.int(1, minCycles)
  const inProgressCycle = status === 'cycling' && rng.chance(0.5)
  const colluding = labelOf(scenario) === 'colluding'
  const onset = colluding && published >= 3 && rng.chance(0.3) ? 2 : 1
  const focal =
    scenario === 'conformity-pressure' || scenario === 'dominant-voice'
      ? pair
        ? memberKey(0)
        : rng.chance(0.5)
          ? memberKey(0)
          : memberKey(rng.int(1, size - 1))
      : null
  const consent = Array.from({ length: size }, () => rng.weighted({ all: 0.45, most: 0.3, some: 0.17, none: 0.08 })).map(
    (c) => ({ all: 1, most: 0.85, some: 0.5, none: 0 })[c],
  )
  const leaverIndex = size >= 4 ? rng.int(1, size - 1) : -1
  const leaver =
    size >= 4 && published >= 2 && rng.chance(0.12) && memberKey(leaverIndex) !== focal
      ? { member: memberKey(leaverIndex), afterCycle: rng.int(1, published - 1) }
      : null
  return {
    scenario,
    templateSlug,
    size,
    cycles: published + (inProgressCycle ? 1 : 0),
    status,
    onset,
    focal,
    intensity: colluding ? rng.between(0.5, 1) : 0,
    subtle: scenario === 'conformity-pressure' && size >= 4 && rng.chance(0.35),
    consent,
    absenceRate: rng.pick([0, 0.04, 0.08, 0.12]),
    leaver,
    presentationalPlanned: rng.chance(0.3),
    inProgressCycle,
    lastInSenseMaking: status === 'cycling' && !inProgressCycle && rng.chance(0.4),
  }
}

// ---------------------------------------------------------------- the archive

const DAY = 86_400_000
const HOUR = 3_600_000
const iso = (ms: number) => new Date(Math.round(ms)).toISOString()

export function generateInquiry(seed: number, scenario: Scenario, index: number): BenchInquiry {
  const rng = new Rng(hashOf(seed, scenario, index))
  const p = paramsFor(rng, scenario)
  const tpl = template(p.templateSlug)
  const pair = p.templateSlug === 'client-practitioner-peer-review'
  const topic = pair ? PAIR_TOPIC : p.templateSlug === 'peer-supervision-inquiry' ? TOPICS[4]! : rng.pick(TOPICS.slice(0, 4))
  const members = Array.from({ length: p.size }, (_, i) => memberKey(i))
  const scale = tpl.ratingScale
  const clamp = (v: number) => Math.max(scale.min, Math.min(scale.max, Math.round(v)))
  const mid = (scale.min + scale.max) / 2

  const created = Date.UTC(2026, 0, 5) + (hashOf(seed, scenario, index, 'start') % (200 * DAY))
  const published = p.cycles - (p.inProgressCycle ? 1 : 0)
  const leftAt = (m: string, cycleStarts: number[]) =>
    p.leaver && p.leaver.member === m ? (cycleStarts[p.leaver.afterCycle + 1] ?? null) : null
  // As an export does, contributions list only the members still in the group at the end.
  const stayed = members.filter((m) => !(p.leaver && p.leaver.member === m))

  const records: ArchiveRecord[] = []
  const themes: ArchiveTheme[] = []
  const links: Archive['links'] = []
  const ratings: Archive['ratings'] = []
  const decisions: ArchiveDecision[] = []
  const challenges: ArchiveChallenge[] = []
  const cycles: ArchiveCycle[] = []
  const labels: CycleLabel[] = []
  const cycleStarts: number[] = []
  let clock = created + rng.between(2, 6) * DAY
  let themeSeq = 0
  let recordSeq = 0
  let decisionSeq = 0
  let challengeSeq = 0
  let themeBank = rng.shuffle(topic.themes)
  const themeName = () => {
    if (themeBank.length === 0) themeBank = rng.shuffle(topic.themes).map((t) => `${t}, again`)
    return themeBank.pop()!
  }
  const daOrder = rng.shuffle(members)

  // Who records a challenge's resolution, from a stream of its own so the rest of the archive is as before: the
  // facilitator's share shrinks as the group grows autonomous (as with proposals); a dominant voice resolves most.
  const resolverRng = new Rng(hashOf(seed, scenario, index, 'resolver'))
  const resolverOf = (kind: Scenario, c: number, focal: string | null, atSense: string[]): string => {
    if (focal && kind === 'dominant-voice' && resolverRng.chance(0.85)) return focal
    const facilitator = pair ? null : members[0]!
    if (facilitator && atSense.includes(facilitator) && resolverRng.chance(Math.max(0.15, 0.45 - 0.1 * (c - 1)))) return facilitator
    return resolverRng.pick(atSense)
  }

  const present = (m: string, cycle: number) => !(p.leaver && p.leaver.member === m && cycle > p.leaver.afterCycle)

  for (let c = 1; c <= p.cycles; c++) {
    const inProgress = p.inProgressCycle && c === p.cycles
    const isPublished = c <= published
    const isLast = c === published
    const senseMakingOpen = isLast && p.lastInSenseMaking
    const kind: Scenario = c < p.onset ? rng.pick(['genuine-convergence', 'honest-movement'] as const) : scenario
    const b = behaviourOf(kind, p)
    labels.push({ cycle: c, label: labelOf(kind), scenario: kind, published: isPublished })
    const start = clock
    cycleStarts[c] = start
    const current = members.filter((m) => present(m, c))
    const focal = p.focal && c >= p.onset ? p.focal : null

    // Phases, in template order; an optional one (immersion) is sometimes skipped.
    const phases: ArchiveCycle['phases'] = []
    let t = start
    tpl.phases.forEach((ph, i) => {
      const position = i + 1
      const skip = ph.optional && rng.chance(0.4)
      if (inProgress) {
        const status = i === 0 ? 'done' : i === 1 ? 'current' : 'upcoming'
        const length = rng.between(5, 9) * DAY
        const s = status === 'upcoming' ? null : t
        const e = status === 'done' ? t + length : null
        if (status === 'done') t += length
        phases.push({
          position,
          templateKey: ph.key,
          name: ph.name,
          kind: ph.kind,
          role: ph.role,
          status,
          startedAt: s === null ? null : iso(s),
          endedAt: e === null ? null : iso(e),
        })
        return
      }
      if (skip) {
        phases.push({
          position,
          templateKey: ph.key,
          name: ph.name,
          kind: ph.kind,
          role: ph.role,
          status: 'skipped',
          startedAt: null,
          endedAt: null,
        })
        return
      }
      const length = (ph.kind === 'action' ? rng.between(kind === 'small-quiet-group' ? 6 : 9, 18) : rng.between(4, 9)) * DAY
      const last = i === tpl.phases.length - 1
      const open = last && senseMakingOpen
      phases.push({
        position,
        templateKey: ph.key,
        name: ph.name,
        kind: ph.kind,
        role: ph.role,
        status: open ? 'current' : 'done',
        startedAt: iso(t),
        endedAt: open ? null : iso(t + length),
      })
      t += length
    })
    const end = t
    const live = phases.filter((x) => x.status !== 'skipped' && x.status !== 'upcoming')
    const spanOf = (x: ArchiveCycle['phases'][number]) =>
      [Date.parse(x.startedAt!), x.endedAt ? Date.parse(x.endedAt) : Date.parse(x.startedAt!) + 6 * DAY] as const
    const actionPhases = live.filter((x) => x.kind === 'action')
    const reflectionPhases = live.filter((x) => x.kind === 'reflection')
    const planning = live[0]!
    const senseMaking = inProgress ? null : live[live.length - 1]!

    // Who is absent from which phase.
    const absentFrom = new Map<string, Set<number>>()
    for (const m of current) {
      const set = new Set<number>()
      if (rng.chance(p.absenceRate / 2)) live.forEach((x) => set.add(x.position))
      // Missing a meeting is commoner than having no practice to record in an action phase.
      else for (const x of live) if (rng.chance(x.kind === 'action' ? p.absenceRate / 2 : p.absenceRate)) set.add(x.position)
      // A pair meets together or not at all: at most the action phase is missed.
      if (pair) for (const x of live) if (x.kind === 'reflection') set.delete(x.position)
      absentFrom.set(m, set)
    }
    const here = (m: string, phase: ArchiveCycle['phases'][number] | null) =>
      phase !== null && current.includes(m) && !absentFrom.get(m)!.has(phase.position)
    // A decision needs enough stances; keep at least two members (and the focal one) at sense-making.
    if (senseMaking) {
      const atSense = current.filter((m) => here(m, senseMaking))
      for (const m of current)
        if (atSense.length < Math.min(current.length, Math.max(2, Math.ceil(current.length * 0.7))) && !atSense.includes(m)) {
          absentFrom.get(m)!.delete(senseMaking.position)
          atSense.push(m)
        }
      if (focal) absentFrom.get(focal)!.delete(senseMaking.position)
    }
    if (focal) absentFrom.get(focal)!.delete(planning.position)

    // Records: shared with the group; each author consents per record, else it travels as counts.
    const counts = new Map(current.map((m) => [m, { records: 0, words: 0, actionRecords: 0, reflectionRecords: 0, reflectionWords: 0 }]))
    const ways: Record<Way, number> = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }
    const cycleRecords: { rec: ArchiveRecord; kind: 'action' | 'reflection'; kept: boolean }[] = []
    const focalTexts: string[] = []
    const writers = focal && kind === 'dominant-voice' ? [focal, ...current.filter((m) => m !== focal)] : current
    for (const m of writers) {
      const mi = members.indexOf(m)
      let [lo, hi] = b.records
      let [wlo, whi] = b.words
      if (kind === 'dominant-voice' && focal) {
        if (m === focal) [lo, hi, wlo, whi] = [5, 9, 140 + 150 * p.intensity, 260 + 200 * p.intensity]
        else [lo, hi, wlo, whi] = [1, 2, 8, 35]
      }
      const activity = kind === 'dominant-voice' ? 1 : rng.between(0.7, 1.3)
      const n = inProgress ? rng.int(0, 2) : Math.max(kind === 'small-quiet-group' ? 1 : 0, Math.round(rng.int(lo, hi) * activity))
      for (let r = 0; r < n; r++) {
        const candidates = inProgress ? live.filter((x) => x.status === 'done' || x.kind === 'action') : live
        // An honest member records their practice first: their first record is from an action phase, mostly.
        const wantAction = r === 0 && labelOf(kind) === 'honest' ? rng.chance(0.92) : rng.chance(b.actionShare)
        let phase = rng.pick(
          candidates.filter((x) => (wantAction ? x.kind === 'action' : x.kind === 'reflection')).length
            ? candidates.filter((x) => (wantAction ? x.kind === 'action' : x.kind === 'reflection'))
            : candidates,
        )
        if (!here(m, phase)) {
          const alt = candidates.filter((x) => here(m, x))
          if (!alt.length) continue
          phase = rng.pick(alt)
        }
        const way = rng.weighted(phase.kind === 'action' ? b.waysAction : b.waysReflection)
        const [ps, pe] = spanOf(phase)
        const occurred = rng.between(ps, Math.min(pe, ps + 20 * DAY) - HOUR)
        let text = recordText(rng, way, rng.int(Math.round(wlo), Math.round(whi)))
        if (kind === 'dominant-voice' && focal && m !== focal && focalTexts.length && rng.chance(0.8)) {
          text = `As ${focal} wrote, ${rng.pick(focalTexts).split(' ').slice(0, rng.int(6, 14)).join(' ')}. I found the same.`
        }
        if (m === focal) focalTexts.push(text)
        const kept = !inProgress && rng.float() < p.consent[mi]!
        const consentedInProgress = inProgress && rng.float() < p.consent[mi]!
        const rec: ArchiveRecord = {
          key: 'R0',
          author: m,
          attribution: null,
          cycle: c,
          phase: phase.position,
          wayOfKnowing: way,
          occurredAt: iso(occurred),
          createdAt: iso(occurred + rng.between(1, 30) * HOUR),
          consent: 'anonymised',
          text,
        }
        if (inProgress) {
          if (consentedInProgress) cycleRecords.push({ rec, kind: phase.kind, kept: true })
          continue
        }
        const count = counts.get(m)!
        count.records += 1
        count.words += wordCount(text)
        if (phase.kind === 'action') count.actionRecords += 1
        else {
          count.reflectionRecords += 1
          count.reflectionWords += wordCount(text)
        }
        ways[way] += 1
        cycleRecords.push({ rec, kind: phase.kind, kept })
      }
    }
    cycleRecords.sort((x, y) => x.rec.createdAt.localeCompare(y.rec.createdAt))
    for (const x of cycleRecords) if (x.kept) records.push({ ...x.rec, key: `R${++recordSeq}` })
    const keptRecords = records.filter((r) => r.cycle === c)
    const keptAction = keptRecords.filter((r) => actionPhases.some((x) => x.position === r.phase))
    const keptReflection = keptRecords.filter((r) => reflectionPhases.some((x) => x.position === r.phase))

    if (!isPublished || !senseMaking) {
      cycles.push({
        number: c,
        published: false,
        focus: rng.pick(topic.focus),
        startedAt: iso(start),
        endedAt: null,
        blindRevealedAt: null,
        reviewAdoptedAt: null,
        devilsAdvocate: null,
        phases,
        checkIns: null,
        judgements: [],
        contributions: null,
        waysOfKnowing: null,
      })
      clock = end + rng.between(1, 4) * DAY
      continue
    }

    const [ss, se] = spanOf(senseMaking)
    const [plS] = spanOf(planning)
    const atSense = current.filter((m) => here(m, senseMaking))

    // Devil's advocate: rotating where the template says so; a pair names one rarely.
    const daHeld = rng.chance(pair ? b.daHeld * 0.4 : b.daHeld)
    const da = daHeld
      ? tpl.devilsAdvocate.rotating
        ? daOrder.filter((m) => current.includes(m))[(c - 1) % current.length]!
        : rng.pick(current)
      : null

    // Decisions.
    const proposerOf = (process: boolean) => {
      if (focal && kind === 'dominant-voice') return rng.chance(0.85) ? focal : rng.pick(current)
      // The facilitator's share of proposing shrinks as the group grows autonomous.
      const facilitator = pair ? null : members[0]!
      if (process && facilitator && current.includes(facilitator) && rng.chance(Math.max(0.15, 0.45 - 0.1 * (c - 1)))) return facilitator
      return rng.pick(current)
    }
    const decide = (
      kindOf: string,
      title: string,
      at: number,
      closeAt: number,
      who: string[],
      contentious: boolean,
      forcePass = false,
    ): ArchiveDecision => {
      if (who.length === 0) who = current
      const stances: ArchiveDecision['stances'] = []
      let agree = 0
      let disagree = 0
      let block = 0
      const voters = rng.shuffle(who)
      voters.forEach((m, i) => {
        const when = at + ((closeAt - at) * (i + 1)) / (voters.length + 1)
        let stance: 'agree' | 'abstain' | 'disagree' | 'block' = 'agree'
        const r = rng.float()
        if (b.disagree > 0 && contentious && r < b.disagree) stance = kind === 'divergence-kept' && rng.chance(0.15) ? 'block' : 'disagree'
        else if (b.disagree > 0 && r < b.disagree + 0.05) stance = 'abstain'
        if (forcePass && (stance === 'block' || stance === 'disagree')) stance = rng.chance(0.5) ? 'disagree' : 'abstain'
        const reasoned =
          b.stanceReason === 0 ? false : stance === 'agree' ? rng.chance(b.stanceReason) : stance === 'abstain' ? rng.chance(0.6) : true
        // Honest movement: a member who disagreed changes their mind after the proposal is revised, and says why.
        stances.push({ member: m, stance, reasoned, at: iso(when) })
        if (stance === 'disagree' && kind === 'honest-movement' && rng.chance(0.5)) {
          stances.push({ member: m, stance: 'agree', reasoned: true, at: iso(when + HOUR) })
          agree += 1
          return
        }
        if (stance === 'agree') agree += 1
        if (stance === 'disagree') disagree += 1
        if (stance === 'block') block += 1
      })
      if (forcePass && !(block === 0 && agree > disagree)) {
        // Keep the process moving: the later stances of the disagreeing members turn to abstain, with reasons.
        for (const s of [...stances])
          if (s.stance === 'disagree' || s.stance === 'block')
            stances.push({ member: s.member, stance: 'abstain', reasoned: true, at: iso(Date.parse(s.at) + HOUR) })
        disagree = 0
        block = 0
      }
      const passed = block === 0 && agree > disagree && stances.length > 0
      const d: ArchiveDecision = {
        key: `D${++decisionSeq}`,
        cycle: c,
        kind: kindOf,
        title,
        body: '',
        status: passed ? 'passed' : 'rejected',
        proposedBy: proposerOf(kindOf !== 'focus' && kindOf !== 'general'),
        createdAt: iso(at),
        closedAt: iso(closeAt),
        outcomeNote: passed
          ? `Passed: ${new Set(stances.map((s) => s.member)).size} of ${current.length} members took a stance, ${agree} agreed, no one blocked.`
          : `Rejected: ${block ? 'a member blocked' : 'more disagreed than agreed'}.`,
        stances,
        anonymousStances: [],
      }
      decisions.push(d)
      return d
    }
    const voters = (phase: ArchiveCycle['phases'][number]) => current.filter((m) => here(m, phase))
    const focusDecision = decide('focus', `Focus for cycle ${c}`, plS + HOUR, plS + DAY, voters(planning), true)
    if (focusDecision.status === 'rejected')
      decide('focus', `Focus for cycle ${c}, revised`, plS + 1.5 * DAY, plS + 2 * DAY, voters(planning), true, true)
    if (da) decide('devils_advocate', `${da} as devil's advocate for cycle ${c}`, plS + 2 * HOUR, plS + DAY, voters(planning), false, true)
    for (let i = 1; i < live.length; i++) {
      const at = Date.parse(live[i]!.startedAt!)
      decide(
        'phase_change',
        `Move to ${live[i]!.name}`,
        at - DAY,
        at,
        current.filter((m) => here(m, live[i - 1]!) || here(m, live[i]!)),
        false,
        true,
      )
    }

    // Themes proposed in sense-making, and earlier themes re-rated.
    const nThemes = rng.int(b.themes[0], b.themes[1])
    const cycleThemes: ArchiveTheme[] = []
    for (let i = 0; i < nThemes; i++) {
      const proposer = focal && kind === 'dominant-voice' && rng.chance(0.6 + 0.4 * p.intensity) ? focal : rng.pick(atSense)
      const theme: ArchiveTheme = {
        key: `T${++themeSeq}`,
        name: themeName(),
        description: 'A pattern we saw in our records.',
        proposedBy: proposer,
        firstCycle: c,
        status: 'active',
        mergedInto: null,
        splitFrom: null,
        createdAt: iso(ss + (i + 1) * 3 * HOUR),
      }
      themes.push(theme)
      cycleThemes.push(theme)
    }
    const earlier = themes.filter((x) => x.firstCycle < c && x.status === 'active')
    const rerated = rng.shuffle(earlier).slice(0, rng.int(0, Math.min(2, earlier.length)))
    // Chaos and order: an honest group sometimes merges an earlier theme into a new one.
    if (labelOf(kind) === 'honest' && kind === 'honest-movement' && earlier.length >= 2 && rng.chance(0.35)) {
      const old = rng.pick(earlier.filter((x) => !rerated.includes(x)).length ? earlier.filter((x) => !rerated.includes(x)) : earlier)
      if (!rerated.includes(old)) {
        old.status = 'merged'
        old.mergedInto = cycleThemes[0]!.key
      }
    }

    // Links: which records ground which themes.
    for (const theme of cycleThemes) {
      const linker = () => (rng.chance(0.5) ? theme.proposedBy : rng.pick(atSense))
      if (b.grounded > 0 && rng.chance(b.grounded) && keptAction.length) {
        for (const r of rng.shuffle(keptAction).slice(0, rng.int(1, Math.min(3, keptAction.length)))) {
          links.push({ theme: theme.key, record: r.key, linkedBy: linker(), createdAt: iso(Date.parse(theme.createdAt) + HOUR) })
        }
      } else if (b.grounded === 0 && keptReflection.length && rng.chance(0.5)) {
        for (const r of rng.shuffle(keptReflection).slice(0, rng.int(1, Math.min(2, keptReflection.length)))) {
          links.push({ theme: theme.key, record: r.key, linkedBy: linker(), createdAt: iso(Date.parse(theme.createdAt) + HOUR) })
        }
      }
    }

    // Ratings: blind first (each member's own experience), then the open round.
    const rated = [...cycleThemes, ...rerated]
    const raters = atSense
    const anchor = focal && (kind === 'conformity-pressure' || kind === 'dominant-voice') ? focal : null
    const others = raters.filter((m) => m !== anchor)
    const conformers = new Set(
      kind === 'conformity-pressure' && p.subtle ? rng.shuffle(others).slice(0, Math.max(1, Math.floor(others.length / 3))) : others,
    )
    for (const theme of rated) {
      const mu = rng.between(scale.min + 0.5, scale.max - 0.5)
      const polar = rng.chance(b.polarised) && raters.length >= 4
      const camp = new Map(rng.shuffle(raters).map((m, i) => [m, i % 2]))
      const blind = new Map<string, number>()
      for (const m of raters) {
        const v = polar
          ? camp.get(m) === 0
            ? rng.between(scale.min, scale.min + 1.4)
            : rng.between(scale.max - 1.4, scale.max)
          : mu + rng.normal() * b.blindSd
        blind.set(m, clamp(v))
      }
      const values = [...blind.values()].sort((x, y) => x - y)
      const median =
        values.length % 2 ? values[(values.length - 1) / 2]! : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2
      const target = clamp(mu + rng.pick([-1, 0, 1]))
      const open = new Map<string, { value: number; reasoned: boolean }>()
      for (const m of raters) {
        const v = blind.get(m)!
        const toward = (goal: number, steps: number) => (goal > v ? Math.min(goal, v + steps) : Math.max(goal, v - steps))
        let next = v
        let reason = rng.chance(b.reasonRate)
        switch (b.openModel) {
          case 'learn':
            if (rng.chance(b.rerate)) next = toward(Math.round(median), 1)
            break
          case 'keep':
            if (rng.chance(b.rerate)) next = clamp(v + (v >= mid ? 1 : -1) * (rng.chance(0.6) ? 1 : -1))
            break
          case 'move':
            if (rng.chance(b.rerate)) next = toward(target, rng.int(1, 2))
            break
          case 'quiet':
            if (rng.chance(b.rerate)) next = toward(Math.round(median), 1)
            break
          case 'conform-anchor':
            if (anchor && conformers.has(m) && rng.chance(b.rerate)) next = toward(blind.get(anchor) ?? v, rng.chance(p.intensity) ? 4 : 1)
            else if (rng.chance(0.1)) {
              next = toward(Math.round(median), 1)
              reason = true
            }
            break
          case 'conform-median':
            if (Math.abs(v - median) >= 1 && rng.chance(b.rerate)) next = Math.round(median)
            break
          case 'echo':
            if (anchor && m !== anchor && rng.chance(b.rerate)) next = toward(blind.get(anchor) ?? v, rng.chance(p.intensity) ? 4 : 1)
            break
          case 'drift':
            if (rng.chance(b.rerate)) next = toward(Math.round(median), 1)
            break
        }
        if (next !== v) open.set(m, { value: next, reasoned: reason })
        // Some members confirm their rating in the open round without changing it.
        else if (rng.chance(0.2)) open.set(m, { value: v, reasoned: b.reasonRate > 0 && rng.chance(0.2) })
      }
      for (const m of raters)
        ratings.push({
          member: m,
          theme: theme.key,
          cycle: c,
          round: 'blind',
          value: blind.get(m)!,
          reasoned: b.reasonRate > 0 && rng.chance(0.15),
        })
      for (const [m, o] of open)
        ratings.push({ member: m, theme: theme.key, cycle: c, round: 'open', value: o.value, reasoned: o.reasoned })
    }

    // Challenges, resolved as the kind of group resolves them.
    const nChallenges = rng.int(b.challenges[0], b.challenges[1])
    for (let i = 0; i < nChallenges; i++) {
      const raiser = i === 0 && da && atSense.includes(da) ? da : focal && kind === 'dominant-voice' ? focal : rng.pick(atSense)
      const targetTheme = rng.pick(cycleThemes)
      const targetKind = rng.weighted({ theme: 0.6, process: 0.25, decision: 0.15 })
      const hazard = rng.weighted({ consensus_collusion: 0.35, uncritical_subjectivity: 0.35, dominance: 0.1, other: 0.2 })
      const resolution: 'revised' | 'answered' | 'left_open' =
        kind === 'divergence-kept'
          ? rng.weighted({ revised: 0.2, answered: 0.4, left_open: 0.4 })
          : kind === 'honest-movement'
            ? rng.weighted({ revised: 0.6, answered: 0.3, left_open: 0.1 })
            : labelOf(kind) === 'honest'
              ? rng.weighted({ revised: 0.3, answered: 0.55, left_open: 0.15 })
              : rng.weighted({ revised: 0.05, answered: 0.85, left_open: 0.1 })
      const at = ss + rng.between(0.3, 0.6) * (se - ss)
      challenges.push({
        key: `C${++challengeSeq}`,
        cycle: c,
        raisedBy: raiser,
        resolvedBy: resolverOf(kind, c, focal, atSense),
        targetKind,
        target: targetKind === 'theme' ? targetTheme.key : targetKind === 'decision' ? focusDecision.key : null,
        hazard,
        text:
          targetKind === 'theme'
            ? `Does "${targetTheme.name}" fit what we recorded, or what we hoped to find?`
            : 'Are we agreeing too quickly here?',
        resolution,
        resolutionText:
          resolution === 'revised'
            ? 'We reworded it to what the records show.'
            : resolution === 'answered'
              ? labelOf(kind) === 'honest'
                ? 'We went back to the action records; three of them bear it out.'
                : 'It is fine.'
              : 'We could not settle it and carry it into the next cycle.',
        resolvedAt: iso(at + rng.between(2, 30) * HOUR),
        createdAt: iso(at),
      })
    }

    // Check-ins, and whether a member who asked for time was given it.
    const meetings = reflectionPhases.length
    const held = current.filter((m) => here(m, planning)).length + atSense.length * (meetings > 1 ? 1 : 0)
    const flagged = rng.chance(b.flagRate) ? (rng.chance(0.8) ? 1 : 2) : 0
    if (flagged && b.timeGiven && rng.chance(0.35)) {
      const at = ss + 0.2 * (se - ss)
      challenges.push({
        key: `C${++challengeSeq}`,
        cycle: c,
        raisedBy: rng.pick(atSense),
        targetKind: 'process',
        target: null,
        hazard: 'unaware_projection',
        text: 'Something from a check-in is still in the room; can we make time for it before rating?',
        resolution: 'answered',
        resolutionText: 'We gave the first part of the meeting to it before going on.',
        resolvedBy: resolverOf(kind, c, focal, atSense),
        resolvedAt: iso(at + 2 * HOUR),
        createdAt: iso(at),
      })
    }

    const revealed = ss + 0.7 * (se - ss)
    const adopted = senseMakingOpen ? null : se - HOUR
    if (adopted !== null) {
      decide('adopt_review', `Adopt the validity review of cycle ${c}`, adopted - DAY / 2, adopted, atSense, false, true)
      if (c < p.cycles) decide('next_cycle', `Begin cycle ${c + 1}`, adopted - DAY / 3, adopted, atSense, false, true)
    }
    if (isLast) {
      decide('publish_findings', `Publish our findings through cycle ${c}`, se - DAY / 2, se - HOUR / 2, atSense, true, true)
      if (p.status === 'concluded') decide('conclude', 'Conclude the inquiry', se - DAY / 3, se - HOUR / 4, atSense, false, true)
    }

    // The group's own validity review.
    const judgements: ArchiveCycle['judgements'] = []
    if (adopted !== null && rng.chance(0.85)) {
      for (const proc of tpl.validityProcedures) {
        const status = b.judgementsHonest ? rng.weighted({ met: 0.5, partly: 0.35, not_met: 0.1, n_a: 0.05 }) : 'met'
        let note = b.judgementsHonest
          ? rng.pick(['We talked this through.', 'Partly: two of us were unsure.', 'We want to watch this next cycle.', ''])
          : ''
        if (proc.key === 'unaware-projections' && flagged && b.timeGiven)
          note = 'A member asked for time at a check-in; we gave it at the start of the meeting.'
        judgements.push({ procedureKey: proc.key, status, note, updatedAt: iso(adopted - 2 * HOUR) })
      }
    }

    cycles.push({
      number: c,
      published: true,
      focus: rng.pick(topic.focus),
      startedAt: iso(start),
      endedAt: senseMakingOpen ? null : iso(end),
      blindRevealedAt: iso(revealed),
      reviewAdoptedAt: adopted === null ? null : iso(adopted),
      devilsAdvocate: da,
      phases,
      checkIns: { held: Math.max(held, flagged), flagged },
      judgements,
      contributions: stayed.map((m) => ({
        member: m,
        ...(counts.get(m) ?? { records: 0, words: 0, actionRecords: 0, reflectionRecords: 0, reflectionWords: 0 }),
      })),
      waysOfKnowing: ways,
      // Member A holds the facilitator role throughout (a pair has none).
      facilitation: { facilitators: pair ? [] : [members[0]!], coFacilitators: [] },
    })
    clock = end + rng.between(1, 4) * DAY
  }

  const concludedAt = p.status === 'concluded' ? cycles[cycles.length - 1]!.endedAt : null
  const archive: Archive = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: iso(clock + DAY),
    inquiry: {
      title: `${topic.title} (${seed}.${hashOf(scenario, index) % 100_000})`,
      question: topic.question,
      status: p.status,
      templateSlug: p.templateSlug,
      template: tpl,
      createdAt: iso(created),
      concludedAt,
      groupKind: pair ? 'pair' : 'inquiry_group',
      publishedThroughCycle: published,
      namedMembers: [],
    },
    members: members.map((m, i) => ({
      key: m,
      facilitator: !pair && i === 0,
      pairRole: pair ? (i === 0 ? 'practitioner' : 'client') : null,
      joinedAt: iso(created),
      leftAt: (() => {
        const at = leftAt(m, cycleStarts)
        return at === null ? null : iso(at - DAY / 2)
      })(),
    })),
    cycles,
    themes,
    records,
    links,
    ratings,
    decisions,
    challenges,
  }
  return { id: `${seed}-${scenario}-${index}`, seed, scenario, index, params: p, labels, archive }
}

/** Every scenario, `perScenario` inquiries each, for one seed. */
export function generateSuite(seed: number, perScenario = DEFAULT_PER_SCENARIO): BenchInquiry[] {
  return SCENARIOS.flatMap((s) => Array.from({ length: perScenario }, (_, i) => generateInquiry(seed, s, i + 1)))
}
