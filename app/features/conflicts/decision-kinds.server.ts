import { z } from 'zod'
import type { DecisionKindDefinition } from '~/features/decisions/registry.server'
import { ConflictFormSchema } from './core/form'
import * as effects from './effects.server'

// The group's decisions about its concerns and conflicts (issue 18 item 6): adopting or revising
// its written form, and asking a link group to help with a concern. A decision is read by the
// whole group, so neither payload carries a concern's words: the form is the group's own, and a
// request for help carries only the summary the group writes for the link group.

const Help = z.object({ conflictId: z.string(), linkId: z.string(), summary: z.string() })

declare module '~db/schema' {
  interface DecisionPayloads {
    conflict_form: z.infer<typeof ConflictFormSchema>
    conflict_help: z.infer<typeof Help>
  }
}

export const conflictForm: DecisionKindDefinition<'conflict_form'> = {
  kind: 'conflict_form',
  payload: ConflictFormSchema,
  apply: effects.adoptForm,
}

export const conflictHelp: DecisionKindDefinition<'conflict_help'> = {
  kind: 'conflict_help',
  payload: Help,
  apply: effects.askHelp,
}

export const CONFLICT_KINDS = { conflict_form: conflictForm, conflict_help: conflictHelp } as const
