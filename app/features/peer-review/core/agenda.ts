type PairRole = 'client' | 'practitioner'

/**
 * Where a newly raised item goes in the agenda, as an index into the items in their present
 * order: the client's just after the client's last item (so by default the client's items
 * lead, Heron 2006: the client has "somewhat more than equal status" in raising issues), the
 * practitioner's at the end. Items already there keep their order, so an order the client
 * has set by moving items stands.
 */
export function placeOfNewItem(ordered: readonly { raisedAs: PairRole }[], raisedAs: PairRole): number {
  if (raisedAs === 'practitioner') return ordered.length
  for (let i = ordered.length - 1; i >= 0; i -= 1) if (ordered[i]!.raisedAs === 'client') return i + 1
  return 0
}
