import { describe, expect, test, vi } from 'vitest'

// The network's pages as a browser first gets them (server render), for the states a group can
// be in: what each offers, and that a refusal's message stands beside its own form. Remix's
// hooks are stood in for by the loader's data and the action's answer.

vi.mock('@remix-run/react', () => import('../support/remix-stand-in'))
const { render } = await import('../support/remix-stand-in')

const { default: GroupNetwork } = await import('~/routes/groups.$groupId.network')
const { default: NetworkGroup } = await import('~/routes/network.groups.$groupId._index')
const { default: LinkPage } = await import('~/routes/network.links.$linkId')
const { default: FederalProposal } = await import('~/routes/network.federal.$proposalId')
const { default: Network } = await import('~/routes/network._index')

const group = { id: 'g1', name: 'Ash circle', kind: 'inquiry_group' as const }
const base = {
  group,
  network: null,
  linksNeeded: 2,
  statement: null,
  openDecisions: [],
  requests: [],
  links: [],
  validating: 0,
  candidates: [],
  proposals: [],
  members: [{ personId: 'p1', displayName: 'Ada' }],
  offices: [],
  accredited: false,
}
const network = (stage: string, standing = stage) => ({
  stage,
  standing,
  standingLabel: `Label ${standing}`,
  standingMeaning: `Meaning ${standing}`,
  route: 'Self and peer assessment',
  profile: { description: 'North', showMemberCount: true },
})

describe("a group's own page of the network", () => {
  test('outside the network, and laid down: it offers only to enter, as a proposal', () => {
    for (const n of [null, network('laid_down')]) {
      const html = render(GroupNetwork, { ...base, network: n })
      expect(html).toContain('Enter the network as a forming group')
      expect(html).not.toContain('We stand by each other')
      expect(html).not.toContain('Statement of ethical stance')
    }
    expect(render(GroupNetwork, { ...base, group: { ...group, kind: 'pair' } })).not.toContain('Enter the network as a forming group')
  })

  test('forming: standing by is proposed by consensus, with the route kept; no statement yet', () => {
    const html = render(GroupNetwork, {
      ...base,
      network: network('forming'),
      openDecisions: [{ id: 'd1', title: 'Enter', createdAt: '2026-12-01T00:00:00.000Z' }],
    })
    expect(html).toContain('We stand by each other')
    expect(html).toContain('made by consensus')
    expect(html).toContain('Self and peer assessment')
    expect(html).toContain('/decisions/d1')
    expect(html).not.toContain('Propose the statement')
  })

  test('a member group: statement, requests, links with judgements, candidates, federal stances, proposals', () => {
    const data = {
      ...base,
      network: network('member'),
      statement: { version: 2, text: 'We hold the client first.', publishedAt: '2026-11-01T00:00:00.000Z' },
      requests: [{ id: 'r1', from: 'Birch circle', askedAt: '2026-11-02T00:00:00.000Z' }],
      links: [
        { id: 'l1', status: 'active', otherName: 'Cedar circle', weAsked: true, theirJudgement: 'validated', ourJudgement: null },
        { id: 'l2', status: 'asked', otherName: 'Elm circle', weAsked: true, theirJudgement: null, ourJudgement: null },
      ],
      validating: 1,
      candidates: [{ id: 'g9', name: 'Fir circle' }],
      proposals: [{ id: 'f1', title: 'A year of grace', proposedBy: 'Oak circle', ourStance: null }],
      offices: [{ id: 'o1', office: 'Editor', displayName: 'Ben' }],
    }
    const html = render(GroupNetwork, data)
    expect(html).toContain('Version 2')
    expect(html).toContain('Propose a revised statement')
    expect(html).toContain('Birch circle asks the group to be one of its link groups')
    expect(html).toContain('Link with Cedar circle')
    expect(html).toContain('Their judgement of our standing by: validated')
    expect(html).toContain('Asked Elm circle for a link')
    expect(html).toContain('Propose withdrawing the request')
    expect(html).toContain('Fir circle')
    expect(html).toContain('A year of grace')
    expect(html).toContain('The group has cast no stance yet')
    expect(html).toContain('Put a proposal to the network')
    expect(html).toContain('Ben, Editor')
    expect(html).not.toContain('Your profile')
    expect(render(GroupNetwork, { ...data, candidates: [] })).toContain('No other member group is free to ask now')
  })

  test("a refusal stands beside its own link's form, with what was typed kept", () => {
    const data = {
      ...base,
      network: network('member'),
      links: [
        { id: 'l1', status: 'active', otherName: 'Cedar circle', weAsked: true, theirJudgement: null, ourJudgement: null },
        { id: 'l2', status: 'active', otherName: 'Elm circle', weAsked: false, theirJudgement: null, ourJudgement: null },
      ],
    }
    const answer = {
      errors: { reasons: 'Withholding validation needs its reasons' },
      values: { intent: 'validate', linkId: 'l2', reasons: 'kept words' },
    }
    const html = render(GroupNetwork, data, answer)
    expect(html.match(/Withholding validation needs its reasons/g)).toHaveLength(1)
    const elm = html.slice(html.indexOf('Link with Elm circle'))
    expect(elm).toContain('Withholding validation needs its reasons')
    expect(elm).toContain('kept words')
  })

  test('a full member group offers each member the choice to show accreditation', () => {
    const html = render(GroupNetwork, { ...base, network: network('member', 'full_member'), accredited: true })
    expect(html).toContain('Your profile')
    expect(html).toMatch(/id="accredited"[^>]*checked/)
  })
})

