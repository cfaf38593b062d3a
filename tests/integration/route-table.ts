import { readFileSync } from 'node:fs'
import { findTemplate } from '~/features/templates/templates.server'
import type { TestPerson, World, WorldOptions } from '../factories'
import { AUDIT_ROUTES } from './route-table-audit'
import { CO_COUNSELLING_ROUTES } from './route-table-co-counselling'
import { CONFLICT_ROUTES } from './route-table-conflicts'
import { FACILITATION_ROUTES } from './route-table-facilitation'

// One table for every route file in app/routes: its parameters, the forms its action
// accepts, and how each kind of visitor must be answered. refusal.test.ts checks the
// answers; malformed.test.ts reuses the forms. A route file missing here fails both.

export type Who = 'anonymous' | 'nonMember' | 'member'
export type Params = Record<string, string>
export type Form = Record<string, string>

export type Outcome =
  /** 302 to the login page, which returns here afterwards; nothing written. */
  | { kind: 'login' }
  /** 404 whose body reveals none of the group's names or texts; nothing written. */
  | { kind: 'notFound' }
  /**
   * 200; `shows` must appear in the body, and with `hides` nothing of the group may, and nothing is written.
   * `never` must not appear even for a member (a pair's items the viewer may not read yet).
   */
  | { kind: 'ok'; shows?: (w: World) => string[]; hides?: boolean; never?: (w: World) => string[] }
  /** A redirect to exactly this place. */
  | { kind: 'redirect'; to: (w: World) => string }
  /** The request did what it asks: 200 or a redirect that is not to the login page. */
  | { kind: 'success' }
  /** Refused with this 4xx status and a message, whoever asks; nothing written. */
  | { kind: 'refused'; status: number; says: string }

export type Expectations = Record<Who, Outcome>

export type RouteSpec = {
  /** Shows or changes a group's content: anonymous visitors go to login, non-members get a 404. */
  groupContent: boolean
  /** Needs the world's sense-making inquiry (themes, ratings, a revealed cycle); other routes get a quicker world without it. */
  senseMaking?: boolean
  /** Needs the world's network part: two member groups, linked (factories/network.ts). */
  network?: boolean
  /** Needs the world's peer review audit (factories/audit.ts). */
  audit?: boolean
  /** Needs the world's concerns and conflicts (factories/conflicts.ts). */
  conflicts?: boolean
  /** Needs the world's co-counselling sessions (factories/co-counselling.ts). */
  coCounselling?: boolean
  /** Needs the world's closable inquiry (a cycle whose validity review is adopted, so it can close). */
  closable?: boolean
  params: (w: World) => Params
  /** Parameters a particular visitor uses instead (e.g. an invitation token they do not hold). */
  paramsFor?: Partial<Record<Who, (w: World) => Params>>
  /**
   * Parameters a particular form is sent to instead, where what it does needs a state the
   * default parameters' place is not in (consent is given in the pair whose client has not
   * consented yet). Every kind of visitor sends that form there.
   */
  formParams?: Record<string, (w: World) => Params>
  get?: Expectations
  /** One form per thing the action can do; each is tried by each kind of visitor. */
  post?: Expectations & { forms: (w: World, as: TestPerson | null) => Record<string, Form> }
}

/** A real archive (the demo's), for the import form; tests/unit/archive-fixture.test.ts keeps it valid. */
const DEMO_ARCHIVE = readFileSync(new URL('../fixtures/demo-archive.json', import.meta.url), 'utf8')

/** The REFI-QDA specification's own example codebook, for the codebook import form. */
const ANNEX_CODEBOOK = readFileSync(new URL('../../../shared/refi-qda/refi-spec-1.5-annexA1-codebook.qdc', import.meta.url), 'utf8')

