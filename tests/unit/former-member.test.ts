import { describe, expect, test } from 'vitest'
import { formerMemberRewriter } from '~/features/accounts/erasure.server'

// Withdrawal rewrites the person out of the others' words (issue 13 §2 and §7): the same name
// rules as the export redactor, plus the email and the person's id in JSON payloads.

const members = [
  { personId: 'id-finn-000001', name: 'Finn T.' },
  { personId: 'p-elena', name: 'Elena R.' },
  { personId: 'p-will', name: 'Will S.' },
]
const rewrite = formerMemberRewriter({ id: 'id-finn-000001', name: 'Finn T.', email: 'finn@example.org' }, members, 'seat-1')

describe('rewriting a former member out of a group’s texts', () => {
  test('replaces the full name in any case, the unique first name as written, and the email', () => {
    expect(rewrite('I asked finn t. and Finn agreed; mail finn@EXAMPLE.org.')).toBe(
      'I asked a former member and a former member agreed; mail a former member.',
    )
  })
  test('capitalises at the start of a sentence and leaves other members and words alone', () => {
    expect(rewrite('Finn T. held the role. Elena R. did not. Finnish clients were quiet.')).toBe(
      'A former member held the role. Elena R. did not. Finnish clients were quiet.',
    )
  })
  test('moves the person’s id in JSON payloads to the seat', () => {
    expect(rewrite('{"personId":"id-finn-000001"}')).toBe('{"personId":"seat-1"}')
  })
  test('a first name another member shares is left, the full name still goes', () => {
    const shared = formerMemberRewriter(
      { id: 'id-sam-k-0001', name: 'Sam K.', email: 'sam@x.org' },
      [
        { personId: 'id-sam-k-0001', name: 'Sam K.' },
        { personId: 'id-sam-l-0002', name: 'Sam L.' },
      ],
      'seat-0003',
    )
    expect(shared('Sam K. and Sam')).toBe('A former member and Sam')
  })
  test('text without the person is returned as it was', () => {
    const text = 'Nothing here. a former member'
    expect(rewrite(text)).toBe(text)
  })
})
