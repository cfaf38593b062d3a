import { zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { ElementCounter, MAX_TREE_BYTES, MAX_TREE_ELEMENTS, parseQdc, parseQdpxCodebook } from '~/features/exports/core/refi-qda-import'

// Issue 13 item 7: what a codebook import reads is bounded before any XML tree is built.

const XML =
  '<?xml version="1.0"?><!-- <Code> in a comment --><q:Project xmlns:q="urn:QDA-XML:project:1.0"><q:CodeBook><q:Codes><q:Code name="a" guid="1"/><Code name="b"><Description>x &lt; y</Description></Code></q:Codes></q:CodeBook><Sources/></q:Project>'

describe('the element counter', () => {
  test('counts start tags and <Code> elements (any prefix) the same whatever the chunk size', () => {
    const bytes = new TextEncoder().encode(XML)
    const whole = new ElementCounter().push(bytes)
    // Project, CodeBook, Codes, Code, Code, Description, Sources; and the <Code> in the comment (an overcount only refuses sooner).
    expect([whole.elements, whole.codes]).toEqual([8, 3])
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const counter = new ElementCounter()
      for (let at = 0; at < bytes.length; at += size) counter.push(bytes.subarray(at, at + size))
      expect([counter.elements, counter.codes], `chunks of ${size}`).toEqual([whole.elements, whole.codes])
    }
  })

  test('does not take <CodeBook>, <Codes> or <Coding> for a code', () => {
    const counter = new ElementCounter().push(new TextEncoder().encode('<CodeBook><Codes><Coding/><CodeRef/><Code/></Codes></CodeBook>'))
    expect(counter.codes).toBe(1)
  })
})

describe('a codebook import builds a tree only of a bounded codebook', () => {
  const code = (i: number) => `<Code guid="00000000-0000-4000-8000-${String(i).padStart(12, '0')}" name="code ${i}" isCodable="true"/>`
  const qdc = (codes: string) =>
    `<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="t"><Codes>${codes}</Codes></CodeBook>`

  test('a .qdc larger than the tree limit is refused unparsed', () => {
    const big = qdc(
      `<Code guid="00000000-0000-4000-8000-000000000001" name="a" isCodable="true"><Description>${'x'.repeat(MAX_TREE_BYTES)}</Description></Code>`,
    )
    expect(() => parseQdc(big)).toThrow(
      `This file is not a REFI-QDA codebook: it is larger than ${MAX_TREE_BYTES / 1024 / 1024} MB of XML, more than a codebook needs.`,
    )
  })

  test('a .qdc with more elements than a codebook has is refused unparsed', () => {
    const many = qdc(
      code(1) +
        '<Set name="s" guid="00000000-0000-4000-8000-000000000002">' +
        '<MemberCode targetGUID="x"/>'.repeat(MAX_TREE_ELEMENTS) +
        '</Set>',
    )
    expect(() => parseQdc(many)).toThrow(`holds more than ${MAX_TREE_ELEMENTS.toLocaleString('en-GB')} XML elements`)
  })

  test('of a project only the <CodeBook> is parsed: its sources never become a tree', () => {
    const project = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="t"><CodeBook><Codes>${code(1)}${code(2)}</Codes></CodeBook><Sources>${'<TextSource name="s"><PlainTextSelection startPosition="0" endPosition="1"/></TextSource>'.repeat(30_000)}</Sources></Project>`
    const entries = parseQdpxCodebook(zipSync({ 'project.qde': new TextEncoder().encode(project) }))
    expect(entries.map((e) => e.name)).toEqual(['code 1', 'code 2'])
  })

  test('a project whose root is not <Project>, or whose codebook is never closed, is refused', () => {
    const zip = (xml: string) => zipSync({ 'project.qde': new TextEncoder().encode(xml) })
    expect(() => parseQdpxCodebook(zip(qdc(code(1))))).toThrow('the root element of its project.qde is <CodeBook>, not <Project>')
    expect(() => parseQdpxCodebook(zip(`<Project><CodeBook><Codes>${code(1)}</Codes>`))).toThrow('its <CodeBook> is never closed')
  })
})
