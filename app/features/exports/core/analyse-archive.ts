import { analyseCycle, participation } from '~/features/analysis/core'
import type { CycleAnalysis, ParticipationInput, RatingInput } from '~/features/analysis/core/types'
import { ratingRows, summarise, type Indicator, type IndicatorSummary } from '~/features/validity/core'
import { cycleIndicators, type CycleFacts } from '~/features/validity/core/cycle-indicators'
import { cycleDependence, dependenceEvidence, type CycleActs, type CycleDependence } from '~/features/facilitation/core/measure'
import type { Archive, ArchiveCycle } from './archive-schema'
import type { ArchiveOutline } from './archive'

// The analysis and validity indicators of an archive, computed from the archive alone with
// the same pure functions the app uses (docs/design.md §4). Member ids are pseudonym keys and theme
// ids are theme keys, so the result can be compared across installations: the archive
// round trip (export → import → export) must give the same result.

export type ArchiveCycleResult = {
  cycle: number
  /** Null until the cycle's blind round has been revealed. */
  analysis: CycleAnalysis | null
  indicators: Indicator[]
  summary: IndicatorSummary
}

const NO_WAYS = { experiential: 0, presentational: 0, propositional: 0, practical: 0 }

/** What the analysis reads: records by key and place only (never their words), and the ratings of the cycles analysed. */
export type AnalysedArchive = ArchiveOutline & Pick<Archive, 'ratings'>

function contributionsOf(archive: AnalysedArchive, cycle: ArchiveCycle, memberKeys: string[]): ParticipationInput[] {
  const counted = new Map((cycle.contributions ?? []).map((c) => [c.member, c]))
  return memberKeys.map((memberId) => ({
    memberId,
    records: counted.get(memberId)?.records ?? 0,
    words: counted.get(memberId)?.words ?? 0,
    themesProposed: archive.themes.filter((t) => t.firstCycle === cycle.number && t.proposedBy === memberId).length,
    stances: archive.decisions
      .filter((d) => d.cycle === cycle.number)
      .reduce((n, d) => n + d.stances.filter((s) => s.member === memberId).length, 0),
    challenges: archive.challenges.filter((c) => c.cycle === cycle.number && c.raisedBy === memberId).length,
  }))
}

/** What the indicators weigh beyond the counts (issue 14), read from the archive alone. */
function evidenceOf(
  archive: AnalysedArchive,
  cycle: ArchiveCycle,
  memberKeys: string[],
  contributions: ParticipationInput[],
  analysis: CycleAnalysis | null,
): ArchiveEvidence {
  const current = new Set(memberKeys)
  const phaseKind = new Map(archive.cycles.flatMap((c) => c.phases.map((p) => [`${c.number}:${p.position}`, p.kind] as const)))
  const isAction = (r: { cycle: number; phase: number }) => phaseKind.get(`${r.cycle}:${r.phase}`) === 'action'
  const actionRecords = new Set(archive.records.filter(isAction).map((r) => r.key))
  const rated = analysis ? analysis.open.themes.map((t) => t.themeId) : []
  const counted = new Map((cycle.contributions ?? []).map((c) => [c.member, c]))
  return {
    ratings: ratingRows(archive.ratings.filter((r) => r.cycle === cycle.number && current.has(r.member))),
    challenges: archive.challenges.filter((c) => c.cycle === cycle.number),
    judgements: cycle.judgements,
    reviewAdopted: cycle.reviewAdoptedAt !== null,
    contributions: contributions.map((c) => ({
      member: c.memberId,
      records: c.records,
      words: c.words,
      themesProposed: c.themesProposed,
      actionRecords: counted.get(c.memberId)?.actionRecords ?? 0,
    })),
    themeLinks: {
      themes: rated.length,
      linkedToAction: rated.filter((theme) => archive.links.some((l) => l.theme === theme && actionRecords.has(l.record))).length,
      actionRecordsVisible: archive.records.filter((r) => r.cycle === cycle.number && isAction(r)).length,
      linked: rated.filter((theme) => archive.links.some((l) => l.theme === theme)).length,
    },
    devilsAdvocate: cycle.devilsAdvocate,
    previousWaysOfKnowing: [...archive.cycles]
      .filter((c) => c.number < cycle.number && c.waysOfKnowing !== null)
      .sort((a, b) => a.number - b.number)
      .map((c) => c.waysOfKnowing!),
    inquiryCycles: Math.max(...archive.cycles.map((c) => c.number)),
    pair: archive.inquiry.groupKind === 'pair',
  }
}

/** The facts evidenceOf reads from the archive; the rest are read beside the analysis. */
type ArchiveEvidence = Pick<
  CycleFacts,
  | 'ratings'
  | 'challenges'
  | 'judgements'
  | 'reviewAdopted'
  | 'contributions'
  | 'themeLinks'
  | 'devilsAdvocate'
  | 'previousWaysOfKnowing'
  | 'inquiryCycles'
  | 'pair'
>

