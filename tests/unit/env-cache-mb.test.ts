import { describe, expect, test } from 'vitest'
import { parseEnv } from '~/utils/env.server'

// CACHE_MB (issue 17): how much each process keeps of what it derived from inquiries' data.
describe('CACHE_MB', () => {
  test('is 32 unless set, and takes any number of megabytes from 0', () => {
    expect(parseEnv({}).CACHE_MB).toBe(32)
    expect(parseEnv({ CACHE_MB: '0' }).CACHE_MB).toBe(0)
    expect(parseEnv({ CACHE_MB: '128.5' }).CACHE_MB).toBe(128.5)
  })

  test.each(['abc', '-1', '1e9'])('%s stops the boot, naming the variable', (value) => {
    expect(() => parseEnv({ CACHE_MB: value })).toThrow(/CACHE_MB: CACHE_MB must be/)
  })
})
