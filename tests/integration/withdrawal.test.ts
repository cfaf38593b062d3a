import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { demoCycles, demoPeople } from '~db/demo-content'
import { logIn } from '~/features/accounts/accounts.server'
import { deleteAccount, withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { EXPORT_FORMATS, type ExportFormat } from '~/features/exports/export.schema'
import { exportForMember } from '~/features/exports/exports.server'
import * as analysisJson from '~/routes/inquiries.$inquiryId.analysis[.json]'
import * as membersRoute from '~/routes/groups.$groupId.members'
import * as recordsRoute from '~/routes/inquiries.$inquiryId.records._index'
import { getDb } from '~/utils/db.server'
import { startSession, type SessionUser } from '~/utils/session.server'
import { bodyOf, get, tableCounts } from './harness'

// The right to withdraw (issue 7): a member's records, ratings, stances and validity judgements
// leave the group's analysis and every later export; the group sees that someone withdrew and when, not what
// they had said. Deleting an account does the same everywhere and removes personal data.

const db = () => getDb()
let inquiryId: string
let groupId: string
const person = async (key: string): Promise<SessionUser & { cookie: string }> => {
  const email = demoPeople.find((p) => p.key === key)!.email
  const row = await db().selectFrom('people').select(['id', 'email', 'displayName']).where('email', '=', email).executeTakeFirstOrThrow()
  return { ...row, cookie: (await startSession(db(), row.id)).split(';')[0]! }
}
const textsBy = (key: string) => demoCycles.flatMap((c) => c.records.filter((r) => r.author === key).map((r) => r.text))

async function exportTexts(viewer: SessionUser, format: ExportFormat): Promise<string> {
  const { body } = await exportForMember(db(), viewer, inquiryId, format, {})
  if (format === 'csv' || format === 'qdpx')
    return Object.values(unzipSync(body))
      .map((b) => new TextDecoder().decode(b))
      .join('\n')
  return new TextDecoder().decode(body)
}

async function analysisOf(viewer: { cookie: string }, cycle: number) {
  return bodyOf(
    await get(analysisJson, { path: `/inquiries/${inquiryId}/analysis.json?cycle=${cycle}`, params: { inquiryId }, cookie: viewer.cookie }),
  )
}

beforeAll(async () => {
  ;({ inquiryId, groupId } = await seedDemo(db(), { password: 'demo password for tests' }))
})

describe('withdrawing from the research', () => {
  test('takes a member’s words, ratings and stances out of the analysis and every export format; the group sees only that they withdrew', async () => {
    const amara = await person('amara')
    const carys = await person('carys')
    const carysTexts = textsBy('carys')
    const before = { analysis: await analysisOf(amara, 1), exports: {} as Record<string, string> }
    for (const format of EXPORT_FORMATS) before.exports[format] = await exportTexts(amara, format)
    // Before: Carys is in the analysis and her consented quotes are in the exports.
    expect(before.analysis.analysis.memberCount).toBe(6)
    expect(before.analysis.analysis.participation.members.map((m: { name: string }) => m.name)).toContain(carys.displayName)
    const quotedBefore = carysTexts.filter((t) => before.exports.json!.includes(JSON.stringify(t).slice(1, -1)))
    expect(quotedBefore.length).toBeGreaterThan(0)
    const ratingsBefore = (await db().selectFrom('ratings').select('id').where('personId', '=', carys.id).execute()).length
    expect(ratingsBefore).toBeGreaterThan(0)
    // Her own judgements of the validity procedures, and everyone else's.
    const judgements = await db().selectFrom('validityJudgements').selectAll().orderBy('id').execute()
    const hers = judgements.filter((j) => j.updatedBy === carys.id)
    expect(hers.length).toBeGreaterThan(0)

    const erased = await withdrawFromGroup(db(), carys, groupId, { confirm: 'withdraw' })
    expect(erased.records).toBe(carysTexts.length)
    expect(erased.ratings).toBe(ratingsBefore)
    expect(erased.stances).toBeGreaterThan(0)
    // Her judgements are deleted, not moved to a former member; the others' stay, only her name rewritten out of their notes.
    expect(erased.judgements).toBe(hers.length)
    const left = await db().selectFrom('validityJudgements').selectAll().orderBy('id').execute()
    const withoutNote = ({ note: _note, ...j }: (typeof judgements)[number]) => j
    expect(left.map(withoutNote)).toEqual(judgements.filter((j) => j.updatedBy !== carys.id).map(withoutNote))
    expect(left.map((j) => j.note).join('\n')).not.toContain(carys.displayName.split(' ')[0]!)
    expect(left.map((j) => j.note)).toContain(
      'Better balanced than cycle 1 after a former member named Bernard’s dominance; still watching it.',
    )

    // After: not in the analysis, not in any export, not on the records page.
    const after = await analysisOf(amara, 1)
    expect(after.analysis.memberCount).toBe(5)
    expect(after.analysis.participation.members.map((m: { name: string }) => m.name)).not.toContain(carys.displayName)
    expect(after.analysis.open.ratings).toBeLessThan(before.analysis.analysis.open.ratings)
    for (const format of EXPORT_FORMATS) {
      const text = await exportTexts(amara, format)
      for (const t of quotedBefore) expect(text, `${format} still quotes Carys`).not.toContain(t.slice(0, 60))
    }
    const records = JSON.stringify(
      await bodyOf(await get(recordsRoute, { path: `/inquiries/${inquiryId}/records`, params: { inquiryId }, cookie: amara.cookie })),
    )
    for (const t of carysTexts) expect(records).not.toContain(t.slice(0, 60))
    // (Carys is also in a client–practitioner pair, which her withdrawal from this group leaves alone.)
    const stancesHere = await db()
      .selectFrom('stances')
      .innerJoin('decisions', 'decisions.id', 'stances.decisionId')
      .select('stances.id')
      .where('stances.personId', '=', carys.id)
      .where('decisions.groupId', '=', groupId)
      .execute()
    expect(stancesHere.length).toBe(0)
    for (const table of ['records', 'ratings', 'checkIns', 'plans', 'challenges', 'validityJudgements'] as const) {
      const column =
        table === 'records' ? 'authorId' : table === 'challenges' ? 'raisedBy' : table === 'validityJudgements' ? 'updatedBy' : 'personId'
      expect(
        (
          await db()
            .selectFrom(table)
            .select('id')
            .where(column as never, '=', carys.id as never)
            .execute()
        ).length,
        table,
      ).toBe(0)
    }
    // The group sees that she withdrew and when; the audit keeps counts, never words.
    const page = await bodyOf(await get(membersRoute, { path: `/groups/${groupId}/members`, params: { groupId }, cookie: amara.cookie }))
    expect(page.activity.map((a: { text: string }) => a.text)).toContain(
      'A former member withdrew from the research; what they had recorded, rated and said was deleted.',
    )
    const audit = await db()
      .selectFrom('auditEvents')
      .select(['detailJson', 'personId'])
      .where('kind', '=', 'withdrew')
      .where('groupId', '=', groupId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.detailJson)).toEqual(erased)
    // The group's log names the former-member seat, never her: nothing of the group joins back to her.
    expect(audit.personId).not.toBe(carys.id)
    expect(
      (await db().selectFrom('auditEvents').select('id').where('groupId', '=', groupId).where('personId', '=', carys.id).execute()).length,
    ).toBe(0)
    expect(
      (await db().selectFrom('members').select('id').where('groupId', '=', groupId).where('personId', '=', carys.id).execute()).length,
    ).toBe(0)
    // And she is no longer a member.
    const refused = await get(recordsRoute, { path: `/inquiries/${inquiryId}/records`, params: { inquiryId }, cookie: carys.cookie })
    expect(refused.status).toBe(404)
  })

  test('needs the word typed to confirm, and writes nothing without it', async () => {
    const dev = await person('dev')
    const before = await tableCounts(db())
    await expect(withdrawFromGroup(db(), dev, groupId, { confirm: 'yes' })).rejects.toMatchObject({ code: 'bad_request', field: 'confirm' })
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('deleting an account', () => {
  test('withdraws everywhere, removes name, email and sessions, and the person can no longer log in', async () => {
    const dev = await person('dev')
    const email = dev.email
    await deleteAccount(db(), dev, { confirm: 'delete my account' })
    const row = await db().selectFrom('people').selectAll().where('id', '=', dev.id).executeTakeFirstOrThrow()
    expect(row.email).not.toBe(email)
    expect(row.displayName).toBe('A former member')
    expect(row.deletedAt).not.toBeNull()
    expect(JSON.stringify(row)).not.toMatch(/dev/i.test(email) ? /@demo\.inquiry\.local/ : /$^/)
    expect((await db().selectFrom('sessions').select('idHash').where('personId', '=', dev.id).execute()).length).toBe(0)
    expect((await db().selectFrom('records').select('id').where('authorId', '=', dev.id).execute()).length).toBe(0)
    expect(
      (await db().selectFrom('members').select('leftAt').where('personId', '=', dev.id).execute()).every((m) => m.leftAt !== null),
    ).toBe(true)
    const request = new Request('http://localhost:3000/login', { method: 'POST' })
    await expect(logIn(db(), request, { email, password: 'demo password for tests' }, '10.0.0.9')).rejects.toMatchObject({
      code: 'bad_request',
    })
    const events = await db().selectFrom('auditEvents').select('detailJson').execute()
    expect(events.map((e) => e.detailJson).join()).not.toContain(email)
  })

  test('needs the words typed to confirm', async () => {
    const elena = await person('elena')
    await expect(deleteAccount(db(), elena, { confirm: 'delete' })).rejects.toMatchObject({ field: 'confirm' })
    expect((await db().selectFrom('people').select('deletedAt').where('id', '=', elena.id).executeTakeFirstOrThrow()).deletedAt).toBeNull()
  })
})
