import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'

// The layers of docs/architecture.md are held by ESLint (eslint.config.js), not by memory. These
// cases lint code as if it were written at a given path, so a config that stops classifying
// files or resolving imports (and so passes everything) fails here.

const eslint = new ESLint({ cwd: process.cwd() })

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('npm run lint holds the layers', () => {
  test.each([
    [
      'core importing a React component',
      'app/features/analysis/core/zz-probe.ts',
      "import { ParticipationChart } from '~/features/analysis/components/participation-chart'\nexport const zz = ParticipationChart\n",
      /"core" to elements of type "component"/,
    ],
    [
      'a schema importing a server module',
      'app/features/ratings/zz-probe.schema.ts',
      "import { DomainError } from '~/utils/errors.server'\nexport const zz = DomainError\n",
      /"schema" to elements of type "platform"/,
    ],
    [
      'a route calling a query past its service',
      'app/routes/zz-probe.tsx',
      "import { findDecision } from '~db/queries/decisions'\nexport const zz = findDecision\n",
      /"route" to elements of type "query"/,
    ],
    [
      'the database layer importing a feature',
      'db/queries/zz-probe.ts',
      "import { propose } from '~/features/decisions/decisions.server'\nexport const zz = propose\n",
      /"query" to elements of type "service"/,
    ],
    [
      'core importing React itself',
      'app/features/validity/core/zz-probe.ts',
      "import { useState } from 'react'\nexport const zz = useState\n",
      /core\/ and schemas are pure/,
    ],
  ])('refuses %s', async (_, filePath, code, message) => {
    expect((await problems(filePath, code)).join('\n')).toMatch(message)
  })

  test('allows what points down: a service using a query, core using core', async () => {
    expect(
      await problems(
        'app/features/decisions/zz-probe.server.ts',
        "import { findDecision } from '~db/queries/decisions'\nexport const zz = findDecision\n",
      ),
    ).toEqual([])
    expect(
      await problems(
        'app/features/exports/core/zz-probe.ts',
        "import { gini } from '~/features/analysis/core/gini'\nexport const zz = gini\n",
      ),
    ).toEqual([])
  })
})
