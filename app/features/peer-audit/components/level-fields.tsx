import type { Component, LevelScale } from '../core/framework'

type Props = {
  /** Distinguishes ids where two forms on a page carry the same criteria. */
  idPrefix: string
  components: readonly Component[]
  scale: LevelScale
  /** What the form sent last (kept on a refusal), or the record's own levels and notes. */
  values: Record<string, string>
  errors: Record<string, string>
  /** A note beside each level (the self-assessment); a peer gives levels only. */
  notes: boolean
  /** The wording of the "no level" choice. */
  none: string
}

/** A level (and note) per criterion, grouped by component: plain selects, so it works without JavaScript. */
export function LevelFields({ idPrefix, components, scale, values, errors, notes, none }: Props) {
  return (
    <>
      {components.map((component) => (
        <fieldset key={component.key} className="field">
          <legend>{component.name}</legend>
          {component.description ? <p className="hint">{component.description}</p> : null}
          {component.criteria.map((criterion) => {
            const levelName = `level.${criterion.key}`
            const noteName = `note.${criterion.key}`
            const id = `${idPrefix}-level-${criterion.key}`
            const noteId = `${idPrefix}-note-${criterion.key}`
            const levelError = errors[levelName]
            const noteError = errors[noteName]
            return (
              <div key={criterion.key} className="criterion">
                <label htmlFor={id}>{criterion.text}</label>
                <select
                  id={id}
                  name={levelName}
                  defaultValue={values[levelName] ?? ''}
                  aria-invalid={levelError ? true : undefined}
                  aria-describedby={levelError ? `${id}-error` : undefined}
                >
                  <option value="">{none}</option>
                  {scale.map((s) => (
                    <option key={s.level} value={String(s.level)}>
                      {s.level} — {s.label}
                    </option>
                  ))}
                </select>
                {levelError ? (
                  <p className="field-error" id={`${id}-error`}>
                    {levelError}
                  </p>
                ) : null}
                {notes ? (
                  <>
                    <label htmlFor={noteId} className="muted">
                      A note on this criterion (optional)
                    </label>
                    <textarea
                      id={noteId}
                      name={noteName}
                      rows={2}
                      defaultValue={values[noteName] ?? ''}
                      aria-invalid={noteError ? true : undefined}
                      aria-describedby={noteError ? `${noteId}-error` : undefined}
                    />
                    {noteError ? (
                      <p className="field-error" id={`${noteId}-error`}>
                        {noteError}
                      </p>
                    ) : null}
                  </>
                ) : null}
              </div>
            )
          })}
        </fieldset>
      ))}
    </>
  )
}

/** The level scale, stated where the group reads levels. */
export function ScaleList({ scale }: { scale: LevelScale }) {
  return (
    <dl className="scale">
      {scale.map((s) => (
        <div key={s.level}>
          <dt>
            {s.level} — {s.label}
          </dt>
          <dd>{s.meaning}</dd>
        </div>
      ))}
    </dl>
  )
}
