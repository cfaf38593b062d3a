import { createElement, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { withdrawFromGroup } from '~/features/accounts/withdrawal.server'
import * as validityRoute from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import type { TestPerson } from '../factories'
import { bodyOf, get, tableCounts } from './harness'
import { circle, db, judge, NOT_FOUND_BODY, REQUIRED, review, reviewJson, validityPath } from './support-validity-review'

// Issue 16 item 3: everyone's own judgement of a validity procedure. Each member judges each
// procedure for themselves and may change their own; no judgement overwrites another person's.
// The page shows the spread (a small table), the notes with who wrote them, and the viewer's own
// judgement in the form, all without JavaScript. Withdrawing deletes the person's judgements.

// The page is rendered as the server would, the Remix hooks answering with the loader's (or action's) data.
const remix = vi.hoisted(() => ({ data: undefined as unknown, action: undefined as unknown }))
vi.mock('@remix-run/react', async (original) => {
  const actual = await original<Record<string, unknown>>()
  const { createElement: h } = await import('react')
  return {
    ...actual,
    useLoaderData: () => remix.data,
    useActionData: () => remix.action,
    Link: ({ to, children, ...rest }: { to: string; children?: ReactNode }) => h('a', { href: to, ...rest }, children),
    Form: ({ children, ...rest }: { children?: ReactNode }) => h('form', rest, children),
  }
})

/** The page's HTML as the server renders it, with this loader data and (after a refused post) action data. */
function pageHtml(data: unknown, action?: unknown): string {
  remix.data = JSON.parse(JSON.stringify(data))
  remix.action = action === undefined ? undefined : JSON.parse(JSON.stringify(action))
  try {
    return renderToString(createElement(validityRoute.default as () => ReactNode))
  } finally {
    remix.action = undefined
  }
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
const textOf = (html: string) =>
  decode(html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()

/** The HTML of one procedure's card on the page. */
const cardOf = (html: string, key: string) => {
  const start = html.indexOf(`id="procedure-${key}"`)
  expect(start).toBeGreaterThan(-1)
  return html.slice(start, html.indexOf('</section>', start))
}

/** The judgement rows of an inquiry, by procedure and then person. */
async function rows(inquiryId: string) {
  return db()
    .selectFrom('validityJudgements')
    .innerJoin('cycles', 'cycles.id', 'validityJudgements.cycleId')
    .select([
      'validityJudgements.id',
      'validityJudgements.procedureKey',
      'validityJudgements.status',
      'validityJudgements.note',
      'validityJudgements.updatedBy',
      'validityJudgements.updatedAt',
    ])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('validityJudgements.procedureKey')
    .orderBy('validityJudgements.updatedBy')
    .execute()
}

const PROCEDURE = 'divergence-convergence'
type Procedure = {
  key: string
  judgements: { by: string; status: string; note: string; mine: boolean }[]
  spread: Record<string, number>
  mine: { status: string; note: string } | null
}
const procedureOf = (view: { procedures: Procedure[] }, key = PROCEDURE) => view.procedures.find((p) => p.key === key)!

describe('each member’s own judgement', () => {
  test('two members judge the same procedure: both judgements show, with the spread and who said what, and neither overwrites the other', async () => {
    const c = await circle()
    expect((await judge(c.ben, c.inquiryId, 1, PROCEDURE, 'met', 'We kept our differences in view.')).status).toBe(302)
    expect((await judge(c.cy, c.inquiryId, 1, PROCEDURE, 'not_met', 'We agreed far too fast.')).status).toBe(302)

    const stored = await rows(c.inquiryId)
    expect(stored.map((r) => [r.updatedBy, r.status, r.note]).sort()).toEqual(
      [
        [c.ben.id, 'met', 'We kept our differences in view.'],
        [c.cy.id, 'not_met', 'We agreed far too fast.'],
      ].sort(),
    )

    // Ada, who has not judged, sees both, the spread out of the group's three members, and an empty form of her own.
    const adaView = await review(c.ada, c.inquiryId, 1)
    expect(adaView.memberCount).toBe(3)
    const seen = procedureOf(adaView)
    expect(seen.spread).toEqual({ met: 1, partly: 0, not_met: 1, n_a: 0, judged: 2 })
    expect(seen.judgements.map((j) => [j.by, j.status, j.note, j.mine])).toEqual([
      ['Ben', 'met', 'We kept our differences in view.', false],
      ['Cy', 'not_met', 'We agreed far too fast.', false],
    ])
    expect(seen.mine).toBeNull()
    // A required procedure counts as judged once one member has judged it.
    expect(adaView.missingRequired).toEqual(REQUIRED.filter((p) => p.key !== PROCEDURE).map((p) => p.name))

    const html = pageHtml(adaView)
    const card = cardOf(html, PROCEDURE)
    // The spread is a small table with a caption and headers.
    expect(textOf(card)).toContain('How members judged Divergence and convergence: 2 of 3 members so far')
    expect(card).toContain('<th scope="col">Judgement</th><th scope="col">Members</th>')
    expect(card).toMatch(/<th scope="row">Met<\/th><td>1<\/td>/)
    expect(card).toMatch(/<th scope="row">Not met<\/th><td>1<\/td>/)
    expect(card).toMatch(/<th scope="row">Partly<\/th><td>0<\/td>/)
    expect(textOf(card)).toContain('Ben : Met — We kept our differences in view.')
    expect(textOf(card)).toContain('Cy : Not met — We agreed far too fast.')
    // Her own form: nothing chosen yet, a plain post.
    expect(card).toContain('<form method="post"')
    expect(card).not.toMatch(/type="radio"[^>]*checked/)
    expect(textOf(html)).toContain('A required procedure counts as judged once at least one member has judged it.')

    // Each of them finds their own judgement in the form, marked as theirs.
    for (const [person, status, note] of [
      [c.ben, 'met', 'We kept our differences in view.'],
      [c.cy, 'not_met', 'We agreed far too fast.'],
    ] as const) {
      const view = await review(person, c.inquiryId, 1)
      expect(procedureOf(view).mine).toMatchObject({ status, note })
      const own = cardOf(pageHtml(view), PROCEDURE)
      expect(own).toMatch(new RegExp(`id="procedure-${PROCEDURE}-status-${status}"[^>]*checked`))
      expect(own.match(/type="radio"[^>]*checked/g)).toHaveLength(1)
      expect(own).toContain(`>${note}</textarea>`)
      expect(textOf(own)).toContain(`${person.displayName} (you)`)
      expect(textOf(own)).toContain('Change my judgement')
    }

    // validity.json carries every judgement and the spread.
    const json = await bodyOf(await reviewJson(c.ada, c.inquiryId, 1))
    expect(json.version).toBe(2)
    expect(json.procedures.find((p: { key: string }) => p.key === PROCEDURE)).toMatchObject({
      spread: { met: 1, partly: 0, not_met: 1, n_a: 0, judged: 2, members: 3 },
      judgements: [
        { status: 'met', note: 'We kept our differences in view.', by: 'Ben', currentMember: true },
        { status: 'not_met', note: 'We agreed far too fast.', by: 'Cy', currentMember: true },
      ],
      mine: null,
    })
  })

  test('a member changing their judgement changes only theirs', async () => {
    const c = await circle()
    await judge(c.ben, c.inquiryId, 1, PROCEDURE, 'met', 'Ben at first.')
    await judge(c.cy, c.inquiryId, 1, PROCEDURE, 'partly', 'Cy, once.')
    const before = await rows(c.inquiryId)
    const cyRow = before.find((r) => r.updatedBy === c.cy.id)!
    const benRow = before.find((r) => r.updatedBy === c.ben.id)!

    expect((await judge(c.ben, c.inquiryId, 1, PROCEDURE, 'not_met', 'Ben, on reflection.')).status).toBe(302)
    const after = await rows(c.inquiryId)
    expect(after).toHaveLength(2)
    // Cy's is untouched, to the timestamp; Ben's is the same row, changed.
    expect(after.find((r) => r.updatedBy === c.cy.id)).toEqual(cyRow)
    expect(after.find((r) => r.updatedBy === c.ben.id)).toMatchObject({
      id: benRow.id,
      status: 'not_met',
      note: 'Ben, on reflection.',
    })
    const seen = procedureOf(await review(c.ada, c.inquiryId, 1))
    expect(seen.spread).toEqual({ met: 0, partly: 1, not_met: 1, n_a: 0, judged: 2 })
    expect(seen.judgements.map((j) => [j.by, j.status])).toEqual(
      expect.arrayContaining([
        ['Ben', 'not_met'],
        ['Cy', 'partly'],
      ]),
    )
  })

  test('bad input is a 400 with its message beside the field, keeping what was typed, and writes nothing', async () => {
    const c = await circle()
    await judge(c.cy, c.inquiryId, 1, PROCEDURE, 'partly', 'Cy’s judgement stands.')
    const before = await tableCounts(db())
    const stored = await rows(c.inquiryId)
    const view = await review(c.ben, c.inquiryId, 1)

    // An unknown procedure: the message shows on the page, above the procedures.
    const unknown = await judge(c.ben, c.inquiryId, 1, 'no-such-procedure', 'met', 'Lost note')
    expect(unknown.status).toBe(400)
    const unknownBody = await bodyOf(unknown)
    expect(unknownBody.errors.procedureKey).toBe('That procedure is not part of this inquiry’s template.')
    expect(textOf(pageHtml(view, unknownBody))).toContain('That procedure is not part of this inquiry’s template.')

    // An unknown status: the message beside that procedure's choice, the note kept.
    const status = await judge(c.ben, c.inquiryId, 1, PROCEDURE, 'brilliant', 'Kept note')
    expect(status.status).toBe(400)
    const statusBody = await bodyOf(status)
    expect(statusBody.errors.status).toBe('Choose met, partly, not met or not applicable.')
    expect(statusBody.values.note).toBe('Kept note')
    const statusCard = cardOf(pageHtml(view, statusBody), PROCEDURE)
    expect(statusCard).toContain(`id="procedure-${PROCEDURE}-status-error"`)
    expect(statusCard).toContain('>Kept note</textarea>')
    // Only that procedure's form shows it.
    expect(cardOf(pageHtml(view, statusBody), 'chaos-order')).not.toContain('field-error')

    // Too long a note: the message beside the note.
    const long = await judge(c.ben, c.inquiryId, 1, PROCEDURE, 'met', 'x'.repeat(4001))
    expect(long.status).toBe(400)
    const longBody = await bodyOf(long)
    expect(longBody.errors.note).toBe('Use at most 4,000 characters.')
    const longCard = cardOf(pageHtml(view, longBody), PROCEDURE)
    const id = `procedure-${PROCEDURE}-note`
    expect(longCard).toMatch(new RegExp(`<textarea[^>]*id="${id}"[^>]*aria-invalid="true"[^>]*aria-describedby="${id}-error"`))

    expect(await tableCounts(db())).toEqual(before)
    expect(await rows(c.inquiryId)).toEqual(stored)
  })

  test('a non-member can neither judge nor read the judgements', async () => {
    const c = await circle()
    await judge(c.ben, c.inquiryId, 1, PROCEDURE, 'partly', 'Only for the group.')
    const before = await tableCounts(db())
    const refused = await judge(c.outsider, c.inquiryId, 1, PROCEDURE, 'met', 'An outsider’s view.')
    expect(refused.status).toBe(404)
    expect(await refused.text()).toBe(NOT_FOUND_BODY)
    const page = await get(validityRoute, {
      path: validityPath(c.inquiryId, 1),
      params: { inquiryId: c.inquiryId, cycleNumber: '1' },
      cookie: c.outsider.cookie,
    })
    expect(page.status).toBe(404)
    expect(await page.text()).not.toContain('Only for the group.')
    const json = await reviewJson(c.outsider, c.inquiryId, 1)
    expect(json.status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
    expect((await rows(c.inquiryId)).map((r) => r.updatedBy)).toEqual([c.ben.id])
  })

  test('withdrawing deletes that person’s judgements, and nobody else’s', async () => {
    const c = await circle()
    const judgeAll = async (person: TestPerson, status: string) => {
      for (const key of [PROCEDURE, 'chaos-order']) await judge(person, c.inquiryId, 1, key, status, `${person.displayName} on ${key}`)
    }
    await judgeAll(c.ada, 'met')
    await judgeAll(c.ben, 'partly')
    await judgeAll(c.cy, 'not_met')
    const before = await rows(c.inquiryId)
    expect(before).toHaveLength(6)

    const erased = await withdrawFromGroup(db(), c.ben, c.groupId, { confirm: 'withdraw' })
    expect(erased.judgements).toBe(2)
    const after = await rows(c.inquiryId)
    expect(after).toEqual(before.filter((r) => r.updatedBy !== c.ben.id))
    // Not moved to a former-member seat: gone.
    expect(after.some((r) => r.status === 'partly')).toBe(false)

    const seen = procedureOf(await review(c.ada, c.inquiryId, 1))
    expect(seen.spread).toEqual({ met: 1, partly: 0, not_met: 1, n_a: 0, judged: 2 })
    expect(seen.judgements.map((j) => j.by)).toEqual(['Ada', 'Cy'])
    expect(JSON.stringify(await review(c.cy, c.inquiryId, 1))).not.toContain('Ben on')
  })
})
