import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { ArchiveSchema } from '~/features/exports/core/archive-schema'
import { judgementSpread, spreadText } from '~/features/validity/core'

// Issue 16 item 3: each member judges each validity procedure for themselves. The spread the
// validity page and every report show is counted in one place, and an archive carries each
// member's judgement by key, an older archive's one judgement per procedure still reading.

const demo = JSON.parse(readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8'))

describe('the spread of the members’ judgements', () => {
  test('counts each status and how many judged', () => {
    const spread = judgementSpread([{ status: 'met' }, { status: 'partly' }, { status: 'met' }, { status: 'n_a' }])
    expect(spread).toEqual({ met: 2, partly: 1, not_met: 0, n_a: 1, judged: 4 })
    expect(spreadText(spread)).toBe('2 met, 1 partly, 1 not applicable')
  })

  test('says "Not judged" when nobody has judged, and leaves out the statuses nobody chose', () => {
    expect(spreadText(judgementSpread([]))).toBe('Not judged')
    expect(spreadText(judgementSpread([{ status: 'not_met' }]))).toBe('1 not met')
  })
})

describe('judgements in an archive', () => {
  const withJudgements = (judgements: unknown[]) => {
    const copy = structuredClone(demo)
    copy.cycles[0].judgements = judgements
    return ArchiveSchema.safeParse(copy)
  }
  const judgement = (by?: string, procedureKey = 'chaos-order') => ({
    procedureKey,
    status: 'met',
    note: '',
    updatedAt: '2026-10-12T01:00:00.000Z',
    ...(by ? { by } : {}),
  })
  const messages = (result: ReturnType<typeof withJudgements>) => result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []

  test('several members may judge one procedure; one member only once', () => {
    expect(withJudgements([judgement('Member A'), judgement('Member B')]).success).toBe(true)
    expect(messages(withJudgements([judgement('Member A'), judgement('Member A')]))).toEqual([
      'cycles.0.judgements.1: repeats the judgement on chaos-order by Member A for cycle 1 (already at cycles.0.judgements.0)',
    ])
  })

  test('a judgement names a member of the archive', () => {
    expect(messages(withJudgements([judgement('Member Z')]))).toEqual(['cycles.0.judgements.0.by: names Member Z, who is not in members'])
  })

  test('an archive made before members judged for themselves (no `by`, one per procedure) still reads; such a judgement stands alone', () => {
    expect(withJudgements([judgement(), judgement(undefined, 'research-cycling')]).success).toBe(true)
    expect(messages(withJudgements([judgement(), judgement('Member B')]))).toEqual([
      'cycles.0.judgements.0.by: names no member, yet chaos-order has other judgements in cycle 1',
    ])
  })
})
