import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createWorld, type World } from '../factories'
import { bodyOf, importRoute, listTables, locationOf, pathFor, post, tableCounts } from './harness'
import { paramsForForm, ROUTES, worldOptions, type Form } from './route-table'

// Issue 13 §6: deleting, merging, leaving, revoking and withdrawing ask first. A post without
// confirmed=yes changes nothing and answers with the fields to post again (the page shows them
// as its confirmation); only the post that says yes acts.

const db = () => getDb()

/** The destructive forms, by route file and the route table's form name. */
const ASK_FIRST: Array<{ file: string; form: string; what: string }> = [
  { file: 'groups.$groupId.leave.tsx', form: 'leave', what: 'leaving the group' },
  { file: 'groups.$groupId.members.tsx', form: 'revoke', what: 'revoking an invitation' },
  { file: 'inquiries.$inquiryId.themes.$themeId.tsx', form: 'merge', what: 'merging a theme' },
  { file: 'inquiries.$inquiryId.records.$recordId.tsx', form: 'delete', what: 'deleting a record' },
  { file: 'groups.$groupId.pair.tsx', form: 'withdraw', what: 'withdrawing consent in a pair' },
  { file: 'decisions.$decisionId.tsx', form: 'withdraw', what: 'withdrawing a proposal' },
]

/** Every row of every table, so that an update (leaving sets left_at) shows as well as an insert or delete. */
async function everything(): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {}
  for (const table of await listTables(db())) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db())
    all[table] = rows.rows.map((r) => JSON.stringify(r)).sort()
  }
  return all
}

async function setUp(file: string, formName: string) {
  // Each case needs its own world: the confirmed post changes it.
  const w: World = await createWorld(db(), worldOptions(file))
  const spec = ROUTES[file]!
  const params = paramsForForm(spec, formName, w, 'member')
  const confirmed: Form = spec.post!.forms(w, w.people.alice)[formName]!
  const { confirmed: _yes, ...unconfirmed } = confirmed
  const route = await importRoute(file)
  const send = (form: Form) => post(route, { path: pathFor(file, params), params, cookie: w.people.alice.cookie, form })
  return { w, confirmed, unconfirmed, send }
}

describe('a destructive post asks first', () => {
  for (const { file, form, what } of ASK_FIRST) {
    test(`${what}: the first post answers with the confirmation and writes nothing; the confirmed post acts`, async () => {
      const { confirmed, unconfirmed, send } = await setUp(file, form)
      expect(confirmed.confirmed, 'the route table sends these forms confirmed').toBe('yes')

      const counts = await tableCounts(db())
      const rows = await everything()
      const asked = await send(unconfirmed)
      expect(asked.status).toBe(200)
      expect(await bodyOf(asked)).toEqual({ confirm: { intent: unconfirmed.intent, fields: Object.entries(unconfirmed) } })
      expect(await tableCounts(db())).toEqual(counts)
      expect(await everything()).toEqual(rows)

      // Anything but "yes" is no answer: still nothing changes.
      for (const other of ['no', 'true', 'YES', 'on', '']) {
        const again = await send({ ...unconfirmed, confirmed: other })
        expect(again.status, `confirmed=${other}`).toBe(200)
        expect((await bodyOf(again)).confirm.intent).toBe(unconfirmed.intent)
      }
      expect(await tableCounts(db())).toEqual(counts)
      expect(await everything()).toEqual(rows)

      const acted = await send(confirmed)
      expect(acted.status, await acted.clone().text()).toBe(302)
      expect(locationOf(acted)).not.toMatch(/^\/login/)
      expect(await everything()).not.toEqual(rows)
    })
  }

  test('a form that is not filled in is answered with what is missing before anything is asked', async () => {
    const { unconfirmed, send } = await setUp('inquiries.$inquiryId.themes.$themeId.tsx', 'merge')
    const counts = await tableCounts(db())
    const response = await send({ ...unconfirmed, intoThemeId: '' })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.confirm).toBeUndefined()
    expect(body.errors.intoThemeId).toBeTruthy()
    expect(await tableCounts(db())).toEqual(counts)
  })

  test('the fields sent back leave out secrets and the confirmed field itself', async () => {
    const { unconfirmed, send } = await setUp('groups.$groupId.leave.tsx', 'leave')
    const response = await send({ ...unconfirmed, password: 'not for echoing', token: 'nor this', confirmed: 'maybe' })
    expect((await bodyOf(response)).confirm.fields).toEqual([['intent', 'leave']])
  })
})
