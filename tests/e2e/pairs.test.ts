import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  arrived,
  browserErrors,
  createInvitation,
  expectNoSeriousAxeViolations,
  joinByLink,
  useBrowser,
  mainText,
  PASSWORD,
  signUp,
  uniqueEmail,
  visit,
  waitForHydration,
} from './helpers'

const REVIEW_ROUTE = 'routes/groups.$groupId.reviews.$reviewId'

/** After a form posts back to the same page: waits for what shows it took effect, lets the page hydrate and checks it. */
async function settled(page: Page, shown: Locator): Promise<void> {
  await shown.waitFor()
  await waitForHydration(page)
  await expectNoSeriousAxeViolations(page)
}

/** Starts a client–practitioner pair from "My groups" in the given role; returns its path (/groups/:id). */
async function createPair(page: Page, name: string, role: 'Client' | 'Practitioner'): Promise<string> {
  await page.getByRole('radio', { name: /^Client–practitioner pair/ }).check()
  await page.getByLabel('Group name').fill(name)
  await page.getByRole('radio', { name: role, exact: true }).check()
  await page.getByRole('button', { name: 'Create group' }).click()
  await page.waitForURL(/\/groups\/[A-Za-z0-9_-]+$/)
  await arrived(page, name)
  return new URL(page.url()).pathname
}

async function raiseItem(page: Page, kind: RegExp, text: string): Promise<void> {
  await page.getByRole('group', { name: 'Kind' }).getByRole('radio', { name: kind }).check()
  await page.getByLabel('What you want to raise').fill(text)
  await page.getByRole('button', { name: 'Add to the agenda' }).click()
  await settled(page, agendaItem(page, text))
}

const agendaItem = (page: Page, text: string) => page.getByTestId('agenda-item').filter({ hasText: text })

async function chooseOutcome(page: Page, outcome: string, reason = ''): Promise<void> {
  await page.getByRole('radio', { name: outcome, exact: true }).check()
  if (reason) await page.getByLabel('Why (needed to change or end)').fill(reason)
  await page.getByRole('button', { name: /^(Give my choice|Change my choice)$/ }).click()
}

/** The review's loader data as the browser can fetch it (a Remix data request with the person's cookies). */
async function reviewData(page: Page, reviewPath: string): Promise<string> {
  const response = await page.request.get(`${reviewPath}?_data=${encodeURIComponent(REVIEW_ROUTE)}`)
  expect(response.status()).toBe(200)
  return response.text()
}