const publication = {
  type: 'network.group',
  version: 1,
  uri: 'urn:uuid:a',
  name: 'Ash circle',
  standing: 'full_member',
  route: 'Peer assessment',
  description: 'North',
  memberCount: 5,
  statements: [
    { uri: 'urn:uuid:s2', version: 2, text: 'Second words', publishedAt: '2026-11-01T00:00:00.000Z' },
    { uri: 'urn:uuid:s1', version: 1, text: 'First words', publishedAt: '2026-10-01T00:00:00.000Z' },
  ],
  history: [{ at: '2026-10-01T00:00:00.000Z', standing: 'forming', note: 'Entered.' }],
  links: [
    {
      uri: 'urn:uuid:l1',
      askingGroup: 'urn:uuid:a',
      answeringGroup: 'urn:uuid:b',
      status: 'active',
      askedAt: '2026-10-02T00:00:00.000Z',
      answeredAt: '2026-10-03T00:00:00.000Z',
      endedAt: null,
      reason: null,
    },
    {
      uri: 'urn:uuid:l2',
      askingGroup: 'urn:uuid:c',
      answeringGroup: 'urn:uuid:a',
      status: 'ended',
      askedAt: '2026-10-02T00:00:00.000Z',
      answeredAt: '2026-10-03T00:00:00.000Z',
      endedAt: '2026-11-03T00:00:00.000Z',
      reason: 'They moved away.',
    },
  ],
  validations: [
    {
      uri: 'urn:uuid:v1',
      link: 'urn:uuid:l1',
      byGroup: 'urn:uuid:b',
      ofGroup: 'urn:uuid:a',
      verdict: 'withheld',
      reasons: 'Meet us twice first.',
      decidedAt: '2026-10-04T00:00:00.000Z',
    },
    {
      uri: 'urn:uuid:v2',
      link: 'urn:uuid:l1',
      byGroup: 'urn:uuid:b',
      ofGroup: 'urn:uuid:a',
      verdict: 'validated',
      reasons: '',
      decidedAt: '2026-10-10T00:00:00.000Z',
    },
  ],
  federalStances: [
    { proposal: 'urn:uuid:p', group: 'urn:uuid:a', stance: 'block', reason: 'Not yet.', castAt: '2026-11-05T00:00:00.000Z' },
  ],
}

describe('what the network sees of a group', () => {
  test('every statement version, links (an ended one with its reason), judgements with reasons, stances and history', () => {
    const data = {
      publication,
      standingLabel: 'Full member group',
      standingMeaning: 'Two links validate it.',
      groupId: 'g1',
      isMember: false,
      nameOf: { 'urn:uuid:a': 'Ash circle', 'urn:uuid:b': 'Birch circle', 'urn:uuid:c': 'Cedar circle' },
      idOf: { 'urn:uuid:a': 'g1', 'urn:uuid:b': 'g2', 'urn:uuid:c': 'g3' },
      proposalTitles: { 'urn:uuid:p': { id: 'f1', title: 'A year of grace' } },
    }
    const html = render(NetworkGroup, data)
    for (const s of [
      'Second words',
      'First words',
      '— current',
      'They moved away.',
      'Meet us twice first.',
      'withheld validation of',
      'A year of grace',
      'Blocks',
      'Entered.',
      '5 members',
      'Peer assessment',
      '/network/groups/g1/publication.json',
    ])
      expect(html, s).toContain(s)
    expect(html).not.toContain('Your group’s own page')
    expect(
      render(NetworkGroup, {
        ...data,
        isMember: true,
        proposalTitles: {},
        publication: { ...publication, statements: [], links: [], federalStances: [] },
      }),
    ).toContain('Your group’s own page')
  })
})

