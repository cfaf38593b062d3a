import Database from 'better-sqlite3'
import type { Locator, Page } from 'playwright-core'
import { afterAll, describe, expect, inject, it } from 'vitest'
import {
  arrived,
  browserErrors,
  createGroup,
  createInvitation,
  joinByLink,
  logIn,
  mainText,
  PASSWORD,
  signUp,
  takeStance,
  uniqueEmail,
  useBrowser,
  visit,
  waitForHydration,
} from './helpers'

// The network of groups (issue 18), in Chromium with JavaScript: every move of a group is a
// proposal on its page "In the network", decided on the decision's page by each of its members
// in their own browser. Groups have two members, and groups that do not depend on one another
// are built side by side, to keep each test short.
//
// A federal proposal passes only when every member group in the database has cast a stance,
// and other files share this server (the withdrawal sweep seeds the demo, whose network has
// member groups). So the federal test comes first, and any member group not its own casts
// too, through its own members' browsers: their addresses are read from the server's database
// (never written), and every account in the e2e suite has the same password.

const sqlite = new Database(inject('databaseURL'), { readonly: true })
sqlite.pragma('busy_timeout = 5000')
afterAll(() => sqlite.close())

const run = Date.now().toString(36)

type Member = { page: Page; name: string }
type Group = { id: string; name: string; members: Member[] }
type NewPerson = () => Promise<Page>

/** Two people sign up; the first starts an inquiry group and the second joins it by invitation. */
async function startGroup(newPerson: NewPerson, label: string): Promise<Group> {
  const name = `${label} circle ${run}`
  const members: Member[] = [
    { page: await newPerson(), name: `${label} Ann` },
    { page: await newPerson(), name: `${label} Ben` },
  ]
  for (const m of members) await signUp(m.page, m.name, uniqueEmail(label.toLowerCase()), PASSWORD)
  const path = await createGroup(members[0]!.page, name)
  await joinByLink(members[1]!.page, await createInvitation(members[0]!.page), name)
  return { id: path.split('/').pop()!, name, members }
}

const networkPagePath = (g: Group) => `/groups/${g.id}/network`

/** Opens the group's own page of the network, as one of its members. */
async function openNetworkPage(m: Member, g: Group): Promise<void> {
  await visit(m.page, networkPagePath(g), 'In the network')
}

/**
 * The group's own decision: its first member makes the proposal (`propose` fills a form on the
 * page it is on and submits it), lands on the decision, and every member agrees in turn.
 */
async function decide(g: Group, title: string | RegExp, propose: (page: Page) => Promise<void>): Promise<void> {
  const [first, ...rest] = g.members
  await propose(first!.page)
  await first!.page.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
  await arrived(first!.page, title)
  const decisionPath = new URL(first!.page.url()).pathname
  await takeStance(first!.page, first!.name, 'Agree')
  for (const m of rest) {
    await visit(m.page, decisionPath, title)
    await takeStance(m.page, m.name, 'Agree')
  }
}

/** The group's standing, as its own network page (open in `page`) says it. */
function standingShown(page: Page): Promise<string> {
  return page.getByRole('region', { name: 'Where the group stands' }).locator('strong').innerText()
}

/**
 * One form on the group's network page (`fill` fills it and returns its button), proposed by the
 * group's first member and decided by all. Given `standingBefore`, the page must show that
 * standing when the proposer opens it: each step is checked on the page the next one starts on.
 */
async function decideOnNetworkPage(
  g: Group,
  title: string | RegExp,
  fill: (page: Page) => Promise<Locator>,
  standingBefore?: string,
): Promise<void> {
  await decide(g, title, async (page) => {
    await openNetworkPage(g.members[0]!, g)
    if (standingBefore) expect(await standingShown(page)).toBe(standingBefore)
    await (await fill(page)).click()
  })
}

async function enterNetwork(g: Group): Promise<void> {
  await decideOnNetworkPage(g, 'Enter the network as a forming group', async (page) => {
    const section = page.getByRole('region', { name: 'Enter the network as a forming group' })
    await section.getByLabel('How the group means to come to stand by each other').fill('Self and peer assessment over six meetings.')
    return section.getByRole('button', { name: 'Propose to the group' })
  })
}

