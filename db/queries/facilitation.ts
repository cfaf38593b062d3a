import type { Executor } from '../connection'

// What facilitator dependence is measured from (issue 19; features/facilitation): the facilitator
// role's history in the audit log, and an inquiry's proposals, resolutions and reflection records.

/** The audit events that change who holds a group's facilitator role, oldest first. */
export function listRoleEvents(db: Executor, groupId: string) {
  return db
    .selectFrom('auditEvents')
    .select(['kind', 'personId', 'detailJson', 'createdAt'])
    .where('groupId', '=', groupId)
    .where('kind', 'in', ['group_created', 'facilitator_changed', 'member_left', 'withdrew'])
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

/** Every member a group has had (current and former), with their place in joining order (the member key). */
export function listMembersByKey(db: Executor, groupId: string) {
  return db
    .selectFrom('members')
    .innerJoin('people', 'people.id', 'members.personId')
    .select([
      'members.personId',
      'members.pseudonymIndex',
      'members.leftAt',
      'members.isFacilitator',
      'people.displayName',
      'people.placeholder',
    ])
    .where('members.groupId', '=', groupId)
    .orderBy('members.pseudonymIndex')
    .execute()
}

/** Every decision of an inquiry that belongs to a cycle: its cycle, kind and proposer. */
export function listCycleProposals(db: Executor, inquiryId: string) {
  return db
    .selectFrom('decisions')
    .select(['cycleId', 'kind', 'proposedBy'])
    .where('inquiryId', '=', inquiryId)
    .where('cycleId', 'is not', null)
    .execute()
}

/** Every resolved challenge of an inquiry: its cycle and who recorded the resolution. */
export function listResolutions(db: Executor, inquiryId: string) {
  return db
    .selectFrom('challenges')
    .select(['cycleId', 'resolvedBy'])
    .where('inquiryId', '=', inquiryId)
    .where('resolution', 'is not', null)
    .execute()
}

/** Every shared record an inquiry holds from a reflection phase: its cycle, author and words (private records never count). */
export function listSharedReflectionRecords(db: Executor, inquiryId: string) {
  return db
    .selectFrom('records')
    .innerJoin('phases', 'phases.id', 'records.phaseId')
    .select(['records.cycleId', 'records.authorId', 'records.text'])
    .where('records.inquiryId', '=', inquiryId)
    .where('records.visibility', '=', 'group')
    .where('phases.kind', '=', 'reflection')
    .execute()
}

/** An inquiry's template versions with their templates, oldest first: each version's handover plan held from its time. */
export function listTemplateVersionPlans(db: Executor, inquiryId: string) {
  return db
    .selectFrom('templateVersions')
    .select(['version', 'createdAt', 'templateJson'])
    .where('inquiryId', '=', inquiryId)
    .orderBy('version')
    .execute()
}
