import { sql } from 'kysely'
import { unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createDb, parseDatabaseUrl } from '~db/connection'
import { demoGroup, demoPeople } from '~db/demo-content'
import { NETWORK_TABLES } from '~db/migrations/2026-12-07-17-network'
import { seedDemo } from '~/features/demo/seed-demo.server'
import { EXPORT_FORMATS } from '~/features/exports/export.schema'
import { baseURL, logIn, PASSWORD, useBrowser, visit } from './helpers'

// Issue 13 §2 in a real browser: a demo member withdraws (JavaScript on) and another deletes
// their account (JavaScript off); then another member follows every link from "My groups",
// reads every page as rendered, and downloads every export format. The person's name and
// email appear nowhere.

// The demo is seeded with the suite's one password, so that any file may sign in as its people
// (the network's federal test has the demo's member groups cast their stance).
const demo = (key: string) => demoPeople.find((p) => p.key === key)!

/** Visible text of every page the last crawl read, for the copy check. */
const readText = new Map<string, string>()

/** Every page reachable by following same-origin links from My groups, as rendered HTML. */
async function crawl(page: Page, limit = 400): Promise<Map<string, string>> {
  const seen = new Map<string, string>()
  const queue = ['/groups']
  while (queue.length && seen.size < limit) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    const response = await page.goto(path)
    seen.set(path, `${response?.status()}\n${await page.content()}`)
    readText.set(path, await page.locator('body').innerText())
    const links = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    for (const href of links) {
      const url = new URL(href)
      if (url.origin !== new URL(baseURL).origin || /^\/(logout|login|signup)/.test(url.pathname)) continue
      const next = url.pathname + url.search
      if (!seen.has(next) && !queue.includes(next)) queue.push(next)
    }
  }
  return seen
}

/** Every export format of every inquiry the crawl found, downloaded as the browser would. */
async function downloads(page: Page, pages: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const inquiries = new Set([...pages.keys()].map((p) => /^\/inquiries\/([A-Za-z0-9_-]+)/.exec(p)?.[1]).filter((id): id is string => !!id))
  for (const id of inquiries) {
    for (const format of EXPORT_FORMATS) {
      const response = await page.request.post(`/inquiries/${id}/export/download`, {
        form: { format },
        headers: { Origin: new URL(baseURL).origin },
      })
      const body = await response.body()
      const text =
        format === 'csv' || format === 'qdpx'
          ? response.ok()
            ? Object.values(unzipSync(new Uint8Array(body)))
                .map((b) => new TextDecoder().decode(b))
                .join('\n')
            : body.toString()
          : body.toString()
      out.set(`${id} ${format} ${response.status()}`, text)
    }
  }
  return out
}

const mentions = (surfaces: Map<string, string>, person: { displayName: string; email: string }) => {
  const first = person.displayName.split(' ')[0]!
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${[person.displayName, first, person.email].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
    'iu',
  )
  return [...surfaces]
    .filter(([, text]) => pattern.test(text))
    .map(([label, text]) => `${label}: ${text.slice(Math.max(0, text.search(pattern) - 60), text.search(pattern) + 60)}`)
}

describe('withdrawal and deletion in Chromium', () => {
  const scripted = useBrowser({ javaScriptEnabled: true })
  const plain = useBrowser({ javaScriptEnabled: false })

  beforeAll(async () => {
    const db = createDb(parseDatabaseUrl(inject('databaseURL')))
    // The demo's addresses are fixed, and another file may have seeded it: an earlier copy's people move aside.
    await sql`update people set email = replace(email, '@demo.inquiry.local', ${`+earlier-${Date.now()}@demo.inquiry.local`}) where email like '%@demo.inquiry.local'`.execute(
      db,
    )
    // The network is one per installation: an earlier copy's groups would be read as this demo's
    // neighbours (their Carys is not the one who withdraws), so this sweep starts from an empty one.
    for (const table of NETWORK_TABLES) await sql`delete from ${sql.table(table)}`.execute(db)
    await seedDemo(db, { password: PASSWORD })
    await db.destroy()
  })

  it('after Carys withdraws through the group page, nothing Amara can reach names her', async () => {
    const carys = await scripted.newPerson()
    await logIn(carys, demo('carys').email, PASSWORD)
    await carys.getByRole('link', { name: demoGroup.name }).first().click()
    await carys.getByRole('navigation', { name: 'This group' }).getByRole('link', { name: 'Leave or withdraw' }).click()
    await carys.getByLabel('Type “withdraw” to confirm').fill('withdraw')
    await carys.getByRole('button', { name: 'Withdraw and delete my contributions' }).click()
    await carys.waitForURL('**/groups')

    const amara = await scripted.newPerson()
    await logIn(amara, demo('amara').email, PASSWORD)
    const pages = await crawl(amara)
    expect(pages.size).toBeGreaterThan(30)
    const files = await downloads(amara, pages)
    expect([...files.keys()].filter((k) => k.endsWith(' 200')).length).toBeGreaterThanOrEqual(4)
    expect(mentions(pages, demo('carys'))).toEqual([])
    expect(mentions(files, demo('carys'))).toEqual([])
    expect([...pages.values()].some((html) => html.includes('A former member withdrew from the research'))).toBe(true)
  }, 240_000)

  it('no page a member reads has a copy slip: a doubled full stop, a range of one cycle, a sentence said twice', () => {
    expect(readText.size).toBeGreaterThan(30)
    const slips: string[] = []
    for (const [path, text] of readText) {
      for (const line of text.split('\n')) {
        const slip = /(?<![.…])\.\.(?![.…])/.exec(line) ?? /\bcycles (\d+)–\1\b/.exec(line) ?? /([A-Z][^.!?]{15,}[.!?])\s+\1/.exec(line)
        if (slip) slips.push(`${path}: …${line.slice(Math.max(0, slip.index - 40), slip.index + 60)}…`)
      }
    }
    expect(slips).toEqual([])
  })

  it('after Finn deletes his account without JavaScript, nothing Elena can reach names him', async () => {
    const finn = await plain.newPerson()
    await logIn(finn, demo('finn').email, PASSWORD)
    await visit(finn, '/account', /account/i)
    await finn.getByLabel('Type “delete my account” to confirm').fill('delete my account')
    await finn.getByRole('button', { name: 'Delete my account' }).click()
    await finn.waitForURL((url) => !url.pathname.startsWith('/account'))

    const elena = await plain.newPerson()
    await logIn(elena, demo('elena').email, PASSWORD)
    const pages = await crawl(elena)
    expect(pages.size).toBeGreaterThan(30)
    expect(mentions(pages, demo('finn'))).toEqual([])
    expect(mentions(await downloads(elena, pages), demo('finn'))).toEqual([])
  }, 240_000)
})
