// npm run deps: the import graph of app/ and db/, read by dependency-cruiser, checked against
// the layers of docs/architecture.md. Prints the counts, every circle and every import that
// points up a layer; exits 1 on any circle (between files or between modules) or more than
// MAX_UPWARD upward imports.
import { cruise } from 'dependency-cruiser'
import { layerOf, moduleOf, rankOf } from './layers'

const MAX_UPWARD = 5

const result = await cruise(['app', 'db'], {
  tsConfig: { fileName: 'tsconfig.json' },
  doNotFollow: { path: 'node_modules' },
  exclude: { path: ['node_modules', '\\.d\\.ts$', '^app/styles'] },
  tsPreCompilationDeps: true,
  moduleSystems: ['es6', 'cjs'],
  validate: false,
})
if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, not a graph')
const modules = result.output.modules.filter((m) => !m.coreModule && !m.couldNotResolve && !m.source.includes('node_modules'))

type Edge = { from: string; to: string }
const fileEdges: Edge[] = []
for (const m of modules) {
  for (const d of m.dependencies) {
    if (d.coreModule || d.couldNotResolve || d.resolved.includes('node_modules')) continue
    fileEdges.push({ from: m.source, to: d.resolved })
  }
}

// Circles between files, as dependency-cruiser finds them.
const fileCircles = new Set<string>()
for (const m of modules) {
  for (const d of m.dependencies) {
    if (d.circular && d.cycle?.length) {
      const cycle = d.cycle.map((c) => (typeof c === 'string' ? c : c.name))
      const start = cycle.indexOf([...cycle].sort()[0]!)
      fileCircles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' → '))
    }
  }
}

// The module graph: features, routes, components, utils, cli, db/queries, db.
const moduleEdges = new Map<string, number>()
const names = new Set<string>()
for (const { from, to } of fileEdges) {
  const a = moduleOf(from)
  const b = moduleOf(to)
  if (a) names.add(a)
  if (b) names.add(b)
  if (!a || !b || a === b) continue
  moduleEdges.set(`${a}\u0000${b}`, (moduleEdges.get(`${a}\u0000${b}`) ?? 0) + 1)
}
const adjacency = new Map<string, Set<string>>()
for (const key of moduleEdges.keys()) {
  const [a, b] = key.split('\u0000') as [string, string]
  if (!adjacency.has(a)) adjacency.set(a, new Set())
  adjacency.get(a)!.add(b)
}
// Strongly connected components of the module graph (Tarjan): each with more than one module is a circle.
const index = new Map<string, number>()
const low = new Map<string, number>()
const stack: string[] = []
const onStack = new Set<string>()
const moduleCircles: string[][] = []
let counter = 0
function connect(v: string) {
  index.set(v, counter)
  low.set(v, counter++)
  stack.push(v)
  onStack.add(v)
  for (const w of adjacency.get(v) ?? []) {
    if (!index.has(w)) {
      connect(w)
      low.set(v, Math.min(low.get(v)!, low.get(w)!))
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
  }
  if (low.get(v) === index.get(v)) {
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1) moduleCircles.push(component.sort())
  }
}
for (const v of [...names].sort()) if (!index.has(v)) connect(v)

const upward = fileEdges.filter(({ from, to }) => {
  const a = layerOf(from)
  const b = layerOf(to)
  return a !== null && b !== null && rankOf(b) < rankOf(a)
})
const unlayered = [...new Set(fileEdges.flatMap((e) => [e.from, e.to]))].filter((p) => layerOf(p) === null)

console.log('Import graph of app/ and db/ (dependency-cruiser)')
console.log(`  files ${modules.length}, imports between files ${fileEdges.length}`)
console.log(
  `  modules ${names.size}, imports between modules ${[...moduleEdges.values()].reduce((a, b) => a + b, 0)} over ${moduleEdges.size} module pairs`,
)
console.log(`  circles between files ${fileCircles.size}, circles between modules ${moduleCircles.length}`)
console.log(`  imports pointing up a layer ${upward.length} (at most ${MAX_UPWARD})`)
for (const c of fileCircles) console.log(`    file circle: ${c}`)
for (const c of moduleCircles) {
  console.log(`    module circle: ${c.join(', ')}`)
  if (process.env.DEPS_VERBOSE) {
    const inside = new Set(c)
    for (const [key, n] of moduleEdges) {
      const [a, b] = key.split('\u0000') as [string, string]
      if (inside.has(a) && inside.has(b)) console.log(`      ${a} → ${b} (${n})`)
    }
  }
}
for (const e of upward) console.log(`    up: ${e.from} (${layerOf(e.from)}) → ${e.to} (${layerOf(e.to)})`)
if (unlayered.length) console.log(`  files in no layer: ${unlayered.join(', ')}`)

if (fileCircles.size > 0 || moduleCircles.length > 0 || upward.length > MAX_UPWARD) process.exit(1)
