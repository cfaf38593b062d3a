import { z } from 'zod'

export const EXPORT_CONSENTS = ['none', 'anonymised', 'named'] as const

export const EXPORT_CONSENT_LABELS: Record<(typeof EXPORT_CONSENTS)[number], { label: string; hint: string }> = {
  none: { label: 'Not to be quoted', hint: 'this record’s words never leave the group (the default)' },
  anonymised: { label: 'May be quoted anonymously', hint: 'its words may appear in exports under your pseudonym' },
  named: { label: 'May be quoted with my name', hint: 'its words may appear with your name, if you also allow your name' },
}

export const RecordConsentSchema = z.object({
  exportConsent: z.enum(EXPORT_CONSENTS, { message: 'Choose whether this record may be quoted.' }),
})

export const NamePreferenceSchema = z.object({
  exportName: z.enum(['name', 'pseudonym'], { message: 'Choose your name or your pseudonym.' }),
})
