import { afterAll, describe, expect, test } from 'vitest'
import type { World } from '../factories'
import { importRoute, pathFor } from './harness'
import {
  actionTargets,
  answerProblems,
  encodePairs,
  expectsSuccess,
  hasOwnSizeLimit,
  invariantProblems,
  invoke,
  memberOutcome,
  messagesOf,
  pairsOf,
  postRequest,
  readsFormWithRunAction,
  reportTally,
  runCase,
  Stage,
  unexplained,
  type ActionTarget,
  type Answer,
} from './fuzz-kit'
import { paramsForForm, type Form } from './route-table'

// Issue 7, item 2: the bodies around the fields, and the same form sent again and at once.
// For every action form from route-table.ts, sent by a member to its valid place from the
// world as made: content types malformed.test.ts does not send (text/html, a well-formed
// multipart form, a UTF-16 charset, none at all), a body just over the 2 MB limit with a
// truthful Content-Length, and the valid form five times in a row and ten times at once.
// Afterwards the database must keep every promise the app makes (fuzz-kit INVARIANTS)
// and its foreign keys.

const targets = actionTargets()
const stage = new Stage()
const LIMIT = 2_000_000

afterAll(() => {
  stage.close()
  reportTally('fuzz-bodies.test.ts')
})

const BOUNDARY = '----fuzzBoundary7MA4YWxkTrZu0gW'

