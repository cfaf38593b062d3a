import { describe, expect, test } from 'vitest'
import { getTemplates, listTemplates } from '~/features/templates/templates.server'
import * as decisionRoute from '~/routes/decisions.$decisionId'
import * as inquiryRoute from '~/routes/inquiries.$inquiryId._index'
import * as plansRoute from '~/routes/inquiries.$inquiryId.plans'
import * as recordsRoute from '~/routes/inquiries.$inquiryId.records._index'
import * as newInquiryRoute from '~/routes/groups.$groupId.inquiries.new'
import { giveConsent } from '~/features/peer-review/pairs.server'
import { getDb } from '~/utils/db.server'
import {
  adoptValidityReview,
  agreeUntilClosed,
  conclude,
  createGroupWith,
  createPerson,
  createTestInquiry,
  moveOn,
  toSenseMaking,
  type TestPerson,
} from '../factories'
import { bodyOf, get, idFrom, post, tableCounts } from './harness'

const db = () => getDb()

async function threeMembers() {
  const people = [await createPerson(db(), 'Ada'), await createPerson(db(), 'Ben'), await createPerson(db(), 'Cy')]
  const groupId = await createGroupWith(db(), people, { name: 'Inquiry circle' })
  return { people, groupId, outsider: await createPerson(db(), 'Outsider') }
}

async function withInquiry(templateSlug = 'cooperative-inquiry') {
  const world = await threeMembers()
  const inquiryId = await createTestInquiry(db(), world.people[0]!, world.groupId, templateSlug)
  return { ...world, inquiryId }
}

function proposeMove(person: TestPerson, inquiryId: string, form: Record<string, string> = { step: 'next', reason: '' }) {
  return post(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie, form })
}

function stance(person: TestPerson, decisionId: string, value: string, reason = '') {
  return post(decisionRoute, {
    path: `/decisions/${decisionId}`,
    params: { decisionId },
    cookie: person.cookie,
    form: { intent: 'stance', stance: value, reason },
  })
}

