import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { bookSession, exportOwnLedger, getCoCounsellingPage } from '~/features/co-counselling/co-counselling.server'
import { getGroupCoCounselling, proposeGroupTotals } from '~/features/co-counselling/group-totals.server'
import { writeSessionReminders } from '~/features/co-counselling/reminders.server'
import { getSessionPage, saveNote, startTurn, stopTurn } from '~/features/co-counselling/sessions.server'
import { deleteAccount, withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { buildArchive } from '~/features/exports/archive.server'
import { saveMailPreferences } from '~/features/mail/preferences.server'
import { seedCoCounselling } from '~/features/demo/seed-co-counselling.server'
import { deliverDueMails, withoutMail } from '~/features/mail/outbox.server'
import { setMailTransport, smtpTransport } from '~/features/mail/transport.server'
import { MAIL_KINDS } from '~/features/mail/mail.schema'
import * as sessionRoute from '~/routes/co-counselling.sessions.$sessionId'
import * as indexRoute from '~/routes/co-counselling._index'
import * as ledgerRoute from '~/routes/co-counselling.ledger[.csv]'
import * as groupRoute from '~/routes/groups.$groupId.co-counselling'
import { getDb } from '~/utils/db.server'
import { DomainError } from '~/utils/errors.server'
import { withClock } from '~/utils/ids.server'
import { agreeUntilClosed, createGroupWith, createPair, createPerson, createWorld, type TestPerson } from '../factories'
import { startSmtpServer } from '../support/smtp'
import { bodyOf, call, listColumns, listTables } from './harness'

// Co-counselling sessions (issue 19): who may book with whom, the turn rules, the private note
// that only its writer reads, the ledger of equal time, the group's totals only by decision,
// reminders by mail, and what withdrawal and account deletion do. Nothing of a session's content
// exists to leak: the one text is the private note, and no one but its writer ever receives it.

const db = () => getDb()
const MINUTE = 60_000
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16)
const at = <T>(ms: number, fn: () => Promise<T>) => withClock(() => ms, fn)

/** Every row of the co-counselling tables, to show that a refusal changed nothing. */
async function coRows() {
  const out: Record<string, string[]> = {}
  for (const table of (await listTables(db())).filter((t) => t.startsWith('co_'))) {
    out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db())).rows
      .map((r) => JSON.stringify(r))
      .sort()
  }
  return out
}

async function refusedWith(promise: Promise<unknown>, status: number, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect((error as DomainError).status).toBe(status)
  expect((error as DomainError).message).toMatch(message)
}

