import type { Executor } from '~db/connection'
import { findChallenge } from '~db/queries/challenges'
import { findDecision } from '~db/queries/decisions'
import { findGroup, listCurrentMembers } from '~db/queries/groups'
import { findInquiry, findPhase, getCycle } from '~db/queries/inquiries'
import { findPersonByEmail } from '~db/queries/people'
import { findRecordAuthor } from '~db/queries/records'
import { findTheme } from '~db/queries/themes'
import { appOrigin, mailAddress, mailPerson, wantsMail } from './outbox.server'

// What the platform tells members by mail, written into the outbox inside the transaction of
// the action that causes it. A notice names the group or inquiry and what happened, and links
// to it; it never quotes what anyone wrote (a record, a challenge, a reason, a proposal's
// title) and never names who did it: the page behind the link does that, for members only.

async function mailMembers(
  trx: Executor,
  groupId: string,
  kind: 'phase_begun' | 'decision_awaits' | 'rating_round',
  content: { subject: string; lines: string[]; link: string },
  except: string | null = null,
) {
  for (const member of await listCurrentMembers(trx, groupId)) {
    if (member.personId !== except) await mailPerson(trx, member.personId, kind, content)
  }
}

/** A new phase has begun in an inquiry; when it opens a blind rating round, that is said too. */
export async function noticePhaseBegun(trx: Executor, inquiryId: string, phaseId: string, options: { ratingRoundOpens: boolean }) {
  const inquiry = await findInquiry(trx, inquiryId)
  const phase = await findPhase(trx, phaseId)
  if (!inquiry || !phase) return
  const link = `${appOrigin()}/inquiries/${inquiryId}`
  await mailMembers(trx, inquiry.groupId, 'phase_begun', {
    subject: `A new phase has begun: ${phase.name}`,
    lines: [
      `In the inquiry “${inquiry.title}”, the group has moved on to ${phase.name}.`,
      'What this phase asks of you is on the inquiry’s page.',
    ],
    link,
  })
  if (options.ratingRoundOpens) {
    await mailMembers(trx, inquiry.groupId, 'rating_round', {
      subject: 'A blind rating round is open',
      lines: [
        `In the inquiry “${inquiry.title}”, the blind rating round of this sense-making phase is open.`,
        'Your ratings stay hidden from everyone until all members have rated.',
      ],
      link: `${link}/ratings`,
    })
  }
}

/** Every member has rated blind, and the round is revealed. */
export async function noticeRatingsRevealed(trx: Executor, cycleId: string) {
  const cycle = await getCycle(trx, cycleId)
  const inquiry = await findInquiry(trx, cycle.inquiryId)
  if (!inquiry) return
  await mailMembers(trx, inquiry.groupId, 'rating_round', {
    subject: 'The blind ratings are revealed',
    lines: [
      `In the inquiry “${inquiry.title}”, everyone has rated blind, and the ratings of cycle ${cycle.number} are revealed.`,
      'The open round is where each of you may move, with a reason.',
    ],
    link: `${appOrigin()}/inquiries/${inquiry.id}/ratings`,
  })
}

/**
 * A proposal is open for every member's stance but the proposer's. The mail links to where the
 * group's open proposals are listed, not to the proposal: no mail row ties a person to a
 * particular decision, so an anonymous decision stays unlinked to its voters in every table.
 */
export async function noticeDecisionAwaits(trx: Executor, decisionId: string) {
  const decision = await findDecision(trx, decisionId)
  if (!decision) return
  const group = await findGroup(trx, decision.groupId)
  if (!group) return
  await mailMembers(
    trx,
    decision.groupId,
    'decision_awaits',
    {
      subject: 'A proposal awaits your stance',
      lines: [
        `In “${group.name}”, a proposal is open for your stance: agree, abstain, disagree or block, with a reason if you wish.`,
        'The group’s open proposals are listed on its page.',
      ],
      link: decision.inquiryId ? `${appOrigin()}/inquiries/${decision.inquiryId}` : `${appOrigin()}/groups/${decision.groupId}`,
    },
    decision.proposedBy,
  )
}

/** A proposal closes within a day: told to those who have not taken a stance (on an anonymous one, to everyone). */
export async function noticeDecisionClosingSoon(
  trx: Executor,
  decision: { groupId: string; inquiryId: string | null },
  personIds: readonly string[],
) {
  const group = await findGroup(trx, decision.groupId)
  if (!group) return
  for (const personId of personIds) {
    await mailPerson(trx, personId, 'decision_awaits', {
      subject: 'A proposal closes within a day',
      lines: [
        `In “${group.name}”, a proposal closes within a day. If you have not taken a stance on it yet, this is the time.`,
        'The group’s open proposals are listed on its page.',
      ],
      link: decision.inquiryId ? `${appOrigin()}/inquiries/${decision.inquiryId}` : `${appOrigin()}/groups/${decision.groupId}`,
    })
  }
}

/** A challenge was raised on someone's record, theme or proposal: its author hears of it (not of who raised it, or what it says). */
export async function noticeChallengeRaised(trx: Executor, inquiryId: string, challengeId: string) {
  const challenge = await findChallenge(trx, inquiryId, challengeId)
  const inquiry = await findInquiry(trx, inquiryId)
  if (!challenge || !inquiry || !challenge.targetId) return
  const owner =
    challenge.targetKind === 'record'
      ? await findRecordAuthor(trx, challenge.targetId)
      : challenge.targetKind === 'theme'
        ? (await findTheme(trx, challenge.targetId))?.proposedBy
        : challenge.targetKind === 'decision'
          ? (await findDecision(trx, challenge.targetId))?.proposedBy
          : undefined
  if (!owner || owner === challenge.raisedBy) return
  const what = { record: 'a record of yours', theme: 'a theme you proposed', decision: 'a proposal of yours' }[
    challenge.targetKind as string
  ]
  await mailPerson(trx, owner, 'challenge_raised', {
    subject: 'A challenge was raised on something of yours',
    lines: [`In the inquiry “${inquiry.title}”, a member raised a challenge on ${what ?? 'something of yours'}.`],
    link: `${appOrigin()}/inquiries/${inquiryId}/challenges/${challengeId}`,
  })
}

/** An invitation link sent to an address; a person with an account who chose not to get invitations is not mailed. */
export async function noticeInvitation(
  trx: Executor,
  to: string,
  content: { groupName: string; pair: boolean; link: string; expiresAt: string },
) {
  const person = await findPersonByEmail(trx, to)
  if (person && (person.deletedAt || !(await wantsMail(trx, person.id, 'invitation')))) return null
  return mailAddress(
    trx,
    to,
    'invitation',
    {
      subject: content.pair ? 'You are invited to a client–practitioner pair' : `You are invited to join “${content.groupName}”`,
      lines: [
        content.pair
          ? 'A practitioner invites you to hold joint peer reviews with them, in which the client has somewhat more than equal say.'
          : `You are invited to join the inquiry group “${content.groupName}”.`,
        `The link works until ${content.expiresAt.slice(0, 10)}.`,
      ],
      link: content.link,
    },
    person?.id ?? null,
  )
}
