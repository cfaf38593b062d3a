import * as groupRoute from '~/routes/groups.$groupId._index'
import * as joinRoute from '~/routes/join.$token'
import { getDb } from '~/utils/db.server'
import { type TestPerson } from '../factories'
import { post } from './harness'

// What the Group tests share: the group page's actions, joining by invitation, and the member
// rows behind them.

export const db = () => getDb()

export function groupPost(person: TestPerson, groupId: string, form: Record<string, string>) {
  return post(groupRoute, { path: `/groups/${groupId}`, params: { groupId }, cookie: person.cookie, form })
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
