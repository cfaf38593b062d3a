// What the inquiry dashboard's "This phase" section says (issue 16, item 1): what the current
// phase asks of the person looking, and what the group waits on. It takes plain counts and
// returns sentences and links. The group's side is counts only ("4 of 6 have rated blind"):
// nothing here receives, and so nothing here can show, who has or has not acted. Naming the
// ones who have not yet acted would press them toward conformity, the hazard the method guards
// against (docs/design.md §2).

type PhaseKind = 'reflection' | 'action'
type PhaseRole = 'co-researcher' | 'co-subject'

/** Where the rating rounds of a cycle in sense-making stand, for one person. */
export type RatingFacts = {
  round: 'blind' | 'open'
  /** Themes in the round: every active theme while blind, the blind-rated ones after the reveal. */
  themes: number
  /** Of those, how many this person has rated blind, and how many re-rated in the open round. */
  myBlind: number
  myOpen: number
  /** How many members have rated every theme blind. */
  completeBlind: number
}

/** One open decision the person may take a stance on, with how many have taken one (a count, never who). */
export type DecisionFacts = {
  id: string
  title: string
  /** Whether this person has taken a stance (named, or an anonymous ballot). */
  mine: boolean
  given: number
  voters: number
  /** A decision of the group as a whole (no inquiry): listed on the group's page, not the inquiry's. */
  groupLevel: boolean
}

export type GuidanceFacts = {
  inquiryId: string
  groupId: string
  cycleNumber: number
  kind: PhaseKind
  /** A reflection phase after an action phase: where themes are rated and the validity review held. */
  senseMaking: boolean
  /** Members who can act (placeholder seats cannot), the "of 6" in "4 of 6". */
  members: number
  /** Records this person has written in this phase. */
  myRecords: number
  /** Sense-making only. */
  ratings: RatingFacts | null
  /** Reflection phases only: whether this person has checked in, and how many members have. */
  checkIn: { mine: boolean; given: number } | null
  /** Sense-making before the review is adopted, when the template lists procedures. */
  judgements: { procedures: number; mine: number; complete: number } | null
  decisions: DecisionFacts[]
}

export type AskKey = 'records' | 'blind-rating' | 'open-rating' | 'check-in' | 'judgements' | 'stances'

/** One thing the phase asks of the person: whether it is done, a sentence, and where to do it. */
export type Ask = {
  key: AskKey
  done: boolean
  /** Asked, not required: the person may leave it. */
  optional: boolean
  text: string
  link: { href: string; text: string }
}

/** One thing the group waits on, as a count: how many members have acted, of how many. */
export type GroupWait = { key: string; acted: number; of: number; text: string }

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** "4 of 6 have", "1 of 6 has". */
const ofHave = (acted: number, of: number) => `${acted} of ${of} ${acted === 1 ? 'has' : 'have'}`

const ROLE_NAMES: Record<PhaseRole, string> = {
  'co-researcher': 'co-researchers: thinking together, designing and making sense of what you find',
  'co-subject': 'co-subjects: acting in your own practice and recording your experience',
}

/** The role a phase gives everyone, as a sentence. */
export function roleSentence(role: PhaseRole): string {
  return `In this phase you are all ${ROLE_NAMES[role]}.`
}

/** How an ask's state reads in words (never by colour alone). */
export function askStatusText(ask: Pick<Ask, 'done' | 'optional'>): string {
  if (ask.done) return 'Done'
  return ask.optional ? 'Optional' : 'To do'
}

function recordsAsk(f: GuidanceFacts, base: string): Ask {
  const link = { href: `${base}/records#new-heading`, text: 'Your records' }
  const written = `You have written ${plural(f.myRecords, 'record', 'records')} in this phase`
  if (f.kind === 'action') {
    return f.myRecords > 0
      ? { key: 'records', done: true, optional: false, text: `${written}; add more as things happen.`, link }
      : {
          key: 'records',
          done: false,
          optional: false,
          text: 'Record your experience as close to the moment as you can. You have written no records in this phase yet.',
          link,
        }
  }
  return f.myRecords > 0
    ? { key: 'records', done: true, optional: true, text: `${written}.`, link }
    : { key: 'records', done: false, optional: true, text: 'You may record in this phase too; you have written none in it yet.', link }
}

