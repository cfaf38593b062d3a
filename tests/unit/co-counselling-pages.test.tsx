import { describe, expect, test, vi } from 'vitest'

// The co-counselling pages as a browser first gets them (server render): what each offers in each
// state, that a refusal stands beside its field, and that no field for content exists but the
// person's own private note. Remix's hooks are stood in for by the loader's data and the action's answer.

vi.mock('@remix-run/react', () => import('../support/remix-stand-in'))
const { render } = await import('../support/remix-stand-in')

const { default: SessionPage } = await import('~/routes/co-counselling.sessions.$sessionId')
const { default: IndexPage } = await import('~/routes/co-counselling._index')
const { default: GroupPage } = await import('~/routes/groups.$groupId.co-counselling')

const contracts = [
  { value: 'free_attention', label: 'Free attention', hint: 'no verbal interventions' },
  { value: 'normal', label: 'Normal', hint: 'some interventions' },
  { value: 'intensive', label: 'Intensive', hint: 'as many as necessary' },
]
const session = {
  session: { id: 's1', when: 'Mon, 7 Dec 2026, 18:00 (UTC)', minutesEach: 30, overrunMinutes: 5, status: 'booked', through: 'Ash circle' },
  people: [
    { personId: 'a', displayName: 'Ann (you)', asClient: 'running now', seconds: null },
    { personId: 'b', displayName: 'Ben', asClient: 'not yet', seconds: null },
  ],
  turns: [],
  running: null,
  next: null,
  canCancel: false,
  contracts,
  note: null,
}
const running = {
  id: 't1',
  client: 'You',
  counsellor: 'Ben',
  iAmClient: true,
  startedAt: '2026-12-07T18:00:00.000Z',
  serverNow: '2026-12-07T18:12:30.000Z',
  bookedSeconds: 1800,
  limitSeconds: 2100,
  contract: 'normal',
  canKeepTime: true,
  canInterrupt: false,
  interruptedBy: null,
}

/** Every field a person can type into: the page's textareas and its text-like inputs. */
function typedFields(html: string): string[] {
  const textareas = [...html.matchAll(/<textarea[^>]*name="([^"]+)"/g)].map((m) => `textarea:${m[1]}`)
  const inputs = [...html.matchAll(/<input([^>]*)>/g)]
    .map((m) => m[1]!)
    .filter((attrs) => !/type="(hidden|radio|checkbox|number|datetime-local|submit)"/.test(attrs))
    .map((attrs) => `input:${/name="([^"]+)"/.exec(attrs)?.[1]}`)
  return [...textareas, ...inputs]
}

describe('the session page', () => {
  test('before a turn: the next client’s contract among the three, and the private note as the only text field', () => {
    const html = render(SessionPage, {
      ...session,
      next: {
        clientId: 'a',
        client: 'You',
        iAmClient: true,
        counsellors: [{ personId: 'b', displayName: 'Ben' }],
        defaultCounsellorId: 'b',
      },
      canCancel: true,
    })
    expect(html).toContain('Your turn as client is next')
    for (const c of contracts) expect(html).toContain(`value="${c.value}"`)
    expect(html).toContain('Start the turn')
    expect(html).toContain('Cancel the session')
    expect(html).not.toContain('name="counsellorId"')
    expect(typedFields(html)).toEqual(['textarea:text'])
  })

  test('during a turn: time gone and left, stop with the measured length, tell the time, and a contract change', () => {
    const html = render(SessionPage, { ...session, running })
    expect(html).toContain('12:30 gone · 17:30 left')
    expect(html).toContain('Stop the turn')
    expect(html).toContain('Tell the time')
    expect(html).toContain('Change the contract')
    expect(html).toContain('data-testid="contract-now">Normal')
    expect(html).not.toContain('Interrupt')
    expect(typedFields(html)).toEqual(['textarea:text'])
  })

  test('a counsellor may interrupt; a refused stop asks for the length in whole minutes beside its field, input kept', () => {
    const html = render(
      SessionPage,
      { ...session, running: { ...running, iAmClient: false, client: 'Ann', counsellor: 'You', canInterrupt: true } },
      {
        errors: { minutes: 'A turn here lasts at most 35 min. Enter how long the turn actually was, in whole minutes.' },
        values: { intent: 'stop', turnId: 't1', minutes: '50' },
      },
    )
    expect(html).toContain('Interrupt: I cannot give attention')
    const field = /<input id="stop-minutes"[^>]*>/.exec(html)?.[0] ?? ''
    expect(field).toContain('type="number"')
    expect(field).toContain('value="50"')
    expect(field).toContain('aria-invalid="true"')
    expect(html).toContain('id="stop-minutes-error">A turn here lasts at most 35 min')
  })

  test('the private note is shown to its writer with its own id, and can be deleted', () => {
    const html = render(SessionPage, { ...session, note: { id: 'n1', text: 'Mine alone', updatedAt: 'Mon' } })
    expect(html).toContain('Mine alone</textarea>')
    expect(html).toContain('name="noteId" value="n1"')
    expect(html).toContain('Delete my note')
  })
})

describe('the person’s co-counselling page', () => {
  const data = {
    zone: 'UTC',
    candidates: [{ personId: 'b', displayName: 'Ben', where: ['Ash circle'] }],
    through: [{ value: 'g1', label: 'Ash circle' }],
    upcoming: [],
    past: [],
    ledger: {
      partners: [{ personId: 'b', displayName: 'Ben', given: 1800, received: 1800, balance: 0, balanced: true }],
      months: [{ month: '2026-12', label: 'December 2026', given: 1800, received: 1800, balance: 0 }],
      total: { given: 1800, received: 1800, balance: 0, balanced: true },
    },
  }

  test('booking with equal minutes for each, and the ledger per partner and per month', () => {
    const html = render(IndexPage, data)
    expect(html).toContain('Book the session')
    expect(html).toContain('Minutes each as client')
    expect(html).toMatch(/<th scope="row">Ben<\/th><td>30 min<\/td><td>30 min<\/td><td>even<\/td>/)
    expect(html).toContain('December 2026')
    expect(html).toContain('href="/co-counselling/ledger.csv"')
    expect(typedFields(html)).toEqual([])
  })

  test('a refused booking keeps the input and shows the message beside the partners', () => {
    const html = render(IndexPage, data, {
      errors: { partners: 'A session is with someone else: you cannot book one with yourself.' },
      values: { intent: 'book', through: 'g1', partners: 'b', startsAt: '2026-12-10T14:30', minutesEach: '45' },
    })
    expect(html).toContain('id="book-partners-error">A session is with someone else')
    expect(html).toContain('value="45"')
    expect(html).toMatch(/id="partner-b"[^>]*checked/)
  })
})

describe('the group’s page', () => {
  const group = { id: 'g1', name: 'Ash circle', kind: 'inquiry_group' }
  test('without a decision the group sees nothing and may propose to see totals', () => {
    const html = render(GroupPage, { group, showTotals: false, totals: [], openDecisions: [] })
    expect(html).toContain('sees nothing of them')
    expect(html).toContain('name="show" value="yes"')
  })
  test('once decided, totals per month only', () => {
    const html = render(GroupPage, {
      group,
      showTotals: true,
      totals: [{ month: '2026-12', label: 'December 2026', sessions: 3, turns: 6, minutes: 180 }],
      openDecisions: [],
    })
    expect(html).toMatch(/<th scope="row">December 2026<\/th><td>3<\/td><td>6<\/td><td>180<\/td>/)
    expect(html).toContain('name="show" value="no"')
  })
})
