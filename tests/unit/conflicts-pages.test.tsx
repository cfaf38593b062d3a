import { describe, expect, test, vi } from 'vitest'

// The concerns-and-conflicts pages as a browser first gets them (server render): what each offers
// in each state, and that a refusal's message stands beside its own field.

vi.mock('@remix-run/react', () => import('../support/remix-stand-in'))
const { render } = await import('../support/remix-stand-in')

const { default: Conflicts } = await import('~/routes/groups.$groupId.conflicts._index')
const { default: Conflict } = await import('~/routes/groups.$groupId.conflicts.$conflictId')
const { default: Help } = await import('~/routes/network.links.$linkId_.help')

const group = { id: 'g1', name: 'Ash circle', kind: 'inquiry_group' as const }
const outcomes = [
  { value: 'honourable_difference', label: 'An honourable difference', meaning: 'Acknowledged and accommodated.' },
  { value: 'misunderstanding', label: 'A misunderstanding', meaning: 'Taken to mean something else.' },
]
const steps = [
  { key: 'direct', name: 'Speak directly', description: 'Face to face', audience: 'involved', audienceLabel: 'between those involved' },
  { key: 'group', name: 'Whole group', description: '', audience: 'group', audienceLabel: 'with the whole group' },
]
const listBase = {
  group,
  isGroup: true,
  form: null,
  versions: [],
  draft: { intro: 'Template intro', steps: 'Speak directly | involved | Face to face', fromTemplate: true },
  openDecisions: [],
  concerns: [],
  members: [{ personId: 'p2', displayName: 'Bea' }],
  outcomes,
}

describe('the page of concerns', () => {
  test('without a form it offers the template draft to propose, and no way to raise a concern', () => {
    const html = render(Conflicts, listBase)
    expect(html).toContain('has not agreed a form yet')
    expect(html).toContain('Speak directly | involved | Face to face')
    expect(html).toContain('A starting draft')
    expect(html).not.toContain('Raise a concern')
    expect(html).toContain('Acknowledged and accommodated.')
  })

  test('with a form it shows its steps and the raise form; a refusal sits beside its field, the input kept', () => {
    const form = { version: 2, intro: 'Our way', steps, decisionId: 'd2', decisionTitle: 'Revise', adoptedAt: '2026-01-02T00:00:00Z' }
    const html = render(
      Conflicts,
      { ...listBase, form, versions: [form, { ...form, version: 1, decisionId: 'd1' }] },
      { errors: { named: 'Name the member.' }, values: { intent: 'raise', concern: 'Kept words' } },
    )
    expect(html).toContain('Version 2')
    expect(html).toContain('Earlier versions')
    expect(html).toContain('Raise a concern')
    expect(html).toMatch(/id="raise-named-error"[^>]*>Name the member\./)
    expect(html).toContain('Kept words')
  })

  test('a pair is told the form is a practitioner group’s, and offered nothing', () => {
    const html = render(Conflicts, { ...listBase, isGroup: false, group: { ...group, kind: 'pair' } })
    expect(html).toContain('practitioner group’s')
    expect(html).not.toContain('Propose to the group')
  })
})

const concernBase = {
  group,
  concern: {
    id: 'c1',
    about: 'A concern between members',
    text: 'The words of the concern',
    status: 'open',
    statusLabel: 'Open',
    raisedByName: 'Ada',
    createdAt: '2026-01-01T00:00:00Z',
    closedAt: null,
    formVersion: 1,
    outcome: null,
    groupReads: false,
  },
  steps: steps.map((s, i) => ({
    ...s,
    number: i + 1,
    current: i === 0,
    notes: i === 0 ? [{ id: 'n1', note: 'We met', byName: 'Ada', at: '2026-01-01T10:00:00Z' }] : [],
  })),
  currentStep: { key: 'direct', name: 'Speak directly', audience: 'involved' },
  nextStep: { name: 'Whole group', audience: 'group', audienceLabel: 'with the whole group' },
  parties: [
    { personId: 'p1', displayName: 'Ada', role: 'raised' },
    { personId: 'p2', displayName: 'Bea', role: 'named' },
  ],
  yourPart: 'raised',
  may: { note: true, moveOn: true, close: true, withdraw: true, addSupporter: true, askHelp: false },
  supporterCandidates: [{ personId: 'p3', displayName: 'Cas' }],
  links: [],
  helpRequests: [],
  outcomes,
}

describe('a concern’s record', () => {
  test('between those involved it says so, and offers note, move on, supporter, outcome and withdraw', () => {
    const html = render(Conflict, concernBase)
    expect(html).toContain('Only those involved read this record')
    expect(html).toContain('The words of the concern')
    expect(html).toContain('We met')
    expect(html).toContain('Move on to: Whole group')
    expect(html).toContain('every member reads this whole record')
    expect(html).toContain('Add the supporter')
    expect(html).toContain('Close the concern')
    expect(html).toContain('Withdraw this concern')
    expect(html).not.toContain('The link group to ask')
  })

  test('closed, it shows the outcome with its meaning, and offers nothing more', () => {
    const html = render(Conflict, {
      ...concernBase,
      concern: {
        ...concernBase.concern,
        status: 'closed',
        groupReads: true,
        outcome: { label: 'An honourable difference', meaning: 'Acknowledged and accommodated.', note: 'Both stand', byName: 'Bea' },
      },
      may: { note: false, moveOn: false, close: false, withdraw: false, addSupporter: false, askHelp: false },
    })
    expect(html).toContain('An honourable difference.')
    expect(html).toContain('Bea: Both stand')
    expect(html).toContain('The whole group reads this record')
    expect(html).not.toContain('Close the concern')
  })

  test('at a group step, a member may propose asking a link group, with a summary only; a refusal sits beside the summary', () => {
    const html = render(
      Conflict,
      { ...concernBase, may: { ...concernBase.may, askHelp: true }, links: [{ id: 'l1', otherName: 'Oak circle' }] },
      { errors: { summary: 'Write the summary.' }, values: { intent: 'help' } },
    )
    expect(html).toContain('The link group to ask')
    expect(html).toContain('Oak circle')
    expect(html).toMatch(/id="help-summary-error"[^>]*>Write the summary\./)
  })

  test('a withdrawal asks first, as a page without JavaScript', () => {
    const html = render(Conflict, concernBase, { confirm: { intent: 'withdraw', fields: [['intent', 'withdraw']] } })
    expect(html).toContain('Withdraw this concern?')
    expect(html).toContain('Yes, withdraw it')
  })
})

describe('help asked over a link', () => {
  const data = {
    link: { id: 'l1', status: 'active' },
    ours: { id: 'g1', name: 'Ash circle' },
    theirs: { id: 'g2', name: 'Oak circle' },
    toUs: [{ id: 'r1', summary: 'Their summary', askedAt: '2026-01-01T00:00:00Z', answer: null, answeredAt: null, answeredByName: null }],
    fromUs: [
      {
        id: 'r2',
        conflictId: 'c9',
        summary: 'Our summary',
        askedAt: '2026-01-01T00:00:00Z',
        answer: 'Their answer',
        answeredAt: '2026-01-02T00:00:00Z',
        answeredByName: 'Oli',
      },
    ],
  }
  test('the group asked reads the summary and may answer; the asking group reads the answer', () => {
    const html = render(Help, data)
    expect(html).toContain('Their summary')
    expect(html).toContain('Answer for Ash circle')
    expect(html).toContain('Our summary')
    expect(html).toContain('Their answer')
    expect(html).toContain('/groups/g1/conflicts/c9')
  })
})