describe("a link's page", () => {
  const data = {
    link: {
      id: 'l1',
      status: 'active',
      askedAt: '2026-10-02T00:00:00.000Z',
      answeredAt: '2026-10-03T00:00:00.000Z',
      endedAt: null,
      reason: null,
    },
    ours: { id: 'g1', name: 'Ash circle' },
    theirs: { id: 'g2', name: 'Birch circle' },
    meetings: [
      {
        id: 'm1',
        startsAt: '2026-12-10T14:00:00.000Z',
        place: 'River room',
        byGroupId: 'g1',
        byGroupName: 'Ash circle',
        notes: [{ id: 'n1', text: 'We listened.', writtenByName: 'Ada', groupName: 'Ash circle' }],
      },
    ],
    challenges: [
      {
        id: 'c1',
        byGroupName: 'Birch circle',
        raisedByName: 'Bea',
        text: 'How do you hold dissent?',
        raisedAt: '2026-11-01T00:00:00.000Z',
        answer: null,
        answeredByName: null,
        answeredAt: null,
        toUs: true,
      },
      {
        id: 'c2',
        byGroupName: 'Ash circle',
        raisedByName: 'Ada',
        text: 'And you?',
        raisedAt: '2026-11-01T00:00:00.000Z',
        answer: null,
        answeredByName: null,
        answeredAt: null,
        toUs: false,
      },
      {
        id: 'c3',
        byGroupName: 'Birch circle',
        raisedByName: 'Bea',
        text: 'Earlier one',
        raisedAt: '2026-10-01T00:00:00.000Z',
        answer: 'Answered well',
        answeredByName: 'Ada',
        answeredAt: '2026-10-05T00:00:00.000Z',
        toUs: true,
      },
    ],
    validations: [
      {
        id: 'v1',
        byGroupName: 'Birch circle',
        ofGroupName: 'Ash circle',
        verdict: 'validated',
        reasons: '',
        decidedAt: '2026-10-10T00:00:00.000Z',
      },
    ],
  }

  test('challenges to the group are answerable by it, its own await the other’s answer; meetings and notes; judgements', () => {
    const html = render(LinkPage, data)
    expect(html).toContain('Answer for Ash circle')
    expect(html).toContain('Awaiting Birch circle’s answer')
    expect(html).toContain('Answered well')
    expect(html).toContain('We listened.')
    expect(html).toContain('Schedule a joint meeting')
    expect(html).toContain('Raise a challenge to Birch circle’s process')
    expect(html).toContain('validated')
  })

  test('an ended link takes no new meetings or challenges', () => {
    const html = render(LinkPage, {
      ...data,
      link: { ...data.link, status: 'ended', reason: 'Moved away.' },
      meetings: [],
      challenges: [],
      validations: [],
    })
    expect(html).toContain('This link is ended')
    expect(html).toContain('Neither group has judged')
    expect(html).not.toContain('Schedule a joint meeting')
    expect(html).not.toContain('Raise a challenge')
  })
})