export const login: Outcome = { kind: 'login' }
export const notFound: Outcome = { kind: 'notFound' }
const success: Outcome = { kind: 'success' }
const toGroups: Outcome = { kind: 'redirect', to: () => '/groups' }
const toHome: Outcome = { kind: 'redirect', to: () => '/' }
const GROUP_REFUSED = { anonymous: login, nonMember: notFound }
const RESET_REFUSED: Outcome = { kind: 'refused', status: 400, says: 'This reset link is not complete' }
const UNSUBSCRIBE_REFUSED: Outcome = { kind: 'refused', status: 400, says: 'This link does not work' }

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
const recordForm = (text: string): Form => ({ text, wayOfKnowing: 'presentational', occurredAt: yesterday(), visibility: 'group' })
let signupCounter = 0

/**
 * The "Our forms" page's form, as the page fills it from the shipped co-operative inquiry
 * template, with one prompt added and one procedure made required: a real amendment.
 */
export function amendForm(): Form {
  const template = findTemplate('cooperative-inquiry')!
  const form: Form = {}
  for (const phase of template.phases) form[`prompts.${phase.key}`] = phase.prompts.join('\n')
  form['prompts.reflection-planning'] += '\nWho has not been heard yet?'
  for (const procedure of template.validityProcedures) {
    form[`question.${procedure.key}`] = procedure.question
    if (procedure.required || procedure.key === 'unaware-projections') form[`required.${procedure.key}`] = 'on'
  }
  for (const [key, threshold] of Object.entries(template.indicatorThresholds)) {
    form[`threshold.${key}.warn`] = String(threshold.warn)
    form[`threshold.${key}.alert`] = String(threshold.alert)
  }
  form.summary = 'Distress came up in every meeting; we want to look at it each cycle.'
  return form
}

