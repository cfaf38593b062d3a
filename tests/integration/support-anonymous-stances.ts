import { expect } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, setInquiryTemplate, type TestPerson } from '../factories'
import { bodyOf, get, post } from './harness'

// What the anonymous-stance tests share (issue 13, item 4): a circle with an inquiry, its
// proposals and stances, and the rows behind them.

export const db = () => getDb()

export const REASON = 'I am not ready to act on this, and I find it hard to say so here.'
const NAMES = ['Ada', 'Ben', 'Cy', 'Dee', 'Eli']

/** A group of `size` members (Ada facilitates) and an outsider, with an inquiry in its first (reflection) phase. */
export async function circle(options: { size?: number; inquiryAnonymous?: boolean } = {}) {
  const people: TestPerson[] = []
  for (const name of NAMES.slice(0, options.size ?? 3)) people.push(await createPerson(db(), name))
  const [ada, ben, cy] = people as [TestPerson, TestPerson, TestPerson]
  const outsider = await createPerson(db(), 'Outsider')
  const groupId = await createGroupWith(db(), people, { name: 'Dissent circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  if (options.inquiryAnonymous) await setInquiryTemplate(db(), inquiryId, (t) => (t.decisionRule.allowAnonymousDissent = true))
  return { ada, ben, cy, outsider, people, groupId, inquiryId }
}

export function proposeMoveOn(person: TestPerson, inquiryId: string, extra: Record<string, string> = {}) {
  return post(inquiryRoute, {
    path: `/inquiries/${inquiryId}`,
    params: { inquiryId },
    cookie: person.cookie,
    form: { step: 'next', reason: '', ...extra },
  })
}

export function stance(person: TestPerson, decisionId: string, value: string, reason = '', anonymousBox = false) {
  const form: Record<string, string> = { intent: 'stance', stance: value, reason }
  if (anonymousBox) form.anonymous = 'on'
  return post(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie, form })
}

export function countNow(person: TestPerson, decisionId: string) {
  return post(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie, form: { intent: 'count' } })
}

export async function view(person: TestPerson, decisionId: string) {
  const response = await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export async function decisionRow(decisionId: string) {
  return db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
}

export async function ballots(decisionId: string) {
  return db().selectFrom('anonymousBallots').selectAll().where('decisionId', '=', decisionId).execute()
}
