import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { compareLevels, mayRead, practisedOnProblem, readScores, scoresFromForm, sharingOf } from '~/features/peer-audit/core/assessments'
import { describeRevision, frameworkToText, keyFrom, parseFrameworkText, type Component } from '~/features/peer-audit/core/framework'
import { loadPracticeTemplatesFrom, parsePracticeTemplate } from '~/features/peer-audit/practice-templates.server'

// The peer review audit's pure rules (issue 18, item 5): the framework's editor text, who may read
// a record, levels from a form, and the self level beside the peers'.

const FRAMEWORK: Component[] = [
  {
    key: 'contract',
    name: 'Contracting',
    description: 'Agreeing the work',
    criteria: [
      { key: 'clear', text: 'I agreed the terms clearly.' },
      { key: 'held', text: 'I held the boundaries.' },
    ],
  },
  { key: 'attention', name: 'Attention', description: '', criteria: [{ key: 'free', text: 'My attention stayed with the client.' }] },
]

describe('the framework editor', () => {
  test('round-trips a framework through its text, keys kept', () => {
    const parsed = parseFrameworkText(frameworkToText(FRAMEWORK))
    expect(parsed).toEqual({ ok: true, components: FRAMEWORK })
  })

  test('a renamed item keeps its key; new lines get keys from their words, made unique', () => {
    const text =
      '# [contract] Contracts and fees | Agreeing the work\n- [clear] I agreed the terms in plain words.\n- I held the boundaries.\n# Attention\n- I held the boundaries.'
    const parsed = parseFrameworkText(text)
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.components.map((c) => c.key)).toEqual(['contract', 'attention'])
    expect(parsed.components.flatMap((c) => c.criteria.map((x) => x.key))).toEqual([
      'clear',
      'i-held-the-boundaries',
      'i-held-the-boundaries-2',
    ])
    expect(describeRevision(FRAMEWORK, parsed.components)).toEqual([
      'Rename the component “Contracting” to “Contracts and fees”.',
      'Reword under “Contracts and fees”: “I agreed the terms clearly.” → “I agreed the terms in plain words.”',
      'Add under “Contracts and fees”: “I held the boundaries.”',
      'Remove from “Contracts and fees”: “I held the boundaries.”',
      'Add under “Attention”: “I held the boundaries.”',
      'Remove from “Attention”: “My attention stayed with the client.”',
    ])
  })

  test('refuses what it cannot read, naming the line', () => {
    expect(parseFrameworkText('Listening\n- I listened')).toMatchObject({ ok: false, error: expect.stringContaining('Line 1') })
    expect(parseFrameworkText('- I listened')).toMatchObject({ ok: false, error: expect.stringContaining('under a component') })
    expect(parseFrameworkText('# Listening')).toMatchObject({ ok: false, error: expect.stringContaining('at least one criterion') })
    expect(parseFrameworkText('# [Bad Key] Listening\n- x')).toMatchObject({ ok: false, error: expect.stringContaining('key in brackets') })
    expect(parseFrameworkText('# [a] A\n- [x] one\n# [a] B\n- two')).toMatchObject({
      ok: false,
      error: expect.stringContaining('used twice'),
    })
    expect(parseFrameworkText('')).toMatchObject({ ok: false, error: expect.stringContaining('at least one component') })
  })

  test('keys from words are plain', () => {
    expect(keyFrom('Café — Élan & Co!')).toBe('cafe-elan-co')
    expect(keyFrom('***')).toBe('item')
  })
})

describe('who reads a record', () => {
  test('private to its writer; shared to members; to link groups only while shared and consented', () => {
    const privateRow = sharingOf({ sharedAt: null, linksConsentAt: null })
    const shared = sharingOf({ sharedAt: 'x', linksConsentAt: null })
    const consented = sharingOf({ sharedAt: 'x', linksConsentAt: 'y' })
    // A stray consent without sharing never opens a record.
    expect(sharingOf({ sharedAt: null, linksConsentAt: 'y' })).toBe('private')
    expect([privateRow, shared, consented].map((s) => mayRead(s, 'writer'))).toEqual([true, true, true])
    expect([privateRow, shared, consented].map((s) => mayRead(s, 'member'))).toEqual([false, true, true])
    expect([privateRow, shared, consented].map((s) => mayRead(s, 'link'))).toEqual([false, false, true])
    expect([privateRow, shared, consented].map((s) => mayRead(s, 'other'))).toEqual([false, false, false])
  })
})

