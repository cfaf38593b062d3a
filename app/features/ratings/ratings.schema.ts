export type RatingEntry = { themeId: string; value: number; reason: string | null }

const MAX_REASON = 2000

/**
 * Reads `rating.<themeId>` (and `reason.<themeId>`) fields. An empty rating means "not
 * rated yet". Values must be whole points on the template's scale; a bad one is a 400
 * beside that theme's field.
 */
export function parseRatingForm(
  values: Record<string, string>,
  scale: { min: number; max: number },
  themeIds: ReadonlySet<string>,
): { entries: RatingEntry[]; errors: Record<string, string> } {
  const entries: RatingEntry[] = []
  const errors: Record<string, string> = {}
  for (const [key, raw] of Object.entries(values)) {
    if (!key.startsWith('rating.')) continue
    const themeId = key.slice('rating.'.length)
    if (raw.trim() === '') continue
    if (!themeIds.has(themeId)) {
      errors[key] = 'This theme is not in the current rating round.'
      continue
    }
    const value = Number(raw)
    if (!Number.isInteger(value) || value < scale.min || value > scale.max) {
      errors[key] = `Choose a whole number from ${scale.min} to ${scale.max}.`
      continue
    }
    const reason = (values[`reason.${themeId}`] ?? '').trim()
    if (reason.length > MAX_REASON) {
      errors[`reason.${themeId}`] = `Use at most ${MAX_REASON.toLocaleString('en-GB')} characters.`
      continue
    }
    entries.push({ themeId, value, reason: reason || null })
  }
  return { entries, errors }
}
