import { z } from 'zod'
import { DecisionRuleSchema } from '~/features/decisions/decision-rule.schema'
import { DEFAULT_THRESHOLDS, INDICATOR_KEYS } from '~/features/validity/core'

// Every object is strict: an unknown key in a template file is an error, so a typo
// ("promts") stops the boot instead of silently dropping the group's prompts.

const PhaseTemplateSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens'),
    name: z.string().min(1),
    kind: z.enum(['reflection', 'action']),
    role: z.enum(['co-researcher', 'co-subject']),
    optional: z.boolean().default(false),
    description: z.string().min(1),
    prompts: z.array(z.string().min(1)).min(1),
  })
  .refine((p) => (p.kind === 'reflection') === (p.role === 'co-researcher'), {
    message: 'reflection phases are held as co-researchers, action phases as co-subjects',
    path: ['role'],
  })

/** The box on the forms page that makes every stance on the inquiry's proposals anonymous. */
export const ANONYMOUS_FIELD = 'decisionRule.anonymous'

const ThresholdSchema = z.strictObject({
  warn: z.number(),
  alert: z.number(),
})

const RatingScaleSchema = z
  .strictObject({
    min: z.number().int(),
    max: z.number().int(),
    labels: z.record(z.string().regex(/^-?\d+$/), z.string().min(1)).default({}),
  })
  .refine((s) => s.max > s.min, { message: 'max must be greater than min', path: ['max'] })
  .refine((s) => Object.keys(s.labels).every((k) => Number(k) >= s.min && Number(k) <= s.max), {
    message: 'every label must be a point on the scale',
    path: ['labels'],
  })

const ValidityProcedureSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  question: z.string().min(1),
  required: z.boolean().default(false),
  indicators: z
    .array(
      z.string().refine((k) => (INDICATOR_KEYS as readonly string[]).includes(k), {
        message: `unknown indicator; use one of: ${INDICATOR_KEYS.join(', ')}`,
      }),
    )
    .default([]),
})

/**
 * The group's plan for handing facilitation over (issue 19; docs/design.md §4 "Facilitation over the
 * cycles"): one facilitator (`single`), the role passed to the next member at each new cycle
 * (`rotate`), a named co-facilitator whose acts count with the facilitator's (`co-facilitator`,
 * named by member key), or peer facilitation from cycle `peerByCycle` on (`peer`). Absent: single.
 */
export const FacilitationPlanSchema = z
  .strictObject({
    plan: z.enum(['single', 'rotate', 'co-facilitator', 'peer']),
    coFacilitator: z
      .string()
      .regex(/^Member [A-Z]+$/, 'name the co-facilitator by member key, e.g. "Member B"')
      .optional(),
    peerByCycle: z.number().int().min(1).max(10_000).optional(),
  })
  .refine((f) => (f.plan === 'co-facilitator') === (f.coFacilitator !== undefined), {
    message: 'a co-facilitator is named exactly when the plan is co-facilitator',
    path: ['coFacilitator'],
  })
  .refine((f) => (f.plan === 'peer') === (f.peerByCycle !== undefined), {
    message: 'the cycle of peer facilitation is given exactly when the plan is peer',
    path: ['peerByCycle'],
  })

export type FacilitationPlan = z.infer<typeof FacilitationPlanSchema>

const GroupSizeSchema = z
  .strictObject({
    min: z.number().int().min(2),
    max: z.number().int().max(50),
    advisedMin: z.number().int(),
    advisedMax: z.number().int(),
  })
  .refine((g) => g.min <= g.advisedMin && g.advisedMin <= g.advisedMax && g.advisedMax <= g.max, {
    message: 'sizes must satisfy min ≤ advisedMin ≤ advisedMax ≤ max',
  })

export const InquiryTemplateSchema = z
  .strictObject({
    slug: z.string().regex(/^[a-z][a-z0-9-]*$/),
    version: z.literal(1),
    name: z.string().min(1),
    summary: z.string().min(1),
    groupKinds: z.array(z.enum(['inquiry_group', 'pair'])).min(1),
    groupSize: GroupSizeSchema,
    recommendedMinCycles: z.number().int().min(1),
    phases: z.array(PhaseTemplateSchema).min(2),
    decisionRule: DecisionRuleSchema.prefault({}),
    ratingScale: RatingScaleSchema.default({
      min: 1,
      max: 5,
      labels: { '1': 'does not fit my experience at all', '5': 'fits it strongly' },
    }),
    analysis: z
      .strictObject({
        measurementLevel: z.enum(['nominal', 'ordinal', 'interval', 'ratio']).default('ordinal'),
        convergentMaxIqr: z.number().min(0).default(1),
        divergentMinIqr: z.number().min(0).default(2),
        polarisedShare: z.number().gt(0).max(0.5).default(0.25),
      })
      .default({ measurementLevel: 'ordinal', convergentMaxIqr: 1, divergentMinIqr: 2, polarisedShare: 0.25 }),
    blindReveal: z.enum(['all_rated', 'decision']).default('all_rated'),
    devilsAdvocate: z.strictObject({ required: z.boolean(), rotating: z.boolean() }).default({ required: false, rotating: false }),
    validityProcedures: z.array(ValidityProcedureSchema).default([]),
    indicatorThresholds: z
      .record(
        z.string().refine((k) => k in DEFAULT_THRESHOLDS, {
          message: `unknown threshold; use one of: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`,
        }),
        ThresholdSchema,
      )
      .default({}),
    principles: z.array(z.string().min(1)).default([]),
    facilitation: FacilitationPlanSchema.optional(),
  })
  .superRefine((t, ctx) => {
    const keys = new Set<string>()
    t.phases.forEach((p, i) => {
      if (keys.has(p.key)) ctx.addIssue({ code: 'custom', message: `duplicate phase key "${p.key}"`, path: ['phases', i, 'key'] })
      keys.add(p.key)
    })
    if (!t.phases.some((p) => p.kind === 'reflection') || !t.phases.some((p) => p.kind === 'action')) {
      ctx.addIssue({ code: 'custom', message: 'a cycle needs at least one reflection and one action phase', path: ['phases'] })
    }
    if (t.phases[0]?.optional) {
      ctx.addIssue({ code: 'custom', message: 'the first phase of a cycle cannot be optional', path: ['phases', 0, 'optional'] })
    }
    const procedureKeys = new Set<string>()
    t.validityProcedures.forEach((p, i) => {
      if (procedureKeys.has(p.key))
        ctx.addIssue({ code: 'custom', message: `duplicate procedure key "${p.key}"`, path: ['validityProcedures', i, 'key'] })
      procedureKeys.add(p.key)
    })
  })

export type InquiryTemplate = z.infer<typeof InquiryTemplateSchema>

/** Formats zod issues as "path.to.field: message" lines for a boot error. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('\n')
}