describe('levels', () => {
  test('from the form: 1 to 4 per criterion, empty for not assessed, anything else refused beside it', () => {
    expect(scoresFromForm({ 'level.clear': '3', 'note.clear': ' fees ', 'level.free': '' }, FRAMEWORK, { notes: true })).toEqual({
      ok: true,
      scores: [{ criterionKey: 'clear', level: 3, note: 'fees' }],
    })
    for (const bad of ['0', '5', '2.5', 'three', ' 1e0']) {
      const result = scoresFromForm({ 'level.clear': bad }, FRAMEWORK, { notes: true })
      expect(result, bad).toMatchObject({ ok: false, errors: { 'level.clear': expect.any(String) } })
    }
    expect(scoresFromForm({ 'level.elsewhere': '2' }, FRAMEWORK, { notes: false })).toMatchObject({ ok: false })
    expect(scoresFromForm({ 'note.held': 'a note without a level' }, FRAMEWORK, { notes: true })).toMatchObject({
      ok: false,
      errors: { 'level.held': expect.any(String) },
    })
  })

  test('the self level beside each peer’s level, criterion by criterion', () => {
    const rows = compareLevels(
      FRAMEWORK,
      [{ criterionKey: 'clear', level: 3, note: 'n' }],
      [
        [{ criterionKey: 'clear', level: 4 }],
        [
          { criterionKey: 'free', level: 2 },
          { criterionKey: 'clear', level: 2 },
        ],
      ],
    )
    expect(rows.map((r) => [r.criterionKey, r.self, r.peers])).toEqual([
      ['clear', 3, [4, 2]],
      ['held', null, []],
      ['free', null, [2]],
    ])
  })

  test('a malformed JSON column reads as no levels', () => {
    expect(readScores('not json')).toEqual([])
    expect(readScores('[{"criterionKey":"x","level":9}]')).toEqual([])
  })

  test('the day practised is a real day, not in the future', () => {
    expect(practisedOnProblem('2026-11-20', '2026-12-01')).toBeNull()
    expect(practisedOnProblem('2026-12-02', '2026-12-01')).toContain('future')
    expect(practisedOnProblem('2026-02-30', '2026-12-01')).toContain('calendar')
    expect(practisedOnProblem('20/11/2026', '2026-12-01')).toContain('YYYY-MM-DD')
  })
})

describe('the shipped practice templates', () => {
  test('parse, and only the audit’s own files are read', () => {
    const templates = loadPracticeTemplatesFrom(join(process.cwd(), 'inquiry-templates', 'practices'))
    expect([...templates.keys()].sort()).toEqual(['peer-review-audit-counselling', 'peer-review-audit-facilitation'])
    for (const t of templates.values()) {
      expect(t.levels.map((l) => l.level)).toEqual([1, 2, 3, 4])
      expect(t.components.length).toBeGreaterThan(0)
    }
  })

  test('a broken file is named with its field', () => {
    expect(() => parsePracticeTemplate('practices/peer-review-audit-x.json', '{')).toThrow(/not valid JSON/)
    expect(() =>
      parsePracticeTemplate(
        'practices/peer-review-audit-x.json',
        JSON.stringify({ slug: 'peer-review-audit-x', version: 1, name: 'X', summary: 'S', components: [] }),
      ),
    ).toThrow(/components/)
    expect(() =>
      parsePracticeTemplate(
        'practices/peer-review-audit-x.json',
        JSON.stringify({ slug: 'other', version: 1, name: 'X', summary: 'S', components: FRAMEWORK }),
      ),
    ).toThrow(/must match the file name/)
  })
})
