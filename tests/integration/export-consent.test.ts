import { describe, expect, test } from 'vitest'
import * as settingsRoute from '~/routes/groups.$groupId.settings'
import * as recordRoute from '~/routes/inquiries.$inquiryId.records.$recordId'
import { getDb } from '~/utils/db.server'
import { createGroupWith, createPerson, createTestInquiry, createTestRecord } from '../factories'
import { bodyOf, get, post, tableCounts } from './harness'
import { createInvitation, joinByInvitation, leaveGroup } from '~/features/groups/groups.server'

const db = () => getDb()

async function world() {
  const [ada, ben, cy] = [await createPerson(db(), 'Ada'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
  const groupId = await createGroupWith(db(), [ada, ben, cy])
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  const shared = await createTestRecord(db(), ada, inquiryId, { text: 'Shared words', visibility: 'group' })
  const secret = await createTestRecord(db(), ada, inquiryId, { text: 'Private words', visibility: 'private' })
  return { ada, ben, cy, groupId, inquiryId, shared, secret }
}

const consentOf = async (id: string) =>
  (await db().selectFrom('records').select('exportConsent').where('id', '=', id).executeTakeFirstOrThrow()).exportConsent
const setConsent = (w: Awaited<ReturnType<typeof world>>, who: { cookie: string }, recordId: string, exportConsent: string) =>
  post(recordRoute, {
    path: `/inquiries/${w.inquiryId}/records/${recordId}`,
    params: { inquiryId: w.inquiryId, recordId },
    cookie: who.cookie,
    form: { intent: 'consent', exportConsent },
  })

describe('export consent on a record', () => {
  test('is none by default, set and changed by the author only, and every change is audited', async () => {
    const w = await world()
    expect(await consentOf(w.shared)).toBe('none')
    expect((await setConsent(w, w.ada, w.shared, 'anonymised')).status).toBe(302)
    expect(await consentOf(w.shared)).toBe('anonymised')
    expect((await setConsent(w, w.ada, w.shared, 'none')).status).toBe(302)
    expect(await consentOf(w.shared)).toBe('none')
    const audit = await db().selectFrom('auditEvents').select(['personId', 'detailJson']).where('kind', '=', 'consent_changed').execute()
    expect(audit.map((a) => JSON.parse(a.detailJson))).toEqual([
      { recordId: w.shared, exportConsent: 'anonymised' },
      { recordId: w.shared, exportConsent: 'none' },
    ])
    expect(audit.every((a) => a.personId === w.ada.id)).toBe(true)
    expect(audit.map((a) => a.detailJson).join()).not.toContain('Shared words')
  })

  test('another member cannot set it (403) and nothing changes', async () => {
    const w = await world()
    const before = await tableCounts(db())
    const response = await setConsent(w, w.ben, w.shared, 'named')
    expect(response.status).toBe(403)
    expect((await bodyOf(response)).formError).toMatch(/Only the author/)
    expect(await consentOf(w.shared)).toBe('none')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a private record cannot be consented for export, and is 404 to others', async () => {
    const w = await world()
    const response = await setConsent(w, w.ada, w.secret, 'anonymised')
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.exportConsent).toMatch(/never exported/)
    expect((await setConsent(w, w.ben, w.secret, 'none')).status).toBe(404)
    expect(await consentOf(w.secret)).toBe('none')
  })

  test('an unknown choice is a 400 beside the field', async () => {
    const w = await world()
    const response = await setConsent(w, w.ada, w.shared, 'everything')
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.exportConsent).toBe('Choose whether this record may be quoted.')
  })

  test('is shown to the author only', async () => {
    const w = await world()
    await setConsent(w, w.ada, w.shared, 'named')
    const page = (who: { cookie: string }) =>
      get(recordRoute, {
        path: `/inquiries/${w.inquiryId}/records/${w.shared}`,
        params: { inquiryId: w.inquiryId, recordId: w.shared },
        cookie: who.cookie,
      })
    expect((await bodyOf(await page(w.ada))).exportConsent).toBe('named')
    expect((await bodyOf(await page(w.ben))).exportConsent).toBeNull()
  })

  test('making a record private withdraws its consent', async () => {
    const w = await world()
    await setConsent(w, w.ada, w.shared, 'named')
    const response = await post(recordRoute, {
      path: `/inquiries/${w.inquiryId}/records/${w.shared}`,
      params: { inquiryId: w.inquiryId, recordId: w.shared },
      cookie: w.ada.cookie,
      form: { intent: 'update', text: 'Shared words', wayOfKnowing: 'experiential', occurredAt: '2026-01-05', visibility: 'private' },
    })
    expect(response.status).toBe(302)
    expect(await consentOf(w.shared)).toBe('none')
  })
})

describe('how exports name a member', () => {
  const groupPage = (groupId: string, who: { cookie: string }) =>
    get(settingsRoute, { path: `/groups/${groupId}/settings`, params: { groupId }, cookie: who.cookie })

  test('a pseudonym by default, in joining order, the name only by the member’s choice', async () => {
    const w = await world()
    expect((await bodyOf(await groupPage(w.groupId, w.ada))).exportIdentity).toEqual({ pseudonym: 'Member A', showsName: false })
    expect((await bodyOf(await groupPage(w.groupId, w.cy))).exportIdentity).toEqual({ pseudonym: 'Member C', showsName: false })
    const response = await post(settingsRoute, {
      path: `/groups/${w.groupId}/settings`,
      params: { groupId: w.groupId },
      cookie: w.cy.cookie,
      form: { intent: 'export-name', exportName: 'name' },
    })
    expect(response.status).toBe(302)
    expect((await bodyOf(await groupPage(w.groupId, w.cy))).exportIdentity).toEqual({ pseudonym: 'Member C', showsName: true })
    expect((await bodyOf(await groupPage(w.groupId, w.ben))).exportIdentity.showsName).toBe(false)
  })

  test('a pseudonym stays with its person when someone leaves and another joins, and on rejoining', async () => {
    const w = await world()
    await leaveGroup(db(), w.ben, w.groupId)
    const dee = await createPerson(db(), 'Dee')
    const { token } = await createInvitation(db(), w.ada, w.groupId, { expiresInDays: 1 })
    await joinByInvitation(db(), dee, token)
    expect((await bodyOf(await groupPage(w.groupId, dee))).exportIdentity.pseudonym).toBe('Member D')
    expect((await bodyOf(await groupPage(w.groupId, w.cy))).exportIdentity.pseudonym).toBe('Member C')
    const again = await createInvitation(db(), w.ada, w.groupId, { expiresInDays: 1 })
    await joinByInvitation(db(), w.ben, again.token)
    expect((await bodyOf(await groupPage(w.groupId, w.ben))).exportIdentity.pseudonym).toBe('Member B')
  })
})
