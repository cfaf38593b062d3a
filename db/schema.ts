import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

// Tables are plural snake_case; the CamelCasePlugin maps columns to camelCase
// in one place (db/connection.ts), so every type below is camelCase.
// Timestamps are ISO-8601 UTC strings and flags are 0/1 integers: both store
// identically in SQLite and PostgreSQL, which keeps queries dialect-neutral.

export interface PeopleTable {
  id: string
  email: string
  displayName: string
  passwordHash: string
  isDemo: number
  createdAt: string
  /** 1 for a seat an archive import created for someone without an account here; it cannot log in. */
  placeholder: Generated<number>
  /** When the person deleted their account; the row then holds no personal data. */
  deletedAt: string | null
  /** The IANA time zone times are shown and chosen in (null: UTC). */
  timeZone: string | null
}

export interface SessionsTable {
  idHash: string
  personId: string
  createdAt: string
  expiresAt: string
}

export interface LoginAttemptsTable {
  id: string
  emailKey: string
  ipKey: string
  succeeded: number
  attemptedAt: string
}

/** A mail waiting to be sent, or the record of one sent: never the body of anything a member wrote. */
export interface MailOutboxTable {
  id: string
  personId: string | null
  toAddress: string
  kind: string
  subject: string
  text: string
  link: string | null
  unsubscribeUrl: string | null
  createdAt: string
  nextAttemptAt: string
  claimedUntil: string | null
  attempts: Generated<number>
  status: Generated<'pending' | 'sent' | 'failed'>
  sentAt: string | null
  lastError: string | null
}

export interface MailPreferencesTable {
  personId: string
  kind: string
  wanted: number
  updatedAt: string
}

export interface PasswordResetsTable {
  id: string
  /** Null when the address has no account: the request is still counted against the limits. */
  personId: string | null
  emailKey: string
  ipKey: string
  /** SHA-256 of the token in the mailed link; null when no mail was sent. */
  tokenHash: string | null
  requestedAt: string
  expiresAt: string
  usedAt: string | null
}

export type GroupKind = 'inquiry_group' | 'pair'

export interface GroupsTable {
  id: string
  kind: GroupKind
  name: string
  groundRules: string | null
  createdBy: string
  createdAt: string
}

export type PairRole = 'client' | 'practitioner'

export interface MembersTable {
  id: string
  groupId: string
  personId: string
  isFacilitator: number
  pairRole: PairRole | null
  joinedAt: string
  leftAt: string | null
  /** 1 when the member lets exports show their name; otherwise their pseudonym is used. */
  exportName: number
  /** Stable position in the group's joining order: 0 → "Member A". */
  pseudonymIndex: number | null
  /** When the member withdrew from the research: their contributions were erased then. */
  withdrawnAt: string | null
}

export interface InvitationsTable {
  id: string
  groupId: string
  tokenHash: string
  pairRole: PairRole | null
  createdBy: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  /** The placeholder seat whoever joins through this link takes over; null for an ordinary invitation. */
  seatPersonId: Generated<string | null>
}

export type InquiryStatus = 'forming' | 'cycling' | 'concluded'

export interface InquiriesTable {
  id: string
  groupId: string
  title: string
  question: string
  templateSlug: string
  templateJson: string
  status: InquiryStatus
  createdBy: string
  createdAt: string
  concludedAt: string | null
  /** Highest cycle whose group-level findings the group agreed by decision to publish. */
  publishedThroughCycle: number | null
  /** Set when the inquiry was made from an archive. */
  importedAt: string | null
  /** For an imported inquiry: what the archive carried that has no rows here ({ namedMembers }). */
  carriedJson: string | null
}

export interface CyclesTable {
  id: string
  inquiryId: string
  number: number
  focus: string | null
  startedAt: string
  endedAt: string | null
  /** When the blind rating round was revealed; until then blind ratings are the author's alone. */
  blindRevealedAt: string | null
  /** When the group adopted the cycle's validity review; the cycle cannot close before. */
  reviewAdoptedAt: string | null
  devilsAdvocateId: string | null
  /** For an imported cycle: counts from records whose words stayed behind (JSON, see exports/carried). */
  carriedJson: string | null
}

