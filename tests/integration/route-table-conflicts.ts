import type { RouteSpec } from './route-table'

// The route table's entries for the group's concerns and conflicts (issue 18): see route-table.ts for what each field means.
// Alice and Bob are both involved in the world's shared concern (at the whole group's step); Carol's concern naming Bob is
// between them only, so it never shows to Alice. A link group (group A, Alice's) reads B's summary, never B's concern.

const login = { kind: 'login' } as const
const notFound = { kind: 'notFound' } as const
const success = { kind: 'success' } as const
const GROUP_REFUSED = { anonymous: login, nonMember: notFound }

export const CONFLICT_ROUTES: Record<string, RouteSpec> = {
  'groups.$groupId.conflicts._index.tsx': {
    groupContent: true,
    conflicts: true,
    params: (w) => ({ groupId: w.group.id }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.group.name, w.conflicts.firstStepName, w.conflicts.shared.id] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        'propose form': {
          intent: 'propose-form',
          intro: 'How we meet a concern.',
          steps: 'Speak directly | involved | Face to face\nBring it to the group | group | At our next meeting',
        },
        raise: { intent: 'raise', about: 'practice', named: w.people.carol.id, concern: 'I am uneasy about how we end sessions.' },
      }),
    },
  },
  'groups.$groupId.conflicts.$conflictId.tsx': {
    groupContent: true,
    conflicts: true,
    network: true,
    params: (w) => ({ groupId: w.group.id, conflictId: w.conflicts.shared.id }),
    formParams: { 'ask a link group': (w) => ({ groupId: w.conflicts.linked.groupId, conflictId: w.conflicts.linked.id }) },
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.conflicts.shared.text, w.conflicts.shared.note], never: (w) => [w.conflicts.hidden.text] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        note: { intent: 'note', note: 'We met again and listened.' },
        'move on': { intent: 'move', fromStep: w.conflicts.shared.stepKey, note: '' },
        supporter: { intent: 'supporter', personId: w.people.carol.id },
        outcome: { intent: 'outcome', outcome: 'honourable_difference', outcomeNote: 'We see it differently, and both ways stand.' },
        withdraw: { intent: 'withdraw', confirmed: 'yes' },
        'ask a link group': { intent: 'help', linkId: w.network.linkId, summary: 'Two of us disagree about sharing a room.' },
      }),
    },
  },
  'network.links.$linkId_.help.tsx': {
    groupContent: true,
    conflicts: true,
    network: true,
    params: (w) => ({ linkId: w.network.linkId }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.conflicts.help.summary], never: (w) => [w.conflicts.help.concernText] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({ answer: { intent: 'answer', requestId: w.conflicts.help.requestId, answer: 'We can meet you both next month.' } }),
    },
  },
}