describe('a client–practitioner pair in Chromium', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })
  let pat: Page
  let jo: Page

  beforeAll(async () => {
    pat = await browsing.newPerson()
    jo = await browsing.newPerson()
  })

  it('takes a pair from invitation and consent through two peer reviews to the involvement chart', async () => {
    const pairName = 'Pat and Jo'
    const patItem = 'I wonder whether the sessions feel too long for you.'
    const joItem = 'I would like to choose what we start each session with.'
    const joSecond = 'The walk outside was the first time I said what I really meant.'
    const endReason = 'I have what I came for and want to carry on with my own inquiry.'

    // The practitioner signs up, starts the pair as its practitioner and makes a link; the client joins by it.
    await signUp(pat, 'Pat Practitioner', uniqueEmail('pat'), PASSWORD)
    await signUp(jo, 'Jo Client', uniqueEmail('jo'), PASSWORD)
    const groupPath = await createPair(pat, pairName, 'Practitioner')
    expect(await mainText(pat)).toContain('Client–practitioner pair')
    const link = await createInvitation(pat)
    await visit(jo, link, `Join ${pairName}`)
    expect(await mainText(jo)).toContain('invited you to this client–practitioner pair as the client')
    await joinByLink(jo, link, pairName)
    expect(new URL(jo.url()).pathname).toBe(groupPath)

    // The client opens the principles, reads them and consents.
    await jo.getByRole('link', { name: 'Principles, consent and peer reviews' }).click()
    await jo.waitForURL(`**${groupPath}/pair`)
    await arrived(jo, 'Our work together')
    const pairPath = `${groupPath}/pair`
    let text = await mainText(jo)
    expect(text).toContain('The principles of our work (version 1)')
    expect(text).toContain('The work is yours: you decide what to bring, and you can say no to anything we try.')
    expect(text).toContain('The client has not yet consented to the principles of the work.')
    expect(text).toContain('You are the client.')
    await jo.getByRole('button', { name: 'I consent to these principles' }).click()
    await settled(jo, jo.getByText(/^The client consented to version 1 on /))
    expect(await jo.getByRole('button', { name: 'Withdraw my consent' }).count()).toBe(1)

    // The practitioner sees the consent, opens a review and raises an item.
    await visit(pat, pairPath, 'Our work together')
    text = await mainText(pat)
    expect(text).toContain('The client consented to version 1 on')
    expect(text).toContain('You are the practitioner.')
    expect(await pat.getByRole('button', { name: 'I consent to these principles' }).count()).toBe(0)
    await pat.getByRole('button', { name: 'Open a peer review now' }).click()
    await pat.waitForURL(/\/reviews\/[A-Za-z0-9_-]+$/)
    await arrived(pat, 'Peer review 1')
    const reviewPath = new URL(pat.url()).pathname
    expect(await mainText(pat)).toContain('The client raises first.')
    await raiseItem(pat, /^Between us/, patItem)

    // The client does not see it, in the page or in its data; raises their own and submits.
    await visit(jo, pairPath, 'Our work together')
    await jo.getByRole('link', { name: 'Go to the open review' }).click()
    await jo.waitForURL(`**${reviewPath}`)
    await arrived(jo, 'Peer review 1')
    expect(await mainText(jo)).toContain('You raise first.')
    expect(await mainText(jo)).not.toContain(patItem)
    expect(await reviewData(jo, reviewPath)).not.toContain(patItem)
    await raiseItem(jo, /^Proposal/, joItem)
    expect(await mainText(jo)).not.toContain(patItem)
    // Before the client submits, the practitioner does not see the client's item either.
    await visit(pat, reviewPath, 'Peer review 1')
    expect(await mainText(pat)).not.toContain(joItem)
    expect(await reviewData(pat, reviewPath)).not.toContain(joItem)

    await jo.getByRole('button', { name: 'Submit my items' }).click()
    await settled(jo, agendaItem(jo, patItem))
    await visit(pat, reviewPath, 'Peer review 1')
    for (const page of [jo, pat]) {
      expect(await page.getByTestId('agenda-item').count()).toBe(2)
      text = await mainText(page)
      expect(text).toContain(patItem)
      expect(text).toContain(joItem)
    }

    // The client chooses to continue: the review stays open for the practitioner until they choose too.
    await chooseOutcome(jo, 'Continue as we are')
    await settled(jo, jo.getByRole('button', { name: 'Change my choice' }))
    await visit(pat, reviewPath, 'Peer review 1')
    text = await mainText(pat)
    expect(text).toContain('The other person has chosen; their choice shows once you have chosen too.')
    expect(text).not.toContain('The client chose')
    expect(await pat.getByRole('button', { name: 'Give my choice' }).count()).toBe(1)
    await visit(pat, pairPath, 'Our work together')
    expect(await pat.getByRole('link', { name: 'Go to the open review' }).count()).toBe(1)
    expect(await pat.getByRole('row', { name: /Review 1/ }).innerText()).toMatch(/open$/)

    await visit(pat, reviewPath, 'Peer review 1')
    await chooseOutcome(pat, 'Continue as we are')
    const outcome = pat.getByRole('region', { name: 'Outcome' })
    await settled(pat, outcome.getByText('Continue as we are', { exact: true }))
    text = (await outcome.innerText()).replace(/\s+/g, ' ')
    expect(text).toContain('The client chose: Continue as we are')
    expect(text).toContain('The practitioner chose: Continue as we are')
    expect(await pat.getByRole('button', { name: /my choice/ }).count()).toBe(0)
    expect(await mainText(pat)).toMatch(/, closed \d+ \w+ \d{4}\./)
    await visit(jo, reviewPath, 'Peer review 1')
    expect(await jo.getByRole('region', { name: 'Outcome' }).innerText()).toContain('Continue as we are')

    // The pair page now shows the next review date, and review 1 continued.
    await visit(jo, pairPath, 'Our work together')
    expect(await mainText(jo)).toMatch(/Every 28 days\. Next review: \d+ \w+ \d{4}\./)
    expect(await jo.getByRole('row', { name: /Review 1/ }).innerText()).toContain('Continue as we are')

    // A second review: the client raises and submits, then ends the work alone, saying why.
    await jo.getByRole('button', { name: 'Open a peer review now' }).click()
    await jo.waitForURL(/\/reviews\/[A-Za-z0-9_-]+$/)
    await arrived(jo, 'Peer review 2')
    const secondPath = new URL(jo.url()).pathname
    await raiseItem(jo, /^Satisfaction/, joSecond)
    await jo.getByRole('button', { name: 'Submit my items' }).click()
    await settled(jo, jo.getByRole('button', { name: 'Give my choice' }))
    // Without a reason, ending is refused beside the reason field.
    await chooseOutcome(jo, 'End the work')
    await settled(jo, jo.getByText('Say why you are ending the work.'))
    await chooseOutcome(jo, 'End the work', endReason)
    const ended = jo.getByRole('region', { name: 'Outcome' })
    await settled(jo, ended.getByText('End the work', { exact: true }))
    expect(await ended.innerText()).toContain(`Client: ${endReason}`)

    await visit(pat, secondPath, 'Peer review 2')
    expect(await pat.getByRole('region', { name: 'Outcome' }).innerText()).toContain('End the work')
    expect(await pat.getByRole('button', { name: /my choice/ }).count()).toBe(0)

    // The pair page says the work has ended, offers no further review, and charts the involvement.
    await visit(pat, pairPath, 'Our work together')
    text = await mainText(pat)
    expect(text).toContain(`The work has ended. ${endReason}`)
    expect(await pat.getByRole('button', { name: 'Open a peer review now' }).count()).toBe(0)
    const chart = pat.getByRole('figure', { name: /The client's share of the agenda grew/ })
    await chart.getByRole('heading', { name: 'The client’s growing involvement' }).waitFor()
    expect(await chart.locator('svg.recharts-surface').count()).toBeGreaterThan(0)
    const table = chart.getByRole('table')
    const rows = await table.locator('tbody tr').allInnerTexts()
    expect(rows).toHaveLength(2)
    expect(await table.locator('tbody th[scope=row]').allInnerTexts()).toEqual(['1', '2'])
    expect(rows[0]!.replace(/\s+/g, ' ')).toMatch(/^1 1 of 2 50%/)
    expect(rows[1]!.replace(/\s+/g, ' ')).toMatch(/^2 1 of 1 100%/)
    expect(await chart.locator('figcaption').innerText()).toContain('grew, from 50% in review 1 to 100% in review 2')
    await expectNoSeriousAxeViolations(pat)
    await visit(jo, pairPath, 'Our work together')
    expect(await mainText(jo)).toContain(`The work has ended. ${endReason}`)

    expect(browserErrors(pat)).toEqual([])
    expect(browserErrors(jo)).toEqual([])
  })
})
