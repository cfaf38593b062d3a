import { Form, Link, useActionData, useLocation } from '@remix-run/react'
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement, type ReactNode } from 'react'

// Ask first (issue 13 §6): a destructive form acts only when it carries confirmed=yes. Without
// JavaScript the first post changes nothing and the page answers with the question (a page of
// its own); once hydrated, the button asks in a native <dialog> and posts confirmed=yes itself.
// Both ask the same question: the page builds it from its loader data with one `ask` function.

import { CONFIRMED_FIELD, CONFIRMED_VALUE, type ConfirmationRequest } from '~/utils/confirmation'

export { CONFIRMED_FIELD, CONFIRMED_VALUE, type ConfirmationRequest }

/** What the person is asked before a destructive action. */
export type Ask = {
  /** The question, e.g. "Delete this record?" */
  title: string
  /** Exactly what will happen. */
  message: ReactNode
  /** The confirm button reads "Yes, <verb>". */
  verb: string
  /** How to undo it, where it can be undone ("You can undo this by …"). */
  undo?: string
}

/** The question for a form's values, or undefined when there is nothing to ask (the form is not filled in, or not this person's to send). */
export type AskFor = (values: Record<string, string>) => Ask | undefined

type Pairs = Array<[string, string]>

function HiddenFields({ fields }: { fields: Pairs }) {
  return (
    <>
      {fields
        .filter(([name]) => name !== CONFIRMED_FIELD)
        .map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
      <input type="hidden" name={CONFIRMED_FIELD} value={CONFIRMED_VALUE} />
    </>
  )
}

function AskText({ ask, messageId }: { ask: Ask; messageId: string }) {
  return (
    <div id={messageId}>
      <p>{ask.message}</p>
      {ask.undo ? <p>{ask.undo}</p> : null}
    </div>
  )
}

type ConfirmActionProps = {
  intent: string
  /** Other hidden fields the action needs (e.g. which invitation). */
  fields?: Record<string, string>
  /** Visible fields filled in before asking (e.g. which theme to merge into). */
  children?: ReactNode
  /** The button's text. */
  label: string
  buttonClassName?: string
  formClassName?: string
  noValidate?: boolean
  ask: AskFor
}

/**
 * A destructive action's form and button. Hydrated, the button opens a modal dialog that asks
 * first (Escape or Cancel closes it and gives focus back to the button); before hydration the
 * form posts without confirmed=yes, and the server answers with the same question as a page.
 */
export function ConfirmAction(props: ConfirmActionProps) {
  const [asking, setAsking] = useState<{ ask: Ask; fields: Pairs } | null>(null)
  const dialogRef = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const triggerRef = useRef<HTMLButtonElement>(null)
  const id = useId()
  const titleId = `${id}-title`
  const messageId = `${id}-message`

  useEffect(() => {
    const dialog = dialogRef.current
    if (!asking || !dialog || dialog.open) return
    dialog.showModal()
    // The safe answer has the focus: Enter alone never confirms.
    cancelRef.current?.focus()
  }, [asking])

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const fields = [...new FormData(event.currentTarget).entries()].filter((e): e is [string, string] => typeof e[1] === 'string')
    const ask = props.ask(Object.fromEntries(fields))
    // Nothing to ask (a field not filled in): the post goes ahead unconfirmed, and the server answers with what is missing.
    if (!ask) return
    event.preventDefault()
    setAsking({ ask, fields })
  }

  function closed() {
    setAsking(null)
    triggerRef.current?.focus()
  }

  return (
    <>
      <Form method="post" noValidate={props.noValidate} className={props.formClassName} onSubmit={onSubmit}>
        <input type="hidden" name="intent" value={props.intent} />
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {props.children}
        <button ref={triggerRef} type="submit" className={props.buttonClassName}>
          {props.label}
        </button>
      </Form>
      {asking ? (
        <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby={titleId} aria-describedby={messageId} onClose={closed}>
          <h2 id={titleId}>{asking.ask.title}</h2>
          <AskText ask={asking.ask} messageId={messageId} />
          <Form method="post" className="actions" onSubmit={() => dialogRef.current?.close()}>
            <HiddenFields fields={asking.fields} />
            <button type="submit" className="danger">
              Yes, {asking.ask.verb}
            </button>
            <button ref={cancelRef} type="button" className="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
          </Form>
        </dialog>
      ) : null}
    </>
  )
}

/** The confirmation the last post was answered with, if it was a destructive post without confirmed=yes. */
export function usePendingConfirmation(): ConfirmationRequest['confirm'] | undefined {
  const data = useActionData() as Partial<ConfirmationRequest> | undefined
  const confirm = data?.confirm
  return confirm && typeof confirm.intent === 'string' && Array.isArray(confirm.fields) ? confirm : undefined
}

/** The page's own address without Remix's `?index` (which a post to an index route carries). */
function backHere(location: { pathname: string; search: string }): string {
  const search = new URLSearchParams(location.search)
  search.delete('index')
  const query = search.toString()
  return location.pathname + (query ? `?${query}` : '')
}

/**
 * The confirmation page (no JavaScript): when the page's last post asked first, the question
 * for that intent, to render instead of the page. "Yes, …" posts the same fields with
 * confirmed=yes; Cancel is a link back to the page. Null when nothing is pending, or when the
 * page no longer offers the action (the `ask` gives nothing).
 */
export function useConfirmationPage(asks: Record<string, AskFor>, cancelTo?: string): ReactElement | null {
  const pending = usePendingConfirmation()
  const location = useLocation()
  const id = useId()
  if (!pending) return null
  const ask = Object.prototype.hasOwnProperty.call(asks, pending.intent)
    ? asks[pending.intent]!(Object.fromEntries(pending.fields))
    : undefined
  if (!ask) return null
  return (
    <article className="confirm-page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{ask.title}</h1>
      <AskText ask={ask} messageId={`${id}-message`} />
      <Form method="post" className="actions">
        <HiddenFields fields={pending.fields} />
        <button type="submit" className="danger">
          Yes, {ask.verb}
        </button>
        <Link to={cancelTo ?? backHere(location)}>Cancel</Link>
      </Form>
    </article>
  )
}