export const ROUTES: Record<string, RouteSpec> = {
  '$.tsx': {
    groupContent: false,
    params: () => ({ '*': 'no/such/page' }),
    get: { anonymous: notFound, nonMember: notFound, member: notFound },
    post: { anonymous: notFound, nonMember: notFound, member: notFound, forms: () => ({ anything: { a: 'b' } }) },
  },
  '_index.tsx': {
    groupContent: false,
    params: () => ({}),
    get: { anonymous: { kind: 'ok', hides: true }, nonMember: { kind: 'ok', hides: true }, member: { kind: 'ok', hides: true } },
  },
  'account.tsx': {
    groupContent: false,
    params: () => ({}),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [w.people.outsider.email] },
      member: { kind: 'ok', shows: (w) => [w.people.alice.email] },
    },
    post: {
      anonymous: login,
      nonMember: success,
      member: success,
      forms: (_w, as) => ({
        'change password': {
          currentPassword: as?.password ?? 'unknown',
          newPassword: 'a new long passphrase',
          confirmPassword: 'a new long passphrase',
        },
        'delete account': { intent: 'delete', confirm: 'delete my account' },
        'choose mails': { intent: 'mail', 'mail.invitation': 'on', 'mail.phase_begun': 'on' },
        'time zone': { intent: 'timeZone', timeZone: 'Europe/London' },
      }),
    },
  },
  'import.tsx': {
    groupContent: false,
    params: () => ({}),
    get: { anonymous: login, nonMember: { kind: 'ok', hides: true }, member: { kind: 'ok' } },
    post: {
      anonymous: login,
      nonMember: success,
      member: success,
      forms: () => ({ import: { archive: DEMO_ARCHIVE, seat: 'Member B' } }),
    },
  },
  'decisions.$decisionId.tsx': {
    groupContent: true,
    params: (w) => ({ decisionId: w.group.decisionId }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.decisionTitle] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      // The world's proposal allows anonymous dissent (see createWorld).
      forms: () => ({
        stance: { intent: 'stance', stance: 'block', reason: 'I cannot live with this' },
        'anonymous stance': { intent: 'stance', stance: 'disagree', reason: 'Not yet, and I would rather not say who', anonymous: 'on' },
        withdraw: { intent: 'withdraw', confirmed: 'yes' },
      }),
    },
  },
  // The group's overview and its sub-pages: each holds its own forms.
  'groups.$groupId._index.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name, w.inquiry.title, w.group.decisionTitle] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({ propose: { intent: 'propose', title: 'Meet fortnightly', body: '' } }),
    },
  },
  'groups.$groupId.members.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name, w.people.alice.displayName, w.people.bob.displayName] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        invite: { intent: 'invite', expiresInDays: '7' },
        revoke: { intent: 'revoke', invitationId: w.group.invitationId, confirmed: 'yes' },
      }),
    },
  },
  'groups.$groupId.ground-rules.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({ 'ground rules': { intent: 'ground-rules', groundRules: "We keep each other's words in confidence." } }),
    },
  },
  // The network (issue 18). Its directory and what groups published are for every participant
  // (signed in); a group's own page of the network, and a link's page, are for members only.
  'groups.$groupId.network.tsx': {
    groupContent: true,
    network: true,
    params: (w) => ({ groupId: w.network.a.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.network.a.name, w.network.b.name, w.network.proposalTitle] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        statement: { intent: 'statement', statement: 'A revised statement of our ethical stance.' },
        profile: { intent: 'profile', description: 'Practitioners in the north.', showMemberCount: 'on' },
        validate: { intent: 'validate', linkId: w.network.linkId, verdict: 'validated', reasons: '' },
        'end link': { intent: 'end-link', linkId: w.network.linkId, reason: 'We move away.' },
        'federal stance': {
          intent: 'federal-stance',
          proposalId: w.network.proposalId,
          stance: 'block',
          reason: 'Not every group can travel.',
        },
        'federal proposal': {
          intent: 'federal-proposal',
          kind: 'grace_period',
          title: 'A longer grace',
          body: 'Links take time.',
          graceDays: '365',
        },
        accreditation: { intent: 'accreditation' },
        'lay down': { intent: 'lay-down', reason: 'We are dissolving.' },
      }),
    },
  },
  'groups.$groupId.network.record.tsx': {
    groupContent: true,
    network: true,
    params: (w) => ({ groupId: w.network.a.id }),
    // The record holds only what the group published: none of the world's secrets, the link's challenge and meeting notes included.
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', hides: true, shows: (w) => [w.network.a.name, w.network.b.name, w.network.statementA] },
    },
  },
  'network._index.tsx': {
    groupContent: false,
    network: true,
    params: () => ({}),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [w.network.a.name, w.network.b.name, w.network.proposalTitle] },
      member: { kind: 'ok', hides: true, shows: (w) => [w.network.a.name] },
    },
    post: {
      anonymous: login,
      // Not in any group of the network: they read it, and add nothing to it.
      nonMember: { kind: 'refused', status: 403, says: 'Participants of a group in the network' },
      member: success,
      forms: () => ({
        gathering: {
          intent: 'gathering',
          title: 'Autumn Gathering',
          startsOn: '2027-10-01',
          endsOn: '2027-10-03',
          place: 'Leeds',
          description: '',
        },
        contribute: { intent: 'contribute', title: 'On links', body: 'What a link asks of two groups.' },
        publish: { intent: 'publish', title: 'After the spring Gathering' },
      }),
    },
  },
  'network.groups.$groupId._index.tsx': {
    groupContent: false,
    network: true,
    params: (w) => ({ groupId: w.network.a.id }),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [w.network.a.name, w.network.statementA, w.network.b.name] },
      member: { kind: 'ok', hides: true, shows: (w) => [w.network.a.name] },
    },
  },
  'network.groups.$groupId.publication[.json].tsx': {
    groupContent: false,
    network: true,
    params: (w) => ({ groupId: w.network.a.id }),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [w.network.statementA, '"type":"network.group"'] },
      member: { kind: 'ok', hides: true, shows: (w) => [w.network.a.name] },
    },
  },
  'network.links.$linkId.tsx': {
    groupContent: true,
    network: true,
    params: (w) => ({ linkId: w.network.linkId }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.network.a.name, w.network.b.name, ...w.secrets.slice(-2)] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        meeting: { intent: 'meeting', startsAt: '2027-02-01 10:00', place: 'Online' },
        note: { intent: 'note', meetingId: w.network.meetingId, note: 'We listened well.' },
        challenge: { intent: 'challenge', text: 'How do you hold a member who is struggling?' },
      }),
    },
  },
  'network.federal.$proposalId.tsx': {
    groupContent: false,
    network: true,
    params: (w) => ({ proposalId: w.network.proposalId }),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [w.network.proposalTitle, w.network.a.name] },
      member: { kind: 'ok', hides: true, shows: (w) => [w.network.proposalTitle] },
    },
    post: {
      anonymous: login,
      nonMember: notFound,
      member: success,
      forms: (w) => ({ stance: { groupId: w.network.a.id, stance: 'agree', reason: 'We can send someone.' } }),
    },
  },
  'network.newsletter.$number.tsx': {
    groupContent: false,
    network: true,
    params: (w) => ({ number: String(w.network.issue) }),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [`After the winter Gathering, ${w.tag}`] },
      member: { kind: 'ok', hides: true },
    },
  },
  'network.people.$personId.tsx': {
    groupContent: false,
    network: true,
    params: (w) => ({ personId: w.people.alice.id }),
    get: {
      anonymous: login,
      nonMember: { kind: 'ok', hides: true, shows: (w) => [w.people.alice.displayName] },
      member: { kind: 'ok', hides: true, shows: (w) => [w.people.alice.displayName] },
    },
  },
  'groups.$groupId.settings.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name, w.people.bob.displayName, 'Member A'] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        facilitator: { intent: 'facilitator', personId: w.people.bob.id },
        'export name': { intent: 'export-name', exportName: 'name' },
      }),
    },
  },
  'groups.$groupId.leave.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        leave: { intent: 'leave', confirmed: 'yes' },
        withdraw: { intent: 'withdraw', confirm: 'withdraw' },
      }),
    },
  },
  'groups.$groupId.inquiries.new.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.group.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.group.name] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        create: { title: 'A second inquiry', question: 'What do we carry home from sessions?', templateSlug: 'cooperative-inquiry' },
      }),
    },
  },
  'groups.$groupId.pair.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.pairs.hidden.id }),
    get: {
      ...GROUP_REFUSED,
      // Alice is the client: the pair page names the pair, and nothing of the practitioner's hidden item.
      member: { kind: 'ok', shows: (w) => [w.pairs.hidden.name, 'Dana'], never: (w) => [w.pairs.hidden.practitionerItemText] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        consent: { intent: 'consent' },
        withdraw: { intent: 'withdraw', confirmed: 'yes' },
        principles: {
          intent: 'principles',
          principles: 'We meet fortnightly.\nThe client chooses the topic of the first half.\nEither of us may end the work, saying why.',
          summary: 'Fortnightly meetings, and the client leads the first half.',
        },
        cadence: { intent: 'cadence', cadenceDays: '14', nextReviewOn: '2030-01-15' },
        'open-review': { intent: 'open-review' },
      }),
    },
    // Consent is given where Alice has not consented yet; a review opens in the pair with consent and no open review.
    formParams: {
      consent: (w) => ({ groupId: w.pairs.unconsented.id }),
      'open-review': (w) => ({ groupId: w.pairs.ready.id }),
    },
  },
  'groups.$groupId.reviews.$reviewId.tsx': {
    groupContent: true,
    params: (w) => ({ groupId: w.pairs.hidden.id, reviewId: w.pairs.hidden.reviewId }),
    get: {
      ...GROUP_REFUSED,
      // Alice, the client, has not submitted yet: she sees her own item and never the practitioner's.
      member: {
        kind: 'ok',
        shows: (w) => [w.pairs.hidden.name, w.pairs.hidden.clientItemText],
        never: (w) => [w.pairs.hidden.practitionerItemText],
      },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        raise: { intent: 'raise', kind: 'satisfaction', text: 'I can say what I want to talk about first.' },
        finish: { intent: 'finish' },
        move: { intent: 'move', itemId: w.pairs.agenda.itemId, direction: 'down' },
        note: { intent: 'note', itemId: w.pairs.agenda.itemId, note: 'We keep starting with what the client brings.' },
        'outcome continue': { intent: 'outcome', outcome: 'continue', reason: '' },
        'outcome end': { intent: 'outcome', outcome: 'end', reason: 'I have what I came for, and I want to try on my own.' },
      }),
    },
    // Ordering, notes and outcomes need the whole agenda: the agenda pair's review, where Alice has submitted.
    formParams: Object.fromEntries(
      ['move', 'note', 'outcome continue', 'outcome end'].map((name) => [
        name,
        (w: World) => ({ groupId: w.pairs.agenda.id, reviewId: w.pairs.agenda.reviewId }),
      ]),
    ),
  },
  'groups._index.tsx': {
    groupContent: false,
    params: () => ({}),
    get: { anonymous: login, nonMember: { kind: 'ok', hides: true }, member: { kind: 'ok', shows: (w) => [w.group.name] } },
    post: {
      anonymous: login,
      nonMember: success,
      member: success,
      forms: () => ({ create: { kind: 'inquiry_group', name: 'Another circle' } }),
    },
  },
  'forgot-password.tsx': {
    groupContent: false,
    params: () => ({}),
    post: {
      anonymous: success,
      nonMember: success,
      member: success,
      forms: (w) => ({ 'ask for a reset': { email: w.people.bob.email } }),
    },
  },
  'healthz.tsx': {
    groupContent: false,
    params: () => ({}),
    get: {
      anonymous: { kind: 'ok', shows: () => ['ok'], hides: true },
      nonMember: { kind: 'ok', hides: true },
      member: { kind: 'ok', hides: true },
    },
  },
  'inquiries.$inquiryId._index.tsx': {
    groupContent: true,
    // A cycle closes (next cycle, or concluding) only once its validity review is adopted, so
    // the page is tried on the world's closable inquiry, in sense-making with its review adopted.
    closable: true,
    params: (w) => ({ inquiryId: w.closable.inquiryId }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.closable.title, w.group.name] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        'move on': { step: 'next', reason: '' },
        conclude: { step: 'conclude', reason: 'Enough' },
        'check-in': { intent: 'check-in', text: 'Tired, and glad to be here', needsTime: 'on' },
      }),
    },
  },
  'inquiries.$inquiryId.challenges._index.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.challengeText, w.inquiry.groupRecordText] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        'on the process': { target: 'process', hazard: 'consensus_collusion', text: 'We agree too quickly to keep the peace.' },
        'on a record': {
          target: `record:${w.inquiry.groupRecordId}`,
          hazard: 'unaware_projection',
          text: "This reads like my own story more than the client's.",
        },
        'on a decision': {
          target: `decision:${w.inquiry.decisionId}`,
          hazard: 'dominance',
          text: 'One voice carried this proposal through.',
        },
      }),
    },
  },
  'inquiries.$inquiryId.challenges.$challengeId.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id, challengeId: w.inquiry.challengeId }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.challengeText, w.inquiry.groupRecordText] } },
    post: {
      ...GROUP_REFUSED,
      // Alice raised the world's challenge, so she may resolve it any of the three ways.
      member: success,
      forms: () => ({
        revised: { resolution: 'revised', resolutionText: 'We reworded the record to keep to what happened.' },
        answered: { resolution: 'answered', resolutionText: 'The client said so in their own words.' },
        'left open': { resolution: 'left_open', resolutionText: '' },
      }),
    },
  },
  'inquiries.$inquiryId.cycles.$cycleNumber.validity.tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId, cycleNumber: '2' }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.senseMaking.title, w.senseMaking.judgementNote, 'Research cycling'] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      // Cycle 2 is in sense-making with every required procedure judged and nothing proposed yet.
      forms: (w) => ({
        judge: { intent: 'judge', procedureKey: 'chaos-order', status: 'partly', note: 'We rushed to name themes.' },
        // Cycle 2 has no action-phase record yet, so grounding alerts: a member may answer it.
        answer: { intent: 'answer', indicatorKey: 'grounding', note: 'We looked at this: the action phase went unrecorded.' },
        adopt: { intent: 'adopt' },
        'devils-advocate': { intent: 'devils-advocate', personId: w.people.carol.id },
      }),
    },
  },
  'inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId, cycleNumber: '2' }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => ['cooperative-inquiry.validity', w.senseMaking.title, w.senseMaking.judgementNote] },
    },
  },
  'inquiries.$inquiryId.analysis.tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId }),
    // The latest revealed cycle (1) is shown: its themes by name, never cycle 2's blind round.
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.senseMaking.title, w.senseMaking.themeName, w.senseMaking.otherThemeName] },
    },
  },
  'inquiries.$inquiryId.analysis[.json].tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => ['cooperative-inquiry.analysis', w.senseMaking.themeName, w.senseMaking.otherThemeName] },
    },
  },
  'inquiries.$inquiryId.charts.$chart.tsx': {
    groupContent: true,
    senseMaking: true,
    // The analysis page's charts as SVG images: the latest revealed cycle's, drawn for members only.
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId, chart: 'participation.svg' }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: () => ['<svg xmlns="http://www.w3.org/2000/svg"', 'recharts-surface'] } },
  },
  'inquiries.$inquiryId.plans.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.title] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        plan: { intent: 'plan', action: 'Pause before answering', recording: 'A note after each session' },
        focus: { intent: 'focus', focus: 'What silence asks of us' },
      }),
    },
  },
  'inquiries.$inquiryId.records.$recordId.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id, recordId: w.inquiry.groupRecordId }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.groupRecordText, w.inquiry.title] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        update: { intent: 'update', ...recordForm('Rewritten by someone') },
        'export consent': { intent: 'consent', exportConsent: 'anonymised' },
        delete: { intent: 'delete', confirmed: 'yes' },
      }),
    },
  },
  'inquiries.$inquiryId.records._index.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.groupRecordText, w.inquiry.privateRecordText] } },
    post: { ...GROUP_REFUSED, member: success, forms: () => ({ add: recordForm('Planted from outside') }) },
  },
  'inquiries.$inquiryId.ratings.tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.senseMaking.title, w.senseMaking.themeName, w.senseMaking.otherThemeName] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      // The open round needs a revealed blind round, which would close the blind one the world
      // keeps open; ratings.test.ts covers it (and blind-leak.test.ts its refusal before reveal).
      forms: (w) => ({
        blind: { intent: 'blind', [`rating.${w.senseMaking.themeId}`]: '4', [`rating.${w.senseMaking.otherThemeId}`]: '1' },
        reveal: { intent: 'reveal' },
      }),
    },
  },
  'inquiries.$inquiryId.export._index.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.title, '1 record left out', 'not published'] } },
    post: { ...GROUP_REFUSED, member: success, forms: () => ({ publish: { intent: 'publish', throughCycle: '1' } }) },
  },
  'inquiries.$inquiryId.export.download.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'redirect', to: (w) => `/inquiries/${w.inquiry.id}/export` } },
    post: { ...GROUP_REFUSED, member: success, forms: () => ({ json: { format: 'json' }, report: { format: 'html', cycles: '1' } }) },
  },
  'inquiries.$inquiryId.themes.import.tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.senseMaking.title] } },
    post: { ...GROUP_REFUSED, member: success, forms: () => ({ import: { codebook: ANNEX_CODEBOOK } }) },
  },
  'inquiries.$inquiryId.template.tsx': {
    groupContent: true,
    params: (w) => ({ inquiryId: w.inquiry.id }),
    get: { ...GROUP_REFUSED, member: { kind: 'ok', shows: (w) => [w.inquiry.title, 'The template as the inquiry began.'] } },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({
        amend: amendForm(),
        // The handover plan (issue 19): an amendment of the forms that changes only how facilitation goes on.
        handover: { intent: 'handover', 'facilitation.plan': 'rotate', summary: 'So that each of us learns to facilitate.' },
      }),
    },
  },
  'inquiries.$inquiryId.themes.$themeId.tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId, themeId: w.senseMaking.themeId }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.senseMaking.themeName, w.senseMaking.recordText, w.senseMaking.otherThemeName] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: (w) => ({
        link: { intent: 'link', recordId: w.senseMaking.otherRecordId },
        unlink: { intent: 'unlink', recordId: w.senseMaking.recordId },
        rename: { intent: 'rename', name: 'Holding back, and why', description: 'Waiting as a choice' },
        merge: { intent: 'merge', intoThemeId: w.senseMaking.otherThemeId, confirmed: 'yes' },
        split: { intent: 'split', name: 'Waiting out of fear', description: '', recordIds: w.senseMaking.recordId },
      }),
    },
  },
  'inquiries.$inquiryId.themes._index.tsx': {
    groupContent: true,
    senseMaking: true,
    params: (w) => ({ inquiryId: w.senseMaking.inquiryId }),
    get: {
      ...GROUP_REFUSED,
      member: { kind: 'ok', shows: (w) => [w.senseMaking.title, w.senseMaking.themeName, w.senseMaking.otherThemeName] },
    },
    post: {
      ...GROUP_REFUSED,
      member: success,
      forms: () => ({ propose: { name: 'The urge to rescue', description: 'Stepping in before the client has finished' } }),
    },
  },
  'join.$token.tsx': {
    groupContent: true,
    params: (w) => ({ token: w.group.inviteToken }),
    // A signed-in person holding a live link is meant to see the group's name: that is the
    // invitation. "Non-member" here is someone holding no invitation.
    paramsFor: { nonMember: () => ({ token: 'n'.repeat(43) }) },
    get: {
      // Before sign-in the page only offers login and sign-up, and names nothing of the group.
      anonymous: { kind: 'ok', hides: true },
      nonMember: notFound,
      member: { kind: 'ok', shows: (w) => [w.group.name] },
    },
    post: { ...GROUP_REFUSED, member: { kind: 'redirect', to: (w) => `/groups/${w.group.id}` }, forms: () => ({ join: {} }) },
  },
  'login.tsx': {
    groupContent: false,
    params: () => ({}),
    get: { anonymous: { kind: 'ok', hides: true }, nonMember: toGroups, member: toGroups },
    post: {
      anonymous: success,
      nonMember: success,
      member: success,
      forms: (w) => ({ login: { email: w.people.bob.email, password: w.people.bob.password, redirectTo: '/groups' } }),
    },
  },
  'logout.tsx': {
    groupContent: false,
    params: () => ({}),
    get: { anonymous: toHome, nonMember: { kind: 'ok', hides: true }, member: { kind: 'ok', hides: true } },
    post: { anonymous: toHome, nonMember: toHome, member: toHome, forms: () => ({ logout: {} }) },
  },
  'mail.unsubscribe.tsx': {
    groupContent: false,
    params: () => ({}),
    // Without a link's token the page offers nothing and names no one; the link itself is
    // tested in mail-outbox.test.ts.
    get: { anonymous: { kind: 'ok', hides: true }, nonMember: { kind: 'ok', hides: true }, member: { kind: 'ok', hides: true } },
    post: {
      anonymous: UNSUBSCRIBE_REFUSED,
      nonMember: UNSUBSCRIBE_REFUSED,
      member: UNSUBSCRIBE_REFUSED,
      forms: () => ({ 'one click': { 'List-Unsubscribe': 'One-Click' } }),
    },
  },
  'reset-password.tsx': {
    groupContent: false,
    params: () => ({}),
    // Without a live link the page says the link does not work; the flow is in password-reset.test.ts.
    get: { anonymous: { kind: 'ok', hides: true }, nonMember: { kind: 'ok', hides: true }, member: { kind: 'ok', hides: true } },
    post: {
      anonymous: RESET_REFUSED,
      nonMember: RESET_REFUSED,
      member: RESET_REFUSED,
      forms: () => ({ 'set a new password': { newPassword: 'a brand new pass phrase', confirmPassword: 'a brand new pass phrase' } }),
    },
  },
  'signup.tsx': {
    groupContent: false,
    params: () => ({}),
    get: { anonymous: { kind: 'ok', hides: true }, nonMember: toGroups, member: toGroups },
    post: {
      anonymous: success,
      nonMember: success,
      member: success,
      forms: () => ({
        signup: {
          displayName: 'Newcomer',
          email: `newcomer${++signupCounter}@example.org`,
          password: 'a long enough password',
          redirectTo: '/groups',
        },
      }),
    },
  },
  ...AUDIT_ROUTES,
  ...CONFLICT_ROUTES,
  ...CO_COUNSELLING_ROUTES,
  ...FACILITATION_ROUTES,
}

