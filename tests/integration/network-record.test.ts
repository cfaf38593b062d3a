import { beforeAll, describe, expect, test } from 'vitest'
import * as recordRoute from '~/routes/groups.$groupId.network.record'
import { buildArchive } from '~/features/exports/archive.server'
import { exportForMember } from '~/features/exports/exports.server'
import { ArchiveSchema } from '~/features/exports/core/archive-schema'
import { importArchive, parseArchiveText } from '~/features/exports/import.server'
import { getGroupPublication } from '~/features/network/network.server'
import { notFoundResponse } from '~/utils/http.server'
import { createGroupWith, createPerson, createTestInquiry, type TestPerson } from '../factories'
import { linkGroups, makeMemberGroup, validateLink } from '../factories/network'
import { get, tableCounts } from './harness'
import { db } from './support-inquiries'

// A group's network record (issue 18 item 9): its members download it as Markdown or HTML;
// anyone else is answered as if the group did not exist. An archive of one of its inquiries
// carries the group's own publication and no other group's; importing that archive writes
// nothing to the network.

type G = { id: string; name: string; members: TestPerson[]; statement: string }

async function memberGroup(label: string, statement: string): Promise<G> {
  const members = [await createPerson(db(), `${label} 1`), await createPerson(db(), `${label} 2`)]
  const name = `${label} circle ${Math.random().toString(36).slice(2, 7)}`
  const id = await createGroupWith(db(), members, { name })
  await makeMemberGroup(db(), id, members, statement)
  return { id, name, members, statement }
}

/** The rows of every network table: what an import must leave as it found them. */
async function networkCounts() {
  return Object.fromEntries(Object.entries(await tableCounts(db())).filter(([table]) => /^(network|federal)_/.test(table)))
}

let a: G
let b: G
let inquiryId: string

beforeAll(async () => {
  a = await memberGroup('Rowan', 'We hold the <em>client</em> first & always.')
  b = await memberGroup('Alder', `Alder's own stance, never in Rowan's archive ${Math.random()}.`)
  const linkId = await linkGroups(db(), a, b)
  await validateLink(db(), b, linkId)
  inquiryId = await createTestInquiry(db(), a.members[0]!, a.id)
})

const download = (person: TestPerson, groupId: string, format?: string) =>
  get(recordRoute, {
    path: `/groups/${groupId}/network/record${format ? `?format=${format}` : ''}`,
    params: { groupId },
    cookie: person.cookie,
  })

describe('the network record download', () => {
  test('a member downloads it as Markdown: the statement, the link group and its validation, as an attachment', async () => {
    const response = await download(a.members[1]!, a.id, 'md')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/markdown; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="rowan-circle-[a-z0-9]+-network-record\.md"$/)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const body = await response.text()
    expect(body).toContain('> We hold the \\<em>client\\</em> first & always.')
    expect(body).toContain(`| ${b.name} | ${a.name} | Validated |`)
    expect(body).not.toContain(b.statement)
  })

  test('a member downloads it as HTML, the group’s words escaped', async () => {
    const response = await download(a.members[0]!, a.id, 'html')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(/network-record\.html"$/)
    const body = await response.text()
    expect(body).toContain('We hold the &lt;em&gt;client&lt;/em&gt; first &amp; always.')
    expect(body).not.toContain('<em>')
    expect(body).toContain(`<td>${b.name}</td>`)
  })

  test('Markdown unless asked otherwise; an unknown format is refused', async () => {
    expect((await download(a.members[0]!, a.id)).headers.get('Content-Type')).toBe('text/markdown; charset=utf-8')
    expect((await download(a.members[0]!, a.id, 'pdf')).status).toBe(400)
  })

  test('anyone outside the group, a linked group’s member too, is answered as if it did not exist', async () => {
    const outsider = await createPerson(db(), 'Outsider')
    const expected = await notFoundResponse().text()
    for (const person of [outsider, b.members[0]!]) {
      const response = await download(person, a.id, 'md')
      expect(response.status).toBe(404)
      expect(await response.text()).toBe(expected)
    }
  })
})

describe('the network record in an archive', () => {
  test('an inquiry’s archive carries its group’s own publication, naming its link group but holding nothing else of it', async () => {
    const { archive } = await buildArchive(db(), a.members[0]!, inquiryId)
    const own = await getGroupPublication(db(), a.members[0]!, a.id)
    const theirs = await getGroupPublication(db(), a.members[0]!, b.id)
    expect(archive.network?.publication).toEqual(own)
    expect(archive.network?.names).toEqual({ [own.uri]: a.name, [theirs.uri]: b.name })
    const text = JSON.stringify(archive)
    expect(text).toContain(a.statement)
    expect(text).not.toContain(b.statement)
    for (const s of theirs.statements) expect(text).not.toContain(s.uri)
  })

  test('the JSON download carries the same part, and is a valid archive', async () => {
    const exported = await exportForMember(db(), a.members[0]!, inquiryId, 'json', {})
    const archive = ArchiveSchema.parse(JSON.parse(new TextDecoder().decode(exported.body)))
    expect(archive.network).toEqual(exported.built.archive.network)
    expect(archive.network?.publication.name).toBe(a.name)
  })

  test('a group outside the network exports no network part', async () => {
    const members = [await createPerson(db(), 'Yew 1')]
    const groupId = await createGroupWith(db(), members, { name: 'Yew circle' })
    const yewInquiryId = await createTestInquiry(db(), members[0]!, groupId)
    const { archive } = await buildArchive(db(), members[0]!, yewInquiryId)
    expect('network' in archive).toBe(false)
  })

  test('importing the archive writes no network rows and puts the new group in no network', async () => {
    const { archive } = await buildArchive(db(), a.members[0]!, inquiryId)
    const importer = await createPerson(db(), 'Imogen Importer')
    const before = await networkCounts()
    const result = await importArchive(db(), parseArchiveText(JSON.stringify(archive)), { user: importer, seat: 'Member A' })
    expect(await networkCounts()).toEqual(before)
    expect(Object.keys(before).length).toBeGreaterThan(5)
    const again = await buildArchive(db(), importer, result.inquiryId)
    expect(again.archive.network).toBeUndefined()
  })
})
