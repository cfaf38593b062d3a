import { describe, expect, test, vi } from 'vitest'
import { DEFAULT_SCALE, type Component } from '~/features/peer-audit/core/framework'

// The peer review audit's pages as a browser first gets them (server render): what each offers
// to whom, that every level has its label, and that a refusal stands beside its own field with
// the input kept. Remix's hooks are stood in for by the loader's data and the action's answer.

vi.mock('@remix-run/react', () => import('../support/remix-stand-in'))
const { render } = await import('../support/remix-stand-in')

const { default: GroupAudit } = await import('~/routes/groups.$groupId.audit._index')
const { default: AssessmentPage } = await import('~/routes/groups.$groupId.audit.$assessmentId')
const { default: LinkAudits } = await import('~/routes/network.links.$linkId_.audits')

const group = { id: 'g1', name: 'Ash circle', kind: 'inquiry_group' as const }
const components: Component[] = [
  {
    key: 'contract',
    name: 'Contracting',
    description: 'Agreeing the work',
    criteria: [
      { key: 'clear', text: 'I agreed the terms clearly.' },
      { key: 'held', text: 'I held the boundaries.' },
    ],
  },
]
const framework = {
  version: 2,
  templateName: 'Counselling',
  components,
  text: '# [contract] Contracting',
  scale: DEFAULT_SCALE,
  adoptedAt: '2026-11-01T00:00:00.000Z',
}
const auditData = {
  framework,
  versions: [
    {
      version: 2,
      adoptedAt: '2026-11-01T00:00:00.000Z',
      decisionId: 'd2',
      decisionTitle: 'Revise our audit framework',
      components: [{ name: 'Contracting', criteria: 2 }],
    },
  ],
  templates: [{ slug: 'peer-review-audit-counselling', name: 'Counselling', summary: 'A start.' }],
  openDecisions: [],
  mine: [
    {
      id: 'a1',
      practisedOn: '2026-11-20',
      occasion: 'A first session',
      frameworkVersion: 2,
      sharing: 'private',
      sharingLabel: 'Private: only you can read it',
    },
  ],
  shared: [
    {
      id: 'a2',
      practisedOn: '2026-11-21',
      occasion: 'An ending',
      frameworkVersion: 2,
      sharing: 'group',
      sharingLabel: 'Shared',
      writerName: 'Bea',
    },
  ],
  meetings: [{ id: 'm1', heldOn: '2026-11-28', title: 'Autumn audit', createdByName: 'Cy' }],
  today: '2026-12-01',
}

describe('the group’s audit page', () => {
  test('shows the framework, its versions with their decisions, my records, what others shared and the meetings', () => {
    const html = render(GroupAudit, { group, pairMessage: null, audit: auditData })
    for (const s of [
      'Contracting',
      'I agreed the terms clearly.',
      'A strength',
      'href="/decisions/d2"',
      'A first session',
      'Private: only you can read it',
      'Bea',
      'Autumn audit',
    ]) {
      expect(html).toContain(s)
    }
    // Every level select has its label: the criterion's words.
    expect(html).toContain('<label for="assess-level-clear">I agreed the terms clearly.</label>')
    expect(html).toContain('No client names')
    expect(html).toContain('Keep this record (private to you)')
  })

  test('without a framework: only proposals, no assessment form', () => {
    const html = render(GroupAudit, { group, pairMessage: null, audit: { ...auditData, framework: null, versions: [] } })
    expect(html).toContain('has not adopted a framework yet')
    expect(html).toContain('Start from a shipped framework')
    expect(html).not.toContain('Record a self-assessment')
  })

  test('a pair reads why there is no audit, and is offered nothing', () => {
    const html = render(GroupAudit, {
      group: { ...group, kind: 'pair' },
      pairMessage: 'A peer review audit is a practitioner group’s own practice.',
      audit: null,
    })
    expect(html).toContain('practitioner group’s own practice')
    expect(html).not.toContain('<form')
  })

  test('a refused self-assessment keeps its input, the message beside its field', () => {
    const html = render(
      GroupAudit,
      { group, pairMessage: null, audit: auditData },
      {
        errors: { 'level.clear': 'Choose a level from 1 to 4, or leave it empty.' },
        values: { intent: 'assess', occasion: 'Kept occasion', practisedOn: '2026-11-30' },
      },
    )
    expect(html).toContain('id="assess-level-clear-error"')
    expect(html).toContain('Choose a level from 1 to 4, or leave it empty.')
    expect(html).toContain('value="Kept occasion"')
  })
})

