import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ChangePasswordSchema, safeRedirect, SignupSchema } from '~/features/accounts/accounts.schema'
import { DEFAULT_DATABASE_PATH, parseDatabaseUrl } from '~db/connection'

describe('safeRedirect', () => {
  test.each(['//evil.example', 'https://evil.example', '/\\evil', 'groups', ''])('refuses %j and falls back', (to) => {
    expect(safeRedirect(to)).toBe('/groups')
  })

  test('keeps a same-site path', () => {
    expect(safeRedirect('/groups/abc')).toBe('/groups/abc')
    expect(safeRedirect('/inquiries/1?tab=records#top')).toBe('/inquiries/1?tab=records#top')
  })

  test('uses the given fallback for a value that is not a string', () => {
    expect(safeRedirect(undefined, '/home')).toBe('/home')
    expect(safeRedirect(null)).toBe('/groups')
    expect(safeRedirect(['/groups/abc'])).toBe('/groups')
  })
})

describe('SignupSchema', () => {
  const valid = { displayName: '  Ada  ', email: '  Ada@Example.ORG ', password: 'correct horse battery' }

  test('trims and lower-cases the email and trims the name', () => {
    const parsed = SignupSchema.parse(valid)
    expect(parsed.email).toBe('ada@example.org')
    expect(parsed.displayName).toBe('Ada')
  })

  test('accepts a 10-character password', () => {
    expect(SignupSchema.safeParse({ ...valid, password: '0123456789' }).success).toBe(true)
  })

  test('rejects a 9-character password with a message on the password field', () => {
    const result = SignupSchema.safeParse({ ...valid, password: '123456789' })
    expect(result.success).toBe(false)
    const issue = result.error!.issues.find((i) => i.path.join('.') === 'password')
    expect(issue?.message).toMatch(/at least 10 characters/)
  })

  test('rejects an address without a domain', () => {
    const result = SignupSchema.safeParse({ ...valid, email: 'ada@example' })
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.path).toEqual(['email'])
  })
})

describe('ChangePasswordSchema', () => {
  test('accepts a matching confirmation', () => {
    const result = ChangePasswordSchema.safeParse({
      currentPassword: 'old password',
      newPassword: 'a new long password',
      confirmPassword: 'a new long password',
    })
    expect(result.success).toBe(true)
  })

  test('refuses a mismatched confirmation on the confirmPassword field', () => {
    const result = ChangePasswordSchema.safeParse({
      currentPassword: 'old password',
      newPassword: 'a new long password',
      confirmPassword: 'a new long passwort',
    })
    expect(result.success).toBe(false)
    expect(result.error!.issues).toHaveLength(1)
    expect(result.error!.issues[0]!.path).toEqual(['confirmPassword'])
    expect(result.error!.issues[0]!.message).toBe('The two new passwords do not match.')
  })
})

describe('parseDatabaseUrl', () => {
  test('defaults to ./data/inquiry.sqlite resolved against the working directory', () => {
    expect(DEFAULT_DATABASE_PATH).toBe('./data/inquiry.sqlite')
    expect(parseDatabaseUrl(undefined)).toEqual({ dialect: 'sqlite', path: resolve('./data/inquiry.sqlite') })
    expect(parseDatabaseUrl('   ')).toEqual({ dialect: 'sqlite', path: resolve('./data/inquiry.sqlite') })
  })

  test('a plain path selects SQLite at that path', () => {
    expect(parseDatabaseUrl('/var/lib/inquiry/db.sqlite')).toEqual({ dialect: 'sqlite', path: '/var/lib/inquiry/db.sqlite' })
    expect(parseDatabaseUrl('tmp/x.sqlite')).toEqual({ dialect: 'sqlite', path: resolve('tmp/x.sqlite') })
  })

  test('a relative file: URL resolves against the working directory', () => {
    expect(parseDatabaseUrl('file:relative.sqlite')).toEqual({ dialect: 'sqlite', path: resolve('relative.sqlite') })
  })

  test('an absolute file:// URL becomes its path', () => {
    expect(parseDatabaseUrl('file:///abs/x.sqlite')).toEqual({ dialect: 'sqlite', path: '/abs/x.sqlite' })
  })

  test.each(['postgres://user:pw@localhost/inquiry', 'postgresql://localhost/inquiry', 'POSTGRES://localhost/x'])(
    '%s selects PostgreSQL, keeping the URL as given',
    (url) => {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: 'postgres', url })
    },
  )

  test('a postgres:// URL that cannot be parsed is refused with a message', () => {
    expect(() => parseDatabaseUrl('postgres://[broken')).toThrow(/DATABASE_URL: not a valid postgres:\/\/ URL/)
  })

  test('another URL scheme is refused', () => {
    expect(() => parseDatabaseUrl('mysql://x')).toThrow('DATABASE_URL: unsupported scheme in "mysql:"')
  })
})

describe('safeRedirect against browser URL quirks', () => {
  test('refuses paths that browsers would turn into another host', () => {
    expect(safeRedirect('/\t/evil.example')).toBe('/groups')
    expect(safeRedirect('/\n/evil.example')).toBe('/groups')
    expect(safeRedirect('/%09/evil.example')).toBe('/%09/evil.example')
  })
  test('keeps the query and fragment of a same-site path', () => {
    expect(safeRedirect('/inquiries/abc/records?cycle=2#r1')).toBe('/inquiries/abc/records?cycle=2#r1')
  })
})
