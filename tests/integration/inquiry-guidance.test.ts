import { readFileSync } from 'node:fs'
import { createElement, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { takeStance } from '~/features/decisions/stances.server'
import { proposeGeneral } from '~/features/groups/groups.server'
import { getPhaseGuidance } from '~/features/inquiries/guidance.server'
import { judgeProcedure } from '~/features/validity/validity.server'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import {
  agreeUntilClosed,
  allowAnonymousDissentOn,
  createGroupWith,
  createPerson,
  createTestInquiry,
  createTestRecord,
  createTestTheme,
  rate,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { db, proposeMove } from './support-inquiries'

// Issue 16, item 1: the dashboard opens with "This phase": what the phase is for, in the
// template's words, what it asks of me (done or not, with a link), and what the group waits on,
// as counts only. Never a name of who has or has not acted. The page is rendered as the server
// renders it (the Remix hooks answer with the loader's data), so its words are checked too.

const remix = vi.hoisted(() => ({ data: undefined as unknown }))
vi.mock('@remix-run/react', async (original) => {
  const actual = await original<Record<string, unknown>>()
  const { createElement: h } = await import('react')
  return {
    ...actual,
    useLoaderData: () => remix.data,
    useActionData: () => undefined,
    Link: ({ to, children, ...rest }: { to: string; children?: ReactNode }) => h('a', { href: to, ...rest }, children),
    Form: ({ children, ...rest }: { children?: ReactNode }) => h('form', rest, children),
  }
})

const TEMPLATE = JSON.parse(readFileSync('inquiry-templates/cooperative-inquiry.json', 'utf8')) as {
  phases: { key: string; description: string }[]
  validityProcedures: { key: string }[]
}
const purposeOf = (key: string) => TEMPLATE.phases.find((p) => p.key === key)!.description

type Ask = { key: string; done: boolean; optional: boolean; text: string; link: { href: string; text: string } }
type Guidance = { phaseName: string; role: string; purpose: string; asks: Ask[]; waits: { key: string; text: string }[] }

/**
 * Four members with names found nowhere else. A proposal stays open until every member has
 * taken a stance (or its closing time comes), so all four take one on each move; beyond that,
 * in the sweep, Ines never acts.
 */
async function fourMembers() {
  const quill = await createPerson(db(), 'Quillon Ashbury')
  const mari = await createPerson(db(), 'Marisol Venn')
  const teo = await createPerson(db(), 'Teodor Brask')
  const ines = await createPerson(db(), 'Ines Oyelaran')
  const people = [quill, mari, teo, ines]
  const groupId = await createGroupWith(db(), people, { name: 'Guidance circle' })
  const inquiryId = await createTestInquiry(db(), quill, groupId)
  return { quill, mari, teo, ines, people, groupId, inquiryId }
}

async function dashboard(person: TestPerson, inquiryId: string) {
  const response = await get(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function guidanceOf(person: TestPerson, inquiryId: string): Promise<Guidance> {
  return (await dashboard(person, inquiryId)).guidance as Guidance
}

const ask = (g: Guidance, key: string) => {
  const found = g.asks.find((a) => a.key === key)
  if (!found) throw new Error(`no "${key}" ask among ${g.asks.map((a) => a.key).join(', ')}`)
  return found
}

function render(data: unknown): string {
  remix.data = JSON.parse(JSON.stringify(data))
  return renderToString(createElement(inquiryRoute.default as () => ReactNode))
}

/** The HTML of one `<section …>` of the page, found by the start of its attributes (it holds no nested section). */
function sectionOf(html: string, marker: string): string {
  const start = html.indexOf(`<section ${marker}`)
  if (start < 0) throw new Error(`no section with ${marker}`)
  const end = html.indexOf('</section>', start)
  return html.slice(start, end + '</section>'.length)
}

const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()

function checkIn(person: TestPerson, inquiryId: string) {
  return post(inquiryRoute, {
    path: `/inquiries/${inquiryId}`,
    params: { inquiryId },
    cookie: person.cookie,
    form: { intent: 'check-in', text: 'Steady today.' },
  })
}

async function themeIds(inquiryId: string) {
  return (await db().selectFrom('themes').select('id').where('inquiryId', '=', inquiryId).orderBy('createdAt').execute()).map((t) => t.id)
}

async function currentCycleNumber(inquiryId: string) {
  const row = await db()
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select('cycles.number')
    .where('cycles.inquiryId', '=', inquiryId)
    .where('phases.status', '=', 'current')
    .executeTakeFirstOrThrow()
  return row.number
}

/**
 * The sweep: as each member, the dashboard's guidance (JSON and rendered section) names no
 * member and carries no member's id; and nowhere in the loader's JSON or the page, outside the
 * roster of members, is there a name or id of a member who has not acted.
 */
async function expectNoNamesOfTheIdle(inquiryId: string, members: TestPerson[], idle: TestPerson[]) {
  for (const viewer of members) {
    const data = await dashboard(viewer, inquiryId)
    const guidanceJson = JSON.stringify(data.guidance)
    const html = render(data)
    const section = sectionOf(html, 'class="card" aria-labelledby="this-phase-heading"')
    for (const m of members) {
      for (const needle of [m.displayName, m.displayName.split(' ')[1]!, m.id]) {
        expect(guidanceJson).not.toContain(needle)
        expect(section).not.toContain(needle)
      }
    }
    expect(section).not.toMatch(/data-[a-z-]+=/)
    const { members: roster, ...rest } = data as { members: unknown[] }
    expect(roster.length).toBe(members.length)
    const outsideRoster = html.replace(sectionOf(html, 'aria-labelledby="members-heading"'), '')
    for (const m of idle) {
      for (const needle of [m.displayName, m.displayName.split(' ')[1]!, m.id]) {
        expect(JSON.stringify(rest)).not.toContain(needle)
        expect(outsideRoster).not.toContain(needle)
      }
    }
  }
}

describe('what is next, per phase (issue 16 item 1)', () => {
  test('the asks change as a member records, rates blind, takes a stance and checks in, and the group counts follow', async () => {
    const { quill, mari, teo, ines, people, groupId, inquiryId } = await fourMembers()

    // Planning: the phase's purpose in the template's words; a check-in asked of each.
    let g = await guidanceOf(mari, inquiryId)
    expect(g).toMatchObject({ phaseName: 'Reflection – framing and planning', role: 'co-researcher' })
    expect(g.purpose).toBe(purposeOf('reflection-planning'))
    expect(g.asks.map((a) => a.key)).toEqual(['check-in', 'records'])
    expect(ask(g, 'check-in').done).toBe(false)
    expect(g.waits.map((w) => w.text)).toEqual(['0 of 4 have checked in.'])

    expect((await checkIn(mari, inquiryId)).status).toBe(302)
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'check-in').done).toBe(true)
    expect(g.waits.map((w) => w.text)).toEqual(['1 of 4 has checked in.'])
    expect(ask(await guidanceOf(quill, inquiryId), 'check-in').done).toBe(false)

    // A proposal to move on asks each member for a stance until they take one.
    const moveId = idFrom(await proposeMove(quill, inquiryId), '/decisions')
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'stances')).toMatchObject({ done: false, text: '1 open proposal awaits your stance.' })
    expect(ask(g, 'stances').link.href).toBe(`/inquiries/${inquiryId}#decisions-heading`)
    expect(g.waits.map((w) => w.text)).toContain('0 of 4 have taken a stance on “Move to Action – experience”.')
    await takeStance(db(), mari, moveId, { stance: 'agree', reason: null })
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'stances')).toMatchObject({ done: true, text: 'You have taken a stance on every open proposal.' })
    expect(g.waits.map((w) => w.text)).toContain('1 of 4 has taken a stance on “Move to Action – experience”.')
    expect(ask(await guidanceOf(teo, inquiryId), 'stances').done).toBe(false)
    expect(await agreeUntilClosed(db(), moveId, [quill, teo, ines])).toBe('passed')

    // Action: records are the ask; no check-in, and the group waits on nothing.
    g = await guidanceOf(mari, inquiryId)
    expect(g).toMatchObject({ phaseName: 'Action – experience', role: 'co-subject', purpose: purposeOf('action-experience') })
    expect(g.asks.map((a) => a.key)).toEqual(['records'])
    expect(ask(g, 'records')).toMatchObject({ done: false, optional: false })
    expect(g.waits).toEqual([])
    await createTestRecord(db(), mari, inquiryId, { visibility: 'private' })
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'records')).toMatchObject({ done: true, text: 'You have written 1 record in this phase; add more as things happen.' })
    expect(ask(await guidanceOf(quill, inquiryId), 'records').done).toBe(false)

    // Sense-making: check-in, blind rating, the validity procedures, records (optional).
    await toSenseMaking(db(), inquiryId, people)
    g = await guidanceOf(mari, inquiryId)
    expect(g).toMatchObject({ phaseName: 'Reflection – sense-making', purpose: purposeOf('reflection-sense-making') })
    expect(g.asks.map((a) => a.key)).toEqual(['check-in', 'blind-rating', 'judgements', 'records'])
    expect(ask(g, 'blind-rating')).toMatchObject({ done: false, link: { href: `/inquiries/${inquiryId}/themes` } })
    expect(ask(g, 'records')).toMatchObject({ done: false, optional: true })
    expect(g.waits.map((w) => w.text)).toEqual(['0 of 4 have checked in.', '0 of 4 have judged every validity procedure.'])

    await createTestTheme(db(), quill, inquiryId, 'Waiting it out')
    await createTestTheme(db(), quill, inquiryId, 'Filling the gap')
    const [first, second] = (await themeIds(inquiryId)) as [string, string]
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'blind-rating').text).toMatch(/you have rated 0 of 2 themes/)
    expect(g.waits.map((w) => w.text)).toContain('0 of 4 have rated blind.')
    await rate(db(), mari, inquiryId, 'blind', { [first]: 3 })
    expect(ask(await guidanceOf(mari, inquiryId), 'blind-rating')).toMatchObject({ done: false })
    await rate(db(), mari, inquiryId, 'blind', { [second]: 4 })
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'blind-rating').done).toBe(true)
    expect(g.waits.map((w) => w.text)).toContain('1 of 4 has rated blind.')
    expect(ask(await guidanceOf(teo, inquiryId), 'blind-rating').done).toBe(false)

    // Judging the validity procedures: each member their own.
    const cycleNumber = await currentCycleNumber(inquiryId)
    const [firstProcedure, ...otherProcedures] = TEMPLATE.validityProcedures.map((p) => p.key)
    await judgeProcedure(db(), mari, inquiryId, cycleNumber, { procedureKey: firstProcedure!, status: 'met', note: '' })
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'judgements')).toMatchObject({ done: false, link: { href: `/inquiries/${inquiryId}/cycles/${cycleNumber}/validity` } })
    expect(ask(g, 'judgements').text).toMatch(new RegExp(`you have judged 1 of ${TEMPLATE.validityProcedures.length}`))
    for (const procedureKey of otherProcedures)
      await judgeProcedure(db(), mari, inquiryId, cycleNumber, { procedureKey, status: 'partly', note: '' })
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'judgements').done).toBe(true)
    expect(g.waits.map((w) => w.text)).toContain('1 of 4 has judged every validity procedure.')
    expect(ask(await guidanceOf(quill, inquiryId), 'judgements').done).toBe(false)

    // An anonymous proposal of the group: my stance is known by its ballot, and reading it stores nothing.
    const anonymousId = await proposeGeneral(db(), quill, groupId, { title: 'Meet fortnightly', body: '' })
    await allowAnonymousDissentOn(db(), anonymousId)
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'stances')).toMatchObject({ done: false, link: { href: `/groups/${groupId}#decisions-heading` } })
    await takeStance(db(), mari, anonymousId, { stance: 'agree', reason: null })
    const before = await tableCounts(db())
    g = await guidanceOf(mari, inquiryId)
    expect(ask(g, 'stances').done).toBe(true)
    expect(g.waits.map((w) => w.text)).toContain('1 of 4 has taken a stance on “Meet fortnightly”.')
    expect(ask(await guidanceOf(teo, inquiryId), 'stances').done).toBe(false)
    expect(await tableCounts(db())).toEqual(before)

    // The check-in of this phase is its own: asked again, and counted again.
    expect(ask(await guidanceOf(mari, inquiryId), 'check-in').done).toBe(false)
    await checkIn(mari, inquiryId)
    await checkIn(teo, inquiryId)
    g = await guidanceOf(quill, inquiryId)
    expect(ask(g, 'check-in').done).toBe(false)
    expect(g.waits.map((w) => w.text)).toContain('2 of 4 have checked in.')

    // Everyone rates blind: the round is revealed, the open round is an optional move.
    for (const person of [quill, teo, ines]) await rate(db(), person, inquiryId, 'blind', { [first]: 2, [second]: 5 })
    g = await guidanceOf(mari, inquiryId)
    expect(g.asks.map((a) => a.key)).toContain('open-rating')
    expect(ask(g, 'open-rating')).toMatchObject({ done: false, optional: true })
    expect(g.waits.map((w) => w.key)).not.toContain('blind-rating')
    await rate(db(), mari, inquiryId, 'open', { [first]: 4 }, { [first]: 'Heard the others' })
    expect(ask(await guidanceOf(mari, inquiryId), 'open-rating')).toMatchObject({ done: true })
  })

  test('the page shows "This phase" first, its asks in words, and the group waits as counts', async () => {
    const { mari, inquiryId } = await fourMembers()
    await checkIn(mari, inquiryId)
    const html = render(await dashboard(mari, inquiryId))
    const section = sectionOf(html, 'class="card" aria-labelledby="this-phase-heading"')
    expect(html.indexOf('id="this-phase-heading"')).toBeLessThan(html.indexOf('id="now-heading"'))
    const text = textOf(section)
    expect(text).toContain('This phase')
    expect(text).toContain(purposeOf('reflection-planning'))
    expect(text).toContain('What it asks of you')
    expect(text).toContain('Done: You have checked in; update it if something changes. Your check-in')
    expect(text).toContain('Optional: You may record in this phase too')
    expect(text).toContain('What the group waits on 1 of 4 has checked in.')
    expect(section).toContain(`href="/inquiries/${inquiryId}#check-in"`)
    // Headings in order: h2 for the section, h3 beneath it.
    expect([...section.matchAll(/<h(\d)/g)].map((m) => m[1])).toEqual(['2', '3', '3'])
  })

  test('a sweep: neither the loader’s JSON nor the page ever names a member who has not acted', async () => {
    const { quill, mari, teo, ines, people, groupId, inquiryId } = await fourMembers()
    const idle = [ines]
    // Planning: some have checked in, a proposal has some stances.
    await checkIn(mari, inquiryId)
    const moveId = idFrom(await proposeMove(quill, inquiryId), '/decisions')
    await takeStance(db(), mari, moveId, { stance: 'agree', reason: null })
    await expectNoNamesOfTheIdle(inquiryId, people, idle)
    expect(await agreeUntilClosed(db(), moveId, [quill, teo, ines])).toBe('passed')
    // Action: some have recorded.
    await createTestRecord(db(), mari, inquiryId)
    await expectNoNamesOfTheIdle(inquiryId, people, idle)
    // Sense-making: some have rated blind, judged, checked in, taken an anonymous stance.
    await toSenseMaking(db(), inquiryId, people)
    await createTestTheme(db(), quill, inquiryId, 'Waiting it out')
    const [themeId] = (await themeIds(inquiryId)) as [string]
    await rate(db(), mari, inquiryId, 'blind', { [themeId]: 3 })
    await judgeProcedure(db(), teo, inquiryId, await currentCycleNumber(inquiryId), {
      procedureKey: TEMPLATE.validityProcedures[0]!.key,
      status: 'met',
      note: '',
    })
    await checkIn(teo, inquiryId)
    const anonymousId = await proposeGeneral(db(), quill, groupId, { title: 'Meet fortnightly', body: '' })
    await allowAnonymousDissentOn(db(), anonymousId)
    await takeStance(db(), mari, anonymousId, { stance: 'agree', reason: null })
    await expectNoNamesOfTheIdle(inquiryId, people, idle)
    // More have rated blind; the one who has not is still not named.
    for (const person of [quill, teo]) await rate(db(), person, inquiryId, 'blind', { [themeId]: 4 })
    await expectNoNamesOfTheIdle(inquiryId, people, idle)
  })

  test('a non-member is refused: the dashboard answers 404, and the service gives nothing', async () => {
    const { inquiryId } = await fourMembers()
    const outsider = await createPerson(db(), 'Outsider Pell')
    const response = await get(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: outsider.cookie })
    expect(response.status).toBe(404)
    await expect(getPhaseGuidance(db(), outsider, inquiryId)).rejects.toMatchObject({ code: 'not_found' })
  })
})
