// The layers of the house, top to bottom (docs/architecture.md). An import may point down or
// sideways, never up. `module` groups files into the units the import graph counts.

export type Layer = { name: string; rank: number }

const LAYERS = {
  entry: 0, // the server, the boot, root and entries, the command line
  routes: 1,
  services: 2, // app/features/*/*.server.ts and their helpers
  components: 3, // React: app/features/*/components, app/components
  platform: 4, // app/utils/*.server.ts: env, db handle, session, http, errors
  queries: 5, // db/queries
  database: 6, // db/schema.ts, db/connection.ts, migrations
  // Pure code: app/features/*/core and the isomorphic zod schemas (*.schema.ts), which may use
  // each other: no database, no Remix, no React.
  core: 7,
  schemas: 7,
  shared: 8, // app/utils without .server: pure helpers any layer may use
} as const

export type LayerName = keyof typeof LAYERS

export function layerOf(path: string): LayerName | null {
  const p = path.replace(/\\/g, '/')
  if (/^app\/(server|boot\.server|root|entry\.client|entry\.server)\.tsx?$/.test(p) || p.startsWith('app/cli/')) return 'entry'
  // Scripts: npm run db:seed and db:migrate start here.
  if (p === 'db/seed.ts' || p === 'db/migrate.ts') return 'entry'
  if (p.startsWith('app/routes/')) return 'routes'
  if (/^app\/features\/[^/]+\/core\//.test(p)) return 'core'
  if (/^app\/features\/[^/]+\/components\//.test(p) || p.startsWith('app/components/')) return 'components'
  if (/^app\/features\/[^/]+\/[^/]+\.schema\.ts$/.test(p)) return 'schemas'
  if (p.startsWith('app/features/')) return 'services'
  if (/^app\/utils\/[^/]+\.server\.ts$/.test(p)) return 'platform'
  if (p.startsWith('app/utils/')) return 'shared'
  if (p.startsWith('db/queries/')) return 'queries'
  if (p.startsWith('db/')) return 'database'
  return null
}

export function rankOf(layer: LayerName): number {
  return LAYERS[layer]
}

/**
 * The unit the graph counts: a feature, the routes, the components, utils, the CLI, db/queries, db.
 * A feature's pure part (its core/ and its *.schema.ts) is a unit of its own: it sits in the lowest
 * layer, holds no state, and may be used by any feature whose services the feature itself uses.
 */
export function moduleOf(path: string): string | null {
  const p = path.replace(/\\/g, '/')
  const feature = /^app\/features\/([^/]+)\//.exec(p)
  if (feature)
    return /^app\/features\/[^/]+\/(core\/|[^/]+\.schema\.ts$)/.test(p) ? `features/${feature[1]} (pure)` : `features/${feature[1]}`
  if (p.startsWith('app/routes/')) return 'routes'
  if (p.startsWith('app/components/')) return 'components'
  if (p.startsWith('app/utils/')) return 'utils'
  if (p.startsWith('app/cli/') || p === 'db/seed.ts' || p === 'db/migrate.ts') return 'cli'
  if (p.startsWith('app/')) return 'app'
  if (p.startsWith('db/queries/')) return 'db/queries'
  if (p.startsWith('db/migrations/')) return 'db/migrations'
  if (p.startsWith('db/')) return 'db'
  return null
}
