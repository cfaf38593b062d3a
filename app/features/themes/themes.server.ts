import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { visibleRecords } from '~db/queries/records'
import {
  findTheme,
  findThemeLink,
  insertTheme,
  insertThemeEvent,
  listLinksOfTheme,
  listThemesOfInquiry,
  listThemesOfRecord,
  visibleLinks,
} from '~db/queries/themes'
import { listRatingsOfTheme } from '~db/queries/ratings'
import { applyDueEffects } from '~/features/decisions/registry.server'
import { requireInquiryMember } from '~/features/membership/membership.server'
import { CONCLUDED_MESSAGE, findCurrentPhase, reflectionBlock } from '~/features/cycles/cycles.server'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { NewThemeSchema, RenameThemeSchema, SplitThemeSchema } from './themes.schema'

/**
 * Why themes cannot be named or reshaped now, and when they can again; null when they can.
 * Pages show it in place of their forms; the actions refuse with it (409).
 */
export function themeEditBlock(db: Executor, inquiry: { id: string; status: string; templateJson: string }) {
  return reflectionBlock(db, inquiry, 'Themes are named and reshaped in reflection phases')
}

/** Themes are named and reshaped by co-researchers, so only in reflection phases. */
async function requireReflection(db: Executor, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const block = await themeEditBlock(db, inquiry)
  const current = await findCurrentPhase(db, inquiryId)
  if (block || !current) throw new DomainError('conflict', block ?? CONCLUDED_MESSAGE)
  return { inquiry, current }
}

/** What a merged theme's page shows in place of its forms, and its actions refuse with. */
export const MERGED_MESSAGE = 'This theme has been merged into another and can no longer change.'

async function requireActiveTheme(db: Executor, inquiryId: string, themeId: string, field?: string) {
  const theme = await findTheme(db, themeId)
  if (!theme || theme.inquiryId !== inquiryId) {
    if (field) throw new DomainError('bad_request', 'Choose a theme of this inquiry.', field)
    throw notFound('This theme')
  }
  if (theme.status !== 'active') throw new DomainError('conflict', MERGED_MESSAGE)
  return theme
}

export async function proposeTheme(db: Db, user: SessionUser, inquiryId: string, input: z.infer<typeof NewThemeSchema>) {
  return db.transaction().execute(async (trx) => {
    const { current } = await requireReflection(trx, user, inquiryId)
    const id = newId()
    const now = nowIso()
    await insertTheme(trx, {
      id,
      inquiryId,
      name: input.name,
      description: input.description,
      proposedBy: user.id,
      firstCycleId: current.cycleId,
      splitFromId: null,
      createdAt: now,
    })
    await insertThemeEvent(trx, {
      id: newId(),
      themeId: id,
      personId: user.id,
      kind: 'proposed',
      detail: { name: input.name },
      createdAt: now,
    })
    return id
  })
}

/** What a codebook import did: themes proposed, codes whose name is taken, codes the group merged away. */
export type CodebookImport = { added: string[]; skipped: string[]; merged: { name: string; into: string }[] }

/**
 * Proposes the codes of a REFI-QDA codebook (.qdc) as themes, in one transaction: a nested
 * code is named with its parents ("Emotions › Shame"); names already in use are skipped.
 * A code that names a theme the group merged away (by its full name or its own name, as the
 * platform's own codebooks nest a merged theme under the theme that absorbed it) is not
 * revived: it is listed as already merged into the theme that holds it now.
 */