export type PhaseKind = 'reflection' | 'action'
export type PhaseRole = 'co-researcher' | 'co-subject'
export type PhaseStatus = 'upcoming' | 'current' | 'done' | 'skipped'

export interface PhasesTable {
  id: string
  cycleId: string
  position: number
  templateKey: string
  name: string
  kind: PhaseKind
  role: PhaseRole
  status: PhaseStatus
  startedAt: string | null
  endedAt: string | null
}

/**
 * The payload each kind of decision carries, by kind. Empty here: each feature declares its
 * kinds in its own `decision-kinds.server.ts` and adds them to this interface by declaration
 * merging (`declare module '~db/schema'`), so adding a kind touches only the feature that owns
 * it and its one registration line (docs/architecture.md).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DecisionPayloads {}

/** The kinds of decision this installation knows: every key some feature added to DecisionPayloads. */
export type DecisionKind = keyof DecisionPayloads & string
export type DecisionStatus = 'open' | 'passed' | 'rejected' | 'withdrawn' | 'superseded'

export interface DecisionsTable {
  id: string
  groupId: string
  inquiryId: string | null
  cycleId: string | null
  kind: DecisionKind
  title: string
  body: string
  payloadJson: string
  ruleJson: string
  status: DecisionStatus
  proposedBy: string
  createdAt: string
  closedAt: string | null
  outcomeNote: string | null
  /** Anonymous stances as a JSON list of {stance, reason} sorted by stance then reason: no person, no time, no casting order. */
  anonymousJson: string
  /** When the proposal closes if not every member has taken a stance before (null only for decisions closed before closing times existed). */
  closesAt: string | null
  /** When the members still without a stance were told it closes within a day. */
  remindedAt: string | null
}

export type StanceValue = 'agree' | 'abstain' | 'disagree' | 'block'

/** Append-only: a member's current stance is their latest row. */
export interface StancesTable {
  id: string
  decisionId: string
  personId: string
  stance: StanceValue
  reason: string | null
  createdAt: string
  seq: number
}

export interface PlansTable {
  id: string
  cycleId: string
  personId: string
  action: string
  recording: string
  createdAt: string
  updatedAt: string
}

export type WayOfKnowing = 'experiential' | 'presentational' | 'propositional' | 'practical'
export type Visibility = 'private' | 'group'
export type ExportConsent = 'none' | 'anonymised' | 'named'

export interface RecordsTable {
  id: string
  inquiryId: string
  cycleId: string
  phaseId: string
  authorId: string
  wayOfKnowing: WayOfKnowing
  text: string
  occurredAt: string
  visibility: Visibility
  exportConsent: ExportConsent
  createdAt: string
  updatedAt: string
}

export interface ThemesTable {
  id: string
  inquiryId: string
  name: string
  description: string
  proposedBy: string
  firstCycleId: string
  status: 'active' | 'merged'
  mergedIntoId: string | null
  splitFromId: string | null
  createdAt: string
  updatedAt: string
}

export type ThemeEventKind = 'proposed' | 'renamed' | 'merged_into' | 'absorbed' | 'split_off' | 'split_from'

export interface ThemeEventsTable {
  id: string
  themeId: string
  personId: string
  kind: ThemeEventKind
  detailJson: string
  createdAt: string
}

export interface ThemeLinksTable {
  id: string
  themeId: string
  recordId: string
  linkedBy: string
  createdAt: string
}

export type RatingRound = 'blind' | 'open'

export interface RatingsTable {
  id: string
  themeId: string
  cycleId: string
  personId: string
  round: RatingRound
  value: number
  reason: string | null
  createdAt: string
  updatedAt: string
}

export type Hazard = 'consensus_collusion' | 'uncritical_subjectivity' | 'unaware_projection' | 'dominance' | 'other'
export type ChallengeTargetKind = 'theme' | 'record' | 'decision' | 'process'
export type ChallengeResolution = 'revised' | 'answered' | 'left_open'

