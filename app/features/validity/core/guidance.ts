import type { IndicatorKey } from './types'

/**
 * What each indicator looks for, in plain words, and what a group might do when it warns
 * (issue 14 §3). The exact rule and thresholds come from `ruleFor`; these words say why the
 * rule matters. `evidence` names where the evidence the indicator read can be looked at.
 */
type IndicatorGuidance = {
  measures: string
  act: string
  evidence: 'analysis' | 'records' | 'challenges' | 'inquiry'
}

export const INDICATOR_GUIDANCE: Record<IndicatorKey, IndicatorGuidance> = {
  'conformity-shift': {
    measures:
      'Whether members moved their ratings toward the rest of the group, or toward one member, after hearing each other, and whether they said why. Moving with reasons is learning; moving without them may be going along.',
    act: 'Ask each person who moved what changed their mind. If nobody can say, rate the theme again blind, or name a devil’s advocate for it.',
    evidence: 'analysis',
  },
  'variance-ratio': {
    measures:
      'How much of the difference between members’ blind ratings was still there after discussion. Difference that disappears without reasons may have been smoothed over rather than worked through.',
    act: 'Look at the themes whose spread shrank most, and ask whether the difference was resolved or just stopped being spoken.',
    evidence: 'analysis',
  },
  'unexplained-moves': {
    measures:
      'How many of the ratings changed after discussion came without a reason. A reason records what was learned; silence records nothing.',
    act: 'Invite those who changed a rating to add their reason, and talk about any change nobody can explain.',
    evidence: 'analysis',
  },
  dissent: {
    measures:
      'Whether disagreement was voiced at all: stances other than agree, challenges raised, reasons given. A group that always agrees, silently and unchallenged, may be colluding to avoid conflict.',
    act: 'Name a devil’s advocate for the next decisions, and ask in a round what each person doubts before anyone states a stance.',
    evidence: 'challenges',
  },
  'participation-balance': {
    measures:
      'How evenly the group’s contributions are spread, and whether one member’s voice leads while the others follow that member’s ratings without reasons. Inquiry with one voice is not co-operative.',
    act: 'Hear from the quieter members first at the next meeting, and ask whether anyone felt their view was not heard.',
    evidence: 'analysis',
  },
  grounding: {
    measures:
      'Whether the group’s reflection rests on experience from the action phase: members’ shared action records, and themes linked to them. Reflection without action records may be talk about talk.',
    act: 'Link the themes to the action records they came from, and ask those without action records what they did in their practice.',
    evidence: 'records',
  },
  'ways-of-knowing': {
    measures:
      'Whether presentational knowing (image, story, metaphor) appears among the records over several cycles. An inquiry held only in propositions loses the bridge between experience and ideas.',
    act: 'Plan some presentational work for the next action or reflection phase: a drawing, a story, a metaphor of the experience.',
    evidence: 'records',
  },
  'research-cycling': {
    measures:
      'Whether the inquiry went round enough cycles of action and reflection to test and refine what it found. It is judged once, on the last cycle.',
    act: 'If the inquiry ends short, say in its findings which ones were tested only once.',
    evidence: 'inquiry',
  },
  'divergence-balance': {
    measures:
      'Whether any difference of view survived discussion. Agreement that was already there before discussion, or reached with reasons, is genuine; difference seen blind and then gone without reasons is not.',
    act: 'Return to the themes that divided the group in the blind round, and ask whether the difference was settled or set aside.',
    evidence: 'analysis',
  },
  'unaware-projections': {
    measures:
      'Whether distress flagged in a check-in was given time. Asking for time is the procedure working; distress flagged and then never attended to can distort what the group sees.',
    act: 'Make time for what was flagged, and record it in the group’s judgement of the procedure or in a challenge.',
    evidence: 'inquiry',
  },
  'authentic-collaboration': {
    measures:
      'Whether the process still runs through the facilitator: their share of proposals, of moves on, of resolved challenges and of the words in reflection, cycle after cycle. A facilitator’s part is meant to shrink as the group grows autonomous; a share that stays high or grows is dependence.',
    act: 'Plan a handover on the group’s forms page (rotate the role, name a co-facilitator, or go to peer facilitation by a cycle), and let others propose the next moves on.',
    evidence: 'analysis',
  },
}

/** Where the evidence an indicator read can be looked at, for one cycle of one inquiry. */
export function evidenceLink(key: IndicatorKey, inquiryId: string, cycleNumber: number): { href: string; label: string } {
  const base = `/inquiries/${inquiryId}`
  switch (INDICATOR_GUIDANCE[key].evidence) {
    case 'analysis':
      return { href: `${base}/analysis?cycle=${cycleNumber}`, label: `the ratings and participation of cycle ${cycleNumber}` }
    case 'records':
      return { href: `${base}/records?cycle=${cycleNumber}`, label: `the records of cycle ${cycleNumber}` }
    case 'challenges':
      return { href: `${base}/challenges`, label: 'the challenges and decisions' }
    case 'inquiry':
      return { href: base, label: 'the inquiry’s cycles and check-ins' }
  }
}
