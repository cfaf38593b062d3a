// The three contracts a client chooses between at the start of their turn (seed 000, principle 9).
// Pure: shared by the forms (isomorphic), the service and the pages.

export const CONTRACTS = ['free_attention', 'normal', 'intensive'] as const
export type Contract = (typeof CONTRACTS)[number]

export const CONTRACT_LABELS: Record<Contract, string> = {
  free_attention: 'Free attention',
  normal: 'Normal',
  intensive: 'Intensive',
}

/** What each contract asks of the counsellor, in the principles' words (seed 000, principle 9). */
export const CONTRACT_MEANINGS: Record<Contract, string> = {
  free_attention: 'no verbal interventions: sustained, supportive attention; the client is entirely self-directing',
  normal: 'some interventions, to facilitate what the client is working on',
  intensive: 'as many interventions as seem necessary; the counsellor may take a directive role',
}

export function isContract(value: unknown): value is Contract {
  return typeof value === 'string' && (CONTRACTS as readonly string[]).includes(value)
}
