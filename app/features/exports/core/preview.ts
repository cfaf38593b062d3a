import type { ArchiveOutline } from './archive'

// The export page's preview: what an archive includes and what it leaves out, and why, in
// words a member reads before downloading (and the command line prints after exporting).

/** What an export leaves out and why. */
export type LeftOut = { what: string; why: string }

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** What an archive includes and leaves out; its ratings are counted by the caller (an outline holds none). */
export function describeScope(
  archive: ArchiveOutline,
  counts: { unconsented: number; ratings: number },
): { included: string[]; leftOut: LeftOut[] } {
  const published = archive.cycles.filter((c) => c.published)
  const current = archive.members.filter((m) => m.leftAt === null)
  const included = [
    `${plural(archive.cycles.length, 'cycle')}: ${published.length ? `findings of ${published.map((c) => c.number).join(', ')}` : 'no published findings'}`,
    `${plural(archive.records.length, 'record')} quoted with their author’s consent`,
    `${plural(archive.themes.length, 'theme')}, ${plural(counts.ratings, 'rating')} (pseudonymous), ${plural(archive.decisions.length, 'decision')}, ${plural(archive.challenges.length, 'challenge')}`,
    `${plural(current.length, 'member')} by pseudonym${archive.inquiry.namedMembers.length ? `; ${archive.inquiry.namedMembers.length} chose to be named on their quotes` : ''}`,
  ]
  return { included, leftOut: leftOutOf(archive, counts) }
}

/** What an archive of these cycles leaves out, and why. */
export function leftOutOf(archive: Pick<ArchiveOutline, 'cycles'>, counts: { unconsented: number }): LeftOut[] {
  const published = archive.cycles.filter((c) => c.published)
  const unpublished = archive.cycles.filter((c) => !c.published)
  const unrevealed = published.filter((c) => c.blindRevealedAt === null)
  const leftOut: LeftOut[] = []
  if (counts.unconsented)
    leftOut.push({
      what: `${plural(counts.unconsented, 'record')} left out`,
      why: 'no consent: their authors have not agreed to their words being quoted',
    })
  leftOut.push({ what: 'Private records', why: 'never exported: only their author sees them' })
  if (unpublished.length) {
    leftOut.push({
      what: `Findings of ${unpublished.length === 1 ? 'cycle' : 'cycles'} ${unpublished.map((c) => c.number).join(', ')} (themes, ratings, analysis, validity review, decisions, challenges)`,
      why: 'not published: the group has not agreed by decision to publish them',
    })
  }
  if (unrevealed.length)
    leftOut.push({
      what: `Ratings of ${unrevealed.length === 1 ? 'cycle' : 'cycles'} ${unrevealed.map((c) => c.number).join(', ')}`,
      why: 'the blind round has not been revealed',
    })
  leftOut.push({ what: 'Reasons given with ratings and stances', why: 'individual words: exports say only whether a reason was given' })
  leftOut.push({ what: 'Check-ins', why: 'never exported: only how many were held and how many asked for time' })
  leftOut.push({ what: 'Names', why: 'every member appears by pseudonym; a name appears only on a quote its author allowed to carry it' })
  leftOut.push({
    what: 'Members’ names written in texts',
    why: 'replaced by their pseudonyms (other people’s names are exported as written: check quotes before publishing)',
  })
  return leftOut
}
