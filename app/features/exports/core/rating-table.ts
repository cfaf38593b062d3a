import type { ArchiveRating } from './archive-schema'
import { keyNumber } from './archive'

// Ratings held as numbers rather than objects (issue 17): an inquiry's ratings are its largest
// part (48,000 in the benchmark inquiry, 192,000 at four times its size), and an export reads
// them in pages and writes them in archive order, or keeps them for the analysis it writes
// last. Each rating takes 17 bytes here instead of an object with three strings.

type Columns = { member: Int32Array; theme: Int32Array; flags: Uint8Array; value: Float64Array; length: number }

const OPEN = 2
const REASONED = 1

function columns(size: number): Columns {
  return {
    member: new Int32Array(size),
    theme: new Int32Array(size),
    flags: new Uint8Array(size),
    value: new Float64Array(size),
    length: 0,
  }
}

/** Keys (member keys, theme keys) by number, so each is stored once. */
class KeyIndex {
  readonly keys: string[] = []
  private readonly index = new Map<string, number>()
  of(key: string): number {
    let i = this.index.get(key)
    if (i === undefined) {
      i = this.keys.push(key) - 1
      this.index.set(key, i)
    }
    return i
  }
}

export class RatingTable {
  private readonly members = new KeyIndex()
  private readonly themes = new KeyIndex()
  private readonly byCycle = new Map<number, Columns>()

  add(r: ArchiveRating): void {
    let c = this.byCycle.get(r.cycle)
    if (!c) this.byCycle.set(r.cycle, (c = columns(1024)))
    if (c.length === c.member.length) {
      const grown = columns(c.length * 2)
      grown.member.set(c.member)
      grown.theme.set(c.theme)
      grown.flags.set(c.flags)
      grown.value.set(c.value)
      grown.length = c.length
      this.byCycle.set(r.cycle, (c = grown))
    }
    const i = c.length
    c.member[i] = this.members.of(r.member)
    c.theme[i] = this.themes.of(r.theme)
    c.flags[i] = (r.round === 'open' ? OPEN : 0) | (r.reasoned ? REASONED : 0)
    c.value[i] = r.value
    c.length += 1
  }

  /** Gives back the room kept for ratings still to come: call once they have all been added. */
  trim(): void {
    for (const [cycle, c] of this.byCycle) {
      if (c.length === c.member.length) continue
      this.byCycle.set(cycle, {
        member: c.member.slice(0, c.length),
        theme: c.theme.slice(0, c.length),
        flags: c.flags.slice(0, c.length),
        value: c.value.slice(0, c.length),
        length: c.length,
      })
    }
  }

  private rating(c: Columns, cycle: number, i: number): ArchiveRating {
    return {
      member: this.members.keys[c.member[i]!]!,
      theme: this.themes.keys[c.theme[i]!]!,
      cycle,
      round: c.flags[i]! & OPEN ? 'open' : 'blind',
      value: c.value[i]!,
      reasoned: (c.flags[i]! & REASONED) !== 0,
    }
  }

  /** A cycle's ratings in the order they were added. */
  of(cycle: number): ArchiveRating[] {
    const c = this.byCycle.get(cycle)
    const ratings: ArchiveRating[] = []
    if (c) for (let i = 0; i < c.length; i++) ratings.push(this.rating(c, cycle, i))
    return ratings
  }

  /**
   * Every rating in archive order (cycle; member key, theme key and round, by number; then
   * the order added), as objects a batch at a time.
   */
  *inArchiveOrder(batch = 2000): Generator<ArchiveRating[]> {
    const memberNumber = this.members.keys.map(keyNumber)
    const themeNumber = this.themes.keys.map(keyNumber)
    for (const cycle of [...this.byCycle.keys()].sort((a, b) => a - b)) {
      const c = this.byCycle.get(cycle)!
      const order = Array.from({ length: c.length }, (_, i) => i)
      order.sort(
        (a, b) =>
          memberNumber[c.member[a]!]! - memberNumber[c.member[b]!]! ||
          themeNumber[c.theme[a]!]! - themeNumber[c.theme[b]!]! ||
          (c.flags[a]! & OPEN) - (c.flags[b]! & OPEN) ||
          a - b,
      )
      for (let start = 0; start < order.length; start += batch) yield order.slice(start, start + batch).map((i) => this.rating(c, cycle, i))
    }
  }
}