export interface ChallengesTable {
  id: string
  inquiryId: string
  cycleId: string
  raisedBy: string
  targetKind: ChallengeTargetKind
  targetId: string | null
  hazard: Hazard
  text: string
  resolution: ChallengeResolution | null
  resolutionText: string | null
  resolvedBy: string | null
  resolvedAt: string | null
  createdAt: string
}

export type JudgementStatus = 'met' | 'partly' | 'not_met' | 'n_a'

/**
 * A member's own judgement of one validity procedure in one cycle: one per (cycle, procedure,
 * person). A member changes only their own; `updatedBy` is the member whose judgement it is.
 */
export interface ValidityJudgementsTable {
  id: string
  cycleId: string
  procedureKey: string
  status: JudgementStatus
  note: string
  /** The member whose judgement this is (and who last changed it: nobody else may). */
  updatedBy: string
  updatedAt: string
}

/**
 * A member's answer to a warning or alert of one cycle ("we looked at this"). Answers are
 * versions: a later answer adds the next version; the current one is the highest.
 */
export interface IndicatorAnswersTable {
  id: string
  cycleId: string
  indicatorKey: string
  version: number
  /** The indicator's status when it was answered. */
  status: 'warn' | 'alert'
  note: string
  answeredBy: string
  answeredAt: string
}

export interface CheckInsTable {
  id: string
  phaseId: string
  personId: string
  text: string
  needsTime: number
  createdAt: string
  updatedAt: string
}

/**
 * While a decision is open, one keyed hash per person who took an anonymous stance: no time, no
 * stance; WITHOUT ROWID on SQLite, so rows keep no insertion order. Deleted when it closes.
 */
export interface AnonymousBallotsTable {
  decisionId: string
  voterHash: string
}

export interface TemplateVersionsTable {
  id: string
  inquiryId: string
  version: number
  templateJson: string
  summary: string
  decisionId: string | null
  createdAt: string
}

export type PairStatus = 'active' | 'paused' | 'ended'

export interface PairSettingsTable {
  groupId: string
  cadenceDays: number
  nextReviewOn: string | null
  status: PairStatus
  statusNote: string | null
  updatedAt: string
}

export interface PrincipleVersionsTable {
  id: string
  groupId: string
  version: number
  principlesJson: string
  summary: string
  decisionId: string | null
  createdAt: string
}

export interface ConsentsTable {
  id: string
  groupId: string
  personId: string
  principlesVersion: number
  consentedAt: string
  withdrawnAt: string | null
}

export type PeerReviewOutcome = 'continue' | 'change' | 'pause' | 'end'
export type AgendaKind = 'satisfaction' | 'dissatisfaction' | 'proposal' | 'between_us'

export interface PeerReviewsTable {
  id: string
  groupId: string
  number: number
  status: 'open' | 'closed'
  clientTurn: 'raising' | 'submitted' | 'passed'
  openedAt: string
  clientDoneAt: string | null
  closedAt: string | null
  outcome: PeerReviewOutcome | 'not_agreed' | null
  outcomeNote: string | null
  endedBy: string | null
}

export interface AgendaItemsTable {
  id: string
  reviewId: string
  raisedBy: string
  raisedAs: PairRole
  kind: AgendaKind
  text: string
  position: number
  note: string | null
  noteBy: string | null
  createdAt: string
  updatedAt: string
}

export interface OutcomeChoicesTable {
  reviewId: string
  personId: string
  outcome: PeerReviewOutcome
  reason: string | null
  createdAt: string
}

export interface AuditEventsTable {
  id: string
  personId: string | null
  groupId: string | null
  kind: string
  detailJson: string
  createdAt: string
}

/** Counts an imported cycle carries for a member from records whose words stayed behind. */
export interface CarriedContributionsTable {
  cycleId: string
  personId: string
  records: number
  words: number
  actionRecords: number
}