async function standBy(g: Group, standingBefore?: string): Promise<void> {
  await decideOnNetworkPage(
    g,
    'We stand by each other as practitioners',
    async (page) =>
      page.getByRole('region', { name: 'We stand by each other' }).getByRole('button', { name: 'Propose to the group (by consensus)' }),
    standingBefore,
  )
}

async function publishStatement(g: Group, standingBefore?: string): Promise<void> {
  await decideOnNetworkPage(
    g,
    'Publish our statement of ethical stance to the network',
    async (page) => {
      const section = page.getByRole('region', { name: 'Statement of ethical stance' })
      await section.getByLabel('Propose the statement').fill(`${g.name}: our first loyalty is to the people who come to us for help.`)
      return section.getByRole('button', { name: 'Propose to the group' })
    },
    standingBefore,
  )
}

/** Outside the network to a member group with its statement published, each step the group's decision. */
async function becomeMember(g: Group): Promise<void> {
  await enterNetwork(g)
  await standBy(g)
  await publishStatement(g)
}

/** Starts and brings each group to member status, the groups side by side. */
async function memberGroups(newPerson: NewPerson, labels: string[]): Promise<Group[]> {
  return Promise.all(
    labels.map(async (label) => {
      const g = await startGroup(newPerson, label)
      await becomeMember(g)
      return g
    }),
  )
}

/** `asking` asks `answering` to be one of its link groups. */
async function askLink(asking: Group, answering: Group, standingBefore?: string): Promise<void> {
  await decideOnNetworkPage(
    asking,
    `Ask ${answering.name} to be one of our link groups`,
    async (page) => {
      const select = page.getByLabel('Ask a member group to be one of the group’s link groups')
      await select.selectOption({ label: answering.name })
      return page.locator('form').filter({ has: select }).getByRole('button', { name: 'Propose to the group' })
    },
    standingBefore,
  )
}

/** `answering` accepts the request `asking` made of it. */
async function acceptLink(answering: Group, asking: Group): Promise<void> {
  await decideOnNetworkPage(answering, `Accept ${asking.name}’s request for a link`, async (page) => {
    const card = page.locator('form.card').filter({ hasText: `${asking.name} asks the group to be one of its link groups` })
    await card.getByRole('radio', { name: 'Accept' }).check()
    return card.getByRole('button', { name: 'Propose to the group' })
  })
}

/** `by` validates the standing-by process of the group on the other side of their link. */
async function validate(by: Group, other: Group): Promise<void> {
  await decideOnNetworkPage(by, `Validate ${other.name}’s standing-by process`, async (page) => {
    const card = page.locator('li.card').filter({ has: page.getByRole('heading', { name: `Link with ${other.name}` }) })
    await card.getByRole('radio', { name: 'Validate it' }).check()
    return card.getByRole('button', { name: 'Propose to the group', exact: true })
  })
}

const STANCE_WORDS = { Agree: 'agrees', 'Stand aside': 'stands aside', Block: 'blocks' } as const
type FederalStance = keyof typeof STANCE_WORDS

const stanceTitle = (title: string, stance: FederalStance) => `Our stance on “${title}”: ${STANCE_WORDS[stance]}`

/** On the federal proposal's page, a member proposes the group's stance to the group. */
async function proposeStance(page: Page, g: Group, federalPath: string, title: string, stance: FederalStance, reason: string) {
  await visit(page, federalPath, title)
  const section = page.getByRole('region', { name: `Propose ${g.name}’s stance` })
  await section.getByRole('radio', { name: new RegExp(`^${stance}`) }).check()
  await section.getByLabel('The reason the network reads').fill(reason)
  await section.getByRole('button', { name: `Propose to ${g.name}` }).click()
}

/** From the federal proposal's page, the group proposes its stance and decides it inside itself. */
async function castFromProposal(g: Group, federalPath: string, title: string, stance: FederalStance, reason = ''): Promise<void> {
  await decide(g, stanceTitle(title, stance), (page) => proposeStance(page, g, federalPath, title, stance, reason))
}

