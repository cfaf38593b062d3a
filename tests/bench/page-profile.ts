// npx tsx tests/bench/page-profile.ts <page> [seconds] [connections] — where one page's time
// goes inside the production server: generates the 1× inquiry (or reuses BENCH_PROFILE_DB,
// a database this script generated before), starts the built server on it under --cpu-prof,
// loads the one page with autocannon, stops the server and prints the profile's top functions.
// Pages: dashboard, analysis, validity, records, themes, theme, ratings, challenges, plans,
// decision, peer-review, trivial.
//   BENCH_PROFILE_DB=/tmp/bench.sqlite npx tsx tests/bench/page-profile.ts analysis 10 4
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { SERVER_NODE_ARGS } from '../../app/cli/server-node-args.mjs'
import { ensureBuild, startServer } from '../support/server'
import { load } from './server'

const root = fileURLToPath(new URL('../..', import.meta.url))
process.chdir(root)
const [page = 'dashboard', seconds = '10', connections = '1'] = process.argv.slice(2)
const dbPath = resolve(process.env.BENCH_PROFILE_DB ?? join(mkdtempSync(join(tmpdir(), 'page-profile-')), 'bench.sqlite'))
const facts = `${dbPath}.json`
const secretsFile = `${dbPath}.secrets.json`
process.env.NODE_ENV = 'production'
process.env.PASSWORD_HASH_LOG_N = '10'
process.env.SEED_DEMO = 'false'
const secrets = existsSync(secretsFile)
  ? (JSON.parse(readFileSync(secretsFile, 'utf8')) as { session: string; ballot: string })
  : { session: randomBytes(36).toString('base64url'), ballot: randomBytes(36).toString('base64url') }
process.env.SESSION_SECRET = secrets.session
process.env.BALLOT_KEY = secrets.ballot
process.env.DATABASE_URL = dbPath

type Facts = { inquiryId: string; currentCycle: number; cookies: string[]; paths: Record<string, { path: string }> }
let known: Facts
if (existsSync(facts)) known = JSON.parse(readFileSync(facts, 'utf8')) as Facts
else {
  const { createDb } = await import('../../db/connection')
  const { generateInquiry, scaledSize } = await import('./generate')
  const { memberPages } = await import('./pages')
  const db = createDb({ dialect: 'sqlite', path: dbPath })
  const g = await generateInquiry(db, scaledSize(1))
  known = { inquiryId: g.inquiryId, currentCycle: g.currentCycle, cookies: g.people.map((p) => p.cookie), paths: await memberPages(db, g) }
  await db.destroy()
  writeFileSync(facts, JSON.stringify(known))
  writeFileSync(secretsFile, JSON.stringify(secrets))
}
const path = known.paths[page]?.path
if (!path) throw new Error(`profile one of: ${Object.keys(known.paths).join(', ')}`)

ensureBuild(console.log, { allowStale: process.env.BENCH_SKIP_BUILD === '1' })
const profDir = mkdtempSync(join(tmpdir(), 'page-profile-prof-'))
const server = await startServer({
  databaseUrl: dbPath,
  env: { SESSION_SECRET: secrets.session, BALLOT_KEY: secrets.ballot },
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...SERVER_NODE_ARGS],
  readyTimeoutMs: 60_000,
})
const cookies = page === 'trivial' ? [''] : known.cookies.slice(1, 2)
await load(server.url, path, cookies, 1, 2) // warm up
const result = await load(server.url, path, cookies, Number(connections), Number(seconds))
console.log(
  `${page} ${path}: ${result.requests} requests, ${result.errors} errors, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, ${result.requestsPerSecond.toFixed(1)} req/s`,
)
await server.stop(10_000)
const profile = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
if (!profile) throw new Error('the server wrote no CPU profile')
spawnSync('npx', ['tsx', 'tests/bench/profile-summary.ts', join(profDir, profile)], { stdio: 'inherit' })
process.exit(0)
