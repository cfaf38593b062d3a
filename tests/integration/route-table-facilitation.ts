import type { Outcome, RouteSpec } from './route-table'

// The route table's entries for facilitation pages (issue 19): see route-table.ts for what each field means.

const login: Outcome = { kind: 'login' }
const notFound: Outcome = { kind: 'notFound' }

export const FACILITATION_ROUTES: Record<string, RouteSpec> = {
  // The group's facilitation across its inquiries: the inquiry by title, and its handover plan in words.
  'groups.$groupId.facilitation.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: {
      anonymous: login,
      nonMember: notFound,
      member: { kind: 'ok', shows: (w) => [w.group.name, w.inquiry.title, 'One facilitator, until the group hands the role on.'] },
    },
  },
}
