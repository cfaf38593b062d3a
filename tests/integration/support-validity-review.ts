import { expect } from 'vitest'
import { findTemplate } from '~/features/templates/templates.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import { createGroupWith, createPerson, createTestInquiry, createTestRecord, moveOn, toSenseMaking, type TestPerson } from '../factories'
import { bodyOf, get, importRoute, post } from './harness'

// What the ValidityReview tests share: a circle of three in sense-making, the review's page,
// its actions and validity.json, and the rows behind them.

export const db = () => getDb()
const jsonRoute = await importRoute('inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx')
export const NOT_FOUND_BODY = await notFoundResponse().text()

export const TEMPLATE = findTemplate('cooperative-inquiry')!
export const REQUIRED = TEMPLATE.validityProcedures.filter((p) => p.required)

/** Three members (Ada facilitates) and an outsider; the inquiry stops where asked (sense-making by default). */
export async function circle(options: { stopIn?: 'planning' | 'sense-making' } = {}) {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Validity circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  if (options.stopIn !== 'planning') {
    await moveOn(db(), inquiryId, people)
    await createTestRecord(db(), ada, inquiryId, { text: 'Ada waited through a long silence.' })
    await toSenseMaking(db(), inquiryId, people)
  }
  return { ada, ben, cy, outsider, people, groupId, inquiryId }
}

export const validityPath = (inquiryId: string, cycle: number | string) => `/inquiries/${inquiryId}/cycles/${cycle}/validity`

export function validityAction(person: TestPerson | null, inquiryId: string, cycle: number | string, form: Record<string, string>) {
  return post(validityRoute, {
    path: validityPath(inquiryId, cycle),
    params: { inquiryId, cycleNumber: String(cycle) },
    cookie: person?.cookie,
    form,
  })
}

export const judge = (person: TestPerson | null, inquiryId: string, cycle: number, procedureKey: string, status = 'met', note = '') =>
  validityAction(person, inquiryId, cycle, { intent: 'judge', procedureKey, status, note })

export async function review(person: TestPerson, inquiryId: string, cycle: number) {
  const response = await get(validityRoute, {
    path: validityPath(inquiryId, cycle),
    params: { inquiryId, cycleNumber: String(cycle) },
    cookie: person.cookie,
  })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export async function reviewJson(person: TestPerson | null, inquiryId: string, cycle: number | string) {
  const path = `${validityPath(inquiryId, cycle)}.json`
  return get(jsonRoute, { path, params: { inquiryId, cycleNumber: String(cycle) }, cookie: person?.cookie })
}

export async function cycleRow(inquiryId: string, number: number) {
  return db().selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).where('number', '=', number).executeTakeFirstOrThrow()
}

export function proposeMove(person: TestPerson, inquiryId: string, form: Record<string, string>) {
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
