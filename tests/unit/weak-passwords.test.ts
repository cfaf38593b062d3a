import { describe, expect, test } from 'vitest'
import { NewPasswordSchema } from '~/features/accounts/accounts.schema'
import { weakPasswordReason } from '~/features/accounts/core/weak-passwords'

// Password rules (issue 7): length over complexity, and the passwords people try first refused.

describe('weak passwords', () => {
  test.each([
    ['1234567890', /most common/],
    ['Password123', /most common/],
    ['QWERTYUIOP', /most common/],
    ['iloveyou123', /most common/],
    ['zzzzzzzzzzzz', /one character repeated/],
    ['abcabcabcabc', /pattern repeated/],
    ['qwertyuiop[', null],
    ['0987654321', /most common/],
    ['asdfghjk', /keys or letters in order/],
    ['lkjhgfdsa', /keys or letters in order/],
    ['P@ssw0rd2024!', /word “password”/],
    ['1984password', /word “password”/],
  ])('%s', (password, reason) => {
    const found = weakPasswordReason(password)
    if (reason === null) expect(found).toBeNull()
    else expect(found).toMatch(reason)
  })

  test('long passphrases and ordinary strong passwords pass, whatever their characters', () => {
    for (const ok of ['a long enough pass phrase', 'tea at four, then the river', 'Zürich-Ölmühle-9', '静かな部屋で待つ時間']) {
      expect(weakPasswordReason(ok), ok).toBeNull()
      expect(NewPasswordSchema.safeParse(ok).success, ok).toBe(true)
    }
  })

  test('the schema refuses a common password with the plain reason, and short ones by length', () => {
    expect(weakPasswordReason('correct horse battery staple'), 'the best-known passphrase is a common one').toMatch(/most common/)
    const common = NewPasswordSchema.safeParse('password123')
    expect(common.success).toBe(false)
    expect(common.error!.issues[0]!.message).toMatch(/^This is one of the most common passwords/)
    expect(NewPasswordSchema.safeParse('short').error!.issues[0]!.message).toMatch(/at least 10 characters/)
  })
})
