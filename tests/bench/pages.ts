// The member pages the benchmark times, on the generated inquiry: their paths, and for each
// a text the real page holds (so a login redirect or an error page is never timed as the page).
// The generated inquiry has no client–practitioner pair, so one is made here (its first two
// people, the first the client) with an open peer review and a few agenda items.
import { createGroup, createInvitation, joinByInvitation } from '~/features/groups/groups.server'
import { giveConsent } from '~/features/peer-review/pairs.server'
import { finishClientTurn, openPeerReview, raiseItem } from '~/features/peer-review/peer-reviews.server'
import type { Db } from '~db/connection'
import type { GeneratedInquiry } from './generate'

export type MemberPage = { path: string; expect: string }

export async function memberPages(db: Db, g: GeneratedInquiry): Promise<Record<string, MemberPage>> {
  const inquiry = `/inquiries/${g.inquiryId}`
  const [client, practitioner] = g.people as [GeneratedInquiry['people'][0], GeneratedInquiry['people'][0]]
  const pairId = await createGroup(db, client, { kind: 'pair', name: 'Benchmark pair', pairRole: 'client' })
  const { token } = await createInvitation(db, client, pairId, { expiresInDays: 7 })
  await joinByInvitation(db, practitioner, token)
  await giveConsent(db, client, pairId)
  const reviewId = await openPeerReview(db, practitioner, pairId)
  for (let i = 0; i < 6; i += 1) {
    await raiseItem(db, client, pairId, reviewId, { kind: i % 2 ? 'satisfaction' : 'proposal', text: `Client item ${i + 1}` })
  }
  for (let i = 0; i < 3; i += 1) await raiseItem(db, practitioner, pairId, reviewId, { kind: 'satisfaction', text: `An item ${i + 1}` })
  await finishClientTurn(db, client, pairId, reviewId)

  const theme = await db
    .selectFrom('themes')
    .innerJoin('themeLinks', 'themeLinks.themeId', 'themes.id')
    .select(['themes.id', 'themes.name'])
    .where('themes.inquiryId', '=', g.inquiryId)
    .groupBy(['themes.id', 'themes.name'])
    .orderBy((eb) => eb.fn.count('themeLinks.id'), 'desc')
    .executeTakeFirstOrThrow()
  const decision = await db
    .selectFrom('decisions')
    .select(['id', 'title'])
    .where('groupId', '=', g.groupId)
    .orderBy('createdAt', 'desc')
    .executeTakeFirstOrThrow()
  return {
    trivial: { path: '/healthz', expect: 'ok' },
    login: { path: '/login', expect: '<form' },
    dashboard: { path: inquiry, expect: g.title },
    analysis: { path: `${inquiry}/analysis`, expect: `cycle ${g.currentCycle}` },
    analysisJson: { path: `${inquiry}/analysis.json`, expect: '"cooperative-inquiry.analysis"' },
    validity: { path: `${inquiry}/cycles/${g.currentCycle}/validity`, expect: 'Validity' },
    records: { path: `${inquiry}/records`, expect: 'Records' },
    // The list is paged: the most-linked theme need not be on its first page.
    themes: { path: `${inquiry}/themes`, expect: '<title>Themes' },
    theme: { path: `${inquiry}/themes/${theme.id}`, expect: theme.name },
    ratings: { path: `${inquiry}/ratings`, expect: 'Ratings' },
    challenges: { path: `${inquiry}/challenges`, expect: 'Challenges' },
    plans: { path: `${inquiry}/plans`, expect: 'Plans' },
    decision: { path: `/decisions/${decision.id}`, expect: decision.title },
    peerReview: { path: `/groups/${pairId}/reviews/${reviewId}`, expect: 'Client item 1' },
  }
}
