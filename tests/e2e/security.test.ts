import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Cookie } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { ArchiveSchema } from '~/features/exports/core/archive-schema'
import { toHtml } from '~/features/exports/report-html.server'
import { baseURL, PASSWORD, signUp, uniqueEmail, useBrowser } from './helpers'

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('security at the HTTP boundary', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let session: Cookie

  beforeAll(async () => {
    const page = await browsing.newPerson()
    await signUp(page, 'Sam Secure', uniqueEmail('sam'), PASSWORD)
    const cookies = await page.context().cookies()
    const found = cookies.find((c) => c.name.endsWith('inquiry-session'))
    if (!found) throw new Error(`No session cookie after sign-up; the browser holds: ${cookies.map((c) => c.name).join(', ') || 'none'}`)
    session = found
  })

  const cookieHeader = () => `${session.name}=${session.value}`

  async function myGroupsPage(): Promise<string> {
    const response = await fetch(new URL('/groups', baseURL), { headers: { Cookie: cookieHeader() }, redirect: 'manual' })
    expect(response.status).toBe(200)
    return response.text()
  }

  it('refuses a POST to /groups from another site with 403, even with a valid session, and creates nothing', async () => {
    const response = await fetch(new URL('/groups', baseURL), {
      method: 'POST',
      headers: { ...FORM, Origin: 'http://evil.example', Cookie: cookieHeader() },
      body: new URLSearchParams({ kind: 'inquiry_group', name: 'Planted by evil.example' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('came from another site')
    expect(await myGroupsPage()).not.toContain('Planted by evil.example')
  })

  it('accepts the same POST from the app’s own origin (so the 403 is about the origin)', async () => {
    const response = await fetch(new URL('/groups', baseURL), {
      method: 'POST',
      headers: { ...FORM, Origin: new URL(baseURL).origin, Cookie: cookieHeader() },
      body: new URLSearchParams({ kind: 'inquiry_group', name: 'Made from the app itself' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^\/groups\/[A-Za-z0-9_-]+$/)
    expect(await myGroupsPage()).toContain('Made from the app itself')
  })

  it("sends nosniff and a CSP with frame-ancestors 'none' on pages, errors and static files", async () => {
    const home = await fetch(new URL('/', baseURL))
    const stylesheet = /<link rel="stylesheet" href="(\/build\/[^"]+\.css)"/.exec(await home.text())?.[1]
    expect(stylesheet, 'the home page links its stylesheet from /build').toBeDefined()

    const checks: { what: string; response: Response; status: number }[] = [
      { what: 'GET /', response: home, status: 200 },
      { what: 'GET /signup', response: await fetch(new URL('/signup', baseURL)), status: 200 },
      {
        what: 'GET /groups signed in',
        response: await fetch(new URL('/groups', baseURL), { headers: { Cookie: cookieHeader() } }),
        status: 200,
      },
      { what: 'GET an unknown page', response: await fetch(new URL('/no-such-page', baseURL)), status: 404 },
      { what: `GET ${stylesheet}`, response: await fetch(new URL(stylesheet!, baseURL)), status: 200 },
      {
        what: 'a refused cross-site POST',
        response: await fetch(new URL('/groups', baseURL), {
          method: 'POST',
          headers: { ...FORM, Origin: 'http://evil.example' },
          body: 'name=x',
        }),
        status: 403,
      },
    ]
    for (const { what, response, status } of checks) {
      expect(response.status, what).toBe(status)
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff')
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(
        csp.split(';').map((d) => d.trim()),
        what,
      ).toContain("frame-ancestors 'none'")
      if (!response.bodyUsed) await response.body?.cancel()
    }
  })

  it('allows inline scripts only with this response’s nonce, and every inline script carries it', async () => {
    const nonces = new Set<string>()
    for (const path of ['/', '/signup', '/login']) {
      const response = await fetch(new URL(path, baseURL))
      const csp = (response.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim())
      const scriptSrc = csp.find((d) => d.startsWith('script-src '))
      expect(scriptSrc, path).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' *$/)
      expect(scriptSrc).not.toContain('unsafe-inline')
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("default-src 'self'")
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc!)![1]!
      nonces.add(nonce)
      const html = await response.text()
      const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)]
      expect(inline.length, `${path} has inline scripts`).toBeGreaterThan(0)
      for (const [, attributes] of inline) expect(attributes, path).toContain(`nonce="${nonce}"`)
    }
    // A fresh nonce for every response.
    expect(nonces.size).toBe(3)
  })

  it('keeps the session in an HttpOnly, SameSite=Lax cookie (Secure and __Host- in production)', () => {
    expect(session.httpOnly).toBe(true)
    expect(session.sameSite).toBe('Lax')
    expect(session.secure).toBe(true)
    expect(session.name).toBe('__Host-inquiry-session')
    expect(session.path).toBe('/')
    expect(session.domain).toBe(new URL(baseURL).hostname)
  })
})

describe('the standalone HTML report, opened from disk', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })

  it('carries its own Content-Security-Policy: its styles apply, yet a script that slipped in runs nothing and loads nothing', async () => {
    const archive = ArchiveSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')))
    const report = toHtml(archive)
    // What an escaping bug would let through: an inline script, an event handler, a remote image.
    const planted = report.replace(
      '</body>',
      '<script>document.title = "ran"</script><img src="http://127.0.0.1:9/beacon.png" onerror="document.title = \'handler ran\'"></body>',
    )
    const dir = mkdtempSync(join(tmpdir(), 'report-csp-'))
    const file = join(dir, 'report.html')
    writeFileSync(file, planted)
    try {
      const page = await browsing.newPerson()
      // Chromium announces a request before the policy refuses it; what matters is that it is refused.
      const sent: string[] = []
      const refused: string[] = []
      page.on('requestfinished', (request) => sent.push(request.url()))
      page.on('requestfailed', (request) => refused.push(`${request.url()} ${request.failure()?.errorText}`))
      await page.goto(pathToFileURL(file).href)
      await page.waitForTimeout(300)
      expect(await page.title()).toBe(`${archive.inquiry.title} — findings report`)
      expect(sent.filter((url) => url.startsWith('http'))).toEqual([])
      expect(refused).toEqual(['http://127.0.0.1:9/beacon.png csp'])
      // The report's own <style> still applies.
      expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
