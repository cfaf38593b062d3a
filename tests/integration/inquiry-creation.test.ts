import { describe, expect, test } from 'vitest'
import { getTemplates, listTemplates } from '~/features/templates/templates.server'
import * as newInquiryRoute from '~/routes/groups.$groupId.inquiries.new'
import { giveConsent } from '~/features/peer-review/pairs.server'
import { createGroupWith, createPerson, moveOn, type TestPerson } from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'
import { db, inquiryPage, inquiryRow, phasesOf, threeMembers, withInquiry } from './support-inquiries'

// Creating an Inquiry from a Template: a group of any kind the Template is made for, keeping
// its own copy of the Template.

describe('creating an inquiry', () => {
  test.each(
    listTemplates()
      .filter((t) => t.groupKinds.includes('inquiry_group'))
      .map((t) => [t.slug, t] as const),
  )('from the %s template: cycle 1 with every phase in order, the first current, status forming', async (slug, template) => {
    const { people, groupId } = await threeMembers()
    const response = await post(newInquiryRoute, {
      path: `/groups/${groupId}/inquiries/new`,
      params: { groupId },
      cookie: people[0]!.cookie,
      form: { title: 'Meeting silence', question: 'What happens in us when a session falls silent?', templateSlug: slug },
    })
    expect(response.status).toBe(302)
    const inquiryId = idFrom(response, '/inquiries')
    const inquiry = await inquiryRow(inquiryId)
    expect(inquiry).toMatchObject({ groupId, status: 'forming', templateSlug: slug, concludedAt: null, createdBy: people[0]!.id })
    const cycles = await db().selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).execute()
    expect(cycles).toHaveLength(1)
    expect(cycles[0]).toMatchObject({ number: 1, focus: null, endedAt: null })
    const phases = await phasesOf(inquiryId)
    expect(phases.map((p) => p.templateKey)).toEqual(template.phases.map((p) => p.key))
    expect(phases.map((p) => p.status)).toEqual(template.phases.map((_, i) => (i === 0 ? 'current' : 'upcoming')))
    expect(phases.map((p) => [p.kind, p.role])).toEqual(template.phases.map((p) => [p.kind, p.role]))

    const page = await inquiryPage(people[1]!, inquiryId)
    expect(page.current).toMatchObject({ cycleNumber: 1, name: template.phases[0]!.name, role: 'co-researcher' })
    expect(page.template.slug).toBe(slug)
  })

  test('a pair starts an inquiry from the pair template only once the client has consented to the principles', async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const groupId = await createGroupWith(db(), [client, practitioner], { kind: 'pair', firstIsClient: true })
    const form = { title: 'Our work', question: 'How is our work together going for you?', templateSlug: 'client-practitioner-peer-review' }
    const call = (who: TestPerson) =>
      post(newInquiryRoute, { path: `/groups/${groupId}/inquiries/new`, params: { groupId }, cookie: who.cookie, form })
    const before = await tableCounts(db())
    const refused = await call(practitioner)
    expect(refused.status).toBe(409)
    expect((await bodyOf(refused)).formError).toMatch(/not yet consented/)
    expect(await tableCounts(db())).toEqual(before)
    await giveConsent(db(), client, groupId)
    const response = await call(practitioner)
    expect(response.status).toBe(302)
    const inquiry = await inquiryRow(idFrom(response, '/inquiries'))
    expect(inquiry).toMatchObject({ templateSlug: 'client-practitioner-peer-review', status: 'forming' })
  })

  test('an unknown template answers 400 on templateSlug, keeps the input, and writes nothing', async () => {
    const { people, groupId } = await threeMembers()
    const before = await tableCounts(db())
    const response = await post(newInquiryRoute, {
      path: `/groups/${groupId}/inquiries/new`,
      params: { groupId },
      cookie: people[0]!.cookie,
      form: { title: 'Meeting silence', question: 'What happens when a session falls silent?', templateSlug: 'no-such-template' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.templateSlug).toBe('Choose one of the templates listed.')
    expect(body.values.title).toBe('Meeting silence')
    expect(await tableCounts(db())).toEqual(before)
  })

  test("a template not made for the group's kind answers 400 on templateSlug and writes nothing", async () => {
    const client = await createPerson(db(), 'Client')
    const practitioner = await createPerson(db(), 'Practitioner')
    const groupId = await createGroupWith(db(), [client, practitioner], { kind: 'pair' })
    const before = await tableCounts(db())
    const response = await post(newInquiryRoute, {
      path: `/groups/${groupId}/inquiries/new`,
      params: { groupId },
      cookie: client.cookie,
      form: { title: 'Our work', question: 'How is our work together going?', templateSlug: 'cooperative-inquiry' },
    })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.templateSlug).toMatch(/not made for this kind of group/)
    expect(await tableCounts(db())).toEqual(before)
    const page = await bodyOf(
      await get(newInquiryRoute, { path: `/groups/${groupId}/inquiries/new`, params: { groupId }, cookie: client.cookie }),
    )
    expect(page.templates.map((t: { slug: string }) => t.slug)).not.toContain('cooperative-inquiry')
  })

  test('a short title and question answer 400 beside those fields', async () => {
    const { people, groupId } = await threeMembers()
    const response = await post(newInquiryRoute, {
      path: `/groups/${groupId}/inquiries/new`,
      params: { groupId },
      cookie: people[0]!.cookie,
      form: { title: 'x', question: 'why?', templateSlug: 'cooperative-inquiry' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.title).toBe('Give the inquiry a short title.')
    expect(body.errors.question).toMatch(/question or focus/)
    expect(body.values).toMatchObject({ title: 'x', question: 'why?' })
  })

  test('the inquiry keeps its own copy of the template: a later revision of the template does not touch it', async () => {
    const { people, inquiryId } = await withInquiry('peer-supervision-inquiry')
    const original = getTemplates().get('peer-supervision-inquiry')!
    expect(JSON.parse((await inquiryRow(inquiryId)).templateJson)).toEqual(original)

    const revised = {
      ...original,
      name: 'Revised elsewhere',
      phases: original.phases.map((p) => ({ ...p, key: `${p.key}-v2`, name: `${p.name} (v2)` })),
    }
    getTemplates().set(original.slug, revised)
    try {
      const page = await inquiryPage(people[0]!, inquiryId)
      expect(page.template.name).toBe(original.name)
      expect(page.current.name).toBe(original.phases[0]!.name)
      for (let i = 0; i < original.phases.length; i += 1) await moveOn(db(), inquiryId, people)
      const cycle2 = (await phasesOf(inquiryId)).filter((p) => p.cycle === 2)
      expect(cycle2.map((p) => p.templateKey)).toEqual(original.phases.map((p) => p.key))
    } finally {
      getTemplates().set(original.slug, original)
    }
  })
})
