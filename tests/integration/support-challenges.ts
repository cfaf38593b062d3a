import { expect } from 'vitest'
import * as challengeRoute from '~/routes/inquiries.$inquiryId.challenges.$challengeId'
import * as challengesRoute from '~/routes/inquiries.$inquiryId.challenges._index'
import { getDb } from '~/utils/db.server'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  moveOn,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, post } from './harness'

// What the Challenge tests share: a circle in sense-making with Themes, Records and a passed
// Decision to challenge, raising and resolving, and the pages where Challenges show.

export const db = () => getDb()

/**
 * Three members (Ada facilitates) and an outsider; cycle 1 is in sense-making with a theme
 * (and a second one), a shared record by Ada, a private one by Ben, and the passed decision
 * that moved the inquiry to its action phase.
 */
export async function circle() {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Challenge circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  const decisionId = await moveOn(db(), inquiryId, people)
  const sharedRecord = await createTestRecord(db(), ada, inquiryId, { text: 'I waited and the client spoke.' })
  const privateRecord = await createTestRecord(db(), ben, inquiryId, { text: 'Only for me: I was bored.', visibility: 'private' })
  await toSenseMaking(db(), inquiryId, people)
  const themeId = await createTestTheme(db(), ada, inquiryId, 'Waiting helps')
  const otherThemeId = await createTestTheme(db(), ben, inquiryId, 'Rushing in')
  return { ada, ben, cy, outsider, people, groupId, inquiryId, decisionId, sharedRecord, privateRecord, themeId, otherThemeId }
}

export type Circle = Awaited<ReturnType<typeof circle>>

export function raise(person: TestPerson | null, inquiryId: string, form: Record<string, string>) {
  return post(challengesRoute, { path: `/inquiries/${inquiryId}/challenges`, params: { inquiryId }, cookie: person?.cookie, form })
}

export async function raised(
  person: TestPerson,
  inquiryId: string,
  target: string,
  text = 'We agreed on this far too quickly.',
  hazard = 'consensus_collusion',
) {
  const response = await raise(person, inquiryId, { target, hazard, text })
  expect(response.status).toBe(302)
  return idFrom(response, `/inquiries/${inquiryId}/challenges`)
}

export function resolve(person: TestPerson | null, inquiryId: string, challengeId: string, form: Record<string, string>) {
  return post(challengeRoute, {
    path: `/inquiries/${inquiryId}/challenges/${challengeId}`,
    params: { inquiryId, challengeId },
    cookie: person?.cookie,
    form,
  })
}

export async function row(challengeId: string) {
  return db().selectFrom('challenges').selectAll().where('id', '=', challengeId).executeTakeFirstOrThrow()
}

export async function loaderOf(module: Parameters<typeof get>[0], path: string, params: Record<string, string>, person: TestPerson) {
  const response = await get(module, { path, params, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export const challengePage = (c: Circle, person: TestPerson, challengeId: string) =>
  loaderOf(challengeRoute, `/inquiries/${c.inquiryId}/challenges/${challengeId}`, { inquiryId: c.inquiryId, challengeId }, person)
