import type { Executor } from '~db/connection'
import type { Inquiry } from '~db/schema'
import { parseCarried } from '~db/queries/carried'
import { findGroup } from '~db/queries/groups'
import { getInquiry, listCycles, listInquiriesOfGroup } from '~db/queries/inquiries'
import {
  listCycleProposals,
  listMembersByKey,
  listResolutions,
  listRoleEvents,
  listSharedReflectionRecords,
  listTemplateVersionPlans,
} from '~db/queries/facilitation'
import { wordCount } from '~/features/analysis/analysis.server'
import { pseudonymFor } from '~/features/exports/core/pseudonyms'
import { InquiryTemplateSchema } from '~/features/templates/template.schema'
import { cachedForInquiry } from '~/utils/cache.server'
import { requireInquiryMember, requireMember } from '~/features/membership/membership.server'
import { inquiryTemplate } from '~/features/cycles/cycles.server'
import type { SessionUser } from '~/utils/session.server'
import { describePlan } from './core/plan'
import { describeFacilitation, facilitationRows } from './core/rows'
import { cycleDependence, type CycleActs, type CycleDependence } from './core/measure'
import { coFacilitatorTerms, facilitatorTerms, heldDuring, type RoleEvent } from './core/terms'

// Facilitator dependence read from the database (docs/design.md §4 "Facilitation over the
// cycles"): who facilitated each cycle (from the audit log's role history, or what an imported
// cycle carried), and what each current member proposed, resolved and wrote in reflection.

/** The role's history as RoleEvents, from the group's audit events. */
function roleEvents(rows: { kind: string; personId: string | null; detailJson: string; createdAt: string }[]): RoleEvent[] {
  return rows.flatMap((r): RoleEvent[] => {
    const detail = JSON.parse(r.detailJson) as { facilitator?: string | null; to?: string | null }
    if (r.kind === 'group_created') {
      return [{ kind: 'created', at: r.createdAt, ...('facilitator' in detail ? { facilitator: detail.facilitator ?? null } : {}) }]
    }
    if (r.kind === 'facilitator_changed') return [{ kind: 'changed', at: r.createdAt, by: r.personId, to: detail.to ?? null }]
    return r.personId ? [{ kind: 'left', at: r.createdAt, person: r.personId }] : []
  })
}

/** Each cycle's acts, oldest first; the cycles whose facilitation is known; the group's kind and its members. */
export async function facilitationActs(db: Executor, inquiry: Pick<Inquiry, 'id' | 'groupId'>) {
  const [group, members, events, cycles, proposals, resolutions, reflection, versions] = await Promise.all([
    findGroup(db, inquiry.groupId),
    listMembersByKey(db, inquiry.groupId),
    listRoleEvents(db, inquiry.groupId),
    listCycles(db, inquiry.id),
    listCycleProposals(db, inquiry.id),
    listResolutions(db, inquiry.id),
    listSharedReflectionRecords(db, inquiry.id),
    listTemplateVersionPlans(db, inquiry.id),
  ])
  const pair = group?.kind === 'pair'
  const current = members.filter((m) => m.leftAt === null)
  const byKey = new Map(members.filter((m) => m.pseudonymIndex !== null).map((m) => [pseudonymFor(m.pseudonymIndex!), m.personId]))
  const terms = facilitatorTerms(
    roleEvents(events),
    current.find((m) => m.isFacilitator === 1)?.personId ?? null,
    group?.createdAt ?? '0000-01-01T00:00:00.000Z',
  )
  const coTerms = coFacilitatorTerms(
    versions.map((v) => {
      const plan = InquiryTemplateSchema.safeParse(JSON.parse(v.templateJson))
      const f = plan.success ? plan.data.facilitation : undefined
      return {
        at: v.createdAt,
        coFacilitator: f?.plan === 'co-facilitator' && f.coFacilitator ? (byKey.get(f.coFacilitator) ?? null) : null,
      }
    }),
  )
  // A published cycle imported from an archive made before facilitation travelled does not say who facilitated it.
  const known = new Set(cycles.filter((c) => c.carriedJson === null || parseCarried(c.carriedJson)?.facilitation).map((c) => c.number))
  const acts: CycleActs[] = [...cycles]
    .sort((a, b) => a.number - b.number)
    .map((c) => {
      const carried = parseCarried(c.carriedJson)?.facilitation
      const own = new Map<string, { records: number; words: number }>()
      for (const r of reflection.filter((x) => x.cycleId === c.id)) {
        const x = own.get(r.authorId) ?? { records: 0, words: 0 }
        x.records += 1
        x.words += wordCount(r.text)
        own.set(r.authorId, x)
      }
      // An imported cycle adds what its records left behind wrote in reflection phases.
      for (const r of carried?.reflection ?? []) {
        const x = own.get(r.personId) ?? { records: 0, words: 0 }
        x.records += r.records
        x.words += r.words
        own.set(r.personId, x)
      }
      return {
        cycle: c.number,
        memberIds: current.map((m) => m.personId),
        noRole: pair,
        facilitators: carried ? carried.facilitators : heldDuring(terms, c.startedAt, c.endedAt),
        coFacilitators: carried ? carried.coFacilitators : heldDuring(coTerms, c.startedAt, c.endedAt),
        proposals: proposals.filter((p) => p.cycleId === c.id).map((p) => ({ by: p.proposedBy, kind: p.kind })),
        resolutions: resolutions.filter((r) => r.cycleId === c.id).map((r) => ({ by: r.resolvedBy })),
        reflection: [...own.entries()].map(([by, x]) => ({ by, ...x })),
      }
    })
  return { acts, known, pair, members }
}

