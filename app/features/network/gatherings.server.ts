import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import { listGroupsOfPerson } from '~db/queries/groups'
import { listNetworkGroups } from '~db/queries/network'
import {
  attachWaitingContributions,
  findNewsletterIssue,
  insertContribution,
  insertGathering,
  insertNewsletterIssue,
  listContributions,
  listGatherings,
  listNewsletterIssues,
  listOffices,
} from '~db/queries/network-federation'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import type { ContributionSchema, GatheringSchema, PublishIssueSchema } from './network.schema'
import { newUri } from './standing.server'

// Dialogue between groups: the calendar of Gatherings (open to every participant; newcomers
// welcome), and the newsletter published after each Gathering from participants' contributions
// (seed 002's NetCom). Anyone who belongs to a group in the network may add a Gathering or
// contribute; the elected editor publishes an issue, or, while no editor serves, any such participant.

async function requireNetworkParticipant(db: Executor, personId: string) {
  const inNetwork = new Set((await listNetworkGroups(db)).filter((g) => g.stage !== 'laid_down').map((g) => g.groupId))
  if (!(await listGroupsOfPerson(db, personId)).some((g) => inNetwork.has(g.id))) {
    throw new DomainError('forbidden', 'Participants of a group in the network add Gatherings and contribute to the newsletter.')
  }
}

export async function addGathering(db: Db, user: SessionUser, input: z.infer<typeof GatheringSchema>) {
  await db.transaction().execute(async (trx) => {
    await requireNetworkParticipant(trx, user.id)
    await insertGathering(trx, { id: newId(), uri: newUri(), ...input, addedBy: user.id, addedAt: nowIso() })
  })
}

export async function contribute(db: Db, user: SessionUser, input: z.infer<typeof ContributionSchema>) {
  await db.transaction().execute(async (trx) => {
    await requireNetworkParticipant(trx, user.id)
    await insertContribution(trx, { id: newId(), personId: user.id, title: input.title, body: input.body, submittedAt: nowIso() })
  })
}

/** Whether this person may publish the next issue: the serving editor, or anyone in the network while no editor serves. */
async function mayPublish(db: Executor, personId: string): Promise<boolean> {
  const now = nowIso()
  const editors = (await listOffices(db)).filter((o) => /editor/i.test(o.office) && o.endedAt === null && o.termEnds > now)
  return editors.length === 0 || editors.some((o) => o.personId === personId)
}

export async function publishIssue(db: Db, user: SessionUser, input: z.infer<typeof PublishIssueSchema>) {
  return db.transaction().execute(async (trx) => {
    await requireNetworkParticipant(trx, user.id)
    if (!(await mayPublish(trx, user.id))) throw new DomainError('forbidden', 'The elected editor of the newsletter publishes its issues.')
    if ((await listContributions(trx, null)).length === 0)
      throw new DomainError('conflict', 'No contributions are waiting: an issue is made of them.', 'title')
    const number = ((await listNewsletterIssues(trx))[0]?.number ?? 0) + 1
    const id = newId()
    await insertNewsletterIssue(trx, {
      id,
      number,
      title: input.title,
      gatheringId: input.gatheringId || null,
      publishedAt: nowIso(),
      publishedBy: user.id,
    })
    await attachWaitingContributions(trx, id)
    return number
  })
}

export async function getCalendarAndNewsletter(db: Db, user: SessionUser) {
  const today = nowIso().slice(0, 10)
  const gatherings = await listGatherings(db)
  const waiting = await listContributions(db, null)
  return {
    upcoming: gatherings.filter((g) => g.endsOn >= today),
    past: gatherings.filter((g) => g.endsOn < today).reverse(),
    issues: await listNewsletterIssues(db),
    waiting: waiting.filter((c) => c.personId === user.id).map((c) => ({ id: c.id, title: c.title, submittedAt: c.submittedAt })),
    waitingCount: waiting.length,
    mayPublish: await mayPublish(db, user.id),
  }
}

export async function getNewsletterIssue(db: Db, _user: SessionUser, number: number) {
  const issue = await findNewsletterIssue(db, number)
  if (!issue) throw notFound('This issue')
  const contributions = await listContributions(db, issue.id)
  return {
    issue: { number: issue.number, title: issue.title, publishedAt: issue.publishedAt },
    contributions: contributions.map((c) => ({ id: c.id, title: c.title, body: c.body, author: c.displayName, personId: c.personId })),
  }
}
