import { createElement, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { runCli } from '~/cli/commands'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { exportForMember } from '~/features/exports/exports.server'
import { describeParticipation } from '~/features/analysis/core/describe'
import { INDICATOR_STATUS_TEXT, reasonAndRuleText, ruleText, verdictText, type Indicator } from '~/features/validity/core'
import { getDb } from '~/utils/db.server'
import { startSession, type SessionUser } from '~/utils/session.server'
import * as analysisPage from '~/routes/inquiries.$inquiryId.analysis'
import * as analysisJson from '~/routes/inquiries.$inquiryId.analysis[.json]'
import * as validityPage from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity'
import * as validityJson from '~/routes/inquiries.$inquiryId.cycles.$cycleNumber.validity[.json]'
import { bodyOf, get } from './harness'

// Issue 13 §5: one truth per indicator. Each indicator's verdict, reason and rule (with its
// thresholds) come from one place, validity/core/indicators.ts, and every surface shows them in
// the same words: the validity page and its JSON, the analysis page and its JSON, the JSON
// archive, the HTML, Markdown and CSV exports and the command line. The pages are rendered as
// the server would (the Remix hooks answer with the loader's data), so their text is checked,
// not only their data.

const remix = vi.hoisted(() => ({ data: undefined as unknown }))
vi.mock('@remix-run/react', async (original) => {
  const actual = await original<Record<string, unknown>>()
  const { createElement: h } = await import('react')
  return {
    ...actual,
    useLoaderData: () => remix.data,
    useActionData: () => undefined,
    Link: ({ to, children, ...rest }: { to: string; children?: ReactNode }) => h('a', { href: to, ...rest }, children),
    Form: ({ children, ...rest }: { children?: ReactNode }) => h('form', rest, children),
  }
})

const db = () => getDb()
let inquiryId: string
let amara: SessionUser & { cookie: string }
let cycleNumbers: number[]

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
/** Visible text of an HTML document, whitespace squashed. */
const textOf = (html: string) =>
  decode(
    html
      .replace(/<!-- -->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
const squash = (s: string) => s.replace(/\s+/g, ' ').trim()
const unescapeMd = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1')

/** What a verdict is, on any surface: the status, the reason for it and the rule with its thresholds. */
const verdictOf = (i: Pick<Indicator, 'key' | 'status' | 'reason' | 'rule' | 'value' | 'thresholds'>) => ({
  key: i.key,
  status: i.status,
  reason: i.reason,
  rule: i.rule,
  value: i.value,
  thresholds: i.thresholds,
})

async function render(route: { default: () => ReactNode }, data: unknown): Promise<string> {
  remix.data = JSON.parse(JSON.stringify(data))
  return textOf(renderToString(createElement(route.default as () => ReactNode)))
}

async function exported(format: 'html' | 'md' | 'csv' | 'json'): Promise<string> {
  const { body } = await exportForMember(db(), amara, inquiryId, format, {})
  if (format === 'csv')
    return Object.entries(unzipSync(body))
      .map(([name, b]) => `${name}\n${new TextDecoder().decode(b)}`)
      .join('\n')
  return new TextDecoder().decode(body)
}

async function validityOf(cycle: number): Promise<{ indicators: Indicator[] } & Record<string, unknown>> {
  const params = { inquiryId, cycleNumber: String(cycle) }
  const response = await get(validityPage, { path: `/inquiries/${inquiryId}/cycles/${cycle}/validity`, params, cookie: amara.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

beforeAll(async () => {
  ;({ inquiryId } = await seedDemo(db(), { password: 'demo password for tests' }))
  const row = await db()
    .selectFrom('people')
    .select(['id', 'email', 'displayName'])
    .where('email', '=', 'amara@demo.inquiry.local')
    .executeTakeFirstOrThrow()
  amara = { ...row, cookie: (await startSession(db(), row.id)).split(';')[0]! }
  cycleNumbers = (await db().selectFrom('cycles').select('number').where('inquiryId', '=', inquiryId).orderBy('number').execute()).map(
    (c) => c.number,
  )
})

describe('one truth per indicator (issue 13 §5)', () => {
  test('the validity page, validity.json, the analysis page and analysis.json carry the same verdicts, reasons, rules and thresholds', async () => {
    expect(cycleNumbers.length).toBeGreaterThanOrEqual(2)
    let compared = 0
    for (const cycle of cycleNumbers) {
      const page = await validityOf(cycle)
      const params = { inquiryId, cycleNumber: String(cycle) }
      const asJson = await bodyOf(
        await get(validityJson, { path: `/inquiries/${inquiryId}/cycles/${cycle}/validity.json`, params, cookie: amara.cookie }),
      )
      expect(asJson.indicators.map(verdictOf)).toEqual(page.indicators.map(verdictOf))

      const analysis = await bodyOf(
        await get(analysisPage, { path: `/inquiries/${inquiryId}/analysis?cycle=${cycle}`, params: { inquiryId }, cookie: amara.cookie }),
      )
      if (!analysis.model) continue
      const shown = analysis.indicators as Indicator[]
      expect(shown.length).toBeGreaterThan(0)
      expect(shown.map((i) => i.key)).toContain('participation-balance')
      for (const i of shown) expect(verdictOf(i)).toEqual(verdictOf(page.indicators.find((p) => p.key === i.key)!))
      const data = await bodyOf(
        await get(analysisJson, {
          path: `/inquiries/${inquiryId}/analysis.json?cycle=${cycle}`,
          params: { inquiryId },
          cookie: amara.cookie,
        }),
      )
      expect(data.indicators.map(verdictOf)).toEqual(shown.map(verdictOf))
      compared++
    }
    expect(compared).toBeGreaterThan(0)
  })

  test("the rendered validity page shows each status beside its reason and its rule, in the core's words", async () => {
    for (const cycle of cycleNumbers) {
      const review = await validityOf(cycle)
      const text = await render(validityPage, review)
      for (const i of review.indicators) {
        expect(text, `${i.key} in cycle ${cycle}`).toContain(
          `${i.name} ${i.display} ${INDICATOR_STATUS_TEXT[i.status]} ${reasonAndRuleText(i)}`,
        )
      }
    }
  })

  test('the rendered analysis page says what the validity page says, and never calls participation even when the indicator warns', async () => {
    let rendered = 0
    for (const cycle of cycleNumbers) {
      const review = await validityOf(cycle)
      const data = await bodyOf(
        await get(analysisPage, { path: `/inquiries/${inquiryId}/analysis?cycle=${cycle}`, params: { inquiryId }, cookie: amara.cookie }),
      )
      if (!data.model) continue
      const text = await render(analysisPage, data)
      for (const i of data.indicators as Indicator[]) {
        expect(text, `${i.key} in cycle ${cycle}`).toContain(`${INDICATOR_STATUS_TEXT[i.status]} ${i.name}. ${reasonAndRuleText(i)}`)
      }
      const participation = review.indicators.find((i) => i.key === 'participation-balance')!
      expect(text).toContain(squash(describeParticipation(data.model.participation, participation)))
      expect(text).toContain(`Participation balance ${verdictText(participation)}`)
      expect(text).toContain(ruleText(participation))
      if (participation.status === 'warn' || participation.status === 'alert') expect(text).not.toMatch(/\beven\b/i)
      else expect(text).not.toMatch(/\buneven\b/i)
      rendered++
    }
    expect(rendered).toBeGreaterThan(0)
  })

  test("the archive, the HTML and Markdown reports, the CSV and the command line give each published cycle the page's verdicts, in the same words", async () => {
    const archive = JSON.parse(await exported('json'))
    const html = textOf(await exported('html'))
    const md = unescapeMd(await exported('md'))
    const csv = await exported('csv')
    const out: string[] = []
    await runCli(['analyse', inquiryId], { out: (l) => out.push(l), err: () => {} }, { DATABASE_URL: process.env.DATABASE_URL })
    const cli = JSON.parse(out.join('\n'))

    const published = archive.analysis as { cycle: number; indicators: Indicator[] }[]
    expect(published.length).toBeGreaterThan(0)
    for (const result of published) {
      const review = await validityOf(result.cycle)
      // One story: the archive computes from its own data what the app computes from the database.
      expect(result.indicators.map(verdictOf), `cycle ${result.cycle}`).toEqual(review.indicators.map(verdictOf))
      const fromCli = cli.cycles.find((c: { cycle: number }) => c.cycle === result.cycle)
      for (const i of review.indicators) {
        const where = `${i.key} in cycle ${result.cycle}`
        expect(html, `HTML: ${where}`).toContain(`${i.name} ${i.display} ${reasonAndRuleText(i)} ${INDICATOR_STATUS_TEXT[i.status]}`)
        expect(md, `Markdown: ${where}`).toContain(
          `| ${i.name} | ${i.display} | ${reasonAndRuleText(i)} | ${INDICATOR_STATUS_TEXT[i.status]} |`,
        )
        expect(csv, `CSV: ${where}`).toContain(i.rule)
        expect(csv, `CSV: ${where}`).toContain(i.reason)
        expect(verdictOf(fromCli.indicators.find((c: { key: string }) => c.key === i.key)), `CLI: ${where}`).toEqual(verdictOf(i))
      }
      const participation = review.indicators.find((i) => i.key === 'participation-balance')!
      expect(html).toContain(`Participation balance ${verdictText(participation)}`)
      expect(md).toContain(ruleText(participation))
    }
  })
})
