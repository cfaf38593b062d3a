import { createAccount } from '~/features/accounts/accounts.server'
import { createGroup, createInvitation, joinByInvitation } from '~/features/groups/groups.server'
import { createInquiry } from '~/features/inquiries/inquiries.server'
import type { Db } from '~db/connection'
import { startSession, type SessionUser } from '~/utils/session.server'

let counter = 0

export type TestPerson = SessionUser & { cookie: string; password: string }

/** A signed-up person with a live session cookie. */
export async function createPerson(db: Db, name?: string): Promise<TestPerson> {
  counter += 1
  const displayName = name ?? `Person ${counter}`
  const email = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${counter}@example.org`
  const password = 'correct horse battery staple'
  const id = await createAccount(db, { email, displayName, password })
  const setCookie = await startSession(db, id)
  return { id, email, displayName, password, cookie: setCookie.split(';')[0]! }
}

/** A group whose first person created it and the rest joined by invitation. */
export async function createGroupWith(
  db: Db,
  people: TestPerson[],
  options: { kind?: 'inquiry_group' | 'pair'; name?: string; firstIsClient?: boolean } = {},
): Promise<string> {
  const [creator, ...others] = people
  if (!creator) throw new Error('a group needs at least one person')
  const kind = options.kind ?? 'inquiry_group'
  const groupId = await createGroup(db, creator, {
    kind,
    name: options.name ?? 'Test group',
    pairRole: kind === 'pair' ? (options.firstIsClient === false ? 'practitioner' : 'client') : undefined,
    facilitate: kind === 'inquiry_group' ? 'on' : undefined,
  })
  for (const person of others) {
    const { token } = await createInvitation(db, creator, groupId, { expiresInDays: 7 })
    await joinByInvitation(db, person, token)
  }
  return groupId
}

export async function createTestInquiry(db: Db, creator: TestPerson, groupId: string, templateSlug = 'cooperative-inquiry') {
  return createInquiry(db, creator, groupId, { title: 'How we meet silence', question: 'What happens when a session falls silent?', templateSlug })
}
