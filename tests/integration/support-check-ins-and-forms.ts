import { expect } from 'vitest'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, type TestPerson } from '../factories'
import { bodyOf, get, importRoute } from './harness'

// What the check-in and template-revision tests share: a circle of three with an Inquiry, its
// page, and the indicators of its ValidityReview.

export const db = () => getDb()

export const validityJson = await importRoute('inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx')

export async function circle() {
  const ada = await createPerson(db(), 'Ada')
  const ben = await createPerson(db(), 'Ben')
  const cy = await createPerson(db(), 'Cy')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Check-in circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  return { ada, ben, cy, outsider, people, groupId, inquiryId }
}

export async function inquiryPage(person: TestPerson, inquiryId: string) {
  const response = await get(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

export async function indicator(person: TestPerson, inquiryId: string, cycle: number, key: string) {
  const response = await get(validityJson, {
    path: `/inquiries/${inquiryId}/cycles/${cycle}/validity.json`,
    params: { inquiryId, cycleNumber: String(cycle) },
    cookie: person.cookie,
  })
  expect(response.status).toBe(200)
  return (await bodyOf(response)).indicators.find((i: { key: string }) => i.key === key)
}