async function threeInAGroup() {
  const [ann, ben, cy] = [await createPerson(db(), 'Ann'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
  const groupId = await createGroupWith(db(), [ann, ben, cy], { name: `Circle ${Math.random()}` })
  return { ann, ben, cy, groupId }
}

const bookIn = (groupId: string, by: TestPerson, partners: TestPerson[], startsAt = Date.now() + 60 * MINUTE) =>
  bookSession(db(), by, {
    through: groupId,
    partners: partners.map((p) => p.id),
    startsAt: wall(startsAt),
    minutesEach: 30,
    overrunMinutes: 5,
  })

async function enterNetwork(groupId: string, stage: 'member' | 'laid_down' = 'member') {
  await db()
    .insertInto('networkGroups')
    .values({
      groupId,
      uri: `urn:uuid:${crypto.randomUUID()}`,
      stage,
      standing: 'member',
      route: 'Peer assessment',
      profileJson: '{}',
      enteredAt: new Date().toISOString(),
      seekingSince: null,
    })
    .execute()
}

describe('booking', () => {
  test('a session with oneself, with a stranger, or through a pair is refused beside its field, and nothing is written', async () => {
    const { ann, groupId } = await threeInAGroup()
    const stranger = await createPerson(db(), 'Stranger')
    const dana = await createPerson(db(), 'Dana')
    const pairId = await createPair(db(), ann, dana)
    const before = await coRows()
    await refusedWith(bookIn(groupId, ann, [ann]), 400, /with yourself/)
    await refusedWith(bookIn(groupId, ann, [stranger]), 400, /only with people who share a group/)
    await refusedWith(bookIn(pairId, ann, [dana]), 400, /Choose one of your groups/)
    await refusedWith(bookIn(groupId, stranger, [ann]), 400, /Choose one of your groups/)
    await refusedWith(bookIn(groupId, ann, [dana]), 400, /only with people who share a group/)
    expect(await coRows()).toEqual(before)
    // The page offers neither the pair nor its practitioner.
    const page = await getCoCounsellingPage(db(), ann)
    expect(page.through.map((t) => t.value)).toEqual([groupId])
    expect(page.candidates.map((c) => c.displayName).sort()).toEqual(['Ben', 'Cy'])
  })

  test('the booking form answers a bad field with 400, the message beside it and the input kept', async () => {
    const { ann, ben, groupId } = await threeInAGroup()
    const response = await call(indexRoute, 'POST', {
      path: '/co-counselling',
      cookie: ann.cookie,
      form: { intent: 'book', through: groupId, partners: [ben.id], startsAt: 'next tuesday', minutesEach: '30' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.startsAt).toMatch(/2026-12-10 14:30/)
    expect(body.values.startsAt).toBe('next tuesday')
    const none = await call(indexRoute, 'POST', {
      path: '/co-counselling',
      cookie: ann.cookie,
      form: { intent: 'book', through: groupId, startsAt: wall(Date.now() + 3_600_000), minutesEach: '30' },
    })
    expect((await bodyOf(none)).errors.partners).toBe('Choose who you will co-counsel with.')
  })

  test('participants of the network book with each other across groups; a laid-down group is out of it', async () => {
    const { ann, groupId } = await threeInAGroup()
    const far = await threeInAGroup()
    await enterNetwork(groupId)
    await enterNetwork(far.groupId, 'laid_down')
    await refusedWith(
      bookSession(db(), ann, {
        through: 'network',
        partners: [far.ann.id],
        startsAt: wall(Date.now() + 3_600_000),
        minutesEach: 20,
        overrunMinutes: 0,
      }),
      400,
      /only with people who share a group/,
    )
    await db().updateTable('networkGroups').set({ stage: 'forming' }).where('groupId', '=', far.groupId).execute()
    const id = await bookSession(db(), ann, {
      through: 'network',
      partners: [far.ann.id],
      startsAt: wall(Date.now() + 3_600_000),
      minutesEach: 20,
      overrunMinutes: 0,
    })
    const row = await db().selectFrom('coSessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.groupId).toBeNull()
    expect((await getCoCounsellingPage(db(), far.ann)).upcoming.map((s) => s.through)).toEqual(['the network'])
  })
})

describe('a session, turn by turn', () => {
  test('equal time: both turns timed, a contract changed and noted, and each ledger shows the same time given and received', async () => {
    const { ann, ben, groupId } = await threeInAGroup()
    const t0 = Date.now() - 120 * MINUTE
    const id = await at(t0 - MINUTE, () => bookIn(groupId, ann, [ben], t0))
    const first = await at(t0, () => startTurn(db(), ben, id, { contract: 'free_attention' }))
    const change = await at(t0 + 5 * MINUTE, () =>
      call(sessionRoute, 'POST', {
        path: `/co-counselling/sessions/${id}`,
        params: { sessionId: id },
        cookie: ann.cookie,
        form: { intent: 'contract', turnId: first, contract: 'normal' },
      }),
    )
    expect(change.status).toBe(302)
    await at(t0 + 30 * MINUTE, () => stopTurn(db(), ben, id, { turnId: first }))
    const second = await at(t0 + 31 * MINUTE, () => startTurn(db(), ann, id, { contract: 'intensive' }))
    await at(t0 + 61 * MINUTE, () => stopTurn(db(), ann, id, { turnId: second, seconds: 1800 }))

    const page = await getSessionPage(db(), ben, id)
    expect(page.session.status).toBe('done')
    expect(page.people.map((p) => p.asClient)).toEqual(['30 min', '30 min'])
    expect(page.turns[0]!.contract).toBe('Free attention')
    expect(page.turns[0]!.changes.map((c) => c.contract)).toEqual(['Normal'])
    for (const [me, other] of [
      [ann, ben],
      [ben, ann],
    ] as const) {
      const { ledger } = await getCoCounsellingPage(db(), me)
      expect(ledger.partners).toEqual([
        expect.objectContaining({ personId: other.id, given: 1800, received: 1800, balance: 0, balanced: true }),
      ])
      expect(ledger.total).toMatchObject({ given: 1800, received: 1800 })
    }
    const csv = await call(ledgerRoute, 'GET', { path: '/co-counselling/ledger.csv', cookie: ann.cookie })
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/)
    expect(await csv.text()).toContain('partner,Ben,,30.0,30.0,0.0')
  })

  test('a contract outside the three, and a turn longer than the session allows, are refused and the input kept', async () => {
    const { ann, ben, groupId } = await threeInAGroup()
    const t0 = Date.now() - 180 * MINUTE
    const id = await at(t0 - MINUTE, () => bookIn(groupId, ann, [ben], t0))
    const post = (form: Record<string, string>, now = Date.now()) =>
      at(now, () =>
        call(sessionRoute, 'POST', { path: `/co-counselling/sessions/${id}`, params: { sessionId: id }, cookie: ben.cookie, form }),
      )
    const before = await coRows()
    const bad = await post({ intent: 'start', contract: 'advice' }, t0)
    expect(bad.status).toBe(400)
    expect((await bodyOf(bad)).errors.contract).toMatch(/free attention, normal or intensive/)
    expect(await coRows()).toEqual(before)

    const turnId = await at(t0, () => startTurn(db(), ben, id, { contract: 'normal' }))
    const running = await coRows()
    // Forgotten: the stop comes 90 minutes later, over the 35 the session allows.
    const late = await post({ intent: 'stop', turnId }, t0 + 90 * MINUTE)
    expect(late.status).toBe(400)
    const failure = await bodyOf(late)
    expect(failure.errors.minutes).toMatch(/at most 35 min .* in whole minutes/)
    expect(failure.values).toMatchObject({ intent: 'stop', turnId })
    const tooMany = await post({ intent: 'stop', turnId, minutes: '50' }, t0 + 90 * MINUTE)
    expect(tooMany.status).toBe(400)
    expect(await coRows()).toEqual(running)
    const entered = await post({ intent: 'stop', turnId, minutes: '32' }, t0 + 90 * MINUTE)
    expect(entered.status).toBe(302)
    const turn = await db().selectFrom('coTurns').selectAll().where('id', '=', turnId).executeTakeFirstOrThrow()
    expect(turn.seconds).toBe(32 * 60)
  })

  test('the client does not interrupt their own turn; a counsellor’s interruption records who and when, once', async () => {
    const { ann, ben, groupId } = await threeInAGroup()
    const id = await bookIn(groupId, ann, [ben], Date.now() - MINUTE)
    const turnId = await startTurn(db(), ann, id, { contract: 'normal' })
    const post = (who: TestPerson) =>
      call(sessionRoute, 'POST', {
        path: `/co-counselling/sessions/${id}`,
        params: { sessionId: id },
        cookie: who.cookie,
        form: { intent: 'interrupt', turnId },
      })
    expect((await post(ann)).status).toBe(403)
    expect((await post(ben)).status).toBe(302)
    expect((await post(ben)).status).toBe(409)
    const turn = await db().selectFrom('coTurns').selectAll().where('id', '=', turnId).executeTakeFirstOrThrow()
    expect(turn.interruptedBy).toBe(ben.id)
    expect(turn.interruptedAt).not.toBeNull()
    expect(turn.endedAt).toBeNull()
  })
})

describe('who sees a session', () => {
  test('a person not in the session — a member of the same group, its facilitator, a stranger — gets 404 on every session URL', async () => {
    const w = await createWorld(db(), { senseMaking: false, coCounselling: true })
    const { carol, outsider, dana } = w.people
    const ids = [w.coCounselling.doneId, w.coCounselling.bookedId, w.coCounselling.runningId]
    const forms: Record<string, string>[] = [
      { intent: 'start', contract: 'normal' },
      { intent: 'stop', turnId: w.coCounselling.runningTurnId },
      { intent: 'contract', turnId: w.coCounselling.runningTurnId, contract: 'intensive' },
      { intent: 'interrupt', turnId: w.coCounselling.runningTurnId },
      { intent: 'signal', turnId: w.coCounselling.runningTurnId },
      { intent: 'note', text: 'mine' },
      { intent: 'delete-note', noteId: w.coCounselling.noteId },
      { intent: 'cancel' },
    ]
    const before = await coRows()
    for (const who of [carol, outsider, dana]) {
      for (const sessionId of ids) {
        const path = `/co-counselling/sessions/${sessionId}`
        const page = await call(sessionRoute, 'GET', { path, params: { sessionId }, cookie: who.cookie })
        expect(page.status).toBe(404)
        for (const form of forms) {
          const response = await call(sessionRoute, 'POST', { path, params: { sessionId }, cookie: who.cookie, form })
          expect(response.status, `${who.displayName} ${form.intent}`).toBe(404)
        }
      }
      const own = JSON.stringify(await getCoCounsellingPage(db(), who))
      for (const id of ids) expect(own).not.toContain(id)
      const csv = await (await call(ledgerRoute, 'GET', { path: '/co-counselling/ledger.csv', cookie: who.cookie })).text()
      expect(csv).not.toContain('Alice')
    }
    expect(await coRows()).toEqual(before)
  })

  test('another person’s private note: refused with 403, unread and unchanged; its writer alone reads it', async () => {
    const w = await createWorld(db(), { senseMaking: false, coCounselling: true })
    const { alice, bob } = w.people
    const sessionId = w.coCounselling.doneId
    const before = await coRows()
    const forms: Record<string, string>[] = [
      { intent: 'note', noteId: w.coCounselling.noteId, text: 'Overwritten by Bob' },
      { intent: 'delete-note', noteId: w.coCounselling.noteId },
    ]
    for (const form of forms) {
      const response = await call(sessionRoute, 'POST', {
        path: `/co-counselling/sessions/${sessionId}`,
        params: { sessionId },
        cookie: bob.cookie,
        form,
      })
      expect(response.status).toBe(403)
      expect(await response.text()).not.toContain(w.coCounselling.noteText)
    }
    expect(await coRows()).toEqual(before)
    const bobs = await call(sessionRoute, 'GET', {
      path: `/co-counselling/sessions/${sessionId}`,
      params: { sessionId },
      cookie: bob.cookie,
    })
    expect(await bobs.text()).not.toContain(w.coCounselling.noteText)
    expect((await getSessionPage(db(), alice, sessionId)).note?.text).toBe(w.coCounselling.noteText)
    // Bob's own note is his, beside Alice's, and neither sees the other's.
    await saveNote(db(), bob, sessionId, { text: 'Bob’s own words' })
    expect((await getSessionPage(db(), bob, sessionId)).note?.text).toBe('Bob’s own words')
    expect((await getSessionPage(db(), alice, sessionId)).note?.text).toBe(w.coCounselling.noteText)
  })

  test('no session, turn, ledger or note is in an inquiry’s archive, and no co-counselling table has a column for content', async () => {
    const w = await createWorld(db(), { senseMaking: false, coCounselling: true })
    const archive = JSON.stringify((await buildArchive(db(), w.people.alice, w.inquiry.id)).archive)
    expect(archive).not.toContain(w.coCounselling.noteText)
    expect(archive).not.toContain(w.coCounselling.doneId)
    expect(archive).not.toMatch(/co_?counsel|coSession|coTurn/i)
    const columns: string[] = []
    for (const table of (await listTables(db())).filter((t) => t.startsWith('co_'))) {
      for (const r of await listColumns(db(), table))
        if (!/_(id|at|by)$|^(id|at|seat|status|contract|seconds|minutes_each|overrun_minutes|show_totals)$/.test(r.name))
          columns.push(`${table}.${r.name}`)
    }
    expect(columns).toEqual(['co_private_notes.text'])
  })
})

describe("the group's totals", () => {
  test('the group sees nothing until it decides to see totals, and then only totals', async () => {
    const w = await createWorld(db(), { senseMaking: false, coCounselling: true })
    const { alice, bob, carol } = w.people
    const groupId = w.group.id
    expect(await getGroupCoCounselling(db(), carol, groupId)).toMatchObject({ showTotals: false, totals: [] })
    const decisionId = await proposeGroupTotals(db(), carol, groupId, true)
    await refusedWith(proposeGroupTotals(db(), alice, groupId, true), 409, /open already/)
    expect((await getGroupCoCounselling(db(), carol, groupId)).totals).toEqual([])
    expect(await agreeUntilClosed(db(), decisionId, [alice, bob, carol])).toBe('passed')
    const page = await getGroupCoCounselling(db(), carol, groupId)
    expect(page.showTotals).toBe(true)
    expect(page.totals).toEqual([expect.objectContaining({ sessions: 1, turns: 2, minutes: 49 })])
    const text = JSON.stringify(page)
    for (const s of ['Alice', 'Bob', w.coCounselling.doneId, w.coCounselling.noteText]) expect(text).not.toContain(s)
    const response = await call(groupRoute, 'GET', {
      path: `/groups/${groupId}/co-counselling`,
      params: { groupId },
      cookie: w.people.outsider.cookie,
    })
    expect(response.status).toBe(404)
  })
})

describe('reminders by mail', () => {
  test('each person of a session a day away is reminded once, in their time zone, unless they chose not to be; the mail reaches SMTP', async () => {
    const smtp = await startSmtpServer()
    let previous: ReturnType<typeof setMailTransport>
    try {
      const { ann, ben, cy, groupId } = await threeInAGroup()
      await saveMailPreferences(
        db(),
        cy,
        Object.fromEntries(MAIL_KINDS.filter((k) => k !== 'co_counselling_reminder').map((k) => [`mail.${k}`, 'on' as const])),
      )
      const soon = await bookIn(groupId, ann, [ben, cy], Date.now() + 20 * 60 * MINUTE)
      const later = await bookIn(groupId, ann, [ben], Date.now() + 30 * 60 * MINUTE)
      await saveNote(db(), ann, soon, { text: 'A note the mail must not carry' })
      // Other tests' sessions share the database: count this one's mails.
      const mailsOf = (id: string) =>
        db().selectFrom('mailOutbox').selectAll().where('kind', '=', 'co_counselling_reminder').where('link', 'like', `%${id}`).execute()
      expect(await writeSessionReminders(db())).toBeGreaterThanOrEqual(1)
      await writeSessionReminders(db())
      const mails = await mailsOf(soon)
      expect(mails.map((m) => m.personId).sort()).toEqual([ann.id, ben.id].sort())
      for (const m of mails) {
        expect(m.link).toBe(`http://localhost:3000/co-counselling/sessions/${soon}`)
        expect(m.text).toContain('30 minutes as client')
        expect(m.text).not.toContain('A note the mail must not carry')
        expect(m.text).not.toMatch(/Ann|Ben|Cy\b/)
      }
      const laterMails = await db().selectFrom('mailOutbox').select('id').where('link', 'like', `%${later}`).execute()
      expect(laterMails).toEqual([])
      previous = setMailTransport(smtpTransport(smtp.url, 'inquiry@example.org'))
      await deliverDueMails(db())
      const received = await smtp.waitForMailTo(ben.email)
      expect(received.parsed.subject).toBe('A co-counselling session tomorrow')
    } finally {
      setMailTransport(previous)
      await smtp.stop()
    }
  })
})

describe('leaving and deleting', () => {
  test('withdrawing from the group calls off the sessions booked through it; held ones stay in the partner’s ledger', async () => {
    const w = await createWorld(db(), { senseMaking: false, coCounselling: true })
    await withdrawFromGroup(db(), w.people.bob, w.group.id, { confirm: 'withdraw' })
    const status = async (id: string) =>
      (await db().selectFrom('coSessions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
    expect(await status(w.coCounselling.bookedId)).toBe('cancelled')
    expect(await status(w.coCounselling.doneId)).toBe('done')
    expect((await getCoCounsellingPage(db(), w.people.alice)).ledger.total).toMatchObject({ given: 1440, received: 1500 })
    expect((await getSessionPage(db(), w.people.alice, w.coCounselling.doneId)).note?.text).toBe(w.coCounselling.noteText)
  })

  test('deleting an account deletes its private notes; the partner keeps the time, under “A former member”', async () => {
    const w = await createWorld(db(), { senseMaking: false, coCounselling: true })
    await deleteAccount(db(), w.people.alice, { confirm: 'delete my account' })
    expect(await db().selectFrom('coPrivateNotes').select('id').where('personId', '=', w.people.alice.id).execute()).toEqual([])
    const { ledger } = await getCoCounsellingPage(db(), w.people.bob)
    expect(ledger.partners).toEqual([expect.objectContaining({ displayName: 'A former member', given: 1500, received: 1440 })])
    const own = await exportOwnLedger(db(), w.people.bob)
    expect(own.body).not.toContain('Alice')
  })
})

describe('the demo', () => {
  test('two members co-counsel weekly over the demo’s weeks, and their ledger is nearly balanced', async () => {
    const { ann: dev, ben: elena, groupId } = await threeInAGroup()
    let t = Date.now()
    const tick = () => {
      const now = Math.min(t, Date.now())
      t += 60_000
      return now
    }
    const people = new Map([
      ['dev', dev],
      ['elena', elena],
    ]) as Parameters<typeof seedCoCounselling>[1]['people']
    await withoutMail(() =>
      withClock(tick, () => seedCoCounselling(db(), { people, groupId, at: (days) => (t = Date.now() - days * 86_400_000) })),
    )
    const { ledger, upcoming, past } = await getCoCounsellingPage(db(), dev)
    expect(past.filter((s) => s.status === 'done')).toHaveLength(8)
    expect(upcoming).toHaveLength(1)
    expect(ledger.partners).toHaveLength(1)
    const [row] = ledger.partners
    expect(row!.balanced).toBe(true)
    expect(row!.balance).not.toBe(0)
    expect(row!.given).toBeGreaterThan(7 * 1800)
    expect(ledger.months.length).toBeGreaterThanOrEqual(2)
  })
})
