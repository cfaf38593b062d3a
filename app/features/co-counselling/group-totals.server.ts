import type { Db } from '~db/connection'
import { findCoGroupSettings, listGroupFinishedTurns } from '~db/queries/co-counselling'
import { listDecisions } from '~db/queries/decisions'
import { findGroup } from '~db/queries/groups'
import { DEFAULT_RULE, propose } from '~/features/decisions/decisions.server'
import { requireMember } from '~/features/membership/membership.server'
import { DomainError, notFound } from '~/utils/errors.server'
import type { SessionUser } from '~/utils/session.server'
import { zoneOf } from './access.server'
import { monthName } from './co-counselling.server'
import { groupTotals } from './core/ledger'

// A group's view of its members' co-counselling (issue 19): nothing at all, unless the group has
// decided to see the totals; then, per month, how many sessions were held through the group, how
// many turns and how much time as client. Never who, never with whom.

export async function getGroupCoCounselling(db: Db, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  if (!group) throw notFound()
  const settings = await findCoGroupSettings(db, groupId)
  const open = (await listDecisions(db, { groupId, status: 'open' })).filter((d) => d.kind === 'co_counselling_totals')
  const showTotals = settings?.showTotals === 1
  let totals: { month: string; label: string; sessions: number; turns: number; minutes: number }[] = []
  if (showTotals) {
    const zone = await zoneOf(db, user.id)
    const rows = await listGroupFinishedTurns(db, groupId)
    const bySession = new Map<string, { seconds: number; endedAt: string }[]>()
    for (const r of rows) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), { seconds: r.seconds!, endedAt: r.endedAt! }])
    totals = groupTotals(
      [...bySession].map(([id, turns]) => ({ id, turns })),
      zone,
    ).map((t) => ({ month: t.month, label: monthName(t.month), sessions: t.sessions, turns: t.turns, minutes: Math.round(t.seconds / 60) }))
  }
  return {
    group: { id: group.id, name: group.name, kind: group.kind },
    showTotals,
    totals,
    openDecisions: open.map((d) => ({ id: d.id, title: d.title })),
  }
}

/** Proposes to the group that it sees (or stops seeing) the totals: one such proposal open at a time. */
export async function proposeGroupTotals(db: Db, user: SessionUser, groupId: string, show: boolean): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await requireMember(trx, user.id, groupId)
    const open = (await listDecisions(trx, { groupId, status: 'open' })).some((d) => d.kind === 'co_counselling_totals')
    if (open) throw new DomainError('conflict', 'A proposal about the co-counselling totals is open already: take your stance on it.')
    const current = (await findCoGroupSettings(trx, groupId))?.showTotals === 1
    if (current === show)
      throw new DomainError('bad_request', show ? 'The group sees the totals already.' : 'The group does not see the totals.', 'show')
    return propose(trx, user, {
      groupId,
      kind: 'co_counselling_totals',
      title: show ? 'See the totals of our co-counselling' : 'Stop seeing the totals of our co-counselling',
      body: show
        ? 'The group would see, per month, how many co-counselling sessions its members held through the group, how many turns and how much time as client: totals only, never who or with whom.'
        : 'The group would no longer see the totals of its members’ co-counselling sessions.',
      payload: { show },
      rule: DEFAULT_RULE,
    })
  })
}
