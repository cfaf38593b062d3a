import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { setNamePreference, setRecordConsent } from '~/features/exports/consent.server'
import { EXPORT_FORMATS, type ExportFormat } from '~/features/exports/export.schema'
import { exportForMember } from '~/features/exports/exports.server'
import { proposePublish } from '~/features/exports/publish.server'
import { saveCheckIn } from '~/features/validity/check-ins.server'
import { takeStance } from '~/features/decisions/stances.server'
import { proposeDevilsAdvocate } from '~/features/validity/validity.server'
import { getDb } from '~/utils/db.server'
import {
  agreeUntilClosed,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  linkTestRecord,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'

// Issue 6, "Bad input and refusal": a record written without consent has its text in no
// export format — no report, no CSV cell, no QDPX source — and a private record never
// appears at all. Nor do reasons, check-ins' words, or a name beside a pseudonym.

const db = () => getDb()

const SECRET = {
  unconsented: 'UNCONSENTED-words-about-a-client-7f3a',
  private: 'PRIVATE-words-only-the-author-sees-91bc',
  withdrawn: 'CONSENT-WITHDRAWN-before-export-55de',
  ratingReason: 'RATING-REASON-secret-0c1d',
  stanceReason: 'STANCE-REASON-secret-a2e4',
  checkIn: 'CHECK-IN-words-never-exported-3b9f',
}
const CONSENTED = 'CONSENTED-quote-may-leave-8e21'
const NAMED = 'NAMED-quote-with-its-author-4d6c'

let ada: TestPerson
let ben: TestPerson
let cy: TestPerson
let inquiryId: string

/** Every text an export holds: the file itself, or each file inside a zip. */
function textsOf(format: ExportFormat, body: Uint8Array): Record<string, string> {
  if (format === 'csv' || format === 'qdpx') {
    return Object.fromEntries(Object.entries(unzipSync(body)).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]))
  }
  return { [`export.${format}`]: new TextDecoder().decode(body) }
}

beforeAll(async () => {
  ;[ada, ben, cy] = [await createPerson(db(), 'Ada Lovelace'), await createPerson(db(), 'Ben Okri'), await createPerson(db(), 'Cy Twombly')]
  const groupId = await createGroupWith(db(), [ada, ben, cy])
  inquiryId = await createTestInquiry(db(), ada, groupId)
  await saveCheckIn(db(), ben, inquiryId, { text: SECRET.checkIn, needsTime: 'on' })
  const unconsented = await createTestRecord(db(), ben, inquiryId, { text: SECRET.unconsented })
  await createTestRecord(db(), ben, inquiryId, { text: SECRET.private, visibility: 'private' })
  const withdrawn = await createTestRecord(db(), cy, inquiryId, { text: SECRET.withdrawn })
  const consented = await createTestRecord(db(), cy, inquiryId, { text: CONSENTED })
  const named = await createTestRecord(db(), ada, inquiryId, { text: NAMED })
  await setRecordConsent(db(), cy, inquiryId, consented, { exportConsent: 'anonymised' })
  await setRecordConsent(db(), cy, inquiryId, withdrawn, { exportConsent: 'anonymised' })
  await setRecordConsent(db(), ada, inquiryId, named, { exportConsent: 'named' })
  await setNamePreference(db(), ada, groupId, { exportName: 'name' })
  await toSenseMaking(db(), inquiryId, [ada, ben, cy])
  const theme = await createTestTheme(db(), ada, inquiryId, 'Holding the silence')
  for (const id of [unconsented, consented, named]) await linkTestRecord(db(), ada, inquiryId, theme, id)
  for (const [person, value] of [
    [ada, 4],
    [ben, 2],
    [cy, 5],
  ] as const)
    await rate(db(), person, inquiryId, 'blind', { [theme]: value })
  await rate(db(), ben, inquiryId, 'open', { [theme]: 3 }, { [theme]: SECRET.ratingReason })
  // A decision whose title the app writes with a name, and a stance with a reason.
  const advocate = await proposeDevilsAdvocate(db(), ada, inquiryId, 1, cy.id)
  await takeStance(db(), ben, advocate, { stance: 'disagree', reason: SECRET.stanceReason })
  await agreeUntilClosed(db(), advocate, [ada, cy])
  await agreeUntilClosed(db(), await proposePublish(db(), ada, inquiryId, 1), [ada, ben, cy])
  // Consent counts at the moment of export: Cy changes her mind before anyone exports.
  await setRecordConsent(db(), cy, inquiryId, withdrawn, { exportConsent: 'none' })
})