async function decisionView(person: TestPerson, decisionId: string) {
  const response = await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function inquiryPage(person: TestPerson, inquiryId: string) {
  const response = await get(inquiryRoute, { path: `/inquiries/${inquiryId}`, params: { inquiryId }, cookie: person.cookie })
  expect(response.status).toBe(200)
  return bodyOf(response)
}

async function phasesOf(inquiryId: string) {
  return db()
    .selectFrom('phases')
    .innerJoin('cycles', 'cycles.id', 'phases.cycleId')
    .select(['cycles.number as cycle', 'phases.templateKey', 'phases.status', 'phases.kind', 'phases.role', 'phases.position'])
    .where('cycles.inquiryId', '=', inquiryId)
    .orderBy('cycles.number')
    .orderBy('phases.position')
    .execute()
}

async function inquiryRow(inquiryId: string) {
  return db().selectFrom('inquiries').selectAll().where('id', '=', inquiryId).executeTakeFirstOrThrow()
}

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

describe('moving through the cycle', () => {
  test('a proposal to move to the action phase takes effect when members agree, and the stances are kept', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people as [TestPerson, TestPerson, TestPerson]
    const response = await proposeMove(ada, inquiryId, { step: 'next', reason: 'We have a plan' })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision).toMatchObject({ kind: 'phase_change', status: 'open', title: 'Move to Action – experience', body: 'We have a plan' })

    expect((await stance(ada, decisionId, 'agree', 'Ready')).status).toBe(302)
    expect((await phasesOf(inquiryId))[0]!.status).toBe('current')
    expect((await inquiryRow(inquiryId)).status).toBe('forming')

    expect((await stance(ben, decisionId, 'agree')).status).toBe(302)
    const phases = await phasesOf(inquiryId)
    expect(phases.map((p) => p.status)).toEqual(['done', 'current', 'upcoming', 'upcoming'])
    expect((await inquiryRow(inquiryId)).status).toBe('cycling')
    const page = await inquiryPage(ada, inquiryId)
    expect(page.current).toMatchObject({ name: 'Action – experience', kind: 'action', role: 'co-subject' })
    expect(page.members.every((m: { roleNow: string }) => m.roleNow === 'co-subject')).toBe(true)

    const view = await decisionView(ada, decisionId)
    expect(view.decision.status).toBe('passed')
    expect(view.stances.map((s: { stance: string | null; reason: string | null }) => [s.stance, s.reason])).toEqual([
      ['agree', 'Ready'],
      ['agree', null],
      [null, null],
    ])
    expect(await db().selectFrom('stances').select('id').where('decisionId', '=', decisionId).execute()).toHaveLength(2)
  })

  test('a second proposal to move on while one is open answers 409 and writes nothing', async () => {
    const { people, inquiryId } = await withInquiry()
    expect((await proposeMove(people[0]!, inquiryId)).status).toBe(302)
    const before = await tableCounts(db())
    for (const form of [{ step: 'next' }, { step: 'conclude' }]) {
      const response = await proposeMove(people[1]!, inquiryId, form)
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toMatch(/already open/)
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('an unknown step answers 400 on step', async () => {
    const { people, inquiryId } = await withInquiry()
    const response = await proposeMove(people[0]!, inquiryId, { step: 'leap' })
    expect(response.status).toBe(400)
    expect((await bodyOf(response)).errors.step).toBe('Choose what to propose.')
  })

  test('skipping the optional immersion phase marks it skipped and moves to sense-making', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    const response = await proposeMove(people[0]!, inquiryId, { step: 'next', skipOptional: 'on', reason: '' })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    expect((await db().selectFrom('decisions').select('title').where('id', '=', decisionId).executeTakeFirstOrThrow()).title).toBe(
      'Move to Reflection – sense-making (skipping Action – immersion)',
    )
    await agreeUntilClosed(db(), decisionId, people)
    const phases = await phasesOf(inquiryId)
    expect(phases.map((p) => [p.templateKey, p.status])).toEqual([
      ['reflection-planning', 'done'],
      ['action-experience', 'done'],
      ['action-immersion', 'skipped'],
      ['reflection-sense-making', 'current'],
    ])
  })

  test('without skipping, the optional immersion phase comes next', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    await moveOn(db(), inquiryId, people)
    expect((await phasesOf(inquiryId)).map((p) => p.status)).toEqual(['done', 'done', 'current', 'upcoming'])
  })

  test('moving on from the last phase starts cycle 2 in its first phase', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    await moveOn(db(), inquiryId, people, { skipOptional: true })
    // A cycle closes only once the group has adopted its validity review.
    await adoptValidityReview(db(), inquiryId, people)
    const response = await proposeMove(people[2]!, inquiryId)
    const decisionId = idFrom(response, '/decisions')
    const decision = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow()
    expect(decision).toMatchObject({ kind: 'next_cycle', title: 'Begin cycle 2' })
    expect(await agreeUntilClosed(db(), decisionId, people)).toBe('passed')

    const cycles = await db().selectFrom('cycles').selectAll().where('inquiryId', '=', inquiryId).orderBy('number').execute()
    expect(cycles.map((c) => c.number)).toEqual([1, 2])
    expect(cycles[0]!.endedAt).not.toBeNull()
    expect(cycles[1]!.endedAt).toBeNull()
    const phases = await phasesOf(inquiryId)
    expect(phases.filter((p) => p.cycle === 1).map((p) => p.status)).toEqual(['done', 'done', 'skipped', 'done'])
    expect(phases.filter((p) => p.cycle === 2).map((p) => p.status)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming'])
    const page = await inquiryPage(people[0]!, inquiryId)
    expect(page.current).toMatchObject({ cycleNumber: 2, name: 'Reflection – framing and planning' })
    expect(page.timeline).toHaveLength(2)
  })

  test('a block keeps the decision open, and a changed stance is recorded with its history', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben, cy] = people as [TestPerson, TestPerson, TestPerson]
    const decisionId = idFrom(await proposeMove(ada, inquiryId), '/decisions')

    await stance(ben, decisionId, 'block', 'We have not agreed how to record yet')
    await stance(cy, decisionId, 'agree')
    let view = await decisionView(ada, decisionId)
    expect(view.decision.status).toBe('open')
    expect(view.evaluation.explanation).toMatch(/1 member blocks it/)
    expect((await phasesOf(inquiryId))[0]!.status).toBe('current')

    await stance(ben, decisionId, 'abstain', 'Still unsure')
    view = await decisionView(ada, decisionId)
    expect(view.decision.status).toBe('passed')
    const benRow = view.stances.find((s: { personId: string }) => s.personId === ben.id)
    expect(benRow).toMatchObject({ stance: 'abstain', reason: 'Still unsure' })
    expect(benRow.earlier).toEqual([expect.objectContaining({ stance: 'block', reason: 'We have not agreed how to record yet' })])
    const rows = await db()
      .selectFrom('stances')
      .select(['stance', 'seq'])
      .where('decisionId', '=', decisionId)
      .where('personId', '=', ben.id)
      .orderBy('seq')
      .execute()
    expect(rows).toEqual([
      { stance: 'block', seq: 1 },
      { stance: 'abstain', seq: 2 },
    ])
    expect((await phasesOf(inquiryId))[1]!.status).toBe('current')
  })

  test('a stance from a non-member is a 404 and writes no stance row', async () => {
    const { people, inquiryId, outsider } = await withInquiry()
    const decisionId = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    const before = await tableCounts(db())
    const response = await stance(outsider, decisionId, 'block', 'I should not be able to stop this')
    expect(response.status).toBe(404)
    expect(await tableCounts(db())).toEqual(before)
    expect((await get(decisionRoute, { path: `/decisions/${decisionId}`, params: { decisionId }, cookie: outsider.cookie })).status).toBe(
      404,
    )
  })

  test('a stance on a closed decision answers 409 and is not recorded', async () => {
    const { people, inquiryId } = await withInquiry()
    const decisionId = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    await agreeUntilClosed(db(), decisionId, people)
    const before = await tableCounts(db())
    const response = await stance(people[2]!, decisionId, 'block')
    expect(response.status).toBe(409)
    expect((await bodyOf(response)).formError).toMatch(/closed/)
    expect(await tableCounts(db())).toEqual(before)
  })

  test('only the proposer can withdraw a proposal; others get 403', async () => {
    const { people, inquiryId } = await withInquiry()
    const decisionId = idFrom(await proposeMove(people[0]!, inquiryId), '/decisions')
    const refused = await post(decisionRoute, {
      path: `/decisions/${decisionId}`,
      params: { decisionId },
      cookie: people[1]!.cookie,
      form: { intent: 'withdraw', confirmed: 'yes' },
    })
    expect(refused.status).toBe(403)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe('open')
    const withdrawn = await post(decisionRoute, {
      path: `/decisions/${decisionId}`,
      params: { decisionId },
      cookie: people[0]!.cookie,
      form: { intent: 'withdraw', confirmed: 'yes' },
    })
    expect(withdrawn.status).toBe(302)
    expect((await db().selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirstOrThrow()).status).toBe(
      'withdrawn',
    )
    expect((await proposeMove(people[1]!, inquiryId)).status).toBe(302)
  })
})

