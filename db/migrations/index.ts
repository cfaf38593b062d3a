import type { Migration } from 'kysely'
import * as foundation from './2026-11-22-01-foundation'
import * as senseMaking from './2026-11-22-02-sense-making'
import * as validity from './2026-11-22-03-validity'
import * as peerReview from './2026-11-22-04-peer-review'
import * as exportConsent from './2026-11-22-05-export-consent'
import * as exportsAndImport from './2026-11-22-06-exports'
import * as withdrawal from './2026-11-22-07-withdrawal'
import * as speed from './2026-11-22-08-speed'
import * as seatInvitations from './2026-12-04-09-seat-invitations'
import * as anonymousDecisions from './2026-12-04-10-anonymous-decisions'
import * as indicatorAnswers from './2026-12-05-11-indicator-answers'
import * as mail from './2026-12-07-12-mail'
import * as ownJudgements from './2026-12-07-13-own-judgements'
import * as closingTimes from './2026-12-07-14-closing-times'
import * as inquiryVersions from './2026-12-07-15-inquiry-versions'
import * as recordsPage from './2026-12-07-16-records-page'
import * as network from './2026-12-07-17-network'
import * as groupPractices from './2026-12-07-18-group-practices'
import * as coCounselling from './2026-12-07-19-co-counselling'

// Migrations are listed statically (not read from the file system at run time) so
// that they are bundled into the server build and run identically from tsx scripts,
// tests and the production server. Names sort in the order they must run.
export const migrations: Record<string, Migration> = {
  '2026-11-22-01-foundation': foundation,
  '2026-11-22-02-sense-making': senseMaking,
  '2026-11-22-03-validity': validity,
  '2026-11-22-04-peer-review': peerReview,
  '2026-11-22-05-export-consent': exportConsent,
  '2026-11-22-06-exports': exportsAndImport,
  '2026-11-22-07-withdrawal': withdrawal,
  '2026-11-22-08-speed': speed,
  '2026-12-04-09-seat-invitations': seatInvitations,
  '2026-12-04-10-anonymous-decisions': anonymousDecisions,
  '2026-12-05-11-indicator-answers': indicatorAnswers,
  '2026-12-07-12-mail': mail,
  '2026-12-07-13-own-judgements': ownJudgements,
  '2026-12-07-14-closing-times': closingTimes,
  '2026-12-07-15-inquiry-versions': inquiryVersions,
  '2026-12-07-16-records-page': recordsPage,
  '2026-12-07-17-network': network,
  '2026-12-07-18-group-practices': groupPractices,
  '2026-12-07-19-co-counselling': coCounselling,
}
