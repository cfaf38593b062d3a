import { describe, expect, test } from 'vitest'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  linkTestRecord,
  rate,
  toSenseMaking,
} from '../factories'
import { bodyOf, get, idFrom, locationOf } from './harness'
import {
  circle,
  db,
  eventsOf,
  linksOf,
  sorted,
  themeAction,
  themePage,
  themePath,
  themeRow,
  themesList,
  themeState,
} from './support-themes'

// Themes are renamed, merged and split with their history kept; links and Ratings follow.

type Circle = Awaited<ReturnType<typeof circle>>

const ratingsOf = (themeId: string) =>
  db().selectFrom('ratings').select(['personId', 'round', 'value', 'cycleId']).where('themeId', '=', themeId).orderBy('personId').execute()

describe('renaming a theme', () => {
  test('renaming changes the name and keeps the old one in the history', async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Filling silence', 'first words')
    const response = await themeAction(c.ben, c.inquiryId, themeId, {
      intent: 'rename',
      name: 'Rescuing ourselves from silence',
      description: 'first words',
    })
    expect(response.status).toBe(302)
    expect(await themeRow(themeId)).toMatchObject({ name: 'Rescuing ourselves from silence', description: 'first words' })
    expect(await eventsOf(themeId)).toEqual([
      { kind: 'proposed', personId: c.ada.id, detail: { name: 'Filling silence' } },
      {
        kind: 'renamed',
        personId: c.ben.id,
        detail: { from: 'Filling silence', to: 'Rescuing ourselves from silence', descriptionChanged: false },
      },
    ])
    const page = await themePage(c.cy, c.inquiryId, themeId)
    expect(page.theme.name).toBe('Rescuing ourselves from silence')
    expect(sorted(page.history.map((h) => [h.kind, h.by]))).toEqual(
      sorted([
        ['proposed', c.ada.displayName],
        ['renamed', c.ben.displayName],
      ]),
    )
    expect(page.history.find((h) => h.kind === 'renamed')!.detail).toMatchObject({
      from: 'Filling silence',
      to: 'Rescuing ourselves from silence',
    })
  })
})

describe('merging themes', () => {
  async function twoThemes(c: Circle) {
    const source = await createTestTheme(db(), c.ada, c.inquiryId, 'Filling silence')
    const target = await createTestTheme(db(), c.ben, c.inquiryId, 'Rescuing')
    const third = await createTestRecord(db(), c.cy, c.inquiryId, { text: 'Cy wrote about rescuing.' })
    await linkTestRecord(db(), c.ada, c.inquiryId, source, c.adaRecord)
    await linkTestRecord(db(), c.ada, c.inquiryId, source, c.benRecord)
    await linkTestRecord(db(), c.ben, c.inquiryId, target, c.benRecord)
    await linkTestRecord(db(), c.cy, c.inquiryId, target, third)
    return { source, target, third }
  }

  test("links and ratings follow the merge; where a member rated both in the same round the target's rating stands", async () => {
    const c = await circle()
    const { source, target, third } = await twoThemes(c)
    // Blind round (Cy has not rated, so it stays closed): Ada rated both themes, Ben only the source.
    await rate(db(), c.ada, c.inquiryId, 'blind', { [source]: 1, [target]: 5 })
    await rate(db(), c.ben, c.inquiryId, 'blind', { [source]: 2 })

    const response = await themeAction(c.cy, c.inquiryId, source, { intent: 'merge', intoThemeId: target, confirmed: 'yes' })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(themePath(c.inquiryId, target))

    expect(await themeRow(source)).toMatchObject({ status: 'merged', mergedIntoId: target })
    expect(await themeRow(target)).toMatchObject({ status: 'active', mergedIntoId: null })
    expect(await linksOf(source)).toEqual([])
    expect((await linksOf(target)).map((l) => l.recordId).sort()).toEqual([c.adaRecord, c.benRecord, third].sort())
    expect(await ratingsOf(source)).toEqual([])
    const moved = await ratingsOf(target)
    expect(moved.map((r) => [r.personId, r.round, r.value]).sort()).toEqual(
      [
        [c.ada.id, 'blind', 5],
        [c.ben.id, 'blind', 2],
      ].sort(),
    )
    // The history keeps link counts only: rating counts would tell, before reveal, how many have rated blind.
    const detail = { links: 1 }
    expect(await eventsOf(source)).toContainEqual({
      kind: 'merged_into',
      personId: c.cy.id,
      detail: { ...detail, into: 'Rescuing', intoId: target },
    })
    expect(await eventsOf(target)).toContainEqual({
      kind: 'absorbed',
      personId: c.cy.id,
      detail: { ...detail, from: 'Filling silence', fromId: source },
    })

    // The merged theme's page says where it went and can no longer be edited.
    const page = await themePage(c.ada, c.inquiryId, source)
    expect(page.theme).toMatchObject({ status: 'merged', mergedInto: { id: target, name: 'Rescuing' } })
    expect(page.canEdit).toBe(false)
    expect(sorted(page.history.map((h) => h.kind))).toEqual(sorted(['proposed', 'merged_into']))
    const list = await themesList(c.ben, c.inquiryId)
    expect(list.themes.map((t) => t.id)).toEqual([target])
    expect(list.merged).toEqual([expect.objectContaining({ id: source, name: 'Filling silence', intoId: target, intoName: 'Rescuing' })])
    // Ben's blind rating now belongs to the merged theme, on his own ratings page.
    const ratings = await bodyOf(
      await get(ratingsRoute, { path: `/inquiries/${c.inquiryId}/ratings`, params: { inquiryId: c.inquiryId }, cookie: c.ben.cookie }),
    )
    expect(ratings.themes).toEqual([expect.objectContaining({ id: target, blind: 2 })])
    // And it cannot be reshaped any more.
    const rename = await themeAction(c.ada, c.inquiryId, source, { intent: 'rename', name: 'Another name', description: '' })
    expect(rename.status).toBe(409)
  })

  test('merging a theme into itself is a 400 beside the choice, and changes nothing', async () => {
    const c = await circle()
    const { source } = await twoThemes(c)
    await rate(db(), c.ada, c.inquiryId, 'blind', { [source]: 3 })
    const before = await themeState()
    const response = await themeAction(c.ada, c.inquiryId, source, { intent: 'merge', intoThemeId: source, confirmed: 'yes' })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.intoThemeId).toBe('A theme cannot be merged into itself.')
    expect(await themeState()).toEqual(before)
  })

  test('merging into a theme of another inquiry, in this group or another, is a 400 and changes nothing', async () => {
    const c = await circle()
    const { source } = await twoThemes(c)
    // Another inquiry of the same group, also in sense-making, with a theme of its own.
    const sibling = await createTestInquiry(db(), c.ada, c.groupId)
    await toSenseMaking(db(), sibling, c.people)
    const siblingTheme = await createTestTheme(db(), c.ada, sibling, 'Elsewhere')
    // And an inquiry of a group Ada also belongs to.
    const dan = await createPerson(db(), 'Dan')
    const eve = await createPerson(db(), 'Eve')
    const otherGroup = await createGroupWith(db(), [c.ada, dan, eve], { name: 'Another circle' })
    const foreign = await createTestInquiry(db(), c.ada, otherGroup)
    const foreignTheme = await createTestTheme(db(), c.ada, foreign, 'Foreign')

    const before = await themeState()
    for (const intoThemeId of [siblingTheme, foreignTheme]) {
      const response = await themeAction(c.ada, c.inquiryId, source, { intent: 'merge', intoThemeId, confirmed: 'yes' })
      expect(response.status).toBe(400)
      expect((await bodyOf(response)).errors.intoThemeId).toBe('Choose a theme of this inquiry.')
    }
    expect(await themeState()).toEqual(before)
    expect((await themeRow(source)).status).toBe('active')
  })
})

