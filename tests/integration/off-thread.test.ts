import { isMainThread } from 'node:worker_threads'
import { describe, expect, test } from 'vitest'
import { DomainError } from '~/utils/errors.server'
import { exhaustHeap, never, sumBytes } from '../support/off-thread-tasks'

// The worker-thread runner large uploads are read with (issue 13 item 7): its heap ceiling
// and time limit end the worker, never the process, and come back as a 400 for the field.

describe('a task run off the main thread', () => {
  test('answers with its result, the input handed over without a copy', async () => {
    const bytes = new Uint8Array([1, 2, 3, 250])
    expect(await sumBytes({ bytes }, { transfer: [bytes.buffer] })).toBe(256)
    expect(bytes.byteLength).toBe(0)
    expect(isMainThread).toBe(true)
  })

  test('a DomainError it throws comes back as the same DomainError; a bug stays an error', async () => {
    const refused = await sumBytes({ bytes: new Uint8Array(), fail: 'domain' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(DomainError)
    expect(refused).toMatchObject({ code: 'bad_request', status: 400, message: 'Nothing to sum.', field: 'file' })
    const bug = await sumBytes({ bytes: new Uint8Array(), fail: 'bug' }).catch((e: unknown) => e)
    expect(bug).not.toBeInstanceOf(DomainError)
    expect(bug).toMatchObject({ name: 'TypeError', message: 'a bug in the task' })
  })

  test('that needs more heap than its ceiling ends its worker, and is refused as too large; the process goes on', async () => {
    const refused = await exhaustHeap(undefined).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(DomainError)
    expect(refused).toMatchObject({ status: 400, message: 'That is too large to read here.', field: 'file' })
    expect(await sumBytes({ bytes: new Uint8Array([7]) })).toBe(7)
  })

  test('that takes longer than its time limit is ended and refused', async () => {
    await expect(never(undefined)).rejects.toMatchObject({ status: 400, message: 'That is too large to read here.' })
  })

  test('one runs at a time, three more wait, and the rest are asked to come back', async () => {
    const runs = Array.from({ length: 5 }, (_, i) =>
      sumBytes({ bytes: new Uint8Array([i]) }).then(
        (n) => ({ n }),
        (e: unknown) => ({ e }),
      ),
    )
    const results = await Promise.all(runs)
    expect(results.slice(0, 4)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }])
    expect((results[4] as { e: DomainError }).e).toMatchObject({ code: 'too_many', status: 429 })
  })
})
