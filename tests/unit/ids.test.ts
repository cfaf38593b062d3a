import { expect, test } from 'vitest'
import { newId } from '~/utils/ids.server'

test('an id is 16 URL-safe characters and never begins with "-", so a command line cannot take it for an option', () => {
  // One base64url character in 64 is "-": among 20,000 ids some would begin with it by chance.
  const ids = Array.from({ length: 20_000 }, () => newId())
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/)
  expect(new Set(ids).size).toBe(ids.length)
})