export async function proposeThemesFromCodebook(
  db: Db,
  user: SessionUser,
  inquiryId: string,
  codes: { name: string; description: string; path: string[] }[],
): Promise<CodebookImport> {
  if (codes.length > 500)
    throw new DomainError('bad_request', `The codebook has ${codes.length} codes; import at most 500 at a time.`, 'codebook')
  return db.transaction().execute(async (trx) => {
    const { current } = await requireReflection(trx, user, inquiryId)
    const themes = await listThemesOfInquiry(trx, inquiryId)
    const key = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase()
    const byId = new Map(themes.map((t) => [t.id, t]))
    /** The active theme a merged one now lives in (following a chain of merges), or null. */
    const survivor = (id: string): string | null => {
      const seen = new Set<string>()
      let theme = byId.get(id)
      while (theme && theme.status === 'merged' && theme.mergedIntoId && !seen.has(theme.id)) {
        seen.add(theme.id)
        theme = byId.get(theme.mergedIntoId)
      }
      return theme && theme.status === 'active' ? theme.name : null
    }
    const taken = new Set(themes.filter((t) => t.status === 'active').map((t) => key(t.name)))
    const mergedAway = new Map<string, string>()
    for (const t of themes) {
      if (t.status !== 'merged' || taken.has(key(t.name))) continue
      const into = survivor(t.id)
      if (into) mergedAway.set(key(t.name), into)
    }
    const added: string[] = []
    const skipped: string[] = []
    const merged: { name: string; into: string }[] = []
    const now = nowIso()
    for (const code of codes) {
      const name = [...code.path, code.name].join(' › ').replace(/\s+/g, ' ').trim().slice(0, 120)
      const into = mergedAway.get(key(name)) ?? mergedAway.get(key(code.name))
      if (into) {
        merged.push({ name, into })
        continue
      }
      if (name.length < 2 || taken.has(name.toLowerCase())) {
        skipped.push(name || '(a code without a name)')
        continue
      }
      taken.add(name.toLowerCase())
      const id = newId()
      await insertTheme(trx, {
        id,
        inquiryId,
        name,
        description: code.description.trim().slice(0, 2000),
        proposedBy: user.id,
        firstCycleId: current.cycleId,
        splitFromId: null,
        createdAt: now,
      })
      await insertThemeEvent(trx, {
        id: newId(),
        themeId: id,
        personId: user.id,
        kind: 'proposed',
        detail: { name, fromCodebook: true },
        createdAt: now,
      })
      added.push(name)
    }
    return { added, skipped, merged }
  })
}

export async function linkRecord(db: Db, user: SessionUser, inquiryId: string, themeId: string, recordId: string) {
  await db.transaction().execute(async (trx) => {
    await requireReflection(trx, user, inquiryId)
    await requireActiveTheme(trx, inquiryId, themeId)
    const record = await visibleRecords(trx, inquiryId, user.id).where('records.id', '=', recordId).executeTakeFirst()
    if (!record) throw new DomainError('bad_request', 'Choose one of the records you can see in this inquiry.', 'recordId')
    const existing = await findThemeLink(trx, themeId, recordId)
    if (existing) throw new DomainError('conflict', 'That record is already linked to this theme.')
    await trx.insertInto('themeLinks').values({ id: newId(), themeId, recordId, linkedBy: user.id, createdAt: nowIso() }).execute()
  })
}

/** A link may be undone by whoever made it or by the record's author. */
export async function unlinkRecord(db: Db, user: SessionUser, inquiryId: string, themeId: string, recordId: string) {
  await db.transaction().execute(async (trx) => {
    await requireReflection(trx, user, inquiryId)
    await requireActiveTheme(trx, inquiryId, themeId)
    const link = await visibleLinks(trx, user.id)
      .select(['themeLinks.id', 'themeLinks.linkedBy', 'records.authorId'])
      .where('themeLinks.themeId', '=', themeId)
      .where('themeLinks.recordId', '=', recordId)
      .executeTakeFirst()
    if (!link) throw new DomainError('conflict', 'That record is not linked to this theme.')
    if (link.linkedBy !== user.id && link.authorId !== user.id) {
      throw new DomainError('forbidden', 'Only the person who made a link, or the record’s author, can undo it.')
    }
    await trx.deleteFrom('themeLinks').where('id', '=', link.id).execute()
  })
}

export async function renameTheme(db: Db, user: SessionUser, inquiryId: string, themeId: string, input: z.infer<typeof RenameThemeSchema>) {
  await db.transaction().execute(async (trx) => {
    await requireReflection(trx, user, inquiryId)
    const theme = await requireActiveTheme(trx, inquiryId, themeId)
    const now = nowIso()
    await trx
      .updateTable('themes')
      .set({ name: input.name, description: input.description, updatedAt: now })
      .where('id', '=', themeId)
      .execute()
    await insertThemeEvent(trx, {
      id: newId(),
      themeId,
      personId: user.id,
      kind: 'renamed',
      detail: { from: theme.name, to: input.name, descriptionChanged: theme.description !== input.description },
      createdAt: now,
    })
  })
}

/**
 * Merges a theme into another: its links and ratings follow. Where a member rated both
 * themes in the same cycle and round, the target's rating stands.
 */
