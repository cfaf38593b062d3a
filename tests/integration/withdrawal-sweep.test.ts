import { beforeAll, describe, expect, test } from 'vitest'
import { demoPair, demoPeople } from '~db/demo-content'
import { deleteAccount, withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { assembleArchive } from '~/features/exports/archive.server'
import { getDb } from '~/utils/db.server'
import { startSession, type SessionUser } from '~/utils/session.server'
import { findMentions, readEverything } from './sweep'

// Issue 13 §2: the group page promises that after a withdrawal "the group sees only that someone
// withdrew, and when", and the account page promises the same for deletion with name and email
// removed. The promise is checked as a sweep: every page and `?_data=` request another member
// can make with every id of the group, the root loader, every export format and the command
// line, before (where the person shows, proving the detector sees them) and after.

const db = () => getDb()
let inquiryId: string
let groupId: string

const person = async (email: string): Promise<SessionUser & { cookie: string }> => {
  const row = await db().selectFrom('people').select(['id', 'email', 'displayName']).where('email', '=', email).executeTakeFirstOrThrow()
  return { ...row, cookie: (await startSession(db(), row.id)).split(';')[0]! }
}
const demo = (key: string) => demoPeople.find((p) => p.key === key)!
/** The full name, the first name and the email: what would identify the person on a page. */
const needlesOf = (p: { displayName: string; email: string }) => [p.displayName, p.displayName.split(' ')[0]!, p.email]
const keysOf = async () => {
  const inquiry = await db().selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirstOrThrow()
  const { archive } = await assembleArchive(db(), inquiry)
  return archive
}

beforeAll(async () => {
  ;({ inquiryId, groupId } = await seedDemo(db(), { password: 'demo password for tests' }))
})

describe('the withdrawal and deletion sweeps', () => {
  test('after Carys withdraws, no page, data request, export or CLI output another member can read names her or gives her email', async () => {
    const carys = demo('carys')
    const amara = await person(demo('amara').email)
    const carysId = (await person(carys.email)).id
    // Her own judgements of the validity procedures, by their notes: personal, like her ratings, so they go.
    const judgementNotes = (await db().selectFrom('validityJudgements').select('note').where('updatedBy', '=', carysId).execute())
      .map((j) => j.note)
      .filter((note) => note.length > 30)
    expect(judgementNotes.length).toBeGreaterThan(0)
    const before = await readEverything(db(), amara, groupId)
    // The detector sees her before: as a proposer, an author, on the activity log, in exports.
    expect(findMentions(before, needlesOf(carys)).length).toBeGreaterThan(10)
    for (const note of judgementNotes) expect(findMentions(before, [note]).length, note).toBeGreaterThan(0)
    const archiveBefore = await keysOf()

    await withdrawFromGroup(db(), await person(carys.email), groupId, { confirm: 'withdraw' })

    const after = await readEverything(db(), amara, groupId)
    expect(after.size).toBeGreaterThan(100)
    expect(findMentions(after, [...needlesOf(carys), ...judgementNotes])).toEqual([])
    // What the group keeps reads as a former member's: her theme, and the fact of a withdrawal.
    const group = [...after.entries()].find(([label]) => label === `GET /groups/${groupId}/members`)![1]
    expect(group).toContain('A former member withdrew from the research')
    const theme = await db().selectFrom('themes').select('id').where('name', '=', 'Clock-watching').executeTakeFirstOrThrow()
    expect(after.get(`GET /inquiries/${inquiryId}/themes/${theme.id}`)).toContain('A former member')

    // The others keep their pseudonyms in the recomputed exports.
    const archiveAfter = await keysOf()
    expect(archiveAfter.members.map((m) => m.key)).toEqual(archiveBefore.members.map((m) => m.key))
    const current = (a: typeof archiveBefore) => a.members.filter((m) => m.leftAt === null).map((m) => m.key)
    expect(current(archiveAfter)).toEqual(current(archiveBefore).filter((k) => k !== 'Member C'))
  })

  test('after Finn deletes his account, no surface of his group names him or gives his email', async () => {
    const finn = demo('finn')
    const elena = await person(demo('elena').email)
    // Elena wrote about him in a record she consented to quote: the export redacts him to his key.
    const quoted = await db()
      .selectFrom('records')
      .select('id')
      .where('authorId', '=', elena.id)
      .where('exportConsent', '!=', 'none')
      .where('visibility', '=', 'group')
      .executeTakeFirstOrThrow()
    await db()
      .updateTable('records')
      .set({ text: 'After the session Finn T. said the pause felt long to him; Finn was right about it.' })
      .where('id', '=', quoted.id)
      .execute()
    const before = await readEverything(db(), elena, groupId)
    expect(findMentions(before, needlesOf(finn)).length).toBeGreaterThan(3)
    expect(before.get('export json')).toMatch(/Member [A-Z] said the pause felt long/)

    await deleteAccount(db(), await person(finn.email), { confirm: 'delete my account' })

    // Deletion blanks his name; his name in her words was rewritten then, so no export un-redacts it.
    const after = await readEverything(db(), elena, groupId)
    expect(findMentions(after, needlesOf(finn))).toEqual([])
    expect(after.get('export json')).toContain(
      'After the session a former member said the pause felt long to him; a former member was right about it.',
    )
  })

  test('a member of a client–practitioner pair who withdraws leaves no name, email or words on the other person’s pages', async () => {
    const pair = demoPair
    const client = await person(pair.client.email)
    const pairGroup = await db()
      .selectFrom('members')
      .innerJoin('groups', 'groups.id', 'members.groupId')
      .select('groups.id')
      .where('members.personId', '=', client.id)
      .where('groups.kind', '=', 'pair')
      .executeTakeFirstOrThrow()
    const practitionerRow = await db()
      .selectFrom('members')
      .innerJoin('people', 'people.id', 'members.personId')
      .select(['people.email'])
      .where('members.groupId', '=', pairGroup.id)
      .where('members.pairRole', '=', 'practitioner')
      .executeTakeFirstOrThrow()
    const practitioner = await person(practitionerRow.email)
    const clientWords = (await db().selectFrom('agendaItems').select('text').where('raisedBy', '=', client.id).execute()).map((r) =>
      r.text.slice(0, 50),
    )
    expect(clientWords.length).toBeGreaterThan(0)
    const before = await readEverything(db(), practitioner, pairGroup.id)
    expect(findMentions(before, needlesOf(pair.client)).length).toBeGreaterThan(0)

    await withdrawFromGroup(db(), client, pairGroup.id, { confirm: 'withdraw' })

    const after = await readEverything(db(), practitioner, pairGroup.id)
    expect(findMentions(after, [...needlesOf(pair.client), ...clientWords])).toEqual([])
  })
})
