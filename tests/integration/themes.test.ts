import { describe, expect, test } from 'vitest'
import * as themeRoute from '~/routes/inquiries.$inquiryId.themes.$themeId'
import * as themesRoute from '~/routes/inquiries.$inquiryId.themes._index'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import { getDb } from '~/utils/db.server'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  linkTestRecord,
  moveOn,
  nextCycleToSenseMaking,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, locationOf, post, tableCounts } from './harness'

// The sense-making issue: any member names themes in a reflection phase and links records to
// them (their own, and group-visible ones); themes are renamed, merged and split with their
// history kept, and carry over into later cycles as emergent, persisting or fading.

const db = () => getDb()

type Circle = Awaited<ReturnType<typeof circle>>

/** Three members (Ada facilitates), an inquiry, and a shared record by each of Ada and Ben from the action phase. */
async function circle(options: { stopIn?: 'planning' | 'action' | 'sense-making' } = {}) {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Theme circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  if (options.stopIn === 'planning') return { ada, ben, cy, people, groupId, inquiryId, adaRecord: '', benRecord: '' }
  await moveOn(db(), inquiryId, people)
  const adaRecord = await createTestRecord(db(), ada, inquiryId, { text: 'Ada waited through a long silence.' })
  const benRecord = await createTestRecord(db(), ben, inquiryId, { text: 'Ben filled the silence with a question.' })
  if (options.stopIn !== 'action') await toSenseMaking(db(), inquiryId, people)
  return { ada, ben, cy, people, groupId, inquiryId, adaRecord, benRecord }
}

const themesPath = (inquiryId: string) => `/inquiries/${inquiryId}/themes`
const themePath = (inquiryId: string, themeId: string) => `/inquiries/${inquiryId}/themes/${themeId}`

function proposeVia(person: TestPerson, inquiryId: string, form: Record<string, string>) {
  return post(themesRoute, { path: themesPath(inquiryId), params: { inquiryId }, cookie: person.cookie, form })
}

function themeAction(person: TestPerson, inquiryId: string, themeId: string, form: Record<string, string | string[]>) {
  return post(themeRoute, { path: themePath(inquiryId, themeId), params: { inquiryId, themeId }, cookie: person.cookie, form })
}

type ThemePage = {
  theme: { id: string; name: string; description: string; status: string; mergedInto: { id: string; name: string } | null }
  canEdit: boolean
  links: { recordId: string; text: string; linkedByName: string; linkedBy: string; authorId: string; canUnlink: boolean }[]
  linkable: { id: string; label: string }[]
  others: { id: string; name: string }[]
  history: { kind: string; detail: Record<string, unknown>; by: string }[]
}

async function themePageResponse(person: TestPerson, inquiryId: string, themeId: string) {
  return get(themeRoute, { path: themePath(inquiryId, themeId), params: { inquiryId, themeId }, cookie: person.cookie })
}

async function themePage(person: TestPerson, inquiryId: string, themeId: string): Promise<ThemePage> {
  const response = await themePageResponse(person, inquiryId, themeId)
  expect(response.status).toBe(200)
  return bodyOf(response)
}

type ThemesList = {
  canEdit: boolean
  trajectoryCycle: number | null
  themes: { id: string; name: string; links: number; firstCycleNumber: number; trajectory: string | null }[]
  merged: { id: string; name: string; intoId: string; intoName: string }[]
}

