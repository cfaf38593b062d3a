// Greedy placement of point labels so names do not overprint each other or the marks. Pure.

type LabelBox = { x: number; y: number; width: number; height: number }
export type Placement = { x: number; y: number; anchor: 'start' | 'middle' | 'end' }

/** A rough text width for a sans-serif font: enough to keep labels apart, not to typeset. */
function textWidth(text: string, fontSize: number): number {
  return Array.from(text).length * fontSize * 0.58
}

const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/**
 * Tries right, left, above and below each mark in turn and keeps the first spot that stays
 * inside the plot and clear of every mark and earlier label; falls back to the least crowded.
 */
export function placeLabels(
  points: { x: number; y: number; text: string }[],
  bounds: LabelBox,
  fontSize: number,
  markRadius = 6,
): Placement[] {
  const marks: LabelBox[] = points.map((p) => ({ x: p.x - markRadius, y: p.y - markRadius, width: markRadius * 2, height: markRadius * 2 }))
  const placed: LabelBox[] = []
  const gap = markRadius + 3
  return points.map((p) => {
    const w = textWidth(p.text, fontSize)
    const h = fontSize
    const candidates: (Placement & { box: LabelBox })[] = [
      { x: p.x + gap, y: p.y, anchor: 'start', box: { x: p.x + gap, y: p.y - h / 2, width: w, height: h } },
      { x: p.x - gap, y: p.y, anchor: 'end', box: { x: p.x - gap - w, y: p.y - h / 2, width: w, height: h } },
      { x: p.x, y: p.y - gap - h / 2, anchor: 'middle', box: { x: p.x - w / 2, y: p.y - gap - h, width: w, height: h } },
      { x: p.x, y: p.y + gap + h / 2, anchor: 'middle', box: { x: p.x - w / 2, y: p.y + gap, width: w, height: h } },
    ]
    const inside = (b: LabelBox) =>
      b.x >= bounds.x && b.y >= bounds.y && b.x + b.width <= bounds.x + bounds.width && b.y + b.height <= bounds.y + bounds.height
    const clashes = (b: LabelBox) => [...marks, ...placed].filter((o) => overlaps(b, o)).length + (inside(b) ? 0 : 1)
    const best = candidates.reduce((a, c) => (clashes(c.box) < clashes(a.box) ? c : a))
    placed.push(best.box)
    return { x: best.x, y: best.y, anchor: best.anchor }
  })
}
