// npm run test:two-processes — issue 8: several app processes behind a load balancer on one
// PostgreSQL. Starts two production servers (build/index.js) on one fresh database named by
// TEST_POSTGRES_URL's server, and shows that what a process keeps nothing the other needs:
// a session made on A is honoured by B; a group made on B is seen on A; logging out on A ends
// the session on B; failed logins counted on A stop the next attempt on B (the rate limit
// lives in the database); a page A keeps by data version shows a record written on B at once.
// Prints each check and exits non-zero if one fails.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { ensureBuild, killAllServers, startServer, type RunningServer } from '../support/server'

const adminUrl = process.env.TEST_POSTGRES_URL
if (!adminUrl) {
  console.error('Set TEST_POSTGRES_URL to a PostgreSQL maintenance database, e.g. postgres://postgres@127.0.0.1:55432/postgres')
  process.exit(2)
}

const database = `inquiry_two_${randomBytes(4).toString('hex')}`
const databaseUrl = (() => {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
})()
const secrets = { SESSION_SECRET: randomBytes(32).toString('base64url'), BALLOT_KEY: randomBytes(32).toString('base64url') }
const servers: RunningServer[] = []
const failures: string[] = []

/** One app process on the shared database, with the secrets both processes share. */
async function start(name: string): Promise<string> {
  const server = await startServer({ databaseUrl, env: secrets }).catch((error: unknown) => {
    throw new Error(`server ${name}: ${error instanceof Error ? error.message : String(error)}`)
  })
  servers.push(server)
  console.log(`server ${name} (pid ${server.pid}) ready on port ${server.port}`)
  return server.url
}

function check(what: string, ok: boolean, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : ` — ${detail}`}`)
  if (!ok) failures.push(what)
}

const form = (base: string, fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, ...(cookie ? { Cookie: cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
})

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0]!

async function main() {
  ensureBuild((line) => console.log(line))
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${database}`)
  try {
    const a = await start('A')
    const b = await start('B')
    const email = `two-${randomBytes(3).toString('hex')}@example.org`
    const password = 'tea at four, then the river'

    const signup = await fetch(`${a}/signup`, form(a, { displayName: 'Tess Two', email, password }))
    const cookie = cookieOf(signup)
    check('signing up on A answers with a session cookie', signup.status === 302 && cookie.includes('='), `status ${signup.status}`)

    const onB = await fetch(`${b}/groups`, { headers: { Cookie: cookie }, redirect: 'manual' })
    const page = await onB.text()
    check('B honours the session A made (GET /groups as Tess)', onB.status === 200 && page.includes('Tess Two'), `status ${onB.status}`)

    const created = await fetch(`${b}/groups`, form(b, { kind: 'inquiry_group', name: 'Made on B', facilitate: 'on' }, cookie))
    const groupPath = created.headers.get('location') ?? ''
    check('a group made on B…', created.status === 302 && /^\/groups\/[A-Za-z0-9_-]+$/.test(groupPath), `status ${created.status}`)
    const seenOnA = await fetch(`${a}${groupPath}`, { headers: { Cookie: cookie }, redirect: 'manual' })
    check('…is seen on A', seenOnA.status === 200 && (await seenOnA.text()).includes('Made on B'), `status ${seenOnA.status}`)

    // A page kept by data version (app/utils/page-cache.server.ts) is never served stale: a
    // record written on B shows at once on A's records list, which A had kept.
    const started = await fetch(
      `${b}${groupPath}/inquiries/new`,
      form(b, { title: 'Kept pages', question: 'What does a kept page show after a write?', templateSlug: 'cooperative-inquiry' }, cookie),
    )
    const inquiryPath = started.headers.get('location') ?? ''
    check(
      'an inquiry started on B',
      started.status === 302 && /^\/inquiries\/[A-Za-z0-9_-]+$/.test(inquiryPath),
      `status ${started.status}`,
    )
    const recordsOnA = async () => {
      const response = await fetch(`${a}${inquiryPath}/records`, { headers: { Cookie: cookie }, redirect: 'manual' })
      const html = await response.text()
      const nonce = /script-src [^;]*'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1] ?? ''
      return { status: response.status, html, nonce, kept: response.headers.get('server-timing') === 'page;desc="kept"' }
    }
    const first = await recordsOnA()
    const second = await recordsOnA()
    check(
      'A answers its records list twice, the same page',
      first.status === 200 && second.status === 200 && first.html.split(first.nonce).join('') === second.html.split(second.nonce).join(''),
    )
    check(
      "each answer carries its own CSP nonce, and the page's scripts carry that one",
      first.nonce !== second.nonce &&
        second.nonce.length > 0 &&
        second.html.includes(`nonce="${second.nonce}"`) &&
        !second.html.includes(first.nonce),
    )
    const text = `Written on B at ${randomBytes(4).toString('hex')}`
    const recorded = await fetch(
      `${b}${inquiryPath}/records`,
      form(b, { text, wayOfKnowing: 'experiential', occurredAt: new Date().toISOString().slice(0, 10), visibility: 'group' }, cookie),
    )
    check('A kept the page the first time and answered the second from it', !first.kept && second.kept)
    check('a record written on B', recorded.status === 302, `status ${recorded.status}`)
    const third = await recordsOnA()
    check(
      '…shows at once on the records list A had kept',
      third.status === 200 && third.html.includes(text) && !third.kept,
      `status ${third.status}`,
    )

    const logout = await fetch(`${a}/logout`, form(a, {}, cookie))
    check('logging out on A', logout.status === 302, `status ${logout.status}`)
    const afterLogout = await fetch(`${b}/groups`, { headers: { Cookie: cookie }, redirect: 'manual' })
    check(
      'ends the session on B too',
      afterLogout.status === 302 && (afterLogout.headers.get('location') ?? '').startsWith('/login'),
      `status ${afterLogout.status}`,
    )

    // Five failed logins for this email, alternating A and B; the sixth is refused on either.
    for (let i = 0; i < 5; i++) {
      const base = i % 2 ? b : a
      await (await fetch(`${base}/login`, form(base, { email, password: `not the password ${i}` }))).text()
    }
    const limited = await fetch(`${b}/login`, form(b, { email, password }))
    const limitedText = await limited.text()
    check(
      'failed logins counted across both processes stop the next attempt (rate limit in the database)',
      limited.status === 429 && /Too many failed attempts/.test(limitedText),
      `status ${limited.status}`,
    )
  } finally {
    await Promise.all(servers.map((server) => server.stop(500)))
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.end()
  }
  if (failures.length) {
    console.error(`${failures.length} check(s) failed`)
    process.exit(1)
  }
  console.log('two processes on one PostgreSQL: every check passed')
}

const timer = setTimeout(() => {
  console.error('timed out after 120 s')
  killAllServers()
  process.exit(3)
}, 120_000)
timer.unref()

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  killAllServers()
  process.exit(1)
})
