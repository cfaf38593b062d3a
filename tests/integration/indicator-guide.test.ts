import { describe, expect, test } from 'vitest'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { INDICATOR_GUIDANCE } from '~/features/validity/core/guidance'
import { INDICATOR_KEYS, INDICATOR_NAMES } from '~/features/validity/core'
import { getDb } from '~/utils/db.server'
import { startSession } from '~/utils/session.server'
import { createPerson } from '../factories'
import { renderPage } from './fuzz-server'

// Issue 14 §3: each indicator's page text says what it measures in plain words, what a group
// might do about it, and where this cycle's evidence can be read; its rule and thresholds
// stand beside its verdict in the table.

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

// One demo per file: it seeds fixed demo accounts.
let seeded: Promise<{ inquiryId: string }> | null = null

async function demo() {
  seeded ??= seedDemo(getDb(), { password: 'demo password for tests' })
  const { inquiryId } = await seeded
  const person = await getDb().selectFrom('people').select('id').where('email', '=', 'amara@demo.inquiry.local').executeTakeFirstOrThrow()
  return { inquiryId, cookie: (await startSession(getDb(), person.id)).split(';')[0]! }
}

describe('the validity page explains every indicator where the group reads it', () => {
  test('what it measures, what a group might do and a link to the cycle’s evidence, for each of the ten', async () => {
    const { inquiryId, cookie } = await demo()
    const { status, html } = await renderPage(`/inquiries/${inquiryId}/cycles/1/validity`, cookie)
    expect(status).toBe(200)
    const guide = decode(/<section aria-labelledby="indicator-guide-heading"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '')
    expect(guide).toContain('What each indicator looks for, and what a group might do')
    for (const key of INDICATOR_KEYS) {
      const entry = decode(new RegExp(`<div id="guide-${key}">([\\s\\S]*?)</div>`).exec(guide)?.[1] ?? '')
      expect(entry, key).toContain(INDICATOR_NAMES[key])
      expect(entry, key).toContain(INDICATOR_GUIDANCE[key].measures)
      expect(entry, key).toContain(INDICATOR_GUIDANCE[key].act)
      expect(entry, key).toMatch(/<a [^>]*href="\/inquiries\/[^"]+">/)
    }
    // The ratings indicators point at the cycle's own analysis; grounding at its records.
    expect(guide).toContain(`href="/inquiries/${inquiryId}/analysis?cycle=1"`)
    expect(guide).toContain(`href="/inquiries/${inquiryId}/records?cycle=1"`)
    // The demo's collusive cycle: the guide names each indicator's level this cycle, as the table does.
    expect(decode(/<div id="guide-dissent">[\s\S]*?<\/dt>/.exec(guide)?.[0] ?? '')).toContain('(alert this cycle)')
  })

  test('a non-member is refused the page, and sees none of its words', async () => {
    const { inquiryId } = await demo()
    const outsider = await createPerson(getDb(), 'Otto Outsider')
    const { status, html } = await renderPage(`/inquiries/${inquiryId}/cycles/1/validity`, outsider.cookie)
    expect(status).toBe(404)
    expect(html).not.toContain(INDICATOR_GUIDANCE.dissent.act)
  })
})