/** The stances table of a federal proposal: each member group's name, stance and reason. */
async function stanceRows(page: Page): Promise<{ groupId: string; name: string; stance: string; reason: string }[]> {
  return page
    .getByRole('table', { name: /Each member group’s current stance/ })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => {
        const link = row.querySelector('th a')
        const [stance, reason] = [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')
        return {
          groupId: link?.getAttribute('href')?.split('/').pop() ?? '',
          name: link?.textContent?.trim() ?? '',
          stance: stance ?? '',
          reason: reason ?? '',
        }
      }),
    )
}

type Account = { email: string; name: string }

/** The current members of a group who can sign in, read from the server's database. */
function accountsOf(groupId: string): Account[] {
  return sqlite
    .prepare(
      `select p.email as email, p.display_name as name from members m join people p on p.id = m.person_id
       where m.group_id = ? and m.left_at is null and p.placeholder = 0 and p.deleted_at is null`,
    )
    .all(groupId) as Account[]
}

/**
 * The member groups other than `ours` that have not cast a stance (`reader` has the proposal's
 * page open), each with its members signed in, in browsers of their own.
 */
async function otherGroupsYetToCast(newPerson: NewPerson, reader: Page, ours: Group[]): Promise<Group[]> {
  const others = (await stanceRows(reader)).filter((r) => r.stance === 'Not yet cast' && !ours.some((g) => g.id === r.groupId))
  return Promise.all(
    others.map(async (other) => {
      const members: Member[] = []
      for (const account of accountsOf(other.groupId)) {
        const page = await newPerson()
        await logIn(page, account.email, PASSWORD)
        members.push({ page, name: account.name })
      }
      return { id: other.groupId, name: other.name, members }
    }),
  )
}

/** The text of the table row headed by the group's name. */
async function rowOf(page: Page, name: string): Promise<string> {
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
  return (await row.innerText()).replace(/\s+/g, ' ')
}

function expectNoBrowserErrors(groups: Group[]): void {
  for (const m of groups.flatMap((g) => g.members)) expect(browserErrors(m.page), m.name).toEqual([])
}

describe('federal decisions, in Chromium with JavaScript', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })

  it('each group decides internally and casts its stance; a block from one group holds it open', async () => {
    const [m, n, o] = (await memberGroups(browsing.newPerson, ['Maple', 'Nettle', 'Oak'])) as [Group, Group, Group]
    const [mia, nia, ola] = [m.members[0]!, n.members[0]!, o.members[0]!]
    const title = `Send someone to every Gathering ${run}`

    // Maple puts a proposal to the network, by its own decision.
    await decideOnNetworkPage(m, `Put to the network: ${title}`, async (page) => {
      const section = page.getByRole('region', { name: 'Put a proposal to the network' })
      await section.getByRole('radio', { name: 'A proposal to the network' }).check()
      await section.getByLabel('Title', { exact: true }).fill(title)
      await section.getByLabel('What is proposed, and why').fill('Each member group sends one person to each Gathering.')
      return section.getByRole('button', { name: 'Propose to the group' })
    })
    await visit(mia.page, '/network', 'The network')
    await mia.page.getByRole('link', { name: title }).click()
    await arrived(mia.page, title)
    const federalPath = new URL(mia.page.url()).pathname
    // Consensus of groups counts every member group: any others (the demo's, when another file
    // seeded it) stand aside, each by its own decision, while Maple and Oak agree.
    const others = await otherGroupsYetToCast(browsing.newPerson, mia.page, [m, n, o])
    await Promise.all([
      castFromProposal(m, federalPath, title, 'Agree', 'We put it forward.'),
      castFromProposal(o, federalPath, title, 'Agree'),
      ...others.map((g) => castFromProposal(g, federalPath, title, 'Stand aside')),
    ])
    // Inside Nettle, a block is only proposed: until the group decides, nothing crosses.
    const blockTitle = stanceTitle(title, 'Block')
    await proposeStance(nia.page, n, federalPath, title, 'Block', 'Some of us cannot travel.')
    await nia.page.waitForURL(/\/decisions\/[A-Za-z0-9_-]+$/)
    await arrived(nia.page, blockTitle)
    const blockPath = new URL(nia.page.url()).pathname
    await takeStance(nia.page, nia.name, 'Agree')
    await visit(mia.page, federalPath, title)
    expect((await stanceRows(mia.page)).find((r) => r.groupId === n.id)?.stance).toBe('Not yet cast')
    const nettle = n.members[1]!
    await visit(nettle.page, blockPath, blockTitle)
    await takeStance(nettle.page, nettle.name, 'Agree')

    // Every member group has cast; Nettle's block holds it open, and every group reads why.
    await visit(ola.page, federalPath, title)
    const held = await mainText(ola.page)
    expect(held).toContain('Open. Held open for dialogue: 1 group blocks it.')
    expect((await stanceRows(ola.page)).find((r) => r.groupId === n.id)).toMatchObject({
      stance: 'Blocks',
      reason: 'Some of us cannot travel.',
    })

    // Nettle talks it over and decides, from its own page, to stand aside: the proposal passes.
    await decideOnNetworkPage(n, stanceTitle(title, 'Stand aside'), async (page) => {
      const card = page.locator('form.card').filter({ has: page.getByRole('heading', { name: title }) })
      await card.getByRole('radio', { name: 'Stand aside' }).check()
      await card.getByLabel('The reason the network reads').fill('We will not stand in the way.')
      return card.getByRole('button', { name: 'Propose to the group' })
    })
    await visit(ola.page, federalPath, title)
    expect(await mainText(ola.page)).toMatch(/Passed\. Passed: 2 of \d+ member groups agree, and none holds it open\./)
    expect((await stanceRows(ola.page)).find((r) => r.groupId === n.id)?.stance).toBe('Stands aside')
    expectNoBrowserErrors([m, n, o, ...others])
    // About 85 s alone; when the demo's four member groups (16 people) must cast too, near 170 s.
  }, 420_000)
})