describe('splitting a theme', () => {
  test('the chosen links move to a new theme, the ratings stay with the original, and both keep the split in their history', async () => {
    const c = await circle()
    const original = await createTestTheme(db(), c.ada, c.inquiryId, 'Silence')
    const third = await createTestRecord(db(), c.cy, c.inquiryId, { text: 'Cy sat with the silence.' })
    for (const recordId of [c.adaRecord, c.benRecord, third]) await linkTestRecord(db(), c.ada, c.inquiryId, original, recordId)
    await rate(db(), c.ada, c.inquiryId, 'blind', { [original]: 4 })
    await rate(db(), c.ben, c.inquiryId, 'blind', { [original]: 2 })

    const response = await themeAction(c.ben, c.inquiryId, original, {
      intent: 'split',
      name: 'Silence as fear',
      description: 'When we freeze',
      recordIds: [c.benRecord, third],
    })
    expect(response.status).toBe(302)
    const split = idFrom(response, `/inquiries/${c.inquiryId}/themes`)
    expect(split).not.toBe(original)

    expect(await themeRow(split)).toMatchObject({
      name: 'Silence as fear',
      description: 'When we freeze',
      splitFromId: original,
      status: 'active',
      proposedBy: c.ben.id,
    })
    expect((await linksOf(split)).map((l) => l.recordId).sort()).toEqual([c.benRecord, third].sort())
    expect((await linksOf(original)).map((l) => l.recordId)).toEqual([c.adaRecord])
    expect((await ratingsOf(original)).map((r) => [r.personId, r.value]).sort()).toEqual(
      [
        [c.ada.id, 4],
        [c.ben.id, 2],
      ].sort(),
    )
    expect(await ratingsOf(split)).toEqual([])
    expect(await eventsOf(original)).toContainEqual({
      kind: 'split_off',
      personId: c.ben.id,
      detail: { name: 'Silence as fear', newId: split, links: 2 },
    })
    expect(await eventsOf(split)).toEqual([
      { kind: 'split_from', personId: c.ben.id, detail: { from: 'Silence', fromId: original, links: 2 } },
    ])
    expect(sorted((await themePage(c.cy, c.inquiryId, original)).history.map((h) => h.kind))).toEqual(sorted(['proposed', 'split_off']))
    expect((await themePage(c.cy, c.inquiryId, split)).history.map((h) => h.kind)).toEqual(['split_from'])
    expect(sorted((await themesList(c.cy, c.inquiryId)).themes.map((t) => [t.name, t.links]))).toEqual(
      sorted([
        ['Silence', 1],
        ['Silence as fear', 2],
      ]),
    )
  })

  test('choosing a record that is not linked to the theme is a 400 and writes nothing', async () => {
    const c = await circle()
    const original = await createTestTheme(db(), c.ada, c.inquiryId, 'Silence')
    await linkTestRecord(db(), c.ada, c.inquiryId, original, c.adaRecord)
    const before = await themeState()
    const response = await themeAction(c.ada, c.inquiryId, original, {
      intent: 'split',
      name: 'Part of it',
      description: '',
      recordIds: [c.adaRecord, c.benRecord],
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.recordIds).toBe('Choose only records that are linked to this theme.')
    expect(await themeState()).toEqual(before)
  })
})