/**
 * Each inquiry's data version: moved by triggers in the same transaction as any write to what
 * the inquiry's pages show (migration 15), so derived results are cached by it.
 */
export interface InquiryVersionsTable {
  inquiryId: string
  version: number
}

// The network of groups (issue 18; docs/design.md §11). Only what a group decided to publish, or
// what two linked groups share, is kept here; `uri` is the identifier anything crossing an
// installation's boundary carries.

/** Where a group is on its way through the network, moved only by its own decisions (the same union as network/core/standing). */
export type NetworkStage = 'forming' | 'standing_by' | 'member' | 'laid_down'
/** What the directory shows: the stage, and for a member group what its links make it. */
export type NetworkStanding = 'forming' | 'standing_by' | 'member' | 'full_member' | 'seeking_link' | 'laid_down'

export interface NetworkGroupsTable {
  groupId: string
  uri: string
  stage: NetworkStage
  standing: NetworkStanding
  /** The group's chosen route to standing by each other (e.g. self and peer assessment). */
  route: string
  /** What the directory shows beyond name and status (NetworkProfile). */
  profileJson: string
  enteredAt: string
  /** When a full member group fell below two validating links (the grace period runs from here). */
  seekingSince: string | null
}

export interface NetworkStandingEventsTable {
  id: string
  groupId: string
  at: string
  standing: NetworkStanding
  note: string
  decisionId: string | null
}

export interface NetworkStatementsTable {
  id: string
  uri: string
  groupId: string
  version: number
  text: string
  decisionId: string
  publishedAt: string
}

export type NetworkLinkStatus = 'asked' | 'active' | 'declined' | 'ended'

export interface NetworkLinksTable {
  id: string
  uri: string
  askingGroupId: string
  answeringGroupId: string
  status: NetworkLinkStatus
  askedAt: string
  askedDecisionId: string | null
  answeredAt: string | null
  answeredDecisionId: string | null
  endedAt: string | null
  endedDecisionId: string | null
  /** Why it was declined or ended, as the deciding group put it. */
  reason: string | null
}

export type ValidationVerdict = 'validated' | 'withheld'

export interface NetworkValidationsTable {
  id: string
  uri: string
  linkId: string
  byGroupId: string
  ofGroupId: string
  verdict: ValidationVerdict
  reasons: string
  decisionId: string | null
  decidedAt: string
}

export interface NetworkLinkChallengesTable {
  id: string
  linkId: string
  byGroupId: string
  raisedBy: string
  text: string
  raisedAt: string
  answer: string | null
  answeredBy: string | null
  answeredAt: string | null
}

export interface NetworkLinkMeetingsTable {
  id: string
  linkId: string
  startsAt: string
  place: string
  /** The group whose member scheduled it (never the person: both groups read it). */
  byGroupId: string
  createdAt: string
}

export interface NetworkMeetingNotesTable {
  id: string
  meetingId: string
  byGroupId: string
  writtenBy: string
  text: string
  writtenAt: string
}

export interface NetworkSettingsTable {
  id: string
  principles: string
  graceDays: number
  ruleJson: string
  updatedAt: string
}

export type FederalProposalStatus = 'open' | 'passed' | 'withdrawn' | 'superseded'
export type FederalStanceValue = 'agree' | 'stand_aside' | 'block'

export interface FederalProposalsTable {
  id: string
  uri: string
  kind: string
  title: string
  body: string
  payloadJson: string
  /** The network's rule as it stood when the proposal was put: a later amendment does not change it. */
  ruleJson: string
  proposedByGroupId: string
  proposedAt: string
  status: FederalProposalStatus
  closedAt: string | null
  outcomeNote: string | null
}

export interface FederalStancesTable {
  id: string
  proposalId: string
  groupId: string
  stance: FederalStanceValue
  reason: string
  decisionId: string | null
  castAt: string
}

export interface NetworkOfficesTable {
  id: string
  office: string
  personId: string
  termStarts: string
  termEnds: string
  electedBy: string
  endedAt: string | null
  endedNote: string | null
}