export async function mergeTheme(db: Db, user: SessionUser, inquiryId: string, themeId: string, intoThemeId: string) {
  await db.transaction().execute(async (trx) => {
    await requireReflection(trx, user, inquiryId)
    if (themeId === intoThemeId) throw new DomainError('bad_request', 'A theme cannot be merged into itself.', 'intoThemeId')
    const source = await requireActiveTheme(trx, inquiryId, themeId)
    const target = await requireActiveTheme(trx, inquiryId, intoThemeId, 'intoThemeId')
    const now = nowIso()
    const targetLinks = new Set((await listLinksOfTheme(trx, target.id)).map((l) => l.recordId))
    const sourceLinks = await listLinksOfTheme(trx, source.id)
    const duplicateLinks = sourceLinks.filter((l) => targetLinks.has(l.recordId)).map((l) => l.id)
    if (duplicateLinks.length) await trx.deleteFrom('themeLinks').where('id', 'in', duplicateLinks).execute()
    await trx.updateTable('themeLinks').set({ themeId: target.id }).where('themeId', '=', source.id).execute()

    const key = (r: { cycleId: string; personId: string; round: string }) => `${r.cycleId}|${r.personId}|${r.round}`
    const targetRatings = new Set((await listRatingsOfTheme(trx, target.id)).map(key))
    const sourceRatings = await listRatingsOfTheme(trx, source.id)
    const setAside = sourceRatings.filter((r) => targetRatings.has(key(r))).map((r) => r.id)
    if (setAside.length) await trx.deleteFrom('ratings').where('id', 'in', setAside).execute()
    await trx.updateTable('ratings').set({ themeId: target.id }).where('themeId', '=', source.id).execute()

    await trx.updateTable('themes').set({ status: 'merged', mergedIntoId: target.id, updatedAt: now }).where('id', '=', source.id).execute()
    await trx.updateTable('themes').set({ updatedAt: now }).where('id', '=', target.id).execute()
    // Rating counts stay out of the history: before reveal they would say how many have rated blind.
    const detail = { links: sourceLinks.length - duplicateLinks.length }
    await insertThemeEvent(trx, {
      id: newId(),
      themeId: source.id,
      personId: user.id,
      kind: 'merged_into',
      detail: { ...detail, into: target.name, intoId: target.id },
      createdAt: now,
    })
    await insertThemeEvent(trx, {
      id: newId(),
      themeId: target.id,
      personId: user.id,
      kind: 'absorbed',
      detail: { ...detail, from: source.name, fromId: source.id },
      createdAt: now,
    })
    await applyDueEffects(trx, inquiryId)
  })
}

/** Splits off a new theme carrying the chosen linked records; ratings stay with the original. */
export async function splitTheme(db: Db, user: SessionUser, inquiryId: string, themeId: string, input: z.infer<typeof SplitThemeSchema>) {
  return db.transaction().execute(async (trx) => {
    const { current } = await requireReflection(trx, user, inquiryId)
    const source = await requireActiveTheme(trx, inquiryId, themeId)
    const movable = await visibleLinks(trx, user.id)
      .select(['themeLinks.id', 'themeLinks.recordId'])
      .where('themeLinks.themeId', '=', source.id)
      .execute()
    const chosen = new Set(input.recordIds)
    const moving = movable.filter((l) => chosen.has(l.recordId))
    if (moving.length !== chosen.size) {
      throw new DomainError('bad_request', 'Choose only records that are linked to this theme.', 'recordIds')
    }
    const id = newId()
    const now = nowIso()
    await insertTheme(trx, {
      id,
      inquiryId,
      name: input.name,
      description: input.description,
      proposedBy: user.id,
      firstCycleId: current.cycleId,
      splitFromId: source.id,
      createdAt: now,
    })
    if (moving.length)
      await trx
        .updateTable('themeLinks')
        .set({ themeId: id })
        .where(
          'id',
          'in',
          moving.map((l) => l.id),
        )
        .execute()
    await insertThemeEvent(trx, {
      id: newId(),
      themeId: source.id,
      personId: user.id,
      kind: 'split_off',
      detail: { name: input.name, newId: id, links: moving.length },
      createdAt: now,
    })
    await insertThemeEvent(trx, {
      id: newId(),
      themeId: id,
      personId: user.id,
      kind: 'split_from',
      detail: { from: source.name, fromId: source.id, links: moving.length },
      createdAt: now,
    })
    return id
  })
}

/** Themes a record is linked to, for the record's page (the record itself is already visible). */
export function themesOfRecord(db: Executor, recordId: string) {
  return listThemesOfRecord(db, recordId)
}
