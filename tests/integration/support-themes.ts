import { expect } from 'vitest'
import * as themeRoute from '~/routes/inquiries.$inquiryId.themes.$themeId'
import * as themesRoute from '~/routes/inquiries.$inquiryId.themes._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, createTestRecord, moveOn, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, get, post, tableCounts } from './harness'

// What the Theme tests share: a circle with a shared Record by each of Ada and Ben, the Theme
// pages and their actions, and the rows behind them.

export const db = () => getDb()

/** Three members (Ada facilitates), an inquiry, and a shared record by each of Ada and Ben from the action phase. */
export async function circle(options: { stopIn?: 'planning' | 'action' | 'sense-making' } = {}) {
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

export const themesPath = (inquiryId: string) => `/inquiries/${inquiryId}/themes`
export const themePath = (inquiryId: string, themeId: string) => `/inquiries/${inquiryId}/themes/${themeId}`

export function themeAction(person: TestPerson, inquiryId: string, themeId: string, form: Record<string, string | string[]>) {
  return post(themeRoute, { path: themePath(inquiryId, themeId), params: { inquiryId, themeId }, cookie: person.cookie, form })
}

export type ThemePage = {
  theme: { id: string; name: string; description: string; status: string; mergedInto: { id: string; name: string } | null }
  canEdit: boolean
  links: { recordId: string; text: string; linkedByName: string; linkedBy: string; authorId: string; canUnlink: boolean }[]
  /** Records that could be linked, a page at a time from one cycle; null where the theme cannot change now. */
  linkable: { cycleNumber: number | null; records: { id: string; excerpt: string }[]; paging: { total: number } } | null
  others: { id: string; name: string }[]
  history: { kind: string; detail: Record<string, unknown>; by: string }[]
}

export async function themePageResponse(person: TestPerson, inquiryId: string, themeId: string) {
  return get(themeRoute, { path: themePath(inquiryId, themeId), params: { inquiryId, themeId }, cookie: person.cookie })
}

export async function themePage(person: TestPerson, inquiryId: string, themeId: string): Promise<ThemePage> {
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

export async function themesList(person: TestPerson, inquiryId: string): Promise<ThemesList> {
  const response = await get(themesRoute, { path: themesPath(inquiryId), params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

/** Rows made within the same millisecond have no order between them, so compare as sorted lists. */
export const sorted = <T>(items: T[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))

export const themeRow = (id: string) => db().selectFrom('themes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
export const linksOf = async (themeId: string) =>
  sorted(await db().selectFrom('themeLinks').select(['recordId', 'linkedBy']).where('themeId', '=', themeId).execute())
export const eventsOf = async (themeId: string) =>
  // Events made in the same millisecond have no order of their own on PostgreSQL: the order they happen in breaks ties.
  (await db().selectFrom('themeEvents').select(['kind', 'personId', 'detailJson', 'createdAt']).where('themeId', '=', themeId).execute())
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || EVENT_ORDER.indexOf(a.kind) - EVENT_ORDER.indexOf(b.kind))
    .map((e) => ({ kind: e.kind, personId: e.personId, detail: JSON.parse(e.detailJson) as Record<string, unknown> }))
const EVENT_ORDER = ['proposed', 'split_from', 'renamed', 'split_off', 'absorbed', 'merged_into']

/** Everything about themes in the database, to show a refused request changed nothing. */
export async function themeState() {
  return {
    counts: await tableCounts(db()),
    themes: await db().selectFrom('themes').selectAll().orderBy('id').execute(),
    links: await db().selectFrom('themeLinks').selectAll().orderBy('id').execute(),
    ratings: await db().selectFrom('ratings').selectAll().orderBy('id').execute(),
  }
}
