import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { toQdpx } from '~/features/exports/core/refi-qda'
import { parseQdc, parseQdpxCodebook, RefiQdaImportError } from '~/features/exports/core/refi-qda-import'
import { demo, openQdpx, REFI_DIR } from './fixtures/refi-qda'

// Importing a codebook: those written by other tools are read, and files that are not codebooks
// are refused with a clear message.

describe('codebooks written by other tools', () => {
  const read = (file: string) => readFileSync(join(REFI_DIR, file))

  test('the codebook of the REFI-QDA 1.5 specification (Annex A1) gives its codes; code folders only name a path', () => {
    expect(parseQdc(read('refi-spec-1.5-annexA1-codebook.qdc').toString('utf8'))).toEqual([
      { name: 'Economy', description: 'Anything about jobs or taxes or business', path: [] },
      { name: 'Health care', description: 'Health care issues, doctor, patients, etc.', path: [] },
      { name: 'Conservatives', description: 'Republicans or right-wing libertarians', path: [] },
      { name: 'Liberals', description: 'Democrats, socialists, or progressive independents', path: [] },
    ])
  })

  test('an ATLAS.ti project gives its nested codes', () => {
    expect(parseQdpxCodebook(read('target-atlas-project.qdpx'))).toEqual([
      { name: 'Commits', description: '', path: [] },
      { name: '2022-05-10T02:05:59Z 19e4dce', description: '', path: ['Commits'] },
      { name: '2022-02-11T10:39:25Z cdbfd92', description: '', path: ['Commits'] },
    ])
  })

  test('an NVivo project gives its whole code tree, each code with its ancestors', () => {
    const entries = parseQdpxCodebook(read('nvivo_project.qdpx'))
    expect(entries).toHaveLength(262)
    expect(entries.slice(0, 3)).toEqual([
      { name: 'rq1_definition', description: '', path: [] },
      { name: 'competencies', description: '', path: ['rq1_definition'] },
      { name: 'programming', description: '', path: ['rq1_definition', 'competencies'] },
    ])
    expect(entries).toContainEqual({
      name: 'restructure_curriculum',
      description: '',
      path: ['rq1_definition', 'defining_education', 'restructuring_high_school'],
    })
    expect(entries.filter((e) => e.name === 'citizenship').map((e) => e.path.at(-1))).toEqual([
      'defining_education',
      'digital_citizenship',
      'digital_citizenship',
    ])
  })

  test('a QualCoder export of the same project gives the same code tree', () => {
    const entries = parseQdpxCodebook(read('qc_demo.qdpx'))
    expect(entries).toContainEqual({ name: 'rq2_curriculum_and_instruction', description: '', path: [] })
    expect(entries).toEqual(parseQdpxCodebook(read('nvivo_project.qdpx')))
  })

  test('an ATLAS.ti project without codes is refused: there is nothing to import', () => {
    expect(() => parseQdpxCodebook(read('blank-atlas-project.qdpx'))).toThrow(
      new RefiQdaImportError('This REFI-QDA project has no codes in its codebook, so there is nothing to import.'),
    )
  })
})

describe('files that are not codebooks are refused with a clear message', () => {
  const codebook = (codes: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${codes}</Codes></CodeBook>`
  const qde = openQdpx(toQdpx(demo)).qde

  test.each([
    ['empty', '', /it is not well-formed XML/],
    ['plain text', 'Economy, Health care, Values', /it is not well-formed XML \(line 1: /],
    ['JSON', '{"codes": ["Economy"]}', /it is not well-formed XML/],
    ['unclosed XML', '<CodeBook><Codes><Code name="x" isCodable="true">', /it is not well-formed XML/],
    ['HTML', '<html><body><p>codes</p></body></html>', /its root element is <html>, not <CodeBook>/],
    ['a project', qde, /it is a REFI-QDA project \(project\.qde\)/],
    ['no codes', codebook(''), /it holds no codes/],
    [
      'only code folders',
      codebook('<Code guid="5215cc69-b628-4e02-afb9-9beeaee55808" name="Topics" isCodable="false"/>'),
      /it holds no codes/,
    ],
    [
      'a nameless code',
      codebook('<Code guid="5215cc69-b628-4e02-afb9-9beeaee55808" isCodable="true"/>'),
      /a code at the top level has no name/,
    ],
    [
      'an entity bomb',
      '<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><CodeBook><Codes><Code name="&b;" isCodable="true"/></Codes></CodeBook>',
      /it declares a DOCTYPE/,
    ],
  ])('%s', (_, xml, message) => {
    expect(() => parseQdc(xml)).toThrow(RefiQdaImportError)
    expect(() => parseQdc(xml)).toThrow(/^This file is not a REFI-QDA codebook: /)
    expect(() => parseQdc(xml)).toThrow(message)
  })

  test.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /^This file is not a REFI-QDA project: it is not a zip archive/],
    [
      'a .qdc codebook',
      strToU8(codebook('<Code guid="5215cc69-b628-4e02-afb9-9beeaee55808" name="A" isCodable="true"/>')),
      /it is not a zip archive/,
    ],
    [
      'a zip without project.qde',
      zipSync({ 'readme.txt': strToU8('hello') }),
      /^This file is not a REFI-QDA project: it holds no project\.qde\.$/,
    ],
    ['a zip whose project.qde is not XML', zipSync({ 'project.qde': strToU8('not xml') }), /its project\.qde is not well-formed XML/],
    [
      'a zip whose project.qde is not UTF-8',
      zipSync({ 'project.qde': new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]) }),
      /its project\.qde is not UTF-8 text/,
    ],
    [
      'a zip holding a codebook as project.qde',
      zipSync({ 'project.qde': strToU8(codebook('')) }),
      /the root element of its project\.qde is <CodeBook>, not <Project>/,
    ],
  ])('%s', (_, bytes, message) => {
    expect(() => parseQdpxCodebook(bytes)).toThrow(RefiQdaImportError)
    expect(() => parseQdpxCodebook(bytes)).toThrow(message)
  })
})
