import { afterEach, describe, expect, test } from 'vitest'
import { hashPassword, verifyPassword } from '~/features/accounts/password.server'

// The production cost (N = 2^16) takes too long for a unit test; the hash stores its own cost.
process.env.PASSWORD_HASH_LOG_N = '10'

describe('password hashing', () => {
  afterEach(() => {
    process.env.PASSWORD_HASH_LOG_N = '10'
  })

  test('a hash verifies against the password it was made from', async () => {
    const stored = await hashPassword('a long enough passphrase')
    await expect(verifyPassword('a long enough passphrase', stored)).resolves.toBe(true)
  })

  test('a wrong password does not verify', async () => {
    const stored = await hashPassword('a long enough passphrase')
    await expect(verifyPassword('a long enough passphrasE', stored)).resolves.toBe(false)
    await expect(verifyPassword('', stored)).resolves.toBe(false)
  })

  test('the stored string carries the scrypt scheme and its parameters', async () => {
    const stored = await hashPassword('a long enough passphrase')
    const [scheme, n, r, p, salt, key] = stored.split('$')
    expect(scheme).toBe('scrypt')
    expect(Number(n)).toBe(2 ** 10)
    expect(Number(r)).toBe(8)
    expect(Number(p)).toBe(1)
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16)
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32)
  })

  test('two hashes of one password differ by their salt', async () => {
    const first = await hashPassword('same password twice')
    const second = await hashPassword('same password twice')
    expect(first).not.toBe(second)
    await expect(verifyPassword('same password twice', second)).resolves.toBe(true)
  })

  test('a hash made at one cost still verifies after the cost setting changes', async () => {
    const stored = await hashPassword('made at the low cost')
    process.env.PASSWORD_HASH_LOG_N = '11'
    const newer = await hashPassword('made at the higher cost')
    expect(newer.split('$')[1]).toBe(String(2 ** 11))
    await expect(verifyPassword('made at the low cost', stored)).resolves.toBe(true)
    await expect(verifyPassword('wrong', stored)).resolves.toBe(false)
  })

  test('passwords are compared after Unicode normalisation', async () => {
    const stored = await hashPassword('caf\u00e9 au lait')
    await expect(verifyPassword('cafe\u0301 au lait', stored)).resolves.toBe(true)
  })

  test('a stored string in another scheme does not verify', async () => {
    await expect(verifyPassword('anything', 'bcrypt$2b$10$abc')).resolves.toBe(false)
    await expect(verifyPassword('anything', '')).resolves.toBe(false)
  })
})