describe('a concluded inquiry', () => {
  /** Concluding closes the current cycle, so it happens from sense-making once the cycle's validity review is adopted. */
  async function concluded() {
    const world = await withInquiry()
    await toSenseMaking(db(), world.inquiryId, world.people)
    await adoptValidityReview(db(), world.inquiryId, world.people)
    const response = await proposeMove(world.people[0]!, world.inquiryId, { step: 'conclude', reason: 'We have enough' })
    const decisionId = idFrom(response, '/decisions')
    expect((await db().selectFrom('decisions').select('kind').where('id', '=', decisionId).executeTakeFirstOrThrow()).kind).toBe('conclude')
    expect(await agreeUntilClosed(db(), decisionId, world.people)).toBe('passed')
    return world
  }

  test('concluding closes the current phase and leaves no phase current', async () => {
    const { people, inquiryId } = await concluded()
    const inquiry = await inquiryRow(inquiryId)
    expect(inquiry.status).toBe('concluded')
    expect(inquiry.concludedAt).not.toBeNull()
    // Planning and experience were done, immersion skipped, and sense-making, the current phase, is closed.
    expect((await phasesOf(inquiryId)).map((p) => p.status)).toEqual(['done', 'done', 'skipped', 'done'])
    const page = await inquiryPage(people[0]!, inquiryId)
    expect(page.current).toBeNull()
  })

  test('proposing anything or adding a record afterwards answers 409 and writes nothing', async () => {
    const { people, inquiryId } = await concluded()
    const [ada] = people as [TestPerson]
    const before = await tableCounts(db())
    const attempts = [
      proposeMove(ada, inquiryId, { step: 'next' }),
      proposeMove(ada, inquiryId, { step: 'conclude' }),
      post(plansRoute, {
        path: `/inquiries/${inquiryId}/plans`,
        params: { inquiryId },
        cookie: ada.cookie,
        form: { intent: 'focus', focus: 'Something new to look at' },
      }),
      post(plansRoute, {
        path: `/inquiries/${inquiryId}/plans`,
        params: { inquiryId },
        cookie: ada.cookie,
        form: { intent: 'plan', action: 'Keep going anyway', recording: 'A journal' },
      }),
      post(recordsRoute, {
        path: `/inquiries/${inquiryId}/records`,
        params: { inquiryId },
        cookie: ada.cookie,
        form: { text: 'One more thing', wayOfKnowing: 'experiential', occurredAt: '2024-05-01', visibility: 'group' },
      }),
    ]
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(409)
      expect((await bodyOf(response)).formError).toBe('This inquiry has concluded; nothing more can be proposed or recorded in it.')
    }
    expect(await tableCounts(db())).toEqual(before)
  })

  test('a focus proposal left open when the inquiry concluded can no longer change it', async () => {
    const world = await withInquiry()
    const [ada, ben] = world.people as [TestPerson, TestPerson, TestPerson]
    const focusDecision = idFrom(
      await post(plansRoute, {
        path: `/inquiries/${world.inquiryId}/plans`,
        params: { inquiryId: world.inquiryId },
        cookie: ada.cookie,
        form: { intent: 'focus', focus: 'Silence as invitation' },
      }),
      '/decisions',
    )
    await conclude(db(), world.inquiryId, world.people)
    expect((await inquiryRow(world.inquiryId)).status).toBe('concluded')

    await stance(ada, focusDecision, 'agree')
    await stance(ben, focusDecision, 'agree')
    const cycle = await db().selectFrom('cycles').select('focus').where('inquiryId', '=', world.inquiryId).executeTakeFirstOrThrow()
    expect(cycle.focus).toBeNull()
    const decision = await db().selectFrom('decisions').select('status').where('id', '=', focusDecision).executeTakeFirstOrThrow()
    expect(decision.status).not.toBe('passed')
  })
})

