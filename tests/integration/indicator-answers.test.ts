import { createElement, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import { buildArchive } from '~/features/exports/archive.server'
import { ArchiveSchema } from '~/features/exports/core/archive-schema'
import { exportForMember } from '~/features/exports/exports.server'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { getValidityReview } from '~/features/validity/validity.server'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import { getDb } from '~/utils/db.server'
import { notFoundResponse } from '~/utils/http.server'
import {
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  moveOn,
  nextCycleToSenseMaking,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, importRoute, locationOf, post, tableCounts } from './harness'

// Issue 14 item 4: the group answers an indicator. A member marks a warning or alert "we
// looked at this", with a note; it stays beside the indicator, in validity.json, the archive
// and the reports, so the review records how the group met the hazard. Every answer is kept:
// a later one adds a version. Only members may answer, only a warning or an alert, and only
// until the cycle's review is adopted.

// The page is rendered as the server would, the Remix hooks answering with the loader's (or action's) data.
const remix = vi.hoisted(() => ({ data: undefined as unknown, action: undefined as unknown }))
vi.mock('@remix-run/react', async (original) => {
  const actual = await original<Record<string, unknown>>()
  const { createElement: h } = await import('react')
  return {
    ...actual,
    useLoaderData: () => remix.data,
    useActionData: () => remix.action,
    Link: ({ to, children, ...rest }: { to: string; children?: ReactNode }) => h('a', { href: to, ...rest }, children),
    Form: ({ children, ...rest }: { children?: ReactNode }) => h('form', rest, children),
  }
})

const db = () => getDb()
const jsonRoute = await importRoute('inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx')
const NOT_FOUND_BODY = await notFoundResponse().text()

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
const textOf = (html: string) =>
  decode(html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()

/** Three members (Ada facilitates, and writes every record, so participation and grounding warn) and an outsider, in cycle 1's sense-making. */
async function circle() {
  const ada = await createPerson(db(), 'Ada Lovell')
  const ben = await createPerson(db(), 'Ben Marsh')
  const cy = await createPerson(db(), 'Cy Okafor')
  const outsider = await createPerson(db(), 'Outsider')
  const people = [ada, ben, cy]
  const groupId = await createGroupWith(db(), people, { name: 'Answer circle' })
  const inquiryId = await createTestInquiry(db(), ada, groupId)
  await moveOn(db(), inquiryId, people)
  for (let i = 1; i <= 4; i++)
    await createTestRecord(db(), ada, inquiryId, { text: `Ada kept the notes of meeting ${i}, and the others listened.` })
  await toSenseMaking(db(), inquiryId, people)
  return { ada, ben, cy, outsider, people, groupId, inquiryId }
}

const path = (inquiryId: string, cycle: number) => `/inquiries/${inquiryId}/cycles/${cycle}/validity`
const params = (inquiryId: string, cycle: number) => ({ inquiryId, cycleNumber: String(cycle) })

function answer(person: TestPerson | null, inquiryId: string, cycle: number, form: Record<string, string>) {
  return post(validityRoute, {
    path: path(inquiryId, cycle),
    params: params(inquiryId, cycle),
    cookie: person?.cookie,
    form: { intent: 'answer', ...form },
  })
}

async function reviewOf(person: TestPerson, inquiryId: string, cycle = 1) {
  const response = await get(validityRoute, { path: path(inquiryId, cycle), params: params(inquiryId, cycle), cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function jsonOf(person: TestPerson | null, inquiryId: string, cycle = 1) {
  return get(jsonRoute, { path: `${path(inquiryId, cycle)}.json`, params: params(inquiryId, cycle), cookie: person?.cookie })
}

/** The page's HTML as the server renders it, with this loader data and (after a refused post) action data. */
function pageHtml(data: unknown, action?: unknown): string {
  remix.data = JSON.parse(JSON.stringify(data))
  remix.action = action === undefined ? undefined : JSON.parse(JSON.stringify(action))
  try {
    return renderToString(createElement(validityRoute.default as () => ReactNode))
  } finally {
    remix.action = undefined
  }
}

type ReviewIndicator = { key: string; name: string; status: string }

/** A warning or alert of the cycle, and an indicator that does not warn. */
async function indicatorsOf(person: TestPerson, inquiryId: string) {
  const review = await reviewOf(person, inquiryId)
  const warning = (review.indicators as ReviewIndicator[]).find((i) => i.status === 'warn' || i.status === 'alert')
  const quiet = (review.indicators as ReviewIndicator[]).find((i) => i.status !== 'warn' && i.status !== 'alert')
  if (!warning || !quiet)
    throw new Error(
      `the circle needs a warning and a quiet indicator: ${JSON.stringify(review.indicators.map((i: ReviewIndicator) => [i.key, i.status]))}`,
    )
  expect(review.answers.answerable).toContain(warning.key)
  expect(review.answers.answerable).not.toContain(quiet.key)
  return { warning, quiet }
}

async function answerRows(inquiryId: string) {
  return db()
    .selectFrom('indicatorAnswers')
    .innerJoin('cycles', 'cycles.id', 'indicatorAnswers.cycleId')
    .select([
      'cycles.number as cycle',
      'indicatorAnswers.indicatorKey',
      'indicatorAnswers.version',
      'indicatorAnswers.status',
      'indicatorAnswers.note',
      'indicatorAnswers.answeredBy',
    ])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('indicatorAnswers.indicatorKey')
    .orderBy('indicatorAnswers.version')
    .execute()
}

describe('answering an indicator', () => {
  test('a member answers a warning; the page shows it beside the indicator and validity.json carries it; a later answer adds a version', async () => {
    const c = await circle()
    const { warning } = await indicatorsOf(c.ben, c.inquiryId)
    const response = await answer(c.ben, c.inquiryId, 1, {
      indicatorKey: warning.key,
      note: 'We talked it over: Ada writes fastest, and we agreed to take turns.',
    })
    expect(response.status).toBe(302)
    expect(locationOf(response)).toBe(`${path(c.inquiryId, 1)}#answer-${warning.key}`)
    expect(await answerRows(c.inquiryId)).toEqual([
      {
        cycle: 1,
        indicatorKey: warning.key,
        version: 1,
        status: warning.status,
        note: 'We talked it over: Ada writes fastest, and we agreed to take turns.',
        answeredBy: c.ben.id,
      },
    ])

    const review = await reviewOf(c.cy, c.inquiryId)
    expect(review.answers.list).toMatchObject([
      {
        indicatorKey: warning.key,
        version: 1,
        by: 'Ben Marsh',
        note: 'We talked it over: Ada writes fastest, and we agreed to take turns.',
      },
    ])
    const html = pageHtml(review)
    const text = textOf(html)
    expect(text).toContain('We looked at this — Ben Marsh: We talked it over: Ada writes fastest, and we agreed to take turns.')
    // Beside the indicator: in its own row of the table.
    const row = html.split('<tr').find((r) => r.includes(`id="answer-${warning.key}"`))!
    expect(row).toContain(warning.name)
    expect(row).toContain('We talked it over')

    // A later answer by another member adds version 2; the first stays as history.
    expect(
      (await answer(c.cy, c.inquiryId, 1, { indicatorKey: warning.key, note: 'Looked again after a turn-taking round: better.' })).status,
    ).toBe(302)
    expect((await answerRows(c.inquiryId)).map((r) => [r.version, r.note, r.answeredBy])).toEqual([
      [1, 'We talked it over: Ada writes fastest, and we agreed to take turns.', c.ben.id],
      [2, 'Looked again after a turn-taking round: better.', c.cy.id],
    ])
    const again = textOf(pageHtml(await reviewOf(c.ada, c.inquiryId)))
    expect(again).toContain('We looked at this — Cy Okafor: Looked again after a turn-taking round: better.')
    expect(again).toContain('Earlier answers (1)')

    const json = await jsonOf(c.ada, c.inquiryId)
    expect(json.status).toBe(200)
    const body = await bodyOf(json)
    expect(body.indicatorAnswers).toMatchObject([
      {
        indicator: warning.key,
        version: 1,
        statusWhenAnswered: warning.status,
        by: 'Ben Marsh',
        note: 'We talked it over: Ada writes fastest, and we agreed to take turns.',
      },
      {
        indicator: warning.key,
        version: 2,
        statusWhenAnswered: warning.status,
        by: 'Cy Okafor',
        note: 'Looked again after a turn-taking round: better.',
      },
    ])
    expect(body.answersClosed).toBeNull()
  })

  test('a non-member gets the 404 every group route gives, an anonymous visitor the login page, and nothing is written', async () => {
    const c = await circle()
    const { warning } = await indicatorsOf(c.ada, c.inquiryId)
    const before = await tableCounts(db())
    const refused = await answer(c.outsider, c.inquiryId, 1, { indicatorKey: warning.key, note: 'Not my group.' })
    expect(refused.status).toBe(404)
    expect(await refused.text()).toBe(NOT_FOUND_BODY)
    const anonymous = await answer(null, c.inquiryId, 1, { indicatorKey: warning.key, note: 'Nobody.' })
    expect(anonymous.status).toBe(302)
    expect(locationOf(anonymous)).toMatch(/^\/login\?/)
    expect((await jsonOf(c.outsider, c.inquiryId)).status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an indicator that does not warn has nothing to answer: no form is offered, and a post is a 409 saying why', async () => {
    const c = await circle()
    const { quiet } = await indicatorsOf(c.ada, c.inquiryId)
    const html = pageHtml(await reviewOf(c.ada, c.inquiryId))
    expect(html).not.toContain(`name="indicatorKey" value="${quiet.key}"`)
    expect(textOf(html)).toContain('An indicator that does not warn has nothing to answer.')

    const before = await tableCounts(db())
    const response = await answer(c.ada, c.inquiryId, 1, { indicatorKey: quiet.key, note: 'Looked anyway.' })
    expect(response.status).toBe(409)
    const body = await bodyOf(response)
    expect(body.formError).toMatch(
      new RegExp(`^${quiet.name} does not warn in cycle 1 \\(its status is “.+”\\), so there is nothing to answer\\.$`),
    )
    expect(body.values.note).toBe('Looked anyway.')
    // An indicator this inquiry does not compute is a 400 on the field.
    const unknown = await answer(c.ada, c.inquiryId, 1, { indicatorKey: 'no-such-indicator', note: 'Hm.' })
    expect(unknown.status).toBe(400)
    expect((await bodyOf(unknown)).errors.indicatorKey).toBe('That indicator is not computed for this inquiry.')
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an empty or over-long note is a 400 beside the note, the input kept, and nothing is written', async () => {
    const c = await circle()
    const { warning } = await indicatorsOf(c.ada, c.inquiryId)
    const before = await tableCounts(db())
    const empty = await answer(c.ada, c.inquiryId, 1, { indicatorKey: warning.key, note: '   ' })
    expect(empty.status).toBe(400)
    const failure = await bodyOf(empty)
    expect(failure.errors.note).toBe('Say what the group made of it: a note is what makes this an answer.')
    expect(failure.values).toMatchObject({ intent: 'answer', indicatorKey: warning.key, note: '   ' })
    // The page shows the error beside this indicator's note, and only there.
    const html = pageHtml(await reviewOf(c.ada, c.inquiryId), failure)
    const id = `answer-${warning.key}-note`
    expect(html).toContain(`id="${id}-error"`)
    expect(html).toMatch(new RegExp(`<textarea[^>]*id="${id}"[^>]*aria-invalid="true"[^>]*aria-describedby="${id}-error"`))
    expect(html.match(/class="field-error"/g)?.length).toBe(1)

    const long = 'x'.repeat(2001)
    const tooLong = await answer(c.ada, c.inquiryId, 1, { indicatorKey: warning.key, note: long })
    expect(tooLong.status).toBe(400)
    const longFailure = await bodyOf(tooLong)
    expect(longFailure.errors.note).toBe('Use at most 2,000 characters.')
    expect(longFailure.values.note).toBe(long)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('once the review is adopted the answers are settled: the page says so, offers no form, and a post is a 409', async () => {
    const c = await circle()
    const { warning } = await indicatorsOf(c.ada, c.inquiryId)
    expect((await answer(c.ada, c.inquiryId, 1, { indicatorKey: warning.key, note: 'Seen before adoption.' })).status).toBe(302)
    await nextCycleToSenseMaking(db(), c.inquiryId, c.people)
    const review = await reviewOf(c.ben, c.inquiryId, 1)
    expect(review.answers.answerable).toEqual([])
    const html = pageHtml(review)
    expect(html).not.toContain('name="indicatorKey"')
    const text = textOf(html)
    expect(text).toContain('This cycle’s validity review has been adopted, so the group’s answers to its indicators are settled.')
    expect(text).toContain('We looked at this — Ada Lovell: Seen before adoption.')

    const before = await tableCounts(db())
    const response = await answer(c.ben, c.inquiryId, 1, { indicatorKey: warning.key, note: 'Too late.' })
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toBe(
      'This cycle’s validity review has been adopted, so the group’s answers to its indicators are settled.',
    )
    expect(await tableCounts(db())).toEqual(before)
  })
})

describe('answers in the archive, the reports and a withdrawal', () => {
  /** Cycle 1 answered (by Ben, naming Cy), adopted and published; cycle 2 answered too but unpublished. */
  async function published() {
    const c = await circle()
    const { warning } = await indicatorsOf(c.ada, c.inquiryId)
    expect(
      (
        await answer(c.ben, c.inquiryId, 1, {
          indicatorKey: warning.key,
          note: 'Cy Okafor said the quiet ones were tired; we took it as a warning.',
        })
      ).status,
    ).toBe(302)
    expect((await answer(c.cy, c.inquiryId, 1, { indicatorKey: warning.key, note: 'Next cycle Ben writes first.' })).status).toBe(302)
    await nextCycleToSenseMaking(db(), c.inquiryId, c.people)
    const cycle2 = (await reviewOf(c.ada, c.inquiryId, 2)).answers.answerable as string[]
    if (cycle2.length)
      expect((await answer(c.ada, c.inquiryId, 2, { indicatorKey: cycle2[0]!, note: 'Unpublished words.' })).status).toBe(302)
    // As the group's decision to publish findings would: cycle 1 only.
    await db().updateTable('inquiries').set({ publishedThroughCycle: 1 }).where('id', '=', c.inquiryId).execute()
    return { ...c, warning }
  }

  test('the archive carries a published cycle’s answers by member key, names in the note replaced, and an import restores them', async () => {
    const c = await published()
    const { archive } = await buildArchive(db(), c.ada, c.inquiryId)
    const parsed = ArchiveSchema.parse(JSON.parse(JSON.stringify(archive)))
    expect(parsed.cycles[0]!.indicatorAnswers).toMatchObject([
      {
        indicator: c.warning.key,
        version: 1,
        statusWhenAnswered: c.warning.status,
        by: 'Member B',
        note: 'Member C said the quiet ones were tired; we took it as a warning.',
      },
      { indicator: c.warning.key, version: 2, by: 'Member C', note: 'Next cycle Member B writes first.' },
    ])
    expect(parsed.cycles[1]!.indicatorAnswers).toEqual([])
    const text = JSON.stringify(archive)
    for (const name of ['Ada Lovell', 'Ben Marsh', 'Cy Okafor', 'Unpublished words']) expect(text).not.toContain(name)

    const importer = await createPerson(db(), 'Imogen Importer')
    const { inquiryId: copyId } = await importArchive(db(), parseArchiveText(JSON.stringify(archive)), { user: importer, seat: 'Member A' })
    const restored = await getValidityReview(db(), importer, copyId, 1)
    expect(restored.answers.list.map((a) => [a.indicatorKey, a.version, a.statusWhenAnswered, a.by, a.note])).toEqual([
      [c.warning.key, 1, c.warning.status, 'Member B', 'Member C said the quiet ones were tired; we took it as a warning.'],
      [c.warning.key, 2, c.warning.status, 'Member C', 'Next cycle Member B writes first.'],
    ])
    const again = (await buildArchive(db(), importer, copyId)).archive
    expect(again.cycles[0]!.indicatorAnswers).toEqual(archive.cycles[0]!.indicatorAnswers)

    // An archive made before answers existed has no such field, and still imports.
    const older = JSON.parse(JSON.stringify(archive)) as { cycles: Record<string, unknown>[] }
    for (const cycle of older.cycles) delete cycle.indicatorAnswers
    const { inquiryId: olderId } = await importArchive(db(), parseArchiveText(JSON.stringify(older)), { user: importer, seat: 'Member A' })
    expect((await getValidityReview(db(), importer, olderId, 1)).answers.list).toEqual([])
    // An answer by a key that is not a member is refused by its path.
    const stranger = JSON.parse(JSON.stringify(archive)) as typeof archive
    stranger.cycles[0]!.indicatorAnswers![0]!.by = 'Member Z'
    expect(() => parseArchiveText(JSON.stringify(stranger))).toThrow(
      /cycles\.0\.indicatorAnswers\.0\.by: names Member Z, who is not in members/,
    )
  })

  test('the HTML and Markdown reports show the answers under the indicators table', async () => {
    const c = await published()
    const decoder = new TextDecoder()
    const md = decoder.decode((await exportForMember(db(), c.ada, c.inquiryId, 'md', {})).body)
    const html = textOf(decoder.decode((await exportForMember(db(), c.ada, c.inquiryId, 'html', {})).body))
    for (const report of [md.replace(/\\(.)/g, '$1').replace(/\*\*/g, ''), html]) {
      const computed = report.indexOf('What the platform computed')
      const answers = report.indexOf('How the group answered the indicators')
      const judgement = report.indexOf('Each member’s judgement')
      expect(computed).toBeGreaterThan(-1)
      expect(answers).toBeGreaterThan(computed)
      expect(judgement).toBeGreaterThan(answers)
      expect(report).toContain(
        `${c.warning.name} (${c.warning.status === 'warn' ? 'warning' : 'alert'} when answered): We looked at this — Member C: Next cycle Member B writes first.`,
      )
      expect(report).toContain('Earlier: Member B: Member C said the quiet ones were tired; we took it as a warning.')
      for (const name of ['Ada Lovell', 'Ben Marsh', 'Cy Okafor', 'Unpublished words']) expect(report).not.toContain(name)
    }
  })

  test('a member who withdraws: their answers move to the former-member seat and their name leaves every note', async () => {
    const c = await published()
    await withdrawFromGroup(db(), c.ben, c.groupId, { confirm: 'withdraw' })
    const rows = await answerRows(c.inquiryId)
    expect(rows.some((r) => r.answeredBy === c.ben.id)).toBe(false)
    expect(rows.find((r) => r.cycle === 1 && r.version === 2)!.note).toBe('Next cycle a former member writes first.')

    const review = await reviewOf(c.ada, c.inquiryId)
    const page = textOf(pageHtml(review))
    expect(page).toContain('We looked at this — A former member: Cy Okafor said the quiet ones were tired; we took it as a warning.')
    const json = JSON.stringify(await bodyOf(await jsonOf(c.ada, c.inquiryId)))
    for (const surface of [page, json, JSON.stringify((await buildArchive(db(), c.ada, c.inquiryId)).archive)]) {
      expect(surface).not.toContain('Ben Marsh')
      expect(surface).not.toMatch(/\bBen\b/)
      expect(surface).not.toContain(c.ben.email)
    }
  })
})
