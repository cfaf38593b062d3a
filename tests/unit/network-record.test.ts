import { describe, expect, test } from 'vitest'
import { GroupPublicationMessage, type GroupPublication } from '~/features/network/core/messages'
import { escapeMarkdown } from '~/utils/markdown'
import {
  namesMentioned,
  networkRecordHtml,
  networkRecordMarkdown,
  NetworkRecordSchema,
  recordFileName,
} from '~/features/network/core/record'

// A group's network record (issue 18 item 9): its statements, standing, links, validations and
// federal stances, in Markdown and HTML alike, with every piece of the group's text escaped.

const uri = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const OURS = uri(1)
const THEIRS = uri(2)
const STRANGER = uri(3)
const LINK = uri(10)
const PROPOSAL = uri(20)

const publication: GroupPublication = GroupPublicationMessage.parse({
  type: 'network.group',
  version: 1,
  uri: OURS,
  name: 'Ash <circle> & friends',
  standing: 'member',
  route: 'Self and peer assessment over six meetings.',
  description: 'Practitioners in the north.',
  memberCount: 5,
  statements: [
    { uri: uri(30), version: 1, text: 'Our first stance.', publishedAt: '2027-01-02T10:00:00.000Z' },
    {
      uri: uri(31),
      version: 2,
      text: 'We hold the client first.\n<script>alert("x")</script>\n# not a heading',
      publishedAt: '2027-02-02T10:00:00.000Z',
    },
  ],
  history: [
    { at: '2027-01-01T10:00:00.000Z', standing: 'forming', note: 'Entered the network.' },
    { at: '2027-01-02T10:00:00.000Z', standing: 'member', note: 'Published its statement.' },
  ],
  links: [
    {
      uri: LINK,
      askingGroup: OURS,
      answeringGroup: THEIRS,
      status: 'active',
      askedAt: '2027-01-03T10:00:00.000Z',
      answeredAt: '2027-01-04T10:00:00.000Z',
      endedAt: null,
      reason: null,
    },
  ],
  validations: [
    {
      uri: uri(11),
      link: LINK,
      byGroup: THEIRS,
      ofGroup: OURS,
      verdict: 'withheld',
      reasons: 'We have *not* met | twice.',
      decidedAt: '2027-01-05T10:00:00.000Z',
    },
  ],
  federalStances: [
    { proposal: PROPOSAL, group: OURS, stance: 'stand_aside', reason: 'Not every group can travel.', castAt: '2027-01-06T10:00:00.000Z' },
  ],
})

const names = {
  [OURS]: 'Ash <circle> & friends',
  [THEIRS]: 'Birch circle',
  [STRANGER]: 'Cedar circle',
  [PROPOSAL]: 'Meet at every Gathering',
}

describe('the network record in Markdown', () => {
  const md = networkRecordMarkdown(publication, names)

  test('holds the statements, standing, links, validations and federal stances, naming the other groups', () => {
    expect(md).toMatch(/^# Ash \\<circle> & friends: network record\n/)
    expect(md).toContain('**Standing:** Member group')
    expect(md).toContain('**Route to standing by:** Self and peer assessment over six meetings.')
    expect(md).toContain('**Members:** 5')
    expect(md).toContain('> Our first stance.')
    expect(md).toContain('**Version 2 (current):**')
    expect(md.indexOf('Version 2 (current)')).toBeLessThan(md.indexOf('Version 1'))
    expect(md).toContain('| Birch circle | Ash \\<circle> & friends | Active |')
    expect(md).toContain('| Birch circle | Ash \\<circle> & friends | Withheld |')
    expect(md).toContain('| Meet at every Gathering | Stands aside | Not every group can travel. |')
    expect(md).toContain('Entered the network.')
    expect(md).not.toContain('Cedar circle')
  })

  test('escapes the group’s text so it cannot add markup, tables or headings', () => {
    expect(md).toContain('> \\<script>alert("x")\\</script>')
    expect(md).toContain('> \\# not a heading')
    expect(md).toContain('We have \\*not\\* met \\| twice.')
    expect(escapeMarkdown('see https://example.org or a@b.example')).toBe('see https\\://example.org or a\\@b.example')
  })

  test('says so where there is nothing yet', () => {
    const bare = networkRecordMarkdown({ ...publication, statements: [], links: [], validations: [], federalStances: [] }, {})
    expect(bare).toContain('The group has not published a statement yet.')
    expect(bare.match(/None yet\./g)).toHaveLength(3)
  })
})

describe('the network record in HTML', () => {
  const html = networkRecordHtml(publication, names)

  test('holds the same content as the Markdown, in tables with headers', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain('<h2>Statement of ethical stance</h2>')
    expect(html).toContain('<strong>Standing:</strong> Member group')
    expect(html).toContain('<th scope="col">Given by</th>')
    expect(html).toContain('<td>Birch circle</td>')
    expect(html).toContain('<td>Withheld</td>')
    expect(html).toContain('<td>Meet at every Gathering</td><td>Stands aside</td>')
    expect(html).not.toContain('Cedar circle')
  })

  test('escapes every piece of text: no element, attribute or entity of the group’s making', () => {
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<circle>')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).toContain('<title>Ash &lt;circle&gt; &amp; friends: network record</title>')
  })
})

describe('what an archive carries beside the publication', () => {
  test('only the names of what the publication mentions', () => {
    expect(namesMentioned(publication, names)).toEqual({
      [OURS]: names[OURS],
      [THEIRS]: 'Birch circle',
      [PROPOSAL]: 'Meet at every Gathering',
    })
  })

  test('the archived record is the publication and those names, strictly', () => {
    expect(NetworkRecordSchema.safeParse({ publication, names: namesMentioned(publication, names) }).success).toBe(true)
    expect(NetworkRecordSchema.safeParse({ publication, names: { 'not a uri': 'x' } }).success).toBe(false)
    expect(NetworkRecordSchema.safeParse({ publication: { ...publication, records: [] }, names: {} }).success).toBe(false)
  })

  test('a download’s file name cannot forge a header', () => {
    expect(recordFileName('Ash "circle"\r\nX-Evil: 1', 'md')).toBe('ash-circle-x-evil-1-network-record.md')
    expect(recordFileName('★', 'html')).toBe('group-network-record.html')
  })
})
