import type { Expectations, Outcome, RouteSpec } from './route-table'

// The route table's entries for the group's peer review audit (issue 18): see route-table.ts for what each field means.

const login: Outcome = { kind: 'login' }
const notFound: Outcome = { kind: 'notFound' }
const success: Outcome = { kind: 'success' }
const GROUP_REFUSED = { anonymous: login, nonMember: notFound }

const assessmentForm = (occasion: string) => ({
  practisedOn: '2026-11-25',
  occasion,
  'level.clear-agreement': '3',
  'note.clear-agreement': 'Named the fee early.',
  reflection: 'I was clearer than last time.',
})

const privateOf = (w: Parameters<RouteSpec['params']>[0]) => ({ groupId: w.group.id, assessmentId: w.audit.privateId })
const carolsOf = (w: Parameters<RouteSpec['params']>[0]) => ({ groupId: w.group.id, assessmentId: w.audit.carolSharedId })

export const AUDIT_ROUTES: Record<string, RouteSpec> = {
  // The group's audit page: Alice reads her own private record's occasion and what the group shared.
  'groups.$groupId.audit._index.tsx': {
    groupContent: true,
    audit: true,
    params: (w) => ({ groupId: w.group.id }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.group.name, w.audit.framework, w.audit.meetingTitle, `A first session, ${w.tag}`] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        adopt: { intent: 'adopt', templateSlug: 'peer-review-audit-facilitation' },
        revise: {
          intent: 'revise',
          framework:
            '# [contract] Contracting\n- [clear-agreement] I agreed the terms clearly.\n# Endings\n- I prepared the ending with the client.',
          why: 'Endings matter to us.',
        },
        assess: { intent: 'assess', ...assessmentForm('A home visit') },
        meeting: { intent: 'meeting', heldOn: '2027-01-20', title: 'Winter audit meeting' },
      }),
    },
  },
  // One record. Its default is Alice's shared record (Bob reads it too); the writer's own moves
  // go to her private one, and the peer assessment to Carol's shared record.
  'groups.$groupId.audit.$assessmentId.tsx': {
    groupContent: true,
    audit: true,
    params: (w) => ({ groupId: w.group.id, assessmentId: w.audit.sharedId }),
    formParams: { update: privateOf, delete: privateOf, share: privateOf, peer: carolsOf },
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.audit.sharedText, w.audit.peerFeedback], never: (w) => [w.audit.privateText] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        update: { intent: 'update', ...assessmentForm('A first session, revisited') },
        delete: { intent: 'delete', confirmed: 'yes' },
        share: { intent: 'share' },
        consent: { intent: 'consent' },
        'withdraw consent': { intent: 'withdraw-consent' },
        unshare: { intent: 'unshare' },
        peer: { intent: 'peer', feedback: 'You held the boundary kindly.', 'level.clear-agreement': '3' },
      }),
    },
  },
  // What a link group reads: the other group's consented records only (Hana's), never Alice's.
  'network.links.$linkId_.audits.tsx': {
    groupContent: true,
    audit: true,
    params: (w) => ({ linkId: w.audit.linkId }),
    get: {
      ...GROUP_REFUSED,
      member: {
        kind: 'ok',
        shows: (w) => [w.audit.linkedGroupName, w.audit.linkedText],
        never: (w) => [w.audit.privateText, w.audit.sharedText, w.audit.carolSharedText, w.audit.peerFeedback],
      },
    } satisfies Expectations,
  },
}