async function themesList(person: TestPerson, inquiryId: string): Promise<ThemesList> {
  const response = await get(themesRoute, { path: themesPath(inquiryId), params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

/** Rows made within the same millisecond have no order between them, so compare as sorted lists. */
const sorted = <T>(items: T[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))

const themeRow = (id: string) => db().selectFrom('themes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const linksOf = async (themeId: string) =>
  sorted(await db().selectFrom('themeLinks').select(['recordId', 'linkedBy']).where('themeId', '=', themeId).execute())
const eventsOf = async (themeId: string) =>
  // Events made in the same millisecond have no order of their own on PostgreSQL: the order they happen in breaks ties.
  (await db().selectFrom('themeEvents').select(['kind', 'personId', 'detailJson', 'createdAt']).where('themeId', '=', themeId).execute())
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || EVENT_ORDER.indexOf(a.kind) - EVENT_ORDER.indexOf(b.kind))
    .map((e) => ({ kind: e.kind, personId: e.personId, detail: JSON.parse(e.detailJson) as Record<string, unknown> }))
const EVENT_ORDER = ['proposed', 'split_from', 'renamed', 'split_off', 'absorbed', 'merged_into']
const ratingsOf = (themeId: string) =>
  db().selectFrom('ratings').select(['personId', 'round', 'value', 'cycleId']).where('themeId', '=', themeId).orderBy('personId').execute()

/** Everything about themes in the database, to show a refused request changed nothing. */
async function themeState() {
  return {
    counts: await tableCounts(db()),
    themes: await db().selectFrom('themes').selectAll().orderBy('id').execute(),
    links: await db().selectFrom('themeLinks').selectAll().orderBy('id').execute(),
    ratings: await db().selectFrom('ratings').selectAll().orderBy('id').execute(),
  }
}

describe('proposing a theme', () => {
  test('in sense-making any member proposes a theme: stored with its proposer and cycle, "proposed" begins its history', async () => {
    const c = await circle()
    const response = await proposeVia(c.ben, c.inquiryId, {
      name: '  The urge to fill silence  ',
      description: 'Speaking to ease our own discomfort',
    })
    expect(response.status).toBe(302)
    const themeId = idFrom(response, `/inquiries/${c.inquiryId}/themes`)
    const cycle = await db()
      .selectFrom('cycles')
      .select('id')
      .where('inquiryId', '=', c.inquiryId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow()
    expect(await themeRow(themeId)).toMatchObject({
      inquiryId: c.inquiryId,
      name: 'The urge to fill silence',
      description: 'Speaking to ease our own discomfort',
      proposedBy: c.ben.id,
      firstCycleId: cycle.id,
      status: 'active',
      mergedIntoId: null,
      splitFromId: null,
    })
    expect(await eventsOf(themeId)).toEqual([{ kind: 'proposed', personId: c.ben.id, detail: { name: 'The urge to fill silence' } }])
    const list = await themesList(c.cy, c.inquiryId)
    expect(list.canEdit).toBe(true)
    expect(list.themes.map((t) => t.name)).toEqual(['The urge to fill silence'])
  })

  test('in the planning phase, also a reflection phase, a theme can be proposed', async () => {
    const c = await circle({ stopIn: 'planning' })
    const response = await proposeVia(c.cy, c.inquiryId, { name: 'What we expect to find', description: '' })
    expect(response.status).toBe(302)
    expect(await themeRow(idFrom(response, `/inquiries/${c.inquiryId}/themes`))).toMatchObject({ proposedBy: c.cy.id, status: 'active' })
  })

  test('in an action phase proposing is a 409 with a plain message, and nothing is written', async () => {
    const c = await circle({ stopIn: 'action' })
    const before = await tableCounts(db())
    const response = await proposeVia(c.ada, c.inquiryId, { name: 'Too early', description: '' })
    expect(response.status).toBe(409)
    const body = await bodyOf(response)
    expect(body.formError).toMatch(/reflection phases/)
    expect(body.formError).not.toMatch(/Error|SQL|\n\s+at /)
    expect(await tableCounts(db())).toEqual(before)
    expect((await themesList(c.ada, c.inquiryId)).canEdit).toBe(false)
  })

  test('a theme name that is too short is a 400 beside the name field', async () => {
    const c = await circle()
    const before = await tableCounts(db())
    const response = await proposeVia(c.ada, c.inquiryId, { name: 'x', description: '' })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.name).toBe('Give the theme a short name.')
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('linking records to a theme', () => {
  test("a member links their own private record and another member's shared record; who linked each is kept", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    const benPrivate = await createTestRecord(db(), c.ben, c.inquiryId, { text: 'Ben, privately: I was afraid.', visibility: 'private' })
    for (const recordId of [benPrivate, c.adaRecord]) {
      const response = await themeAction(c.ben, c.inquiryId, themeId, { intent: 'link', recordId })
      expect(response.status).toBe(302)
      expect(locationOf(response)).toBe(themePath(c.inquiryId, themeId))
    }
    expect(await linksOf(themeId)).toEqual(
      sorted([
        { recordId: benPrivate, linkedBy: c.ben.id },
        { recordId: c.adaRecord, linkedBy: c.ben.id },
      ]),
    )
    const asBen = await themePage(c.ben, c.inquiryId, themeId)
    expect(asBen.links.map((l) => [l.recordId, l.linkedByName]).sort()).toEqual(
      [
        [benPrivate, c.ben.displayName],
        [c.adaRecord, c.ben.displayName],
      ].sort(),
    )
    // Ada sees the link to her record and who made it; she can undo it as the record's author.
    const asAda = await themePage(c.ada, c.inquiryId, themeId)
    expect(asAda.links).toHaveLength(1)
    expect(asAda.links[0]).toMatchObject({ recordId: c.adaRecord, linkedByName: c.ben.displayName, canUnlink: true })
    // The list counts only what the viewer may see.
    expect((await themesList(c.ben, c.inquiryId)).themes[0]!.links).toBe(2)
    expect((await themesList(c.ada, c.inquiryId)).themes[0]!.links).toBe(1)
  })

  test("linking someone else's private record is a 400 beside recordId, writes nothing, and that record never reaches others' theme pages", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    const secret = 'Ben, privately: I nearly left the room.'
    const benPrivate = await createTestRecord(db(), c.ben, c.inquiryId, { text: secret, visibility: 'private' })

    const before = await tableCounts(db())
    const refused = await themeAction(c.ada, c.inquiryId, themeId, { intent: 'link', recordId: benPrivate })
    expect(refused.status).toBe(400)
    const body = await bodyOf(refused)
    expect(body.errors.recordId).toBe('Choose one of the records you can see in this inquiry.')
    expect(JSON.stringify(body)).not.toContain(secret)
    expect(await tableCounts(db())).toEqual(before)

    // Ben links it himself; it is still his alone.
    expect((await themeAction(c.ben, c.inquiryId, themeId, { intent: 'link', recordId: benPrivate })).status).toBe(302)
    expect((await themePage(c.ben, c.inquiryId, themeId)).links.map((l) => l.text)).toContain(secret)
    for (const other of [c.ada, c.cy]) {
      const response = await themePageResponse(other, c.inquiryId, themeId)
      expect(response.status).toBe(200)
      const text = await response.text()
      expect(text).not.toContain(secret)
      expect(text).not.toContain(benPrivate)
      const page = JSON.parse(text) as ThemePage
      expect(page.links).toEqual([])
      expect(page.linkable.map((r) => r.id)).not.toContain(benPrivate)
      expect((await themesList(other, c.inquiryId)).themes[0]!.links).toBe(0)
    }
  })

  test("a link can be undone by whoever made it or by the record's author, not by anyone else", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    await linkTestRecord(db(), c.cy, c.inquiryId, themeId, c.benRecord)
    const refused = await themeAction(c.ada, c.inquiryId, themeId, { intent: 'unlink', recordId: c.benRecord })
    expect(refused.status).toBe(403)
    expect((await bodyOf(refused)).formError).toMatch(/Only the person who made a link/)
    expect(await linksOf(themeId)).toHaveLength(1)
    expect((await themeAction(c.ben, c.inquiryId, themeId, { intent: 'unlink', recordId: c.benRecord })).status).toBe(302)
    expect(await linksOf(themeId)).toEqual([])
  })

  test('linking the same record twice is a 409 and keeps one link', async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Waiting')
    await linkTestRecord(db(), c.ada, c.inquiryId, themeId, c.adaRecord)
    const again = await themeAction(c.ben, c.inquiryId, themeId, { intent: 'link', recordId: c.adaRecord })
    expect(again.status).toBe(409)
    expect(await linksOf(themeId)).toEqual([{ recordId: c.adaRecord, linkedBy: c.ada.id }])
  })
})

describe('themes and records of other inquiries', () => {
  test("a theme of another group cannot be seen or changed through one's own inquiry, and a record of another inquiry cannot be linked", async () => {
    const c = await circle()
    const own = await createTestTheme(db(), c.ada, c.inquiryId, 'Ours')
    // Another group, without Ada, in sense-making with a theme and a record.
    const [dan, eve, fay] = [await createPerson(db(), 'Dan'), await createPerson(db(), 'Eve'), await createPerson(db(), 'Fay')]
    const otherGroup = await createGroupWith(db(), [dan, eve, fay], { name: "Not Ada's circle" })
    const foreignInquiry = await createTestInquiry(db(), dan, otherGroup)
    await moveOn(db(), foreignInquiry, [dan, eve, fay])
    const foreignRecord = await createTestRecord(db(), dan, foreignInquiry, { text: "Dan's record, not for Ada." })
    await toSenseMaking(db(), foreignInquiry, [dan, eve, fay])
    const foreignTheme = await createTestTheme(db(), dan, foreignInquiry, 'Their theme')
    await linkTestRecord(db(), dan, foreignInquiry, foreignTheme, foreignRecord)

    const before = await themeState()
    const page = await themePageResponse(c.ada, c.inquiryId, foreignTheme)
    expect(page.status).toBe(404)
    expect(await page.text()).not.toContain('Their theme')
    const forms: Record<string, string>[] = [
      { intent: 'rename', name: 'Taken over', description: '' },
      { intent: 'link', recordId: c.adaRecord },
      { intent: 'merge', intoThemeId: own, confirmed: 'yes' },
      { intent: 'split', name: 'Part of theirs', description: '' },
    ]
    for (const form of forms) {
      expect((await themeAction(c.ada, c.inquiryId, foreignTheme, form)).status).toBe(404)
    }
    const link = await themeAction(c.ada, c.inquiryId, own, { intent: 'link', recordId: foreignRecord })
    expect(link.status).toBe(400)
    expect(JSON.stringify(await bodyOf(link))).not.toContain('not for Ada')
    expect(await themeState()).toEqual(before)
  })
})

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

describe('themes across cycles', () => {
  test('themes carry over: emergent in their first cycle, then persisting with new shared records, fading without', async () => {
    const c = await circle()
    const persisting = await createTestTheme(db(), c.ada, c.inquiryId, 'Persists')
    const fading = await createTestTheme(db(), c.ben, c.inquiryId, 'Fades')
    await linkTestRecord(db(), c.ada, c.inquiryId, persisting, c.adaRecord)
    await linkTestRecord(db(), c.ben, c.inquiryId, fading, c.benRecord)

    const first = await themesList(c.cy, c.inquiryId)
    expect(first.trajectoryCycle).toBe(1)
    expect(sorted(first.themes.map((t) => [t.name, t.firstCycleNumber, t.trajectory]))).toEqual(
      sorted([
        ['Persists', 1, 'emergent'],
        ['Fades', 1, 'emergent'],
      ]),
    )

    // Cycle 2: while it is under way, trajectories are still read against cycle 1.
    await moveOn(db(), c.inquiryId, c.people)
    const planning = await themesList(c.cy, c.inquiryId)
    expect(planning.trajectoryCycle).toBe(1)
    expect(planning.themes.map((t) => t.trajectory)).toEqual(['emergent', 'emergent'])

    await moveOn(db(), c.inquiryId, c.people)
    const shared = await createTestRecord(db(), c.ada, c.inquiryId, { text: 'Cycle 2: again I waited.' })
    const hidden = await createTestRecord(db(), c.ben, c.inquiryId, { text: 'Cycle 2, private: I filled it again.', visibility: 'private' })
    await toSenseMaking(db(), c.inquiryId, c.people)
    await linkTestRecord(db(), c.cy, c.inquiryId, persisting, shared)
    // A link to a private record is not evidence the others can see, so it does not keep a theme alive in the shared list.
    await linkTestRecord(db(), c.ben, c.inquiryId, fading, hidden)
    const emergent = await createTestTheme(db(), c.cy, c.inquiryId, 'New in cycle 2')

    for (const viewer of c.people) {
      const second = await themesList(viewer, c.inquiryId)
      expect(second.trajectoryCycle).toBe(2)
      expect(sorted(second.themes.map((t) => [t.name, t.firstCycleNumber, t.trajectory]))).toEqual(
        sorted([
          ['Persists', 1, 'persisting'],
          ['Fades', 1, 'fading'],
          ['New in cycle 2', 2, 'emergent'],
        ]),
      )
    }
    // The carried-over themes are rated again in cycle 2's blind round.
    const ratings = await bodyOf(
      await get(ratingsRoute, { path: `/inquiries/${c.inquiryId}/ratings`, params: { inquiryId: c.inquiryId }, cookie: c.ada.cookie }),
    )
    expect(ratings).toMatchObject({ state: 'blind', cycleNumber: 2 })
    expect(sorted(ratings.themes.map((t: { id: string }) => t.id))).toEqual(sorted([persisting, fading, emergent]))
  })

  test("a theme from cycle 1 can still be reshaped in cycle 2's sense-making", async () => {
    const c = await circle()
    const themeId = await createTestTheme(db(), c.ada, c.inquiryId, 'Old name')
    await nextCycleToSenseMaking(db(), c.inquiryId, c.people)
    expect((await themeAction(c.ben, c.inquiryId, themeId, { intent: 'rename', name: 'New name', description: '' })).status).toBe(302)
    expect((await themeRow(themeId)).name).toBe('New name')
  })
})
