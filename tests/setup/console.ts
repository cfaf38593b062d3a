import { afterEach, beforeEach, vi } from 'vitest'

// console.error fails a test unless the test expects it (docs/architecture.md: noise hides bugs).
let errors: unknown[][] = []
beforeEach(() => {
  errors = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args)
  })
})
afterEach(() => {
  vi.mocked(console.error).mockRestore()
  if (errors.length > 0) {
    const first = errors[0]!.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')
    throw new Error(`console.error was called ${errors.length} time(s); first: ${first}`)
  }
})

/** For tests that expect an error to be logged: returns what was logged and clears it. */
export function takeConsoleErrors(): unknown[][] {
  const taken = errors
  errors = []
  return taken
}