describe('plans and focus', () => {
  function plan(person: TestPerson, inquiryId: string, action: string, recording = 'Notes straight after each session') {
    return post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: person.cookie,
      form: { intent: 'plan', action, recording },
    })
  }

  test('plans can be saved and updated in the planning phase, one per member per cycle', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people as [TestPerson, TestPerson]
    expect((await plan(ada, inquiryId, 'Stay with silences for ten breaths')).status).toBe(302)
    expect((await plan(ada, inquiryId, 'Stay with silences for twenty breaths')).status).toBe(302)
    expect((await plan(ben, inquiryId, 'Notice my urge to fill silences')).status).toBe(302)
    const page = await bodyOf(await get(plansRoute, { path: `/inquiries/${inquiryId}/plans`, params: { inquiryId }, cookie: ada.cookie }))
    expect(page.canPlan).toBe(true)
    expect(page.myPlan.action).toBe('Stay with silences for twenty breaths')
    expect(page.plans).toHaveLength(2)
    expect(await db().selectFrom('plans').select('id').where('personId', '=', ada.id).execute()).toHaveLength(1)
  })

  test('plans are refused with 409 once the cycle is in its action phase, and the saved plan is unchanged', async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada] = people as [TestPerson]
    await plan(ada, inquiryId, 'Stay with silences for ten breaths')
    await moveOn(db(), inquiryId, people)
    const before = await tableCounts(db())
    const response = await plan(ada, inquiryId, 'Rewrite the plan after the fact')
    expect(response.status).toBe(409)
    const { formError } = await bodyOf(response)
    expect(formError).toMatch(/planning phase/)
    expect(await tableCounts(db())).toEqual(before)
    const saved = await db().selectFrom('plans').select('action').where('personId', '=', ada.id).executeTakeFirstOrThrow()
    expect(saved.action).toBe('Stay with silences for ten breaths')
    const page = await bodyOf(await get(plansRoute, { path: `/inquiries/${inquiryId}/plans`, params: { inquiryId }, cookie: ada.cookie }))
    expect(page.canPlan).toBe(false)
    // The page says what the refusal says, and when plans can be made again, instead of offering the form.
    expect(page.planBlock).toBe(formError)
    expect(page.planBlock).toMatch(/The next chance is Reflection – framing and planning, when cycle 2 begins\.$/)
  })

  test('a plan too short to act on answers 400 beside its fields', async () => {
    const { people, inquiryId } = await withInquiry()
    const response = await post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: people[0]!.cookie,
      form: { intent: 'plan', action: 'x', recording: '' },
    })
    expect(response.status).toBe(400)
    const body = await bodyOf(response)
    expect(body.errors.action).toBeTruthy()
    expect(body.errors.recording).toBeTruthy()
    expect(body.values.action).toBe('x')
  })

  test("a focus proposal sets the cycle's focus only when it passes", async () => {
    const { people, inquiryId } = await withInquiry()
    const [ada, ben] = people as [TestPerson, TestPerson]
    const response = await post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: ada.cookie,
      form: { intent: 'focus', focus: 'Silence as invitation, not absence' },
    })
    expect(response.status).toBe(302)
    const decisionId = idFrom(response, '/decisions')
    const focus = async () =>
      (await db().selectFrom('cycles').select('focus').where('inquiryId', '=', inquiryId).executeTakeFirstOrThrow()).focus

    await stance(ada, decisionId, 'agree')
    expect(await focus()).toBeNull()
    await stance(ben, decisionId, 'agree')
    expect(await focus()).toBe('Silence as invitation, not absence')
    expect((await inquiryPage(ada, inquiryId)).current.focus).toBe('Silence as invitation, not absence')
  })

  test('a focus cannot be proposed once the cycle has moved on to action', async () => {
    const { people, inquiryId } = await withInquiry()
    await moveOn(db(), inquiryId, people)
    const before = await tableCounts(db())
    const response = await post(plansRoute, {
      path: `/inquiries/${inquiryId}/plans`,
      params: { inquiryId },
      cookie: people[0]!.cookie,
      form: { intent: 'focus', focus: 'Too late for this' },
    })
    expect(response.status).toBe(409)
    expect(await tableCounts(db())).toEqual(before)
  })
})
