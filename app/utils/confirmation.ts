// The fields of "ask first" (components/confirm-action.tsx, utils/confirm.server.ts): one place,
// pure, so the server check and the component agree without the server importing React.

export const CONFIRMED_FIELD = 'confirmed'
export const CONFIRMED_VALUE = 'yes'

/** What an action answers when it wants the person to confirm: the intent and the fields to post again. */
export type ConfirmationRequest = { confirm: { intent: string; fields: Array<[string, string]> } }