const record = {
  id: 'a1',
  writerName: 'Ada',
  mine: true,
  practisedOn: '2026-11-20',
  occasion: 'A first session',
  reflection: 'I rushed the fee.',
  frameworkVersion: 2,
  sharing: 'private',
  sharingLabel: 'Private: only you can read it',
  sharedAt: null,
  linksConsentAt: null,
  updatedAt: '2026-11-20T00:00:00.000Z',
  scores: { clear: { level: 3, note: 'fees' } },
}
const page = {
  group,
  assessment: record,
  components,
  scale: DEFAULT_SCALE,
  comparison: [
    { componentName: 'Contracting', criterionKey: 'clear', text: 'I agreed the terms clearly.', self: 3, note: 'fees', peers: [4, 2] },
    { componentName: 'Contracting', criterionKey: 'held', text: 'I held the boundaries.', self: null, note: '', peers: [] },
  ],
  peerAssessments: [],
  meetings: [],
  canPeerAssess: false,
}

describe('a record’s page', () => {
  test('its writer, while private: share, edit and delete; no consent and no peer form', () => {
    const html = render(AssessmentPage, page)
    expect(html).toContain('Share with the audit group')
    expect(html).toContain('Save the changes')
    expect(html).toContain('Delete this record')
    expect(html).not.toContain('Consent to the link groups')
    expect(html).not.toContain('Give your peer assessment')
  })

  test('its writer, once shared: consent, take back; no editing', () => {
    const html = render(AssessmentPage, { ...page, assessment: { ...record, sharing: 'group', sharedAt: '2026-11-21T00:00:00.000Z' } })
    expect(html).toContain('Consent to the link groups reading it')
    expect(html).toContain('Take it back')
    expect(html).not.toContain('Save the changes')
    const consented = render(AssessmentPage, { ...page, assessment: { ...record, sharing: 'links', sharedAt: 'x', linksConsentAt: 'y' } })
    expect(consented).toContain('Withdraw my consent')
  })

  test('a peer reads the self level beside the peers’ levels and gives a peer assessment', () => {
    const html = render(AssessmentPage, {
      ...page,
      assessment: { ...record, mine: false, sharing: 'group', sharedAt: 'x' },
      peerAssessments: [
        {
          id: 'p1',
          byName: 'Bea',
          mine: false,
          feedback: 'Held kindly.',
          meetingTitle: 'Autumn audit',
          createdAt: '2026-11-28T00:00:00.000Z',
          levels: [{ criterionKey: 'clear', level: 4 }],
        },
      ],
      meetings: [{ id: 'm1', heldOn: '2026-11-28', title: 'Autumn audit' }],
      canPeerAssess: true,
    })
    expect(html).toContain('3 (Competent)')
    expect(html).toContain('4, 2')
    expect(html).toContain('Held kindly.')
    expect(html).toContain('Give your peer assessment')
    expect(html).toContain('<label for="peer-level-clear">I agreed the terms clearly.</label>')
    expect(html).not.toContain('Share with the audit group')
    expect(html).not.toContain('Withdraw my consent')
  })

  test('a delete without JavaScript is answered with the question first', () => {
    const html = render(AssessmentPage, page, { confirm: { intent: 'delete', fields: [['intent', 'delete']] } })
    expect(html).toContain('Delete this self-assessment?')
    expect(html).toContain('Yes, delete it')
  })
})

describe('the link group’s view', () => {
  test('shows each consented record with its levels, and says when the link is not active', () => {
    const data = {
      link: { id: 'l1', status: 'active' },
      ours: { id: 'g1', name: 'Ash circle' },
      theirs: { id: 'g2', name: 'Birch circle' },
      assessments: [
        {
          id: 'a9',
          writerName: 'Hana',
          practisedOn: '2026-11-20',
          occasion: 'A supervision',
          reflection: 'What I learned.',
          frameworkVersion: 1,
          levels: [
            {
              criterionKey: 'clear',
              componentName: 'Contracting',
              text: 'I agreed the terms clearly.',
              level: 3,
              label: 'Competent',
              note: '',
            },
          ],
        },
      ],
    }
    const html = render(LinkAudits, data)
    expect(html).toContain('Birch circle’s peer review audit records')
    expect(html).toContain('Hana')
    expect(html).toContain('3 (Competent)')
    expect(html).toContain('What I learned.')
    const ended = render(LinkAudits, { ...data, link: { id: 'l1', status: 'ended' }, assessments: [] })
    expect(ended).toContain('read across an active link only')
  })
})
