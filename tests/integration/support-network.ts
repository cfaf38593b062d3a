import type { Db } from '~db/connection'
import * as proposals from '~/features/network/proposals.server'
import { createGroupWith, createPerson, type TestPerson } from '../factories'
import { decided, makeMemberGroup } from '../factories/network'

// What the network's integration tests share: groups made for a test, and the stances every
// other member group must cast (consensus of groups counts them all).

type TestGroup = { id: string; name: string; members: TestPerson[] }

/** A new practitioner group of `size` new people, not yet in the network. */
export async function networkTestGroup(db: Db, label: string, size = 2): Promise<TestGroup> {
  const members: TestPerson[] = []
  for (let i = 0; i < size; i++) members.push(await createPerson(db, `${label} ${i + 1}`))
  const name = `${label} circle ${Math.random().toString(36).slice(2, 7)}`
  return { id: await createGroupWith(db, members, { name }), name, members }
}

/** A new group taken to a member group with a published statement. */
export async function memberTestGroup(db: Db, label: string): Promise<TestGroup> {
  const g = await networkTestGroup(db, label)
  await makeMemberGroup(db, g.id, g.members, `${label}: we hold the client's experience first.`)
  return g
}

/**
 * Every other member group in this database (other tests' too) decides `stance` on a federal
 * proposal, through its own members: consensus of groups means every member group.
 */
export async function everyOtherMemberGroupCasts(
  db: Db,
  proposalId: string,
  except: readonly string[],
  stance: 'agree' | 'stand_aside' = 'stand_aside',
) {
  const others = await db
    .selectFrom('networkGroups')
    .select('groupId')
    .where('stage', '=', 'member')
    .where('groupId', 'not in', except)
    .execute()
  for (const { groupId } of others) {
    const members = (
      await db
        .selectFrom('members')
        .innerJoin('people', 'people.id', 'members.personId')
        .select(['people.id', 'people.email', 'people.displayName'])
        .where('members.groupId', '=', groupId)
        .where('members.leftAt', 'is', null)
        .execute()
    ).map((p) => ({ ...p, cookie: '', password: '' }))
    await decided(db, members, (by) => proposals.proposeFederalStance(db, by, groupId, { proposalId, stance, reason: '' }))
  }
}
