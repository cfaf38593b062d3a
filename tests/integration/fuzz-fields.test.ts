import { afterAll, describe, expect, test } from 'vitest'
import { NOT_IN_THIS_WORLD, type World } from '../factories'
import { importRoute, pathFor } from './harness'
import {
  actionTargets,
  encodePairs,
  expectsSuccess,
  filesWithActions,
  isDate,
  isId,
  isNumeric,
  memberOutcome,
  pairsOf,
  postRequest,
  reportTally,
  runCase,
  Stage,
  unexplained,
  type ActionTarget,
  type Pairs,
} from './fuzz-kit'
import { paramsForForm, type Form } from './route-table'

// Issue 7, item 2: fuzzed fields on every action. Every form route-table.ts gives a route's
// action is sent by a member to its valid place, one field changed at a time, from the world
// as createWorld made it. What malformed.test.ts already sends (empty values, unknown
// choices, -1, 1e999, JSON-looking text, 1 MB strings, control characters, emoji, HTML and
// SQL in every field, doubled fields, object-internal field names) is not repeated here.
//
// Every answer: below 500; a 4xx says what is wrong in words (no stack, no zod, no SQL, no
// "undefined"); a refused request leaves every table as it was (counts and contents).

const targets = actionTargets()
const stage = new Stage()

afterAll(() => {
  stage.close()
  reportTally('fuzz-fields.test.ts')
})

/** Values of the wrong type, for every field. */
const WRONG_TYPES: Array<[string, string]> = [
  ['true', 'true'],
  ['false', 'false'],
  ['null', 'null'],
  ['undefined', 'undefined'],
  ['NaN', 'NaN'],
  ['[object Object]', '[object Object]'],
  ['{}', '{}'],
  ['[]', '[]'],
  ['0', '0'],
  ['42', '42'],
  ['-3.5', '-3.5'],
]

/** Numbers at and past the edges, for fields whose valid value is a number. */
const NUMBERS: Array<[string, string]> = [
  ['Infinity', 'Infinity'],
  ['-Infinity', '-Infinity'],
  ['1e309', '1e309'],
  ['-1e309', '-1e309'],
  ['5e-324', '5e-324'],
  ['2^53 + 1', '9007199254740993'],
  ['a 30-digit number', '123456789012345678901234567890'],
  ['4.0000000000000001', '4.0000000000000001'],
  ['hex', '0x10'],
  ['padded', ' 4 '],
  ['a number then text', '4abc'],
  ['Arabic-Indic digit', '٤'],
  ['full-width digit', '４'],
  ['-0', '-0'],
  ['a decimal comma', '1,5'],
]

/** Dates that do not exist, or lie at the ends of what Date can hold. */
const DATES: Array<[string, string]> = [
  ['0000-00-00', '0000-00-00'],
  ['9999-12-31', '9999-12-31'],
  ['30 February', '2024-02-30'],
  ['29 February in a common year', '2023-02-29'],
  ['month 13', '2024-13-01'],
  ['the last day Date can hold', '+275760-09-13'],
  ['hour 24', '2024-01-01T24:00'],
  ['before 1970', '1969-12-31'],
  ['unpadded', '2024-1-1'],
  ['with a zone', '2024-01-01T10:00:00.000Z'],
  ['no dashes', '20240101'],
]

/** Ids of the world's other things, so an id field gets a real id of the wrong kind (or of someone else's). */
function otherIds(w: World): Array<[string, string]> {
  const ids: Array<[string, string]> = [
    ['the group id', w.group.id],
    ['the inquiry id', w.inquiry.id],
    ['a decision id', w.group.decisionId],
    ['a shared record id', w.inquiry.groupRecordId],
    ['a private record id', w.inquiry.privateRecordId],
    ['a challenge id', w.inquiry.challengeId],
    ["Alice's person id", w.people.alice.id],
    ["the outsider's person id", w.people.outsider.id],
    ["Dana's person id (not in the group)", w.people.dana.id],
    ['a review id', w.pairs.hidden.reviewId],
    ['an agenda item id', w.pairs.agenda.itemId],
    ['a pair id', w.pairs.hidden.id],
  ]
  if (w.senseMaking.themeId !== NOT_IN_THIS_WORLD)
    ids.push(['a theme id', w.senseMaking.themeId], ["an inquiry's record in sense-making", w.senseMaking.otherRecordId])
  return ids
}

function idValues(valid: string, w: World): Array<[string, string]> {
  const prefix = /^([a-z]+:)/.exec(valid)?.[1] ?? ''
  const id = valid.slice(prefix.length)
  const values: Array<[string, string]> = otherIds(w)
    .filter(([, other]) => other !== id)
    .map(([label, other]) => [label, prefix + other])
  values.push(
    ['the id in upper case', prefix + id.toUpperCase()],
    ['the id with spaces round it', ` ${prefix}${id} `],
    ['the id and a quote', `${prefix}${id}'`],
  )
  if (prefix) {
    values.push(
      ['the prefix alone', prefix],
      ["another kind's prefix", `theme:${id}`],
      ['an unknown prefix', `group:${id}`],
      ['two prefixes', `${prefix}${prefix}${id}`],
    )
  }
  return values
}

function valuesFor(valid: string, w: World): Array<[string, string]> {
  const values = [...WRONG_TYPES]
  if (isNumeric(valid)) values.push(...NUMBERS)
  if (isDate(valid)) values.push(...DATES)
  if (isId(valid)) values.push(...idValues(valid, w))
  return values.filter(([, v]) => v !== valid)
}

