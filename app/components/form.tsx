import { useActionData } from '@remix-run/react'
import type { ReactNode } from 'react'

type ActionFailureData = { errors?: Record<string, string>; formError?: string; values?: Record<string, string> }

/** The failure part of an action's answer (errors and kept values), whatever else the action returns. */
export function useFormFailure(): Required<Pick<ActionFailureData, 'errors' | 'values'>> & { formError?: string } {
  const data = useActionData() as ActionFailureData | undefined
  return { errors: data?.errors ?? {}, values: data?.values ?? {}, formError: data?.formError }
}

type FieldProps = {
  name: string
  /** Distinguishes ids when the same field name appears in several forms on one page. */
  idPrefix?: string
  label: string
  hint?: string
  error?: string
  defaultValue?: string
  type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'number'
  multiline?: boolean
  required?: boolean
  autoComplete?: string
  maxLength?: number
  min?: number
  max?: number
  rows?: number
}

/** A labelled input whose error sits beside it and is announced with it (aria-describedby). */
export function Field(props: FieldProps) {
  const id = `${props.idPrefix ?? 'field'}-${props.name}`
  const hintId = props.hint ? `${id}-hint` : undefined
  const errorId = props.error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name: props.name,
    defaultValue: props.defaultValue,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
    maxLength: props.maxLength,
    autoComplete: props.autoComplete,
  }
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 6} />
      ) : (
        <input {...common} type={props.type ?? 'text'} min={props.min} max={props.max} />
      )}
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

/** A labelled file input with its error beside it (the form needs encType="multipart/form-data"). */
export function FileField(props: { name: string; idPrefix?: string; label: string; accept: string; error?: string }) {
  const id = `${props.idPrefix ?? 'field'}-${props.name}`
  const errorId = props.error ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="file"
        name={props.name}
        accept={props.accept}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={errorId}
      />
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

type ChoiceProps = {
  name: string
  idPrefix?: string
  legend: string
  options: readonly { value: string; label: string; hint?: string }[]
  defaultValue?: string
  error?: string
  hint?: string
}

/** A group of radio buttons with its legend, hint and error. */
export function Choice(props: ChoiceProps) {
  const prefix = props.idPrefix ?? 'field'
  const errorId = props.error ? `${prefix}-${props.name}-error` : undefined
  const hintId = props.hint ? `${prefix}-${props.name}-hint` : undefined
  return (
    <fieldset className="field" aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.options.map((option) => {
        const id = `${prefix}-${props.name}-${option.value}`
        return (
          <div className="choice" key={option.value}>
            <input
              type="radio"
              id={id}
              name={props.name}
              value={option.value}
              defaultChecked={props.defaultValue === option.value}
              aria-invalid={props.error ? true : undefined}
            />
            <label htmlFor={id}>
              {option.label}
              {option.hint ? <span className="muted"> — {option.hint}</span> : null}
            </label>
          </div>
        )
      })}
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  )
}

type SelectProps = {
  name: string
  label: string
  options: readonly { value: string; label: string }[]
  defaultValue?: string
  error?: string
  includeEmpty?: string
}

export function Select(props: SelectProps) {
  const id = `field-${props.name}`
  const errorId = props.error ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        defaultValue={props.defaultValue ?? ''}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={errorId}
      >
        {props.includeEmpty !== undefined ? <option value="">{props.includeEmpty}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  )
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  )
}
