import * as overviewRoute from '~/routes/groups.$groupId._index'
import * as groundRulesRoute from '~/routes/groups.$groupId.ground-rules'
import * as leaveRoute from '~/routes/groups.$groupId.leave'
import * as membersRoute from '~/routes/groups.$groupId.members'
import * as settingsRoute from '~/routes/groups.$groupId.settings'
import * as joinRoute from '~/routes/join.$token'
import { getDb } from '~/utils/db.server'
import { type TestPerson } from '../factories'
import { get, post, type RouteModule } from './harness'

// What the Group tests share: the group pages' actions, joining by invitation, and the member
// rows behind them.

export const db = () => getDb()

/** The group's overview and its sub-pages, by the path after /groups/:groupId. */
export const GROUP_PAGES = {
  '': overviewRoute,
  '/members': membersRoute,
  '/ground-rules': groundRulesRoute,
  '/settings': settingsRoute,
  '/leave': leaveRoute,
} satisfies Record<string, RouteModule>

export type GroupPage = keyof typeof GROUP_PAGES

/** Which group page holds the form with this intent. */
const PAGE_OF_INTENT: Record<string, GroupPage> = {
  invite: '/members',
  revoke: '/members',
  'ground-rules': '/ground-rules',
  facilitator: '/settings',
  'export-name': '/settings',
  leave: '/leave',
  withdraw: '/leave',
}

/** Posts a form to the group page that holds it (found by its intent; anything else goes to the overview). */
export function groupPost(person: TestPerson, groupId: string, form: Record<string, string>) {
  const page = PAGE_OF_INTENT[form.intent ?? ''] ?? ''
  return post(GROUP_PAGES[page], { path: `/groups/${groupId}${page}`, params: { groupId }, cookie: person.cookie, form })
}

/** Opens one of the group's pages (its loader) as this person. */
export function groupGet(person: { cookie: string }, groupId: string, page: GroupPage = '') {
  return get(GROUP_PAGES[page], { path: `/groups/${groupId}${page}`, params: { groupId }, cookie: person.cookie })
}

export function join(person: TestPerson, token: string) {
  return post(joinRoute, { path: `/join/${token}`, params: { token }, cookie: person.cookie })
}

export async function memberRows(groupId: string) {
  return db().selectFrom('members').selectAll().where('groupId', '=', groupId).orderBy('joinedAt').execute()
}

export async function currentMember(groupId: string, personId: string) {
  return db()
    .selectFrom('members')
    .selectAll()
    .where('groupId', '=', groupId)
    .where('personId', '=', personId)
    .where('leftAt', 'is', null)
    .executeTakeFirst()
}
