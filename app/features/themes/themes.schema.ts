import { z } from 'zod'

const name = z.string().trim().min(2, 'Give the theme a short name.').max(120, 'Use at most 120 characters.')
const description = z.string().trim().max(2000, 'Use at most 2,000 characters.').default('')

export const NewThemeSchema = z.object({ name, description })

export const RenameThemeSchema = z.object({ name, description })

export const MergeThemeSchema = z.object({
  intoThemeId: z.string({ message: 'Choose the theme to merge into.' }).min(1, 'Choose the theme to merge into.').max(64),
})

export const SplitThemeSchema = z.object({
  name,
  description,
  recordIds: z.array(z.string().max(64)).max(5000).default([]),
})

export const LinkSchema = z.object({
  recordId: z.string().min(1, 'Choose a record.').max(64),
})
