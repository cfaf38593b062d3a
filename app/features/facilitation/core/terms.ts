// Who held the facilitator role when: terms rebuilt from the group's audit log (docs/design.md §4).
// The role changes only by `facilitator_changed` (detail.to: the new holder, or null when laid
// down) and ends when its holder leaves or withdraws; the group's creation names the first holder.

/** One holder's time in the role: from `from` (inclusive) to `to` (exclusive; null while it lasts). */
export type Term = { person: string; from: string; to: string | null }

export type RoleEvent =
  /** The group was made; `facilitator` is who took the role then, undefined for groups made before it was recorded. */
  | { kind: 'created'; at: string; facilitator?: string | null }
  /** `by` handed the role to `to` (or laid it down with null), or took it up when no one held it (by = to). */
  | { kind: 'changed'; at: string; by: string | null; to: string | null }
  /** The person left the group or withdrew: a holder's term ends. */
  | { kind: 'left'; at: string; person: string }

/**
 * The terms of the facilitator role, oldest first. Where the first holder was not recorded (groups
 * made before the creation event named them), the first hand-over tells it: only the holder can
 * hand the role on, so a change made by someone other than its recipient was made by the holder;
 * with no change at all, the current holder held it throughout.
 */
export function facilitatorTerms(events: readonly RoleEvent[], currentHolder: string | null, since: string): Term[] {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  const created = sorted.find((e) => e.kind === 'created')
  const firstChange = sorted.find((e) => e.kind === 'changed')
  let holder: string | null
  if (created?.kind === 'created' && created.facilitator !== undefined) holder = created.facilitator
  else if (firstChange?.kind === 'changed') holder = firstChange.by !== null && firstChange.by !== firstChange.to ? firstChange.by : null
  else holder = currentHolder
  const terms: Term[] = []
  let from = created?.at ?? since
  const close = (at: string) => {
    if (holder !== null) terms.push({ person: holder, from, to: at })
  }
  for (const e of sorted) {
    if (e.kind === 'created') continue
    if (e.kind === 'changed') {
      if (e.to === holder) continue
      close(e.at)
      holder = e.to
      from = e.at
    } else if (e.person === holder) {
      close(e.at)
      holder = null
      from = e.at
    }
  }
  if (holder !== null) terms.push({ person: holder, from, to: null })
  return terms
}

/** The people whose term overlaps [start, end): a term that ends as the span begins, or begins as it ends, is not in it. */
export function heldDuring(terms: readonly Term[], start: string, end: string | null): string[] {
  const during = terms.filter((t) => (end === null || t.from < end) && (t.to === null || t.to > start))
  return [...new Set(during.map((t) => t.person))]
}

/** The co-facilitator's terms from the template's versions (oldest first): each version's co-facilitator holds until the next version. */
export function coFacilitatorTerms(versions: readonly { at: string; coFacilitator: string | null }[]): Term[] {
  const sorted = [...versions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  return sorted.flatMap((v, i) => (v.coFacilitator ? [{ person: v.coFacilitator, from: v.at, to: sorted[i + 1]?.at ?? null }] : []))
}
