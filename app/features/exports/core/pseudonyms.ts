/** "Member A" … "Member Z", "Member AA" …: a stable label from a member's joining position. */
export function pseudonymFor(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('a pseudonym index is a whole number from 0')
  let label = ''
  let n = index
  do {
    label = String.fromCharCode(65 + (n % 26)) + label
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return `Member ${label}`
}

/** The name an export may show: the person's own only where they chose it, else their pseudonym. */
export function exportNameOf(member: { displayName: string; exportName: boolean; pseudonymIndex: number }): string {
  return member.exportName ? member.displayName : pseudonymFor(member.pseudonymIndex)
}
