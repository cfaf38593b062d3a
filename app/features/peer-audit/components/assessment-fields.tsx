import { Field } from '~/components/form'
import type { Component, LevelScale } from '../core/framework'
import { LevelFields } from './level-fields'

/**
 * The fields of a self-assessment, the same for a new record and for editing a private one: the
 * day practised, the occasion (no client names), a level and note per criterion, the reflection.
 */
export function AssessmentFields(props: {
  idPrefix: string
  components: readonly Component[]
  scale: LevelScale
  values: Record<string, string>
  errors: Record<string, string>
  /** The day the date field starts at when nothing was sent (today, for a new record). */
  day?: string
}) {
  const { idPrefix, values, errors } = props
  return (
    <>
      <Field
        name="practisedOn"
        idPrefix={idPrefix}
        label="The day you practised"
        type="date"
        defaultValue={values.practisedOn ?? props.day}
        error={errors.practisedOn}
      />
      <Field
        name="occasion"
        idPrefix={idPrefix}
        label="The occasion, in your own words"
        hint="No client names, and nothing that would identify a client: say what kind of work it was."
        defaultValue={values.occasion}
        error={errors.occasion}
      />
      <LevelFields
        idPrefix={idPrefix}
        components={props.components}
        scale={props.scale}
        values={values}
        errors={errors}
        notes
        none="Not assessed"
      />
      <Field
        name="reflection"
        idPrefix={idPrefix}
        label="Reflection"
        hint="What you learned about your practice, and what you will do differently."
        multiline
        rows={5}
        defaultValue={values.reflection}
        error={errors.reflection}
      />
    </>
  )
}
