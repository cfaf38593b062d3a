import type { Executor } from '~db/connection'
import { listRatingsOfThemes, listThemeLinksOfThemes, listThemesThroughCycle } from '~db/queries/exports'
import { keyNumber, sortBy, type ArchiveOutline, type ArchiveParts } from './core/archive'
import { RatingTable } from './core/rating-table'
import { inList, type ArchivePeople } from './archive-scope.server'

// The archive's themes, their links to records and the ratings of them.

/** Themes whose ratings in one cycle are read at once (by the ratings' unique index: theme, cycle, …). */
const THEME_BATCH = 100

/** The themes as the outline holds them, with each theme's key by its id. */
export type ThemeOutline = { entries: ArchiveOutline['themes']; keys: Map<string, string>; ids: string[] }

/**
 * Themes first proposed in a published cycle of the scope (or earlier), with their history of
 * merges and splits, keyed in an order made from content: when made, then name and description
 * with members' names replaced by keys.
 */
export async function readThemes(db: Executor, inquiryId: string, lastPublished: number, people: ArchivePeople): Promise<ThemeOutline> {
  const { key, redact } = people
  const rows = lastPublished ? await listThemesThroughCycle(db, inquiryId, lastPublished) : []
  const themes = sortBy(
    rows.map((t) => ({ t, name: redact(t.name), description: redact(t.description) })),
    (x) => [x.t.createdAt, x.name, x.description],
  )
  const keys = new Map(themes.map(({ t }, i) => [t.id, `T${i + 1}`]))
  const entries = themes.map(({ t, name, description }) => ({
    key: keys.get(t.id)!,
    name,
    description,
    proposedBy: key(t.proposedBy)!,
    firstCycle: t.firstCycle,
    status: t.status,
    mergedInto: t.mergedIntoId ? (keys.get(t.mergedIntoId) ?? null) : null,
    splitFrom: t.splitFromId ? (keys.get(t.splitFromId) ?? null) : null,
    createdAt: t.createdAt,
  }))
  return { entries, keys, ids: themes.map(({ t }) => t.id) }
}

/** The links of the themes to quoted records, by members, in theme then record order. */
export async function readLinks(
  db: Executor,
  themes: ThemeOutline,
  recordKeys: Map<string, string>,
  { key }: ArchivePeople,
): Promise<ArchiveOutline['links']> {
  const links = (await listThemeLinksOfThemes(db, inList(themes.ids)))
    .filter((l) => recordKeys.has(l.recordId) && key(l.linkedBy))
    .map((l) => ({
      theme: themes.keys.get(l.themeId)!,
      record: recordKeys.get(l.recordId)!,
      linkedBy: key(l.linkedBy)!,
      createdAt: l.createdAt,
    }))
  return sortBy(links, (l) => [keyNumber(l.theme), keyNumber(l.record), l.createdAt])
}

/**
 * The ratings of the revealed cycles in archive order: blind ratings only once revealed, since
 * before that they are their author's alone. One cycle at a time, read a few themes at a time
 * and kept as numbers until the cycle is written.
 */
export function ratingsInBatches(
  db: Executor,
  of: { cycles: { id: string; number: number }[]; themeIds: string[]; keyOf: Map<string, string>; themeKeys: Map<string, string> },
): ArchiveParts['ratings'] {
  return async function* () {
    for (const cycle of [...of.cycles].sort((a, b) => a.number - b.number)) {
      const table = new RatingTable()
      for (let i = 0; i < of.themeIds.length; i += THEME_BATCH) {
        for (const r of await listRatingsOfThemes(db, of.themeIds.slice(i, i + THEME_BATCH), [cycle.id])) {
          const member = of.keyOf.get(r.personId)
          if (!member) continue
          table.add({
            member,
            theme: of.themeKeys.get(r.themeId)!,
            cycle: cycle.number,
            round: r.round,
            value: r.value,
            reasoned: r.reason !== null && r.reason.trim() !== '',
          })
        }
      }
      yield* table.inArchiveOrder()
    }
  }
}
