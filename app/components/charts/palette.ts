import type { MarkerShape } from './markers'

// Text colours from app.css (--ink, --muted): both pass 4.5:1 on the page background #fbfaf7.
export const INK = '#1d2430'
export const MUTED = '#4a5466'
export const GRID = '#d8d4cc'
export const PAPER = '#fbfaf7'

/** Intrinsic chart width: small enough that 14px text stays legible when the SVG scales to a phone (CSS shows it at up to 480px). */
export const CHART_WIDTH = 420
export const FONT = 14

/** For one mark per series (themes across cycles): colour and shape both vary. */
const SERIES_STYLE: { colour: string; shape: MarkerShape; dash: string }[] = [
  { colour: '#0072B2', shape: 'circle', dash: '' },
  { colour: '#D55E00', shape: 'triangle', dash: '6 3' },
  { colour: '#009E73', shape: 'square', dash: '' },
  { colour: '#CC79A7', shape: 'diamond', dash: '2 3' },
  { colour: '#E69F00', shape: 'star', dash: '' },
  { colour: '#56B4E9', shape: 'cross', dash: '6 3' },
  { colour: '#1d2430', shape: 'triangleDown', dash: '2 3' },
]

export function seriesStyle(index: number): { colour: string; shape: MarkerShape; dash: string } {
  return SERIES_STYLE[index % SERIES_STYLE.length]!
}

// ColorBrewer PuOr (Brewer 2003), colour-blind safe; the neutral centre is darkened so the
// midpoint segment still shows against the page.
const DIVERGING_ANCHORS = ['#b35806', '#f1a340', '#bdbdbd', '#998ec3', '#542788']

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

function mix(a: string, b: string, t: number): string {
  const [ar, ag, ab] = hexToRgb(a)
  const [br, bg, bb] = hexToRgb(b)
  const channel = (x: number, y: number) =>
    Math.round(x + (y - x) * t)
      .toString(16)
      .padStart(2, '0')
  return `#${channel(ar, br)}${channel(ag, bg)}${channel(ab, bb)}`
}

/** One colour per scale point, orange below the midpoint, grey at it, purple above. */
export function divergingColour(value: number, min: number, max: number): string {
  if (max <= min) return DIVERGING_ANCHORS[2]!
  const position = ((value - min) / (max - min)) * (DIVERGING_ANCHORS.length - 1)
  const lower = Math.min(Math.floor(position), DIVERGING_ANCHORS.length - 2)
  return mix(DIVERGING_ANCHORS[lower]!, DIVERGING_ANCHORS[lower + 1]!, position - lower)
}