/** The routes the issue names as showing or changing group content. */
export const GROUP_CONTENT_ROUTES = [
  'groups.$groupId._index.tsx',
  'groups.$groupId.network.tsx',
  'groups.$groupId.network.record.tsx',
  'network.links.$linkId.tsx',
  'groups.$groupId.members.tsx',
  'groups.$groupId.ground-rules.tsx',
  'groups.$groupId.settings.tsx',
  'groups.$groupId.leave.tsx',
  'groups.$groupId.inquiries.new.tsx',
  'inquiries.$inquiryId._index.tsx',
  'inquiries.$inquiryId.plans.tsx',
  'inquiries.$inquiryId.records._index.tsx',
  'inquiries.$inquiryId.records.$recordId.tsx',
  'decisions.$decisionId.tsx',
  'join.$token.tsx',
  'inquiries.$inquiryId.themes._index.tsx',
  'inquiries.$inquiryId.themes.$themeId.tsx',
  'inquiries.$inquiryId.ratings.tsx',
  'inquiries.$inquiryId.analysis.tsx',
  'inquiries.$inquiryId.analysis[.json].tsx',
  'inquiries.$inquiryId.charts.$chart.tsx',
  'inquiries.$inquiryId.cycles.$cycleNumber.validity.tsx',
  'inquiries.$inquiryId.cycles.$cycleNumber.validity[.json].tsx',
  'inquiries.$inquiryId.challenges._index.tsx',
  'inquiries.$inquiryId.challenges.$challengeId.tsx',
  'inquiries.$inquiryId.template.tsx',
  'inquiries.$inquiryId.export._index.tsx',
  'inquiries.$inquiryId.export.download.tsx',
  'inquiries.$inquiryId.themes.import.tsx',
  'groups.$groupId.pair.tsx',
  'groups.$groupId.reviews.$reviewId.tsx',
  ...Object.keys(FACILITATION_ROUTES),
  // The group's concerns and conflicts (route-table-conflicts.ts): every one of its routes is a group's content.
  ...Object.keys(AUDIT_ROUTES),
  ...Object.keys(CONFLICT_ROUTES),
  // Co-counselling (route-table-co-counselling.ts): a session is for the people in it; the group's totals page is the group's.
  ...Object.keys(CO_COUNSELLING_ROUTES).filter((file) => CO_COUNSELLING_ROUTES[file]!.groupContent),
]

/** The options for createWorld that a route file's tests need. */
export function worldOptions(file: string): WorldOptions {
  const entry = spec(file)
  return {
    senseMaking: entry.senseMaking === true,
    closable: entry.closable === true,
    network: entry.network === true,
    audit: entry.audit === true,
    conflicts: entry.conflicts === true,
    coCounselling: entry.coCounselling === true,
  }
}

export function personFor(w: World, who: Who): TestPerson | null {
  return who === 'anonymous' ? null : who === 'nonMember' ? w.people.outsider : w.people.alice
}

export function paramsFor(spec: RouteSpec, w: World, who: Who): Params {
  return (spec.paramsFor?.[who] ?? spec.params)(w)
}

/** The parameters a form is sent with by this visitor: the visitor's own, else the form's, else the route's. */
export function paramsForForm(spec: RouteSpec, name: string, w: World, who: Who): Params {
  return (spec.paramsFor?.[who] ?? spec.formParams?.[name] ?? spec.params)(w)
}

export function spec(file: string): RouteSpec {
  const found = ROUTES[file]
  if (!found)
    throw new Error(`app/routes/${file} is not in the refusal table: say how anonymous visitors, non-members and members are answered`)
  return found
}
