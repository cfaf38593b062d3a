import { z } from 'zod'
import type { Executor } from '../connection'

// What an imported cycle carries from records whose words stayed behind at export
// (see migration 06): added to the analysis so it equals the source installation's.

const CarriedCycleSchema = z.object({
  checkIns: z.object({ held: z.number().int(), flagged: z.number().int() }),
  waysOfKnowing: z.object({
    experiential: z.number().int(),
    presentational: z.number().int(),
    propositional: z.number().int(),
    practical: z.number().int(),
  }),
  /**
   * Who facilitated the cycle (person ids), as the archive said, and per person what their records
   * left behind wrote in reflection phases (facilitator dependence, issue 19). Absent for cycles
   * imported from archives made before it: then the role's history here is read instead.
   */
  facilitation: z
    .object({
      facilitators: z.array(z.string()),
      coFacilitators: z.array(z.string()),
      reflection: z.array(z.object({ personId: z.string(), records: z.number().int(), words: z.number().int() })),
    })
    .optional(),
})

type CarriedCycle = z.infer<typeof CarriedCycleSchema>

export function parseCarried(json: string | null): CarriedCycle | null {
  return json === null ? null : CarriedCycleSchema.parse(JSON.parse(json))
}

export function carriedContributions(db: Executor, cycleId: string) {
  return db
    .selectFrom('carriedContributions')
    .select(['personId', 'records', 'words', 'actionRecords'])
    .where('cycleId', '=', cycleId)
    .execute()
}