function multipart(form: Form, asFiles = false): string {
  const parts = Object.entries(form).map(([key, value]) => {
    const disposition = asFiles ? `form-data; name="${key}"; filename="${key}.txt"\r\nContent-Type: text/plain` : `form-data; name="${key}"`
    return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n${value}\r\n`
  })
  return `${parts.join('')}--${BOUNDARY}--\r\n`
}

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    bytes[i * 2] = text.charCodeAt(i) & 0xff
    bytes[i * 2 + 1] = text.charCodeAt(i) >> 8
  }
  return bytes
}

type FormCase = { name: string; form: Form; params: Record<string, string>; path: string }

function formCases(target: ActionTarget, w: World): FormCase[] {
  return Object.entries(target.spec.post.forms(w, w.people.alice)).map(([name, form]) => {
    const params = paramsForForm(target.spec, name, w, 'member')
    return { name, form, params, path: pathFor(target.file, params) }
  })
}

const succeeded = (a: Answer) => a.status < 400 && !a.location.startsWith('/login')

describe.each(targets)('$file', (target) => {
  const readsForm = readsFormWithRunAction(target.file)
  const success = expectsSuccess(memberOutcome(target))

  test('content types: text/html, a well-formed multipart form (fields and files), a UTF-16 charset, none, and look-alikes', async () => {
    const module = await importRoute(target.file)
    const w = await stage.fresh(target.file)
    const problems: string[] = []
    for (const { name, form, params, path } of formCases(target, w)) {
      const encoded = encodePairs(pairsOf(form))
      const cases: Array<{ label: string; body: string | Uint8Array; type: string | null; expect?: 'refused' | 'success' }> = [
        { label: 'as text/html', body: encoded, type: 'text/html; charset=utf-8', expect: readsForm ? 'refused' : undefined },
        // As bytes: a string body would be labelled text/plain by Request itself.
        { label: 'with no Content-Type', body: new TextEncoder().encode(encoded), type: null, expect: readsForm ? 'refused' : undefined },
        { label: 'as a type that only begins like a form', body: encoded, type: 'application/x-www-form-urlencoded-but-not' },
        {
          label: 'as multipart/form-data with a valid boundary',
          body: multipart(form),
          type: `multipart/form-data; boundary=${BOUNDARY}`,
          expect: success ? 'success' : undefined,
        },
        {
          label: 'as multipart/form-data with every field a file',
          body: multipart(form, true),
          type: `multipart/form-data; boundary=${BOUNDARY}`,
        },
        { label: 'labelled charset=utf-16, sent as UTF-8', body: encoded, type: 'application/x-www-form-urlencoded; charset=utf-16' },
        {
          label: 'labelled charset=utf-16, sent as UTF-16LE',
          body: utf16le(encoded),
          type: 'application/x-www-form-urlencoded; charset=utf-16',
        },
      ]
      for (const c of cases) {
        const label = `form "${name}" ${c.label}`
        const { answer, refused } = await runCase(
          stage,
          module,
          label,
          postRequest(path, w.people.alice.cookie, c.body, { 'Content-Type': c.type }),
          params,
          problems,
        )
        if (c.expect === 'refused' && !refused) problems.push(`${label}: not refused (${answer.status} ${answer.location})`)
        if (c.expect === 'success' && !succeeded(answer)) problems.push(`${label}: refused (${answer.status} ${answer.text.slice(0, 160)})`)
      }
    }
    expect(unexplained(problems)).toEqual([])
  })

  test('a body just over the 2 MB limit, with a truthful Content-Length, is refused as too large', async () => {
    const module = await importRoute(target.file)
    const w = await stage.fresh(target.file)
    const problems: string[] = []
    for (const { name, form, params, path } of formCases(target, w)) {
      const encoded = encodePairs(pairsOf(form))
      const padded = `${encoded}${encoded ? '&' : ''}pad=`
      const body = padded + 'x'.repeat(LIMIT + 1 - padded.length)
      expect(body.length).toBe(LIMIT + 1)
      const label = `form "${name}" padded to ${LIMIT + 1} bytes`
      const { answer, refused } = await runCase(
        stage,
        module,
        label,
        postRequest(path, w.people.alice.cookie, body, { 'Content-Length': String(body.length) }),
        params,
        problems,
      )
      // Routes that take uploads set their own, larger limit; the rest use runAction's 2 MB.
      if (readsForm && !hasOwnSizeLimit(target.file) && !(refused && messagesOf(answer).some((m) => /too large/i.test(m)))) {
        problems.push(`${label}: not refused as too large (${answer.status} ${answer.text.slice(0, 160)})`)
      }
    }
    expect(unexplained(problems)).toEqual([])
  })

  test('the valid form five times in a row, then ten times at once: no 5xx, refusals write nothing, every promise kept', async () => {
    const module = await importRoute(target.file)
    const w = await stage.fresh(target.file)
    const problems: string[] = []
    for (const { name, form, params, path } of formCases(target, w)) {
      stage.ensurePristine()
      const body = encodePairs(pairsOf(form))
      const repeated: Answer[] = []
      for (let i = 1; i <= 5; i++) {
        const { answer } = await runCase(
          stage,
          module,
          `form "${name}", submission ${i} of 5`,
          postRequest(path, w.people.alice.cookie, body),
          params,
          problems,
          [],
          { fromHere: true },
        )
        repeated.push(answer)
      }
      if (success && !succeeded(repeated[0]!))
        problems.push(`form "${name}": the first of five was refused (${repeated[0]!.status} ${repeated[0]!.text.slice(0, 160)})`)
      for (const p of invariantProblems(stage)) problems.push(`form "${name}" after five in a row: ${p}`)

      stage.restore()
      const together = await Promise.all(
        Array.from({ length: 10 }, () => invoke(module, postRequest(path, w.people.alice.cookie, body), params)),
      )
      stage.markDirty()
      together.forEach((answer, i) => {
        for (const p of answerProblems(answer)) problems.push(`form "${name}", submission ${i + 1} of 10 at once: ${p}`)
      })
      if (success && !together.some(succeeded))
        problems.push(`form "${name}": none of ten at once succeeded (${together[0]!.status} ${together[0]!.text.slice(0, 160)})`)
      for (const p of invariantProblems(stage)) problems.push(`form "${name}" after ten at once: ${p}`)
    }
    expect(unexplained(problems)).toEqual([])
  })
})
