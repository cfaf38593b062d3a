import { describe, expect, test } from 'vitest'
import type { Archive } from '~/features/exports/core/archive-schema'
import { toQdc, toQdpx } from '~/features/exports/core/refi-qda'
import { CODEBOOK_XSD, demo, openQdpx, PROJECT_XSD, validate, VALID } from './fixtures/refi-qda'

// A REFI-QDA codebook (.qdc) from the demo archive.

describe('a REFI-QDA codebook (.qdc) from the demo archive', () => {
  const qdc = toQdc(demo)

  test('validates against the REFI-QDA Codebook schema', async () => {
    expect(await validate(qdc, CODEBOOK_XSD)).toEqual(VALID)
  })

  test('holds one code per theme, with the same GUIDs as the project', () => {
    const guids = [...qdc.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1])
    expect(guids).toHaveLength(demo.themes.length)
    const projectGuids = openQdpx(toQdpx(demo)).codes.map(({ code }) => code['@_guid'])
    expect(guids.sort()).toEqual(projectGuids.sort())
  })

  test('an inquiry without themes has no codebook, and its project leaves the codebook out', async () => {
    const bare: Archive = {
      ...demo,
      themes: [],
      links: [],
      ratings: [],
      challenges: demo.challenges.filter((c) => c.targetKind !== 'theme'),
    }
    expect(() => toQdc(bare)).toThrow('This inquiry has no themes yet, so there is no codebook to export.')
    const p = openQdpx(toQdpx(bare))
    expect(p.project.CodeBook).toBeUndefined()
    expect(await validate(p.qde, PROJECT_XSD)).toEqual(VALID)
  })
})