export interface NetworkGatheringsTable {
  id: string
  uri: string
  title: string
  startsOn: string
  endsOn: string
  place: string
  description: string
  addedBy: string | null
  addedAt: string
}

export interface NetworkNewsletterIssuesTable {
  id: string
  number: number
  title: string
  gatheringId: string | null
  publishedAt: string
  publishedBy: string | null
}

export interface NetworkContributionsTable {
  id: string
  personId: string
  issueId: string | null
  title: string
  body: string
  submittedAt: string
}

export interface NetworkAccreditationsTable {
  personId: string
  groupId: string
  chosenAt: string
}

// Peer review audit and conflict resolution (issue 18; migration 18). JSON columns are checked
// by zod in their features' cores where they are read.
export interface AuditFrameworksTable {
  id: string
  groupId: string
  version: number
  templateSlug: string | null
  componentsJson: string
  decisionId: string
  adoptedAt: string
}

export interface AuditAssessmentsTable {
  id: string
  groupId: string
  personId: string
  frameworkVersion: number
  practisedOn: string
  occasion: string
  scoresJson: string
  reflection: string
  /** Null while the record is its writer's alone. */
  sharedAt: string | null
  /** Set while the writer consents to the group's link groups reading it. */
  linksConsentAt: string | null
  createdAt: string
  updatedAt: string
}

export interface AuditMeetingsTable {
  id: string
  groupId: string
  heldOn: string
  title: string
  createdBy: string | null
  createdAt: string
}

export interface AuditPeerAssessmentsTable {
  id: string
  assessmentId: string
  meetingId: string | null
  byPersonId: string
  feedback: string
  levelsJson: string
  createdAt: string
}

export interface ConflictFormsTable {
  id: string
  groupId: string
  version: number
  intro: string
  stepsJson: string
  decisionId: string
  adoptedAt: string
}

export type ConflictAbout = 'practice' | 'between_members'
export type ConflictStatus = 'open' | 'closed' | 'withdrawn'
export type ConflictOutcome = 'honourable_difference' | 'misunderstanding' | 'misrepresentation' | 'manipulation' | 'unaware_projection'
export type ConflictPartyRole = 'raised' | 'named' | 'supporter'

export interface ConflictsTable {
  id: string
  groupId: string
  formVersion: number
  raisedBy: string | null
  about: ConflictAbout
  concern: string
  status: ConflictStatus
  stepKey: string
  outcome: ConflictOutcome | null
  outcomeNote: string | null
  createdAt: string
  closedAt: string | null
}

export interface ConflictPartiesTable {
  conflictId: string
  personId: string
  role: ConflictPartyRole
}

export interface ConflictStepsTable {
  id: string
  conflictId: string
  stepKey: string
  note: string
  byPersonId: string | null
  at: string
}

export interface ConflictHelpRequestsTable {
  id: string
  conflictId: string
  linkId: string
  summary: string
  decisionId: string | null
  askedAt: string
  answer: string | null
  answeredBy: string | null
  answeredAt: string | null
}

export type CoSessionStatus = 'booked' | 'done' | 'cancelled'
export type CoContract = 'free_attention' | 'normal' | 'intensive'

/** A co-counselling session (issue 19): only its time and people, never what was worked on. */
export interface CoSessionsTable {
  id: string
  /** The group the people share; null for a session between participants of the network. */
  groupId: string | null
  bookedBy: string
  startsAt: string
  minutesEach: number
  overrunMinutes: Generated<number>
  status: Generated<CoSessionStatus>
  reminderSentAt: string | null
  createdAt: string
}

export interface CoSessionPeopleTable {
  sessionId: string
  personId: string
  seat: number
}

export interface CoTurnsTable {
  id: string
  sessionId: string
  clientId: string
  counsellorId: string
  contract: CoContract
  startedAt: string
  endedAt: string | null
  seconds: number | null
  interruptedBy: string | null
  interruptedAt: string | null
}

export interface CoContractChangesTable {
  id: string
  turnId: string
  at: string
  contract: CoContract
}

