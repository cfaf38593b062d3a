import { AsyncLocalStorage } from 'node:async_hooks'
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { createCookie, redirect, type Cookie } from '@remix-run/node'
import { deleteSession, findSessionPerson, insertSession } from '~db/queries/sessions'
import type { Db } from '~db/connection'
import { dataDir, getDb } from './db.server'
import { getEnv, isProduction } from './env.server'
import { hashToken, newToken, nowIso } from './ids.server'

/** The signed-in person; `timeZone` (IANA, null: UTC) is the zone times are shown and chosen in. */
export type SessionUser = { id: string; email: string; displayName: string; timeZone?: string | null }

const SESSION_DAYS = 30

/**
 * An instance secret: from the environment, or in embedded mode generated once and kept
 * beside the database (mode 0600), so that it survives restarts but is not in the database.
 */
export function instanceSecret(fileName: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv
  const dir = dataDir()
  const file = join(dir, fileName)
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
  } catch {
    return readFileSync(file, 'utf8').trim() // another process wrote it first
  }
  return secret
}

const sessionSecret = () => instanceSecret('session-secret', getEnv().SESSION_SECRET)

let cookie: Cookie | undefined
function sessionCookie(): Cookie {
  cookie ??= createCookie(isProduction() ? '__Host-inquiry-session' : 'inquiry-session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: isProduction(),
    path: '/',
    maxAge: SESSION_DAYS * 24 * 60 * 60,
    secrets: [sessionSecret()],
  })
  return cookie
}

/** The session token a Cookie header carries, signed by this instance, or null. */
async function tokenOfCookie(cookie: string | null): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(cookie)
  return typeof value === 'string' && value.length > 0 ? value : null
}

const readToken = (request: Request) => tokenOfCookie(request.headers.get('cookie'))

/** Creates a server-side session and returns the Set-Cookie header that carries its id. */
export async function startSession(db: Db, personId: string): Promise<string> {
  const token = newToken()
  const now = new Date()
  await insertSession(db, {
    idHash: hashToken(token),
    personId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  })
  return sessionCookie().serialize(token)
}

/** Deletes the request's session on the server (logout, or rotation at login). */
export async function endSession(db: Db, request: Request): Promise<string> {
  const token = await readToken(request)
  if (token) await deleteSession(db, hashToken(token))
  return sessionCookie().serialize('', { maxAge: 0 })
}

export async function currentSessionHash(request: Request): Promise<string | null> {
  const token = await readToken(request)
  return token ? hashToken(token) : null
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return userOfCookie(request.headers.get('cookie'))
}

/**
 * The signed-in person a Cookie header names, or null. The kept pages' middleware, the root's
 * loader and the page's each ask, with copies of one request (Remix makes a new Request per
 * loader): within one HTTP request the answer is looked up once (withSessionLookups).
 */
export function userOfCookie(cookie: string | null): Promise<SessionUser | null> {
  const store = sessionLookups.getStore()
  const known = store?.get(cookie)
  if (known) return known
  const lookup = lookUpUser(cookie)
  store?.set(cookie, lookup)
  return lookup
}

async function lookUpUser(cookie: string | null): Promise<SessionUser | null> {
  const token = await tokenOfCookie(cookie)
  return token ? ((await findSessionPerson(getDb(), hashToken(token), nowIso())) ?? null) : null
}

/** Session lookups made while answering one HTTP request, by cookie header (see withSessionLookups). */
const sessionLookups = new AsyncLocalStorage<Map<string | null, Promise<SessionUser | null>>>()

/** Runs one HTTP request's handling with its own memo of session lookups (app/server.ts). */
export function withSessionLookups<T>(run: () => T): T {
  return sessionLookups.run(new Map(), run)
}

/** The signed-in person, or a redirect to the login page that returns here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (user) return user
  const url = new URL(request.url)
  const back = request.method === 'GET' ? url.pathname + url.search : url.pathname
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
}
