import type { MarkerShape } from '~/components/charts/markers'
import type { ThemeClass } from '../core/types'

// The colours of the analysis's own categories; the shared chart colours are in ~/components/charts/palette.

// Okabe & Ito (2008) colour-blind-safe hues; each class also has its own marker shape.
export const CLASS_STYLE: Record<ThemeClass, { colour: string; shape: MarkerShape; label: string }> = {
  convergent: { colour: '#0072B2', shape: 'circle', label: 'convergent' },
  divergent: { colour: '#D55E00', shape: 'triangle', label: 'divergent' },
  mixed: { colour: '#CC79A7', shape: 'diamond', label: 'mixed' },
}

export const KIND_COLOUR = {
  records: '#0072B2',
  words: '#E69F00',
  themesProposed: '#009E73',
  stances: '#CC79A7',
  challenges: '#56B4E9',
} as const
