// Passwords people are most likely to try first (NIST SP 800-63B asks that such be refused):
// the commonest of those at least 10 characters long in public breach lists, and the
// patterns they follow (one character repeated, a run of the keyboard or the digits, the
// word "password" dressed up). Length stays the main rule; no composition rules.

const COMMON = new Set([
  '1234567890',
  '0987654321',
  '1234567891',
  '123456789a',
  'a123456789',
  '123456789q',
  'q123456789',
  '1111111111',
  '0000000000',
  '1212121212',
  'qwertyuiop',
  'qwertyuiop123',
  'qwerty1234',
  'qwerty12345',
  'qwert12345',
  '12345qwert',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'zaq12wsxcde',
  '1qaz2wsx3edc',
  '1qaz2wsx3e',
  'qazwsxedcrfv',
  'asdfghjkl1',
  'asdfghjkl;',
  'asdfghjkl123',
  'zxcvbnm123',
  '1234qwerasdf',
  'abcdefghij',
  'abc1234567',
  'abcd123456',
  'password1234',
  'password12',
  'password123',
  'password1!',
  'password01',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'p@ssw0rd12',
  'passwordpassword',
  'mypassword',
  'mypassword1',
  'newpassword',
  'iloveyou123',
  'iloveyou12',
  'iloveyou1234',
  'football123',
  'baseball123',
  'basketball',
  'letmein123',
  'letmein1234',
  'welcome123',
  'welcome1234',
  'sunshine123',
  'princess123',
  'superman123',
  'starwars123',
  'computer123',
  'administrator',
  'changeme123',
  'changeme12',
  'trustno1234',
  'monkey1234',
  'dragon1234',
  'master1234',
  'michael123',
  'jennifer123',
  'charlie123',
  'jordan2323',
  'liverpool1',
  'chelsea123',
  'arsenal123',
  'manchester',
  'manchesterunited',
  'qwertyuiopasdfghjkl',
  'thequickbrownfox',
  'correcthorsebatterystaple',
  'iloveyouforever',
  'whatever123',
  'computer12',
  'internet123',
  'samsung123',
  'blink18212',
  'zaq1zaq1zaq1',
  'aaaaaaaaaa',
  'asdfasdfasdf',
  'qweqweqwe1',
  'qwe123qwe123',
  'pokemon123',
  'counselling',
  'counseling1',
  'therapist1',
  'inquiry123',
  'cooperative',
  'co-operative',
  'cooperativeinquiry',
  'silence123',
  'demo-password',
  'hello12345',
])

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz']

/** A plain reason when a password is too easy to guess, or null when it is acceptable. */
export function weakPasswordReason(password: string): string | null {
  const plain = password.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
  if (COMMON.has(plain))
    return 'This is one of the most common passwords, so it is among the first anyone would try. A few unrelated words together are stronger and easier to remember.'
  if (/^(.)\1+$/.test(plain)) return 'A password of one character repeated is too easy to guess.'
  if (/^(..?.?.?)\1+$/.test(plain)) return 'A short pattern repeated is too easy to guess.'
  for (const row of KEYBOARD_ROWS) {
    for (const line of [row, [...row].reverse().join('')]) {
      if (plain.length >= 8 && line.includes(plain)) return 'A run of keys or letters in order is too easy to guess.'
    }
  }
  if (/^p[a@4]s{1,2}w[o0]rd[\d!@#$%^&*.]*$/.test(plain) || /^[\d!@#$%^&*.]*p[a@4]s{1,2}w[o0]rd$/.test(plain)) {
    return 'A password built on the word “password” is too easy to guess.'
  }
  return null
}
