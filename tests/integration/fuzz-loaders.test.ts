import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { takeConsoleErrors } from '../setup/console'
import { importRoute, pathFor, routeFiles, routeIdOf, segmentsOf } from './harness'
import { answerOf, answerProblems, reportTally, routeSource, Stage, tally } from './fuzz-kit'
import { fetchPath } from './fuzz-server'
import { paramsFor, spec } from './route-table'

// Issue 7, item 2: fuzzed query strings on every JSON endpoint (route files ending in
// `[.json]`) and on the `?_data=` variant of every page loader, sent by a member to the
// world's valid place through Remix's own request handler (fuzz-server.ts), as a browser's
// data request or a script's GET reaches the app. `cycle` is tried everywhere; every other
// query parameter a route reads (found in its source) gets odd values too; the JSON
// endpoints' path parameters are bent as well. Never a 5xx; a 4xx is JSON with a readable
// message (or the 404 page's); and a GET writes nothing.

const stage = new Stage()

afterAll(() => {
  stage.close()
  if (loggedFor4xx.size > 0)
    process.stdout.write(
      `\n[fuzz] ${loggedFor4xx.size} answers below 500 were logged as errors by entry.server's handleError, e.g. ${[...loggedFor4xx][0]}\n`,
    )
  reportTally('fuzz-loaders.test.ts')
})

// React Router warns (console.warn) about a path segment it cannot decode, then answers 404; that is the case working.
const warn = console.warn
beforeAll(() => {
  console.warn = (...args: unknown[]) => {
    if (!/could not be decoded because it is is a malformed URL segment/.test(String(args[0]))) warn(...args)
  }
})
afterAll(() => {
  console.warn = warn
})

const files = routeFiles()
const modules = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await importRoute(f)] as const)))
const isJsonEndpoint = (file: string) => {
  const last = segmentsOf(file).at(-1)!
  return last.escaped && last.text.endsWith('.json')
}
const jsonEndpoints = files.filter((f) => isJsonEndpoint(f) && typeof modules[f]!.loader === 'function')
const pageLoaders = files.filter(
  (f) => !isJsonEndpoint(f) && typeof modules[f]!.loader === 'function' && typeof modules[f]!.default === 'function',
)

/** Query parameters a route reads, from its source: searchParams.get('x'), query.getAll('y')… */
function queryNames(file: string): string[] {
  const names = new Set(['cycle'])
  const source = routeSource(file)
  if (/searchParams|\bquery\b/.test(source))
    for (const m of source.matchAll(/\.(?:get|getAll|has)\(\s*'([A-Za-z_][\w-]*)'\s*\)/g)) names.add(m[1]!)
  return [...names]
}

