// npx tsx tests/bench/profile-summary.ts <file.cpuprofile> [filter] — the functions with the
// most self time in a V8 CPU profile (from node --cpu-prof), and the time per source file.
// With a filter (a substring of a file path), only samples whose stack passes through it count.
import { readFileSync } from 'node:fs'

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const [file, filter] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [path filter]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length)

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'npm:')
    .replace(/^.*\/work\/main\//, '')
const self = new Map<string, number>()
const perFile = new Map<string, number>()
const perPackage = new Map<string, number>()
const packageOf = (url: string, fn: string) => {
  const u = short(url)
  if (u.startsWith('npm:'))
    return u
      .split('/')
      .slice(0, u.startsWith('npm:@') ? 2 : 1)
      .join('/')
  if (u.startsWith('node:'))
    return u.split('/')[0] === 'node:internal' ? `node:${u.split('/')[1] ?? ''}`.replace('node:deps', 'node:internal/deps') : u
  if (u === '') return `(${fn})`
  return u.split('/').slice(0, 2).join('/')
}
const inclusive = new Map<string, number>()
let counted = 0
for (const id of profile.samples) {
  const stack: Node[] = []
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n)!)
  if (filter && !stack.some((n) => n.callFrame.url.includes(filter))) continue
  counted += 1
  const top = stack[0]!
  const name = `${top.callFrame.functionName || '(anonymous)'} ${short(top.callFrame.url)}:${top.callFrame.lineNumber + 1}`
  self.set(name, (self.get(name) ?? 0) + 1)
  const f = short(top.callFrame.url) || `(${top.callFrame.functionName})`
  perFile.set(f, (perFile.get(f) ?? 0) + 1)
  const pkg = packageOf(top.callFrame.url, top.callFrame.functionName)
  perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + 1)
  const seen = new Set<string>()
  for (const n of stack) {
    const key = `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`
    if (seen.has(key)) continue
    seen.add(key)
    inclusive.set(key, (inclusive.get(key) ?? 0) + 1)
  }
}
const show = (title: string, map: Map<string, number>, limit: number) => {
  console.log(`\n${title}`)
  for (const [k, v] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${(v * msPerSample).toFixed(0).padStart(7)} ms ${((100 * v) / Math.max(1, counted)).toFixed(1).padStart(5)}%  ${k}`)
  }
}
console.log(
  `${counted} samples of ${profile.samples.length} (${(counted * msPerSample).toFixed(0)} ms)${filter ? ` through "${filter}"` : ''}`,
)
show('self time by function', self, 25)
show('self time by file', perFile, 15)
show('self time by package or folder', perPackage, 20)
show('inclusive time (app code)', new Map([...inclusive].filter(([k]) => / (app|db|build)\//.test(k))), 25)
