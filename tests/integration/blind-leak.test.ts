import { ANALYSIS_CHARTS } from '~/features/analysis/core/page'
import { describe, expect, test } from 'vitest'
import * as root from '~/root'
import * as ratingsRoute from '~/routes/inquiries.$inquiryId.ratings'
import { getDb } from '~/utils/db.server'
import { createWorld, type TestPerson, type World } from '../factories'
import { bodyOf, call, importRoute, locationOf, pathFor, routeFiles, routeIdOf, type RouteModule } from './harness'
import { spec } from './route-table'

// docs/design.md §5 and the sense-making issue: "until the round is revealed no one but the author,
// the facilitator included, can see a blind rating, in any page, loader data, JSON, export or
// error message". In the world's group, A (Alice) facilitates, B (Bob) and C (Carol) are
// members. In cycle 2's blind round A has rated both themes 2, B rates them 5 — the only 5s
// anywhere in the data — and C has not rated, so the round stays hidden.
//
// Two detectors: (1) every response A or C can fetch is byte-for-byte the same whatever B's
// blind ratings are (so nothing can be inferred from them, not even through statistics), and
// (2) no response carries a rating of 5. Both are shown to fire once the round is revealed.

const db = () => getDb()

const loaderFiles: string[] = []
for (const file of routeFiles()) {
  if (typeof (await importRoute(file)).loader === 'function') loaderFiles.push(file)
}

type Probe = {
  label: string
  module: RouteModule
  method: 'GET' | 'POST'
  path: string
  params: Record<string, string>
  form?: Record<string, string>
}

/** Every GET a member can make of every route with a loader, with the world's parameters (both inquiries), as pages and as Remix data requests. */
async function probes(w: World, revealDecisionId: string): Promise<Probe[]> {
  const out: Probe[] = []
  const seen = new Set<string>()
  for (const file of loaderFiles) {
    const module = await importRoute(file)
    const base = spec(file).params(w)
    const variants: Record<string, string>[] = [base]
    if ('inquiryId' in base)
      variants.push({ ...base, inquiryId: w.senseMaking.inquiryId, ...('recordId' in base ? { recordId: w.senseMaking.recordId } : {}) })
    if ('themeId' in base) variants.push({ ...base, themeId: w.senseMaking.otherThemeId })
    if ('decisionId' in base) variants.push({ ...base, decisionId: revealDecisionId })
    // The validity review of each of the sense-making inquiry's cycles: cycle 2's is computed while its blind round is open.
    if ('cycleNumber' in base)
      for (const cycleNumber of ['1', '2']) variants.push({ ...base, inquiryId: w.senseMaking.inquiryId, cycleNumber })
    // The main inquiry's pages, where the route table tries the closable inquiry.
    if ('inquiryId' in base && base.inquiryId === w.closable.inquiryId) variants.push({ ...base, inquiryId: w.inquiry.id })
    // Every chart of the analysis page, each an image of its own.
    if ('chart' in base) for (const chart of ANALYSIS_CHARTS) variants.push({ ...base, chart: `${chart}.svg` })
    const queries =
      file.includes('analysis') || file.includes('charts')
        ? ['', '?cycle=1', '?cycle=2', '?cycle=2&round=blind', '?cycle=1&round=blind', '?cycle=3']
        : ['']
    for (const params of variants) {
      for (const query of queries) {
        const path = pathFor(file, params) + query
        const data = `${query ? '&' : '?'}_data=${encodeURIComponent(routeIdOf(file))}`
        for (const full of [path, path + data]) {
          if (seen.has(full)) continue
          seen.add(full)
          out.push({ label: `GET ${full}`, module, method: 'GET', path: full, params })
        }
      }
    }
  }
  // The root loader runs on every page and data request.
  for (const path of ['/', `/inquiries/${w.senseMaking.inquiryId}/ratings?_data=root`])
    out.push({ label: `root ${path}`, module: root, method: 'GET', path, params: {} })
  // Error messages are responses too: refused rating requests must not echo anyone else's rating.
  const ratingsPath = `/inquiries/${w.senseMaking.inquiryId}/ratings`
  const params = { inquiryId: w.senseMaking.inquiryId }
  for (const form of [
    { intent: 'blind', [`rating.${w.senseMaking.themeId}`]: '9' },
    { intent: 'blind', [`rating.${w.senseMaking.themeId}`]: '' },
    { intent: 'open', [`rating.${w.senseMaking.themeId}`]: '3', [`reason.${w.senseMaking.themeId}`]: 'Trying early' },
    { intent: 'reveal' },
  ]) {
    out.push({
      label: `POST ${ratingsPath} ${JSON.stringify(form)}`,
      module: ratingsRoute,
      method: 'POST',
      path: ratingsPath,
      params,
      form,
    })
  }
  return out
}

