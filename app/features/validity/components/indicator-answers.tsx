import { Form } from '@remix-run/react'
import { Field } from '~/components/form'
import { formatDate } from '~/utils/format'
import { ANSWER_NOTE_MAX } from '../validity.schema'

// The group's answer to an indicator (issue 14 item 4): "we looked at this", with a note, kept
// beside the indicator it answers. Every version stays; the latest is the group's current answer.

type ShownAnswer = { indicatorKey: string; version: number; statusWhenAnswered: 'warn' | 'alert'; note: string; by: string; at: string }

const STATUS_WORD = { warn: 'warning', alert: 'alert' } as const

/** One answer as the page and the reports say it. */
function answerSentence(a: Pick<ShownAnswer, 'by' | 'note'>): string {
  return `We looked at this — ${a.by}: ${a.note}`
}

export function IndicatorAnswers({
  indicatorKey,
  indicatorName,
  status,
  answers,
  answerable,
  error,
  keptNote,
}: {
  indicatorKey: string
  indicatorName: string
  status: string
  answers: ShownAnswer[]
  answerable: boolean
  error?: string
  keptNote?: string
}) {
  const current = answers.at(-1)
  const earlier = answers.slice(0, -1).reverse()
  return (
    <div id={`answer-${indicatorKey}`} data-testid={`answers-${indicatorKey}`}>
      {current ? (
        <p className="indicator-answer">
          {answerSentence(current)}{' '}
          <span className="muted">
            ({formatDate(current.at)}
            {current.statusWhenAnswered !== status ? `; answered when it was a ${STATUS_WORD[current.statusWhenAnswered]}` : ''})
          </span>
        </p>
      ) : status === 'warn' || status === 'alert' ? (
        <p className="muted">Not answered yet.</p>
      ) : null}
      {earlier.length ? (
        <details>
          <summary>Earlier answers ({earlier.length})</summary>
          <ul>
            {earlier.map((a) => (
              <li key={a.version}>
                {answerSentence(a)} <span className="muted">({formatDate(a.at)})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {answerable ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="indicatorKey" value={indicatorKey} />
          <Field
            name="note"
            idPrefix={`answer-${indicatorKey}`}
            label={current ? `A new answer to ${indicatorName}` : `What the group made of ${indicatorName}`}
            multiline
            rows={2}
            maxLength={ANSWER_NOTE_MAX}
            defaultValue={keptNote}
            error={error}
          />
          <button type="submit" className="secondary">
            We looked at this
          </button>
        </Form>
      ) : null}
    </div>
  )
}