function ratingAsk(r: RatingFacts, base: string): Ask {
  if (r.round === 'open') {
    const link = { href: `${base}/ratings`, text: 'The open round' }
    return r.myOpen > 0
      ? {
          key: 'open-rating',
          done: true,
          optional: true,
          text: `You have re-rated ${plural(r.myOpen, 'theme', 'themes')} in the open round.`,
          link,
        }
      : {
          key: 'open-rating',
          done: false,
          optional: true,
          text: 'The blind ratings are revealed. If talking them through has moved you, re-rate in the open round and say why; otherwise your blind ratings stand.',
          link,
        }
  }
  if (r.themes === 0) {
    return {
      key: 'blind-rating',
      done: false,
      optional: false,
      text: 'No themes have been named yet. The blind round begins once the group names the patterns it sees in the records.',
      link: { href: `${base}/themes`, text: 'Themes' },
    }
  }
  const link = { href: `${base}/ratings`, text: 'Rate the themes blind' }
  return r.myBlind >= r.themes
    ? {
        key: 'blind-rating',
        done: true,
        optional: false,
        text: 'You have rated every theme blind. No one sees your ratings until the round is revealed.',
        link,
      }
    : {
        key: 'blind-rating',
        done: false,
        optional: false,
        text: `Rate how each theme fits your own experience, before you see anyone else's: you have rated ${r.myBlind} of ${plural(r.themes, 'theme', 'themes')}.`,
        link,
      }
}

function checkInAsk(mine: boolean, base: string): Ask {
  const link = { href: `${base}#check-in`, text: 'Your check-in' }
  return mine
    ? { key: 'check-in', done: true, optional: false, text: 'You have checked in; update it if something changes.', link }
    : {
        key: 'check-in',
        done: false,
        optional: false,
        text: 'Check in: say briefly how you are, and whether something is up for you that needs time.',
        link,
      }
}

function judgementsAsk(j: { procedures: number; mine: number }, base: string, cycleNumber: number): Ask {
  const link = { href: `${base}/cycles/${cycleNumber}/validity`, text: 'The validity review' }
  return j.mine >= j.procedures
    ? { key: 'judgements', done: true, optional: false, text: "You have judged every one of this cycle's validity procedures.", link }
    : {
        key: 'judgements',
        done: false,
        optional: false,
        text: `Judge how well this cycle met its validity procedures: you have judged ${j.mine} of ${j.procedures}.`,
        link,
      }
}

function stancesAsk(f: GuidanceFacts, base: string): Ask {
  const waiting = f.decisions.filter((d) => !d.mine)
  // The inquiry's page lists its own open decisions; the group's page lists every one of the group's.
  const onGroupPage = (waiting.length ? waiting : f.decisions).some((d) => d.groupLevel)
  const link = onGroupPage
    ? { href: `/groups/${f.groupId}#decisions-heading`, text: "The group's decisions" }
    : { href: `${base}#decisions-heading`, text: 'Open decisions' }
  return waiting.length === 0
    ? { key: 'stances', done: true, optional: false, text: 'You have taken a stance on every open proposal.', link }
    : {
        key: 'stances',
        done: false,
        optional: false,
        text: `${plural(waiting.length, 'open proposal awaits', 'open proposals await')} your stance.`,
        link,
      }
}

/**
 * What the current phase asks of the person, most central first: in an action phase their
 * records; in a reflection phase the check-in, then (in sense-making) their ratings and their
 * judgement of the validity procedures, then records; in any phase, stances on open proposals.
 */
export function phaseAsks(f: GuidanceFacts): Ask[] {
  const base = `/inquiries/${f.inquiryId}`
  const asks: Ask[] = []
  if (f.kind === 'action') asks.push(recordsAsk(f, base))
  if (f.checkIn) asks.push(checkInAsk(f.checkIn.mine, base))
  if (f.senseMaking && f.ratings) asks.push(ratingAsk(f.ratings, base))
  if (f.senseMaking && f.judgements && f.judgements.procedures > 0) asks.push(judgementsAsk(f.judgements, base, f.cycleNumber))
  if (f.kind === 'reflection') asks.push(recordsAsk(f, base))
  if (f.decisions.length > 0) asks.push(stancesAsk(f, base))
  return asks
}

/**
 * What the group waits on, as counts only, and only what is still incomplete: the blind round,
 * stances on each open proposal, check-ins, judgements of the validity procedures.
 */
export function groupWaits(f: GuidanceFacts): GroupWait[] {
  const waits: GroupWait[] = []
  if (f.senseMaking && f.ratings?.round === 'blind' && f.ratings.themes > 0) {
    const acted = f.ratings.completeBlind
    waits.push({ key: 'blind-rating', acted, of: f.members, text: `${ofHave(acted, f.members)} rated blind.` })
  }
  if (f.checkIn) {
    const acted = f.checkIn.given
    waits.push({ key: 'check-in', acted, of: f.members, text: `${ofHave(acted, f.members)} checked in.` })
  }
  if (f.senseMaking && f.judgements && f.judgements.procedures > 0) {
    const acted = f.judgements.complete
    waits.push({ key: 'judgements', acted, of: f.members, text: `${ofHave(acted, f.members)} judged every validity procedure.` })
  }
  for (const d of f.decisions) {
    waits.push({
      key: `stance:${d.id}`,
      acted: d.given,
      of: d.voters,
      text: `${ofHave(d.given, d.voters)} taken a stance on “${d.title}”.`,
    })
  }
  return waits.filter((w) => w.acted < w.of)
}
