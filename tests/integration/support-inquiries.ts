import { expect } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, type TestPerson } from '../factories'
import { bodyOf, get, post } from './harness'

// What the Inquiry tests share: a group of three with an Inquiry, its page, its proposals and
// Stances, and the rows behind them.

export const db = () => getDb()

export async function threeMembers() {
  const people = [await createPerson(db(), 'Ada'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
  const groupId = await createGroupWith(db(), people, { name: 'Inquiry circle' })
  return { people, groupId, outsider: await createPerson(db(), 'Outsider') }
}

export async function withInquiry(templateSlug = 'cooperative-inquiry') {
  const world = await threeMembers()
  const inquiryId = await createTestInquiry(db(), world.people[0]!, world.groupId, templateSlug)
  return { ...world, inquiryId }
}

export function proposeMove(person: TestPerson, inquiryId: string, form: Record<string, string> = { step: 'next', reason: '' }) {
  return post(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie, form })
}

export function stance(person: TestPerson, decisionId: string, value: string, reason = '') {
  return post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason },
  })
}

export async function inquiryPage(person: TestPerson, inquiryId: string) {
  const response = await get(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export async function phasesOf(inquiryId: string) {
  return db()
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select(['cycles.number as cycle', 'phases.templateKey', 'phases.status', 'phases.kind', 'phases.role', 'phases.position'])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('cycles.number')
    .orderBy('phases.position')
    .execute()
}

export async function inquiryRow(inquiryId: string) {
  return db().selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirstOrThrow()
}
