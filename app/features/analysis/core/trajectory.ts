import type { Trajectory } from './types'

/** A theme's trajectory in a cycle: emergent in its first cycle, then persisting while records from the cycle link to it, else fading. */
export function trajectory(cyclesWithLinks: readonly number[], firstCycle: number, cycle: number): Trajectory {
  if (cycle < firstCycle) {
    throw new RangeError(`cycle ${cycle} comes before the theme's first cycle ${firstCycle}`)
  }
  if (cycle === firstCycle) return 'emergent'
  return cyclesWithLinks.includes(cycle) ? 'persisting' : 'fading'
}