type Snapshot = Map<string, string>

/** What a viewer receives from every probe: status, redirect target and body, as sent. */
async function observe(viewer: TestPerson, list: Probe[]): Promise<Snapshot> {
  const snapshot: Snapshot = new Map()
  for (const probe of list) {
    const response = await call(probe.module, probe.method, {
      path: probe.path,
      params: probe.params,
      cookie: viewer.cookie,
      form: probe.form,
    })
    snapshot.set(probe.label, `${response.status} ${locationOf(response)}\n${await response.text()}`)
  }
  return snapshot
}

function differences(a: Snapshot, b: Snapshot): string[] {
  return [...a.keys()].filter((key) => a.get(key) !== b.get(key))
}

/** Paths in a JSON body where a rating of 5 shows: as a number, or as a non-empty count at scale point 5. */
function fivesIn(text: string): string[] {
  const body = text.slice(text.indexOf('\n') + 1)
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    // A chart's SVG is full of 5s in its coordinates: the before-and-after comparison watches it instead.
    if (body.startsWith('<svg')) return []
    return body.includes('5') ? ['(not JSON)'] : []
  }
  const found: string[] = []
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`))
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      // A distribution bucket names the scale point; it reveals a rating only if someone is counted there.
      if (record.value === 5 && typeof record.count === 'number') {
        if (record.count > 0) found.push(`${path}: ${record.count} at 5`)
        return
      }
      for (const [key, v] of Object.entries(record)) {
        // The scale's top, template settings, and counts of records, words and stances are not ratings.
        if (['scale', 'template', 'templates', 'participation', 'progress'].includes(key)) continue
        walk(v, `${path}.${key}`)
      }
      return
    }
    if (value === 5) found.push(path)
  }
  walk(json, '$')
  return found
}

function allFives(snapshot: Snapshot): string[] {
  return [...snapshot.entries()].flatMap(([label, text]) => fivesIn(text).map((where) => `${label} ${where}`))
}

const dataRequest = (inquiryId: string, route: string, query = '') =>
  `/inquiries/${inquiryId}/${route}${query}${query ? '&' : '?'}_data=${encodeURIComponent(`routes/inquiries.$inquiryId.${route}`)}`

async function blindRound(w: World) {
  const cycle = await db()
    .selectFrom('cycles')
    .selectAll()
    .where('inquiryId', '=', w.senseMaking.inquiryId)
    .where('number', '=', 2)
    .executeTakeFirstOrThrow()
  return cycle
}

function rateAs(person: TestPerson, w: World, round: 'blind' | 'open', values: Record<string, number>) {
  const form: Record<string, string> = { intent: round }
  for (const [themeId, value] of Object.entries(values)) form[`rating.${themeId}`] = String(value)
  return call(ratingsRoute, 'POST', {
    path: `/inquiries/${w.senseMaking.inquiryId}/ratings`,
    params: { inquiryId: w.senseMaking.inquiryId },
    cookie: person.cookie,
    form,
  })
}

describe('a blind rating before the reveal', () => {
  test('every route with a loader is probed, and the world is as described', async () => {
    expect(loaderFiles.length).toBeGreaterThanOrEqual(18)
    for (const file of [
      'inquiries.$inquiryId.ratings.tsx',
      'inquiries.$inquiryId.analysis.tsx',
      'inquiries.$inquiryId.analysis[.json].tsx',
      'inquiries.$inquiryId.charts.$chart.tsx',
      'inquiries.$inquiryId.themes._index.tsx',
      'inquiries.$inquiryId.themes.$themeId.tsx',
      'decisions.$decisionId.tsx',
    ]) {
      expect(loaderFiles).toContain(file)
    }
    const w = await createWorld(db())
    const alice = await db()
      .selectFrom('members')
      .select('isFacilitator')
      .where('groupId', '=', w.group.id)
      .where('personId', '=', w.people.alice.id)
      .executeTakeFirstOrThrow()
    expect(alice.isFacilitator).toBe(1)
    expect((await blindRound(w)).blindRevealedAt).toBeNull()
    const all = await db().selectFrom('ratings').select('value').execute()
    expect(all.map((r) => r.value)).not.toContain(5)
  })

  test('is absent from every response the facilitator or another member can fetch, until the round is revealed', async () => {
    const w = await createWorld(db(), { closable: true })
    const [A, B, C] = [w.people.alice, w.people.bob, w.people.carol]
    // An open proposal to reveal, so the decision page is probed too.
    const proposed = await call(ratingsRoute, 'POST', {
      path: `/inquiries/${w.senseMaking.inquiryId}/ratings`,
      params: { inquiryId: w.senseMaking.inquiryId },
      cookie: A.cookie,
      form: { intent: 'reveal' },
    })
    expect(proposed.status).toBe(302)
    const revealDecisionId = locationOf(proposed).split('/').pop()!
    const list = await probes(w, revealDecisionId)
    expect(list.length).toBeGreaterThan(60)

    const before = { A: await observe(A, list), C: await observe(C, list) }
    // Sanity: the probes reached real pages, not just refusals.
    const okPages = [...before.A.values()].filter((t) => t.startsWith('200 ')).length
    expect(okPages).toBeGreaterThan(40)

    // B rates one theme 5: B has not completed the round, so nothing anyone else fetches may change at all.
    expect((await rateAs(B, w, 'blind', { [w.senseMaking.themeId]: 5 })).status).toBe(302)
    const afterOne = { A: await observe(A, list), C: await observe(C, list) }
    expect(differences(before.A, afterOne.A)).toEqual([])
    expect(differences(before.C, afterOne.C)).toEqual([])

    // B rates the other theme 5 too. The only thing that may change is the count of members who have rated everything.
    expect((await rateAs(B, w, 'blind', { [w.senseMaking.otherThemeId]: 5 })).status).toBe(302)
    const afterBoth = { A: await observe(A, list), C: await observe(C, list) }
    // The count shows on the ratings page and in the dashboard's "what the group waits on".
    const countOnly = (s: Snapshot) =>
      new Map(
        [...s].map(([k, v]) => [
          k,
          v
            .replace(/"progress":\{"completed":\d+,/, '"progress":{"completed":N,')
            .replace(/"key":"blind-rating","acted":\d+/g, '"key":"blind-rating","acted":N')
            .replace(/\d+ of \d+ (have|has) rated blind/g, 'N of M have rated blind'),
        ]),
      )
    const changed = differences(afterOne.C, afterBoth.C)
    expect(changed.length).toBeGreaterThan(0)
    const dashboard = `GET /inquiries/${w.senseMaking.inquiryId}`
    expect(changed.every((label) => label.includes('/ratings') || label === dashboard || label.startsWith(`${dashboard}?_data=`))).toBe(
      true,
    )
    expect(differences(countOnly(afterOne.A), countOnly(afterBoth.A))).toEqual([])
    expect(differences(countOnly(afterOne.C), countOnly(afterBoth.C))).toEqual([])
    const progress = await bodyOf(
      await call(ratingsRoute, 'GET', {
        path: `/inquiries/${w.senseMaking.inquiryId}/ratings`,
        params: { inquiryId: w.senseMaking.inquiryId },
        cookie: C.cookie,
      }),
    )
    expect(progress.progress).toEqual({ completed: 2, members: 3 })

    // B changes a blind rating from 5 to 1: not one byte of what A or C receive changes.
    expect((await rateAs(B, w, 'blind', { [w.senseMaking.themeId]: 1 })).status).toBe(302)
    const afterChange = { A: await observe(A, list), C: await observe(C, list) }
    expect(differences(afterBoth.A, afterChange.A)).toEqual([])
    expect(differences(afterBoth.C, afterChange.C)).toEqual([])
    expect(await db().selectFrom('ratings').select('value').where('personId', '=', B.id).orderBy('value').execute()).toEqual([
      { value: 1 },
      { value: 3 },
      { value: 4 },
      { value: 5 },
    ])

    // No 5 appears anywhere A or C can fetch (B's 5 is the only one in the data).
    expect(allFives(afterBoth.A)).toEqual([])
    expect(allFives(afterBoth.C)).toEqual([])

    // The ratings page, as a page and as loader data, holds the viewer's own blind ratings only.
    for (const [viewer, own] of [
      [A, 2],
      [C, null],
    ] as const) {
      for (const path of [`/inquiries/${w.senseMaking.inquiryId}/ratings`, dataRequest(w.senseMaking.inquiryId, 'ratings')]) {
        const view = await bodyOf(
          await call(ratingsRoute, 'GET', { path, params: { inquiryId: w.senseMaking.inquiryId }, cookie: viewer.cookie }),
        )
        expect(view.state).toBe('blind')
        expect(
          view.themes.map((t: { blind: number | null; open: number | null; reason: string | null }) => [t.blind, t.open, t.reason]),
        ).toEqual([
          [own, null, null],
          [own, null, null],
        ])
      }
    }

    // The analysis of the unrevealed cycle is nothing at all; the revealed cycle 1 carries no trace of cycle 2.
    const analysis = await importRoute('inquiries.$inquiryId.analysis.tsx')
    const json = await importRoute('inquiries.$inquiryId.analysis[.json].tsx')
    for (const viewer of [A, C]) {
      for (const query of ['?cycle=2', '?cycle=2&round=blind']) {
        for (const path of [
          `/inquiries/${w.senseMaking.inquiryId}/analysis${query}`,
          dataRequest(w.senseMaking.inquiryId, 'analysis', query),
        ]) {
          const view = await bodyOf(
            await call(analysis, 'GET', { path, params: { inquiryId: w.senseMaking.inquiryId }, cookie: viewer.cookie }),
          )
          expect(view).toMatchObject({ cycleNumber: 2, model: null, charts: null })
          expect(view.cycles).toEqual([
            { number: 1, revealed: true },
            { number: 2, revealed: false },
          ])
        }
      }
      const latest = await bodyOf(
        await call(analysis, 'GET', {
          path: `/inquiries/${w.senseMaking.inquiryId}/analysis`,
          params: { inquiryId: w.senseMaking.inquiryId },
          cookie: viewer.cookie,
        }),
      )
      expect(latest.cycleNumber).toBe(1)
      expect(latest.model.series.flatMap((s: { points: { cycle: number }[] }) => s.points.map((p) => p.cycle))).toEqual([1, 1])

      const response = await call(json, 'GET', {
        path: `/inquiries/${w.senseMaking.inquiryId}/analysis.json?cycle=2`,
        params: { inquiryId: w.senseMaking.inquiryId },
        cookie: viewer.cookie,
      })
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({ message: 'Cycle 2 has no revealed ratings to analyse.' })
    }
  })

  test("once the round is revealed, the same probes do show B's rating: the detectors can see a leak when there is one", async () => {
    const w = await createWorld(db(), { closable: true })
    const [A, B, C] = [w.people.alice, w.people.bob, w.people.carol]
    // An open proposal to reveal, so that probing "reveal" writes nothing.
    const proposed = await call(ratingsRoute, 'POST', {
      path: `/inquiries/${w.senseMaking.inquiryId}/ratings`,
      params: { inquiryId: w.senseMaking.inquiryId },
      cookie: A.cookie,
      form: { intent: 'reveal' },
    })
    const list = await probes(w, locationOf(proposed).split('/').pop()!)
    expect((await rateAs(B, w, 'blind', { [w.senseMaking.themeId]: 5, [w.senseMaking.otherThemeId]: 5 })).status).toBe(302)
    const hidden = await observe(A, list)
    expect(allFives(hidden)).toEqual([])

    // C completes the round, which reveals it.
    expect((await rateAs(C, w, 'blind', { [w.senseMaking.themeId]: 3, [w.senseMaking.otherThemeId]: 3 })).status).toBe(302)
    expect((await blindRound(w)).blindRevealedAt).not.toBeNull()
    for (const viewer of [A, C]) {
      const revealed = await observe(viewer, list)
      const fives = allFives(revealed)
      expect(fives.some((f) => f.includes('/analysis.json?cycle=2'))).toBe(true)
      expect(fives.some((f) => f.includes('/analysis?cycle=2&_data='))).toBe(true)
    }
    const json = await importRoute('inquiries.$inquiryId.analysis[.json].tsx')
    const response = await call(json, 'GET', {
      path: `/inquiries/${w.senseMaking.inquiryId}/analysis.json?cycle=2`,
      params: { inquiryId: w.senseMaking.inquiryId },
      cookie: C.cookie,
    })
    expect(response.status).toBe(200)
    const { analysis } = await response.json()
    for (const themeId of [w.senseMaking.themeId, w.senseMaking.otherThemeId]) {
      const theme = analysis.blind.themes.find((t: { themeId: string }) => t.themeId === themeId)
      expect(theme.stats.n).toBe(3)
      expect(theme.stats.distribution).toEqual([
        { value: 1, count: 0 },
        { value: 2, count: 1 },
        { value: 3, count: 1 },
        { value: 4, count: 0 },
        { value: 5, count: 1 },
      ])
    }

    // And the byte-for-byte detector fires too: after the reveal, a different rating by B changes what A receives.
    const before = await observe(A, list)
    await db().updateTable('ratings').set({ value: 4 }).where('personId', '=', B.id).where('value', '=', 5).execute()
    const after = await observe(A, list)
    expect(differences(before, after).some((label) => label.includes('/analysis.json?cycle=2'))).toBe(true)
  })
})