/** Unknown fields: prototype paths as qs-style parsers read them, and names no form has. */
const EXTRAS: Array<[string, Pairs]> = [
  ['__proto__[polluted]', [['__proto__[polluted]', 'yes']]],
  ['__proto__.polluted', [['__proto__.polluted', 'yes']]],
  ['constructor.prototype.polluted', [['constructor.prototype.polluted', 'yes']]],
  ['constructor[prototype][polluted]', [['constructor[prototype][polluted]', 'yes']]],
  ['an unknown field', [['notAField', 'surprise']]],
  ['a field with an empty name', [['', 'nameless']]],
  ['a 10,000-character field name', [['n'.repeat(10_000), 'long name']]],
  ['a field name with NUL in it', [['a\u0000b', 'x']]],
]

function polluted(): boolean {
  return ({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')
}

type FormCase = { name: string; form: Form; params: Record<string, string>; path: string }

function formCases(target: ActionTarget, w: World): FormCase[] {
  return Object.entries(target.spec.post.forms(w, w.people.alice)).map(([name, form]) => {
    const params = paramsForForm(target.spec, name, w, 'member')
    return { name, form, params, path: pathFor(target.file, params) }
  })
}

test('every route file that exports an action is fuzzed, with forms from the route table', async () => {
  expect(targets.map((t) => t.file)).toEqual(await filesWithActions())
  expect(targets.length).toBeGreaterThan(20)
})

test('the stage sees a write, compares every row, and puts the world back as it was made', async () => {
  const file = 'inquiries.$inquiryId.records._index.tsx'
  const module = await importRoute(file)
  const w = await stage.fresh(file)
  const form = { text: 'Written by the stage check', wayOfKnowing: 'practical', occurredAt: '2024-05-01', visibility: 'group' }
  const problems: string[] = []
  const made = await runCase(
    stage,
    module,
    'a valid record',
    postRequest(`/inquiries/${w.inquiry.id}/records`, w.people.alice.cookie, encodePairs(pairsOf(form))),
    { inquiryId: w.inquiry.id },
    problems,
  )
  expect(made.answer.status).toBe(302)
  expect(made.changed).toContain('records')
  // A refusal after it starts from the world as made again: the record is gone.
  const refused = await runCase(
    stage,
    module,
    'an empty record',
    postRequest(`/inquiries/${w.inquiry.id}/records`, w.people.alice.cookie, encodePairs(pairsOf({ ...form, text: '' }))),
    { inquiryId: w.inquiry.id },
    problems,
  )
  expect(refused.refused).toBe(true)
  expect(stage.changedTables()).toEqual([])
  expect(problems).toEqual([])
  // A change made behind the app's back is seen, row by row, even when no count changes.
  // (The inquiry's data version moves with it: migration 15's triggers.)
  stage.raw.prepare('update records set text = ? where id = ?').run('changed', w.inquiry.groupRecordId)
  expect(stage.changedTables()).toEqual(['inquiry_versions', 'records'])
  stage.restore()
  expect(stage.changedTables()).toEqual([])
})

describe.each(targets)('$file', (target) => {
  test('wrong types in each field (booleans, null, undefined, objects, edge numbers and dates, ids of the wrong kind)', async () => {
    const module = await importRoute(target.file)
    const w = await stage.fresh(target.file)
    const problems: string[] = []
    let sent = 0
    for (const { name, form, params, path } of formCases(target, w)) {
      for (const [field, valid] of Object.entries(form)) {
        for (const [label, value] of valuesFor(valid, w)) {
          const body = encodePairs(pairsOf({ ...form, [field]: value }))
          await runCase(
            stage,
            module,
            `form "${name}", ${field} = ${label}`,
            postRequest(path, w.people.alice.cookie, body),
            params,
            problems,
            [value],
          )
          sent += 1
        }
      }
    }
    expect(unexplained(problems)).toEqual([])
    if (Object.values(target.spec.post.forms(w, w.people.alice)).some((f) => Object.keys(f).length > 0)) expect(sent).toBeGreaterThan(0)
  })

  test('each field missing in turn, and unknown fields added (prototype paths too) without polluting Object.prototype', async () => {
    const module = await importRoute(target.file)
    const w = await stage.fresh(target.file)
    const problems: string[] = []
    const success = expectsSuccess(memberOutcome(target))
    for (const { name, form, params, path } of formCases(target, w)) {
      for (const field of Object.keys(form)) {
        const { [field]: _removed, ...rest } = form
        await runCase(
          stage,
          module,
          `form "${name}" without ${field}`,
          postRequest(path, w.people.alice.cookie, encodePairs(pairsOf(rest))),
          params,
          problems,
        )
      }
      for (const [label, extra] of EXTRAS) {
        const result = await runCase(
          stage,
          module,
          `form "${name}" with ${label}`,
          postRequest(path, w.people.alice.cookie, encodePairs([...pairsOf(form), ...extra])),
          params,
          problems,
        )
        if (polluted()) problems.push(`form "${name}" with ${label}: Object.prototype was polluted`)
        // A field the form does not have is ignored: the valid form still does what it asks.
        if (success && result.refused)
          problems.push(`form "${name}" with ${label}: refused (${result.answer.status} ${result.answer.text.slice(0, 160)})`)
      }
    }
    expect(unexplained(problems)).toEqual([])
  })
})
