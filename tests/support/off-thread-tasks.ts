import { DomainError } from '~/utils/errors.server'
import { defineOffThreadTask } from '~/utils/off-thread.server'

// Tasks for tests/integration/off-thread.test.ts: the worker loads this module to run them.

const limits = { maxOldGenerationSizeMb: 32, timeoutMs: 20_000, tooLarge: { message: 'That is too large to read here.', field: 'file' } }

/** Keeps allocating until the worker's heap ceiling ends it. */
export const exhaustHeap = defineOffThreadTask(
  import.meta.url,
  'test-exhaust-heap',
  () => {
    const kept: string[][] = []
    for (;;) kept.push(Array.from({ length: 10_000 }, (_, i) => `item ${i} of ${kept.length}`))
  },
  limits,
)

/** Sums bytes, or fails as asked: with a DomainError, or with a bug. */
export const sumBytes = defineOffThreadTask(
  import.meta.url,
  'test-sum-bytes',
  async (input: { bytes: Uint8Array; fail?: 'domain' | 'bug' }) => {
    if (input.fail === 'domain') throw new DomainError('bad_request', 'Nothing to sum.', 'file')
    if (input.fail === 'bug') throw new TypeError('a bug in the task')
    await new Promise((resolve) => setTimeout(resolve, 10))
    return input.bytes.reduce((sum, b) => sum + b, 0)
  },
  limits,
)

/** Never answers (a timer keeps its worker busy): the runner's time limit ends it. */
export const never = defineOffThreadTask(
  import.meta.url,
  'test-never',
  () => new Promise<never>(() => void setInterval(() => undefined, 1_000)),
  { ...limits, timeoutMs: 1_500 },
)