describe('a federal proposal and the directory', () => {
  test('an open proposal: the rule in words, each group’s stance, a form per member group of the viewer', () => {
    const data = {
      proposal: {
        id: 'f1',
        uri: 'urn:uuid:f',
        kind: 'grace_period',
        kindLabel: 'Change the grace period',
        title: 'A year of grace',
        body: 'Links take time.',
        proposedBy: 'Oak circle',
        proposedAt: '2026-11-01T00:00:00.000Z',
        status: 'open',
        closedAt: null,
        outcomeNote: null,
      },
      details: 'A group seeking a link would keep its full membership for 365 days.',
      ruleInWords: 'A federal proposal passes when every member group has cast its stance.',
      explanation: 'Held open for dialogue: 1 group blocks it.',
      stances: [
        { groupId: 'g1', groupName: 'Ash circle', stance: 'Blocks', reason: 'Not yet.', castAt: '2026-11-02T00:00:00.000Z' },
        { groupId: 'g2', groupName: 'Birch circle', stance: null, reason: '', castAt: null },
      ],
      history: [
        { groupName: 'Ash circle', stance: 'Agrees', reason: '', castAt: '2026-11-01T00:00:00.000Z' },
        { groupName: 'Ash circle', stance: 'Blocks', reason: 'Not yet.', castAt: '2026-11-02T00:00:00.000Z' },
      ],
      myGroups: [{ id: 'g2', name: 'Birch circle', stance: null }],
    }
    const html = render(FederalProposal, data)
    for (const s of [
      'Held open for dialogue',
      '365 days',
      'every member group',
      'Not yet cast',
      'Propose Birch circle’s stance',
      'Stances as they were cast',
    ])
      expect(html, s).toContain(s)
    const closed = render(FederalProposal, {
      ...data,
      proposal: { ...data.proposal, status: 'passed' },
      myGroups: data.myGroups,
      history: [],
    })
    expect(closed).toContain('Passed.')
    expect(closed).not.toContain('Propose Birch circle’s stance')
  })

  test('the directory: groups with their standing and grace, officers, Gatherings, the newsletter, the rule and principles', () => {
    const data = {
      groups: [
        {
          id: 'g1',
          uri: 'urn:uuid:a',
          name: 'Ash circle',
          standing: 'seeking_link',
          standingLabel: 'Seeking a link',
          description: 'North',
          memberCount: 5,
          statement: { version: 1, text: 'x', publishedAt: '2026-10-01T00:00:00.000Z' },
          links: [{ id: 'l1', other: 'Birch circle' }],
          validating: 1,
          graceEndsAt: '2027-04-01T00:00:00.000Z',
        },
        {
          id: 'g2',
          uri: 'urn:uuid:b',
          name: 'Birch circle',
          standing: 'forming',
          standingLabel: 'Forming',
          description: '',
          memberCount: null,
          statement: null,
          links: [],
          validating: 0,
          graceEndsAt: null,
        },
      ],
      principles: 'Groups are autonomous.',
      graceDays: 180,
      rule: 'A federal proposal passes when every member group has cast its stance.',
      federal: [{ id: 'f1', title: 'A year of grace', proposedBy: 'Oak circle', status: 'open', explanation: 'Open: 1 of 3.' }],
      officers: [
        {
          id: 'o1',
          office: 'Convenor of Gatherings',
          personId: 'p1',
          displayName: 'Ben',
          termStarts: '2026-10-01T00:00:00.000Z',
          termEnds: '2027-10-01T00:00:00.000Z',
        },
      ],
      calendar: {
        upcoming: [
          {
            id: 'ga',
            uri: 'urn:uuid:g',
            title: 'Spring Gathering',
            startsOn: '2027-04-10',
            endsOn: '2027-04-12',
            place: 'Hebden Bridge',
            description: 'All welcome',
          },
        ],
        past: [
          {
            id: 'gp',
            uri: 'urn:uuid:h',
            title: 'Winter Gathering',
            startsOn: '2026-11-10',
            endsOn: '2026-11-10',
            place: 'Leeds',
            description: '',
          },
        ],
        issues: [
          { id: 'i1', number: 1, title: 'After the winter', publishedAt: '2026-11-20T00:00:00.000Z', gatheringTitle: 'Winter Gathering' },
        ],
        waiting: [{ id: 'c1', title: 'Mine', submittedAt: '2026-11-25T00:00:00.000Z' }],
        waitingCount: 2,
        mayPublish: true,
      },
    }
    const html = render(Network, data)
    for (const s of [
      'Seeking a link',
      'Grace period until',
      '5 members',
      'Birch circle',
      '1 validating',
      'A year of grace',
      'Convenor of Gatherings',
      'Spring Gathering',
      'Issue 1',
      '2 contributions wait for the next issue, 1 of them yours',
      'Publish the next issue',
      'Groups are autonomous.',
    ])
      expect(html, s).toContain(s)
    const empty = render(Network, {
      ...data,
      groups: [],
      federal: [],
      officers: [],
      calendar: { ...data.calendar, upcoming: [], issues: [], waiting: [], waitingCount: 0, mayPublish: false },
    })
    for (const s of [
      'No group has entered the network yet',
      'No proposal has been put',
      'No officer serves now',
      'No Gathering is on the calendar',
      'No issue has been published yet',
    ])
      expect(empty, s).toContain(s)
    expect(empty).not.toContain('Publish the next issue')
  })
})