/** The cycle's analysis from its current members' ratings, as the app shows it once the blind round is revealed. */
function analysisOf(
  archive: AnalysedArchive,
  cycle: ArchiveCycle,
  members: { id: string; name: string }[],
  contributions: ParticipationInput[],
): CycleAnalysis {
  const template = archive.inquiry.template
  const current = new Set(members.map((m) => m.id))
  const ratings: RatingInput[] = archive.ratings
    .filter((r) => r.cycle === cycle.number && current.has(r.member))
    .map((r) => ({ memberId: r.member, themeId: r.theme, round: r.round, value: r.value, reason: r.reasoned ? 'given' : null }))
  const rated = new Set(ratings.map((r) => r.themeId))
  return analyseCycle({
    scale: template.ratingScale,
    level: template.analysis.measurementLevel,
    thresholds: {
      convergentMaxIqr: template.analysis.convergentMaxIqr,
      divergentMinIqr: template.analysis.divergentMinIqr,
      polarisedShare: template.analysis.polarisedShare,
      quorum: template.decisionRule.quorum,
    },
    members,
    themes: archive.themes.filter((t) => t.status === 'active' && rated.has(t.key)).map((t) => ({ id: t.key, name: t.name })),
    ratings,
    participation: contributions,
  })
}

/**
 * One published cycle's analysis (when revealed) and indicators. Of the ratings it reads only
 * the cycle's own, so an archive written in batches passes just those.
 */
export function analyseArchiveCycle(archive: AnalysedArchive, cycle: ArchiveCycle): ArchiveCycleResult {
  const members = archive.members.filter((m) => m.leftAt === null).map((m) => ({ id: m.key, name: m.key }))
  const memberKeys = members.map((m) => m.id)
  const contributions = contributionsOf(archive, cycle, memberKeys)
  const analysis = cycle.blindRevealedAt !== null ? analysisOf(archive, cycle, members, contributions) : null
  const closed = archive.decisions.filter((d) => d.cycle === cycle.number && (d.status === 'passed' || d.status === 'rejected'))
  const indicators = cycleIndicators({
    cycleNumber: cycle.number,
    template: archive.inquiry.template,
    concluded: archive.inquiry.status === 'concluded',
    memberIds: memberKeys,
    acted: new Set((cycle.contributions ?? []).filter((c) => c.actionRecords > 0).map((c) => c.member)),
    analysis,
    balance: analysis?.participation ?? participation(contributions, members),
    decisions: closed.map((d) => ({ named: d.stances, anonymous: d.anonymousStances })),
    phases: cycle.phases,
    waysOfKnowing: cycle.waysOfKnowing ?? NO_WAYS,
    checkIns: { held: cycle.checkIns?.held ?? 0, flagged: cycle.checkIns?.flagged ?? 0 },
    ...evidenceOf(archive, cycle, memberKeys, contributions, analysis),
    ...(cycle.facilitation
      ? {
          facilitation: dependenceEvidence(
            facilitationOf(archive, memberKeys).filter((c) => c.cycle <= cycle.number),
            cycle.number,
            archive.inquiry.groupKind === 'pair',
          ),
        }
      : {}),
  })
  return { cycle: cycle.number, analysis, indicators, summary: summarise(indicators) }
}

/** One cycle's acts as facilitator dependence reads them (facilitation/core/measure.ts), from the archive alone. */
export function archiveCycleActs(archive: AnalysedArchive, cycle: ArchiveCycle, memberKeys: readonly string[]): CycleActs {
  return {
    cycle: cycle.number,
    memberIds: memberKeys,
    noRole: archive.inquiry.groupKind === 'pair',
    facilitators: cycle.facilitation?.facilitators ?? [],
    coFacilitators: cycle.facilitation?.coFacilitators ?? [],
    proposals: archive.decisions.filter((d) => d.cycle === cycle.number).map((d) => ({ by: d.proposedBy, kind: d.kind })),
    // Archives made before resolvedBy travelled: the raiser stands in, as the import records it.
    resolutions: archive.challenges
      .filter((c) => c.cycle === cycle.number && c.resolution !== null)
      .map((c) => ({ by: c.resolvedBy !== undefined ? c.resolvedBy : c.raisedBy })),
    reflection: (cycle.contributions ?? []).map((x) => ({
      by: x.member,
      records: x.reflectionRecords ?? 0,
      words: x.reflectionWords ?? 0,
    })),
  }
}

/** Facilitator dependence of every published cycle that says who facilitated it, in cycle order. */
export function facilitationOf(archive: AnalysedArchive, memberKeys?: readonly string[]): CycleDependence[] {
  const current = memberKeys ?? archive.members.filter((m) => m.leftAt === null).map((m) => m.key)
  return analysedCycles(archive)
    .filter((c) => c.facilitation)
    .map((c) => cycleDependence(archiveCycleActs(archive, c, current)))
}

/** The cycles that have results: the published ones, in cycle order. */
export function analysedCycles(archive: Pick<Archive, 'cycles'>): ArchiveCycle[] {
  return [...archive.cycles].filter((c) => c.published).sort((a, b) => a.number - b.number)
}

/** Every published cycle's results, in cycle order. Unpublished cycles have none to give. */
export function analyseArchive(archive: AnalysedArchive): ArchiveCycleResult[] {
  return analysedCycles(archive).map((c) => analyseArchiveCycle(archive, c))
}
