import { EventEmitter } from 'node:events'
import { describe, expect, test } from 'vitest'
import { drainedOf, pacedBody } from '~/utils/http.server'

// Issue 17: a streamed download is read only as fast as the connection takes it, because the
// Express adapter writes each piece without waiting.

/** A body made as it is read, as an export's is (nothing made before it is asked for). */
function streamOf(pieces: string[]) {
  let i = 0
  let cancelled: unknown = null
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (i < pieces.length) controller.enqueue(new TextEncoder().encode(pieces[i++]))
        else controller.close()
      },
      cancel(reason) {
        cancelled = reason
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, cancelledWith: () => cancelled, read: () => i }
}

describe('pacedBody', () => {
  test('waits for the connection to drain before each piece, and ends when the body ends', async () => {
    const source = streamOf(['a', 'b', 'c'])
    const waits: number[] = []
    const paced = pacedBody(source.stream, async () => {
      waits.push(source.read())
    })
    const text = await new Response(paced).text()
    expect(text).toBe('abc')
    // A wait before each piece is read (and one before the end is found).
    expect(waits).toEqual([0, 1, 2, 3])
  })

  test('reads nothing ahead while the connection is full', async () => {
    const source = streamOf(['a', 'b'])
    let open: () => void = () => {}
    const paced = pacedBody(source.stream, () => new Promise<void>((resolve) => (open = resolve)))
    const reader = paced.getReader()
    const first = reader.read()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(source.read()).toBe(0)
    open()
    expect(new TextDecoder().decode((await first).value)).toBe('a')
    await reader.cancel('client went away')
    expect(source.cancelledWith()).toBe('client went away')
  })

  test('is the body itself when there is no connection to pace by (a test calling the route)', () => {
    const { stream } = streamOf([])
    expect(pacedBody(stream)).toBe(stream)
  })
})

describe('drainedOf', () => {
  const response = (needDrain: boolean, destroyed = false) =>
    Object.assign(new EventEmitter(), { writableNeedDrain: needDrain, destroyed }) as EventEmitter & {
      writableNeedDrain: boolean
      destroyed: boolean
    }

  test('resolves at once when the buffer has room, or the connection is gone', async () => {
    await expect(drainedOf(response(false))).resolves.toBeUndefined()
    await expect(drainedOf(response(true, true))).resolves.toBeUndefined()
  })

  test('waits for drain, or for close, and leaves no listener behind', async () => {
    for (const event of ['drain', 'close'] as const) {
      const res = response(true)
      let done = false
      const waiting = drainedOf(res).then(() => (done = true))
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect(done).toBe(false)
      res.emit(event)
      await waiting
      expect(done).toBe(true)
      expect(res.listenerCount('drain') + res.listenerCount('close')).toBe(0)
    }
  })
})