describe('a group in the network, in Chromium with JavaScript', () => {
  const browsing = useBrowser({ javaScriptEnabled: true })

  it('moves to standing by, publishes its statement, links with two groups, and is validated by both', async () => {
    // A takes its steps, each checked on its own page, while B and C become member groups.
    const [a, b, c] = await Promise.all([
      startGroup(browsing.newPerson, 'Ash'),
      memberGroups(browsing.newPerson, ['Birch']).then(([g]) => g!),
      memberGroups(browsing.newPerson, ['Cedar']).then(([g]) => g!),
    ])
    const [ada, abe] = a.members as [Member, Member]
    await enterNetwork(a)
    await standBy(a, 'Forming.')
    await publishStatement(a, 'Standing by (statement to come).')
    await askLink(a, b, 'Member group.')
    await askLink(a, c)
    await Promise.all([acceptLink(b, a), acceptLink(c, a)])
    await Promise.all([validate(b, a), validate(c, a)])
    await visit(ada.page, '/network', 'The network')
    expect(await rowOf(ada.page, a.name)).toContain('Full member group')

    // Ada chooses to be described as accredited; Abe does not choose it.
    await openNetworkPage(ada, a)
    expect(await standingShown(ada.page)).toBe('Full member group.')
    const members = ada.page.getByLabel('The member the group proposes for office')
    const idOf = async (name: string) => (await members.locator('option', { hasText: name }).getAttribute('value'))!
    const [adaId, abeId] = [await idOf(ada.name), await idOf(abe.name)]
    const profile = ada.page.getByRole('region', { name: 'Your profile' })
    await profile.getByLabel('Describe me on my network profile as accredited through this group’s network process').check()
    await Promise.all([
      ada.page.waitForResponse((r) => r.request().method() === 'POST'),
      profile.getByRole('button', { name: 'Save my choice' }).click(),
    ])
    await waitForHydration(ada.page)

    const reader = b.members[0]!
    await visit(reader.page, `/network/people/${adaId}`, ada.name)
    expect(await mainText(reader.page)).toContain(`Accredited through the network’s process, as a member of ${a.name} (full member group).`)
    await visit(reader.page, `/network/people/${abeId}`, abe.name)
    const abeProfile = await mainText(reader.page)
    expect(abeProfile).toContain('A participant in the network.')
    expect(abeProfile).not.toContain('Accredited')
    expectNoBrowserErrors([a, b, c])
  }, 240_000)
})
