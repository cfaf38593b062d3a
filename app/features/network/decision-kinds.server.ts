import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { FederalPayloadSchema } from './core/federal-kinds'
import * as effects from './effects.server'

// The network's decision kinds (issue 18). Every move a group makes in the network is its own
// decision, by its own rule: entering, standing by, publishing its statement, what the directory
// shows, asking for, answering and ending links, validating a link group, putting a proposal to
// the network, casting its stance on one, and laying itself down. Nothing crosses the group's
// boundary until such a decision passes.

const Enter = z.object({ route: z.string() })
const StoodBy = z.object({ account: z.string() })
const Statement = z.object({ statement: z.string() })
const Profile = z.object({ description: z.string(), showMemberCount: z.boolean() })
const AskLink = z.object({ toGroupId: z.string() })
const AnswerLink = z.object({ linkId: z.string(), accept: z.boolean(), reason: z.string() })
const EndLink = z.object({ linkId: z.string(), reason: z.string() })
const Validation = z.object({ linkId: z.string(), verdict: z.enum(['validated', 'withheld']), reasons: z.string() })
const FederalProposal = z.object({ title: z.string(), body: z.string(), proposal: FederalPayloadSchema })
const FederalStance = z.object({ proposalId: z.string(), stance: z.enum(['agree', 'stand_aside', 'block']), reason: z.string() })
const LayDown = z.object({ reason: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    network_enter: z.infer<typeof Enter>
    network_stood_by: z.infer<typeof StoodBy>
    network_statement: z.infer<typeof Statement>
    network_profile: z.infer<typeof Profile>
    network_link_ask: z.infer<typeof AskLink>
    network_link_answer: z.infer<typeof AnswerLink>
    network_link_end: z.infer<typeof EndLink>
    network_validation: z.infer<typeof Validation>
    network_federal_proposal: z.infer<typeof FederalProposal>
    network_federal_stance: z.infer<typeof FederalStance>
    network_lay_down: z.infer<typeof LayDown>
  }
}

export const networkEnter: DecisionKindDefinition<'network_enter'> = { kind: 'network_enter', payload: Enter, apply: effects.enterNetwork }
export const networkStoodBy: DecisionKindDefinition<'network_stood_by'> = {
  kind: 'network_stood_by',
  payload: StoodBy,
  apply: effects.standBy,
}
export const networkStatement: DecisionKindDefinition<'network_statement'> = {
  kind: 'network_statement',
  payload: Statement,
  apply: effects.publishStatement,
}
export const networkProfile: DecisionKindDefinition<'network_profile'> = {
  kind: 'network_profile',
  payload: Profile,
  apply: effects.setProfile,
}
export const networkLinkAsk: DecisionKindDefinition<'network_link_ask'> = {
  kind: 'network_link_ask',
  payload: AskLink,
  apply: effects.askLink,
}
export const networkLinkAnswer: DecisionKindDefinition<'network_link_answer'> = {
  kind: 'network_link_answer',
  payload: AnswerLink,
  apply: effects.answerLink,
}
export const networkLinkEnd: DecisionKindDefinition<'network_link_end'> = {
  kind: 'network_link_end',
  payload: EndLink,
  apply: effects.endLink,
}
export const networkValidation: DecisionKindDefinition<'network_validation'> = {
  kind: 'network_validation',
  payload: Validation,
  apply: effects.validate,
}
export const networkFederalProposal: DecisionKindDefinition<'network_federal_proposal'> = {
  kind: 'network_federal_proposal',
  payload: FederalProposal,
  apply: effects.proposeToNetwork,
}
export const networkFederalStance: DecisionKindDefinition<'network_federal_stance'> = {
  kind: 'network_federal_stance',
  payload: FederalStance,
  apply: effects.castFederalStance,
}
export const networkLayDown: DecisionKindDefinition<'network_lay_down'> = {
  kind: 'network_lay_down',
  payload: LayDown,
  apply: effects.layDown,
}

export const NETWORK_KINDS = {
  network_enter: networkEnter,
  network_stood_by: networkStoodBy,
  network_statement: networkStatement,
  network_profile: networkProfile,
  network_link_ask: networkLinkAsk,
  network_link_answer: networkLinkAnswer,
  network_link_end: networkLinkEnd,
  network_validation: networkValidation,
  network_federal_proposal: networkFederalProposal,
  network_federal_stance: networkFederalStance,
  network_lay_down: networkLayDown,
} as const