describe('what leaves in an export', () => {
  test.each(EXPORT_FORMATS)('%s: no unconsented, private or withdrawn words, no reasons, no check-ins', async (format) => {
    const { body } = await exportForMember(db(), ada, inquiryId, format, {})
    const texts = textsOf(format, body)
    expect(Object.keys(texts).length).toBeGreaterThan(0)
    for (const [file, text] of Object.entries(texts)) {
      for (const [what, secret] of Object.entries(SECRET)) expect(text, `${what} in ${file}`).not.toContain(secret)
    }
    const all = Object.values(texts).join('\n')
    // What may leave does leave (the codebook holds themes only, no quotes).
    if (format !== 'qdc') {
      expect(all).toContain(CONSENTED)
      expect(all).toContain(NAMED)
    }
    expect(all).toContain('Holding the silence')
    // Members who did not choose to be named never appear by name.
    for (const name of ['Ben Okri', 'Cy Twombly']) expect(all, `${name} named in ${format}`).not.toContain(name)
  })

  test('the named member’s name appears only on her named quote, never beside a pseudonym', async () => {
    const { built } = await exportForMember(db(), ada, inquiryId, 'json', {})
    const archive = built.archive
    expect(archive.records.find((r) => r.text === NAMED)).toMatchObject({ author: null, attribution: 'Ada Lovelace' })
    expect(archive.records.find((r) => r.text === CONSENTED)).toMatchObject({
      author: expect.stringMatching(/^Member [A-Z]$/),
      attribution: null,
    })
    expect(archive.inquiry.namedMembers).toEqual(['Ada Lovelace'])
    const withoutQuotesAndList = JSON.stringify({
      ...archive,
      records: archive.records.map((r) => ({ ...r, attribution: null })),
      inquiry: { ...archive.inquiry, namedMembers: [] },
    })
    expect(withoutQuotesAndList).not.toContain('Ada Lovelace')
    // Ratings leave pseudonymised, reasons only as "given".
    expect(archive.ratings.every((r) => /^Member [A-Z]$/.test(r.member))).toBe(true)
    expect(archive.ratings.some((r) => r.reasoned)).toBe(true)
  })

  test('the export is written to the group’s audit log with who, format and scope, and no text', async () => {
    const before = await db().selectFrom('auditEvents').select('id').where('kind', '=', 'exported').execute()
    await exportForMember(db(), cy, inquiryId, 'md', { cycles: [1] })
    const rows = await db().selectFrom('auditEvents').selectAll().where('kind', '=', 'exported').orderBy('createdAt').execute()
    expect(rows.length).toBe(before.length + 1)
    const last = rows.at(-1)!
    expect(last.personId).toBe(cy.id)
    expect(JSON.parse(last.detailJson)).toMatchObject({ inquiryId, format: 'md', scope: 'cycles 1' })
    expect(last.detailJson).not.toContain(CONSENTED)
  })

  test('a non-member cannot export, whatever the format', async () => {
    const outsider = await createPerson(db(), 'Olive Outsider')
    for (const format of EXPORT_FORMATS)
      await expect(exportForMember(db(), outsider, inquiryId, format, {})).rejects.toMatchObject({ code: 'not_found' })
  })
})