/** Odd values of one parameter, as they appear in a query string (already encoded). */
const ODD_VALUES: Array<[string, string]> = [
  ['-1', '-1'],
  ['0', '0'],
  ['1e9', '1e9'],
  ['abc', 'abc'],
  ['1.5', '1.5'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['1e309', '1e309'],
  ['0x1', '0x1'],
  ['a padded 1', '%201%20'],
  ['a 20-digit number', '99999999999999999999'],
  ['NUL', '%00'],
  ['a lone surrogate', '%ED%A0%80'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['empty', ''],
  ['a 100,000-character string', 'x'.repeat(100_000)],
  ['a cycle that does not exist', '3'],
  ['the largest allowed', '10000'],
  ['one past the largest', '10001'],
  ['HTML', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
  ['SQL', '1%20OR%201%3D1'],
]

/** The parameter bent in the query string's own shape: arrays, repeats, no value, prototype paths. */
const shapes = (name: string): Array<[string, string]> => [
  [`${name}[]=1`, `${name}%5B%5D=1`],
  [`${name}[0]=1&${name}[1]=2`, `${name}%5B0%5D=1&${name}%5B1%5D=2`],
  [`${name} twice`, `${name}=1&${name}=2`],
  [`${name} with no =`, name],
  [`${name} key percent-encoded`, `%${name.charCodeAt(0).toString(16)}${name.slice(1)}=1`],
  [`__proto__[${name}]`, `__proto__%5B${name}%5D=1`],
  [`${name}.x`, `${name}.x=1`],
  ['a 100,000-character query of repeats', Array.from({ length: 12_000 }, () => `${name}=1`).join('&')],
]

function queries(file: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const name of queryNames(file)) {
    for (const [label, value] of ODD_VALUES) out.push([`${name} = ${label}`, `${name}=${value}`])
    out.push(...shapes(name))
  }
  return out
}

/** Sends a GET through the request handler and checks the answer; console errors (Remix logs a 500) become problems. */
async function probe(path: string, cookie: string, label: string, problems: string[], accept = 'application/json') {
  tally.sent += 1
  let answer
  try {
    answer = await answerOf(await fetchPath(path, cookie, accept))
  } catch (error) {
    tally.serverErrors += 1
    problems.push(`${label}: threw ${error instanceof Error ? error.stack : String(error)}`)
    return
  }
  for (const p of answerProblems(answer)) problems.push(`${label}: ${p}`)
  if (answer.status >= 400 && answer.status < 500 && !/json/.test(answer.contentType))
    problems.push(`${label}: ${answer.status} is not JSON (${answer.contentType})`)
  // entry.server's handleError logs what Remix hands it; a 4xx Remix itself answers (a `_data` naming a route
  // not at this URL) is logged too. Only a logged error behind an answer below 500 is let pass, and counted.
  const logged = takeConsoleErrors()
  if (logged.length > 0 && answer.status < 500) loggedFor4xx.add(`${answer.status} ${label.replace(/\/[A-Za-z0-9_-]{16}/g, '/…')}`)
  else if (logged.length > 0) problems.push(`${label}: logged an error: ${String(logged[0]![1] ?? logged[0]![0]).slice(0, 300)}`)
}

const loggedFor4xx = new Set<string>()

/** The request without fuzz is answered as the route table says a member's is (so the fuzzed ones reach the loader). */
async function expectPlainAnswer(file: string, path: string, cookie: string) {
  const outcome = spec(file).get!.member
  const response = await fetchPath(path, cookie, 'application/json')
  await response.arrayBuffer()
  if (outcome.kind === 'ok') expect(response.status, path).toBe(200)
  if (outcome.kind === 'notFound') expect(response.status, path).toBe(404)
  // A data request's redirect is a 204 carrying X-Remix-Redirect; a resource route's is a plain redirect.
  if (outcome.kind === 'redirect')
    expect(response.headers.get('X-Remix-Redirect') ?? response.headers.get('Location'), path).toBe(outcome.to(stage.world))
}

test('JSON endpoints and page loaders are found on disk', () => {
  expect(jsonEndpoints.length).toBeGreaterThanOrEqual(2)
  expect(pageLoaders.length).toBeGreaterThan(15)
  expect(queryNames('inquiries.$inquiryId.records._index.tsx')).toEqual(expect.arrayContaining(['cycle', 'phase', 'member', 'way']))
})

describe.each(jsonEndpoints)('%s', (file) => {
  test('odd query strings and path parameters: never a 5xx, a 4xx is JSON with a message, nothing written', async () => {
    const w = await stage.fresh(file)
    const entry = spec(file)
    const params = paramsFor(entry, w, 'member')
    const base = pathFor(file, params)
    const problems: string[] = []
    await expectPlainAnswer(file, base, w.people.alice.cookie)
    for (const [label, query] of queries(file)) await probe(`${base}?${query}`, w.people.alice.cookie, `GET ${file} ? ${label}`, problems)
    // Each path parameter bent in turn (ids, and the cycle number in the path).
    // (Not "..": the URL resolves it away, and the request reaches another route.)
    const bent = ['-1', '0', '1e9', 'abc', '1.5', '99999999999999999999', '%00', '%ED%A0%80', 'x'.repeat(2_000), '%2F', '%20', '%2E%2E%2F']
    for (const name of Object.keys(params)) {
      for (const value of bent) {
        const path = pathFor(file, { ...params, [name]: '\u0000' }).replace(encodeURIComponent('\u0000'), value)
        await probe(path, w.people.alice.cookie, `GET ${file} with ${name} = ${value.slice(0, 20)}`, problems)
      }
    }
    expect(stage.changedTables()).toEqual([])
    expect(problems).toEqual([])
  })
})

describe.each(pageLoaders)('%s ?_data=', (file) => {
  test('odd query strings on the data request: never a 5xx, a 4xx is JSON with a message, nothing written', async () => {
    const w = await stage.fresh(file)
    const params = paramsFor(spec(file), w, 'member')
    const base = pathFor(file, params)
    const data = `_data=${encodeURIComponent(routeIdOf(file))}`
    const problems: string[] = []
    await expectPlainAnswer(file, `${base}?${data}`, w.people.alice.cookie)
    for (const [label, query] of queries(file))
      await probe(`${base}?${query}&${data}`, w.people.alice.cookie, `GET ${base} ? ${label} & _data`, problems)
    // The data request's own parameter, bent.
    for (const [label, value] of [
      ['empty', ''],
      ['root', 'root'],
      ['an unknown route', 'routes%2Fnope'],
      ['the catch-all route', 'routes%2F%24'],
      ['twice', `${encodeURIComponent(routeIdOf(file))}&_data=root`],
      ['a 10,000-character id', 'r'.repeat(10_000)],
    ]) {
      await probe(`${base}?_data=${value}`, w.people.alice.cookie, `GET ${base} with _data = ${label}`, problems)
    }
    expect(stage.changedTables()).toEqual([])
    expect(problems).toEqual([])
  })
})
