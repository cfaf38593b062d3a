import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

// scrypt is memory-hard: N=2^16, r=8 needs 64 MiB per hash, which makes offline guessing
// costly. Tests may lower the cost with PASSWORD_HASH_LOG_N; the parameters are stored in
// each hash, so hashes made at any cost keep verifying.
function logN(): number {
  const fromEnv = Number(process.env.PASSWORD_HASH_LOG_N)
  return Number.isInteger(fromEnv) && fromEnv >= 10 && fromEnv <= 20 ? fromEnv : 16
}

const KEY_LENGTH = 32

export async function hashPassword(password: string): Promise<string> {
  const n = 2 ** logN()
  const r = 8
  const p = 1
  const salt = randomBytes(16)
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r })
  return ['scrypt', n, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, nText, rText, pText, saltText, keyText] = stored.split('$')
  if (scheme !== 'scrypt' || !saltText || !keyText) return false
  const n = Number(nText)
  const r = Number(rText)
  const p = Number(pText)
  const expected = Buffer.from(keyText, 'base64url')
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltText, 'base64url'), expected.length, {
    N: n,
    r,
    p,
    maxmem: 256 * n * r,
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash of a random password, verified against when the email is unknown so timing reveals nothing. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  return decoy
}
