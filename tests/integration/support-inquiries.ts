import { expect } from 'vitest'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, type TestPerson } from '../factories'
import { bodyOf, get, post } from './harness'

// What the Inquiry tests share: a group of three with an Inquiry, its page, its proposals and
// Stances, and the rows behind them.

export const db = () => getDb()

export type ThreeMembersOptions = {
  /** The three members' names, the first of whom created the group (Ada, Ben and Cy unless given). */
  names?: readonly [string, string, string]
  /** The group's name ('Inquiry circle' unless given). */
  groupName?: string
}

/** A group of three and an outsider who is signed in but not a member. */
export async function threeMembers(options: ThreeMembersOptions = {}) {
  const names = options.names ?? ['Ada', 'Ben', 'Cy']
  const people: TestPerson[] = []
  for (const name of names) people.push(await createPerson(db(), name))
  const groupId = await createGroupWith(db(), people, { name: options.groupName ?? 'Inquiry circle' })
  return { people, groupId, outsider: await createPerson(db(), 'Outsider') }
}

/** threeMembers, with an inquiry the first member started. */
export async function withInquiry(templateSlug = 'cooperative-inquiry', options: ThreeMembersOptions = {}) {
  const world = await threeMembers(options)
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