/** The inquiry's facilitator dependence, cycle by cycle (kept until its data next changes). */
export async function facilitationSeries(
  db: Executor,
  inquiry: Pick<Inquiry, 'id' | 'groupId'>,
): Promise<{ cycles: CycleDependence[]; pair: boolean }> {
  return cachedForInquiry(db, inquiry.id, 'facilitation', async () => {
    const { acts, known, pair } = await facilitationActs(db, inquiry)
    return { cycles: acts.filter((a) => known.has(a.cycle)).map(cycleDependence), pair }
  })
}

/** Names of a group's members by person id, and by member key (for a plan that names one), for its members' pages. */
async function namesOf(db: Executor, groupId: string) {
  const members = await listMembersByKey(db, groupId)
  const byId = new Map(members.map((m) => [m.personId, m.displayName]))
  const byKey = new Map(members.filter((m) => m.pseudonymIndex !== null).map((m) => [pseudonymFor(m.pseudonymIndex!), m.displayName]))
  return {
    person: (id: string) => byId.get(id) ?? 'a former member',
    key: (key: string) => `${byKey.get(key) ?? key} (${key})`,
  }
}

/** The analysis page's "Facilitation over the cycles": the inquiry's dependence per cycle, its table and its handover plan. */
export async function getInquiryFacilitation(db: Executor, user: SessionUser, inquiryId: string) {
  const { inquiry } = await requireInquiryMember(db, user.id, inquiryId)
  const [series, names] = await Promise.all([facilitationSeries(db, inquiry), namesOf(db, inquiry.groupId)])
  const rows = facilitationRows(series.cycles, names.person)
  return {
    pair: series.pair,
    rows,
    sentence: describeFacilitation(rows),
    plan: describePlan(inquiryTemplate(inquiry.templateJson).facilitation, names.key),
  }
}

/** The group's facilitation across its inquiries' cycles, in the order the cycles began, each inquiry's plan beside it. */
export async function getGroupFacilitation(db: Executor, user: SessionUser, groupId: string) {
  await requireMember(db, user.id, groupId)
  const group = await findGroup(db, groupId)
  const inquiries = await listInquiriesOfGroup(db, groupId)
  const names = await namesOf(db, groupId)
  const parts = await Promise.all(
    inquiries.map(async (i) => {
      const full = { id: i.id, groupId }
      const [series, cycles, template] = await Promise.all([
        facilitationSeries(db, full),
        listCycles(db, i.id),
        getInquiry(db, i.id).then((row) => inquiryTemplate(row.templateJson).facilitation),
      ])
      const started = new Map(cycles.map((c) => [c.number, c.startedAt]))
      const rows = facilitationRows(series.cycles, names.person, (n) => ({
        label: `${i.title}, cycle ${n}`,
        short: `${initials(i.title)}${n}`,
      }))
      return {
        inquiry: { id: i.id, title: i.title },
        plan: describePlan(template, names.key),
        rows: rows.map((r) => ({ ...r, startedAt: started.get(r.cycle) ?? '' })),
      }
    }),
  )
  const rows = parts
    .flatMap((p) => p.rows)
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0))
    .map(({ startedAt: _, ...r }) => r)
  return {
    group: { id: groupId, name: group?.name ?? '', pair: group?.kind === 'pair' },
    inquiries: parts.map((p) => ({ ...p.inquiry, plan: p.plan })),
    rows,
    sentence: describeFacilitation(rows),
  }
}

/** "Staying with silence" → "SWS": a short tick label for an inquiry. */
function initials(title: string): string {
  return (
    title
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 3)
      .map((w) => w.charAt(0).toUpperCase())
      .join('') || 'I'
  )
}