/** The client's own note: read by its writer alone, never exported, never analysed. */
export interface CoPrivateNotesTable {
  id: string
  sessionId: string
  personId: string
  text: string
  updatedAt: string
}

export interface CoGroupSettingsTable {
  groupId: string
  showTotals: number
  decisionId: string | null
  decidedAt: string
}

export interface Database {
  people: PeopleTable
  sessions: SessionsTable
  loginAttempts: LoginAttemptsTable
  mailOutbox: MailOutboxTable
  mailPreferences: MailPreferencesTable
  passwordResets: PasswordResetsTable
  groups: GroupsTable
  members: MembersTable
  invitations: InvitationsTable
  inquiries: InquiriesTable
  cycles: CyclesTable
  phases: PhasesTable
  decisions: DecisionsTable
  stances: StancesTable
  plans: PlansTable
  records: RecordsTable
  themes: ThemesTable
  themeEvents: ThemeEventsTable
  themeLinks: ThemeLinksTable
  ratings: RatingsTable
  challenges: ChallengesTable
  validityJudgements: ValidityJudgementsTable
  indicatorAnswers: IndicatorAnswersTable
  checkIns: CheckInsTable
  anonymousBallots: AnonymousBallotsTable
  templateVersions: TemplateVersionsTable
  pairSettings: PairSettingsTable
  principleVersions: PrincipleVersionsTable
  consents: ConsentsTable
  peerReviews: PeerReviewsTable
  agendaItems: AgendaItemsTable
  outcomeChoices: OutcomeChoicesTable
  auditEvents: AuditEventsTable
  carriedContributions: CarriedContributionsTable
  inquiryVersions: InquiryVersionsTable
  networkGroups: NetworkGroupsTable
  networkStandingEvents: NetworkStandingEventsTable
  networkStatements: NetworkStatementsTable
  networkLinks: NetworkLinksTable
  networkValidations: NetworkValidationsTable
  networkLinkChallenges: NetworkLinkChallengesTable
  networkLinkMeetings: NetworkLinkMeetingsTable
  networkMeetingNotes: NetworkMeetingNotesTable
  networkSettings: NetworkSettingsTable
  federalProposals: FederalProposalsTable
  federalStances: FederalStancesTable
  networkOffices: NetworkOfficesTable
  networkGatherings: NetworkGatheringsTable
  networkNewsletterIssues: NetworkNewsletterIssuesTable
  networkContributions: NetworkContributionsTable
  networkAccreditations: NetworkAccreditationsTable
  auditFrameworks: AuditFrameworksTable
  auditAssessments: AuditAssessmentsTable
  auditMeetings: AuditMeetingsTable
  auditPeerAssessments: AuditPeerAssessmentsTable
  conflictForms: ConflictFormsTable
  conflicts: ConflictsTable
  conflictParties: ConflictPartiesTable
  conflictSteps: ConflictStepsTable
  conflictHelpRequests: ConflictHelpRequestsTable
  coSessions: CoSessionsTable
  coSessionPeople: CoSessionPeopleTable
  coTurns: CoTurnsTable
  coContractChanges: CoContractChangesTable
  coPrivateNotes: CoPrivateNotesTable
  coGroupSettings: CoGroupSettingsTable
}

export type Person = Selectable<PeopleTable>
export type NewPerson = Insertable<PeopleTable>
export type Group = Selectable<GroupsTable>
export type Member = Selectable<MembersTable>
export type Invitation = Selectable<InvitationsTable>
export type Inquiry = Selectable<InquiriesTable>
export type InquiryUpdate = Updateable<InquiriesTable>
export type Cycle = Selectable<CyclesTable>
export type Phase = Selectable<PhasesTable>
export type Decision = Selectable<DecisionsTable>
export type Stance = Selectable<StancesTable>
export type Plan = Selectable<PlansTable>
export type InquiryRecord = Selectable<RecordsTable>
export type Theme = Selectable<ThemesTable>
export type Rating = Selectable<RatingsTable>
