// npm run bench:validity — the project's own validity benchmark (issue 14, item 5).
// Generates seeded synthetic inquiries of honest and colluding groups (generate.ts says
// which, and why), writes each as an archive file, imports it into a fresh migrated SQLite
// database through the command line's `import`, analyses it through the command line's
// `analyse`, and counts which cycles the validity indicators flag:
//   alert rule: a cycle is flagged when any indicator says `alert`;
//   warn rule:  a cycle is flagged when any indicator says `warn` or `alert`.
// Prints detection on colluding cycles and false alarms on honest cycles, per scenario and
// level, over all seeds and per seed, and the indicators that fire most on honest cycles;
// writes every figure to bench-results/validity.json. A script, not a test: it never fails
// on a missed target (exit 0); it exits non-zero only when it could not measure.
//
// Environment (all optional):
//   BENCH_VALIDITY_SEEDS=1,2,3,4,5   seeds (do not tune to one seed: read the figures over several)
//   BENCH_VALIDITY_PER_SCENARIO=8    inquiries per scenario and seed
//   BENCH_VALIDITY_KEEP=1            keep the temporary archives and databases (their directory is printed)
//   BENCH_OUT_DIR=bench-results      where validity.json goes
//
// The command line runs in-process (`runCli`, exactly what `npm run cli --` runs), with
// DATABASE_URL pointing at the temporary database: spawning tsx per inquiry would take
// several seconds each.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { runCli } from '~/cli/commands'
import { createDb } from '~db/connection'
import { migrateToLatest } from '~db/migrator'
import {
  COLLUDING_SCENARIOS,
  DEFAULT_PER_SCENARIO,
  DEFAULT_SEEDS,
  HONEST_SCENARIOS,
  SCENARIOS,
  generateInquiry,
  labelOf,
  type Label,
  type Scenario,
} from './generate'

const root = fileURLToPath(new URL('../../..', import.meta.url))
process.chdir(root)

const SEEDS = (process.env.BENCH_VALIDITY_SEEDS ?? DEFAULT_SEEDS.join(','))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n))
const PER_SCENARIO =
  Number(process.env.BENCH_VALIDITY_PER_SCENARIO) > 0 ? Math.floor(Number(process.env.BENCH_VALIDITY_PER_SCENARIO)) : DEFAULT_PER_SCENARIO
const KEEP = process.env.BENCH_VALIDITY_KEEP === '1'
const OUT_DIR = resolve(process.env.BENCH_OUT_DIR ?? 'bench-results')

type Indicator = { key: string; status: string; value?: unknown; reason?: string }
type Analysed = { inquiry: { id: string }; cycles: { cycle: number; indicators: Indicator[] }[] }
type CycleResult = {
  seed: number
  inquiry: string
  inquiryScenario: Scenario
  scenario: Scenario
  label: Label
  cycle: number
  size: number
  template: string
  statuses: Record<string, string>
  /** The indicator's own reason, for those at warn or alert. */
  reasons: Record<string, string>
  alert: boolean
  warn: boolean
}

/** Runs one command of the command line in-process against the given database; returns its exit code and output. */
async function cli(args: string[], databaseUrl: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { ...process.env, DATABASE_URL: databaseUrl })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`)
const rate = (n: number, d: number) => (d === 0 ? null : n / d)
const pad = (s: string | number, w: number) => String(s).padEnd(w)
const lpad = (s: string | number, w: number) => String(s).padStart(w)

async function main(): Promise<number> {
  const started = performance.now()
  const dir = mkdtempSync(join(tmpdir(), 'inquiry-validity-bench-'))
  const results: CycleResult[] = []
  const failures: { inquiry: string; step: string; message: string }[] = []
  let inquiries = 0
  let generateMs = 0
  let importMs = 0
  let analyseMs = 0
  process.stderr.write(
    `Validity benchmark: seeds ${SEEDS.join(', ')}, ${PER_SCENARIO} inquiries per scenario and seed, ${SCENARIOS.length} scenarios; working in ${dir}\n`,
  )
  try {
    for (const seed of SEEDS) {
      for (const scenario of SCENARIOS) {
        // A fresh database for each seed and scenario, migrated with the project's migrations.
        const dbPath = join(dir, `seed-${seed}-${scenario}.sqlite`)
        const db = createDb({ dialect: 'sqlite', path: dbPath })
        await migrateToLatest(db)
        await db.destroy()
        for (let index = 1; index <= PER_SCENARIO; index++) {
          let t = performance.now()
          const g = generateInquiry(seed, scenario, index)
          const file = join(dir, `${g.id}.json`)
          writeFileSync(file, JSON.stringify(g.archive, null, 1))
          generateMs += performance.now() - t
          inquiries += 1
          t = performance.now()
          const imported = await cli(['import', file], dbPath)
          importMs += performance.now() - t
          const inquiryId = imported.out.trim().split('\n').pop() ?? ''
          if (imported.code !== 0 || !inquiryId) {
            failures.push({
              inquiry: g.id,
              step: 'import',
              message:
                imported.err
                  .split('\n')
                  .filter((l) => l.startsWith('Error'))
                  .join(' ') || imported.err,
            })
            continue
          }
          t = performance.now()
          const analysed = await cli(['analyse', inquiryId], dbPath)
          analyseMs += performance.now() - t
          if (analysed.code !== 0) {
            failures.push({
              inquiry: g.id,
              step: 'analyse',
              message:
                analysed.err
                  .split('\n')
                  .filter((l) => l.startsWith('Error'))
                  .join(' ') || analysed.err,
            })
            continue
          }
          let parsed: Analysed
          try {
            parsed = JSON.parse(analysed.out) as Analysed
          } catch (error) {
            failures.push({
              inquiry: g.id,
              step: 'analyse',
              message: `output is not JSON: ${error instanceof Error ? error.message : String(error)}`,
            })
            continue
          }
          for (const c of parsed.cycles) {
            const label = g.labels.find((l) => l.cycle === c.cycle)
            if (!label) continue
            const statuses = Object.fromEntries(c.indicators.map((i) => [i.key, i.status]))
            const reasons = Object.fromEntries(
              c.indicators.filter((i) => i.status === 'warn' || i.status === 'alert').map((i) => [i.key, i.reason ?? '']),
            )
            const alert = c.indicators.some((i) => i.status === 'alert')
            const warn = alert || c.indicators.some((i) => i.status === 'warn')
            results.push({
              seed,
              inquiry: g.id,
              inquiryScenario: scenario,
              scenario: label.scenario,
              label: label.label,
              cycle: c.cycle,
              size: g.params.size,
              template: g.params.templateSlug,
              statuses,
              reasons,
              alert,
              warn,
            })
          }
        }
        process.stderr.write(`  seed ${seed} · ${scenario}: done (${results.length} cycles so far, ${failures.length} failures)\n`)
      }
    }
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true })
  }
  const seconds = (performance.now() - started) / 1000

  if (results.length === 0) {
    process.stderr.write(
      `No cycle could be analysed. First failures:\n${failures
        .slice(0, 5)
        .map((f) => `  ${f.inquiry} (${f.step}): ${f.message}`)
        .join('\n')}\n`,
    )
    return 1
  }

  // ------------------------------------------------------------ figures
  const count = (rows: CycleResult[]) => ({
    cycles: rows.length,
    alert: rows.filter((r) => r.alert).length,
    warn: rows.filter((r) => r.warn).length,
  })
  const figure = (rows: CycleResult[]) => {
    const c = count(rows)
    return {
      cycles: c.cycles,
      alertFlagged: c.alert,
      alertRate: rate(c.alert, c.cycles),
      warnFlagged: c.warn,
      warnRate: rate(c.warn, c.cycles),
    }
  }
  const honest = results.filter((r) => r.label === 'honest')
  const colluding = results.filter((r) => r.label === 'colluding')
  const perScenario = Object.fromEntries(
    SCENARIOS.map((s) => [
      s,
      {
        label: labelOf(s),
        ...figure(results.filter((r) => r.scenario === s)),
        perSeed: Object.fromEntries(SEEDS.map((seed) => [seed, figure(results.filter((r) => r.scenario === s && r.seed === seed))])),
      },
    ]),
  )
  const totals = (rows: CycleResult[]) => ({
    detection: figure(rows.filter((r) => r.label === 'colluding')),
    falseAlarms: figure(rows.filter((r) => r.label === 'honest')),
  })
  const perSeed = Object.fromEntries(SEEDS.map((seed) => [seed, totals(results.filter((r) => r.seed === seed))]))
  const indicatorKeys = [...new Set(results.flatMap((r) => Object.keys(r.statuses)))]
  const indicatorCounts = (rows: CycleResult[]) =>
    indicatorKeys
      .map((key) => {
        const alerts = rows.filter((r) => r.statuses[key] === 'alert').length
        const warns = rows.filter((r) => r.statuses[key] === 'warn').length
        const statuses: Record<string, number> = {}
        for (const r of rows) if (r.statuses[key] !== undefined) statuses[r.statuses[key]!] = (statuses[r.statuses[key]!] ?? 0) + 1
        // Cycles this indicator alone brought over the alert rule.
        const only = rows.filter(
          (r) => r.statuses[key] === 'alert' && Object.entries(r.statuses).every(([k, s]) => k === key || s !== 'alert'),
        ).length
        return {
          key,
          alert: alerts,
          warn: warns,
          alertRate: rate(alerts, rows.length),
          warnOrAlertRate: rate(alerts + warns, rows.length),
          onlyAlert: only,
          statuses,
        }
      })
      .sort((a, b) => b.alert - a.alert || b.warn - a.warn || a.key.localeCompare(b.key))
  const bands: [string, (n: number) => boolean][] = [
    ['2 (pair)', (n) => n === 2],
    ['3–4', (n) => n >= 3 && n <= 4],
    ['5–6', (n) => n >= 5 && n <= 6],
    ['7–9', (n) => n >= 7],
  ]
  const bySize = Object.fromEntries(bands.map(([name, f]) => [name, totals(results.filter((r) => f(r.size)))]))

  const all = totals(results)
  const honestScenarioAlert = HONEST_SCENARIOS.map((s) => ({ s, r: perScenario[s]!.alertRate ?? 0 }))
  const targets = [
    { target: 'alert rule: detection ≥ 95 %', value: all.detection.alertRate, met: (all.detection.alertRate ?? 0) >= 0.95 },
    { target: 'alert rule: false alarms ≤ 5 %', value: all.falseAlarms.alertRate, met: (all.falseAlarms.alertRate ?? 1) <= 0.05 },
    { target: 'warn rule: honest cycles flagged ≤ 20 %', value: all.falseAlarms.warnRate, met: (all.falseAlarms.warnRate ?? 1) <= 0.2 },
    {
      target: 'alert rule: no honest scenario above 10 % false alarms',
      value: Math.max(...honestScenarioAlert.map((x) => x.r)),
      met: honestScenarioAlert.every((x) => x.r <= 0.1),
    },
  ]

  // ------------------------------------------------------------ table
  const lines: string[] = []
  const w = 24
  lines.push('')
  lines.push(
    `Validity benchmark — seeds ${SEEDS.join(', ')}; ${inquiries} inquiries, ${results.length} analysed cycles (${colluding.length} colluding, ${honest.length} honest)`,
  )
  lines.push('')
  lines.push(
    `${pad('scenario', w)}${pad('label', 11)}${lpad('cycles', 7)} │ ${lpad('alert: flagged', 15)}${lpad('rate', 9)} │ ${lpad('warn: flagged', 14)}${lpad('rate', 9)}`,
  )
  lines.push('─'.repeat(w + 11 + 7) + '─┼─' + '─'.repeat(24) + '─┼─' + '─'.repeat(23))
  for (const group of [HONEST_SCENARIOS, COLLUDING_SCENARIOS] as const) {
    for (const s of group) {
      const f = perScenario[s]!
      lines.push(
        `${pad(s, w)}${pad(f.label, 11)}${lpad(f.cycles, 7)} │ ${lpad(f.alertFlagged, 15)}${lpad(pct(f.alertFlagged, f.cycles), 9)} │ ${lpad(f.warnFlagged, 14)}${lpad(pct(f.warnFlagged, f.cycles), 9)}`,
      )
    }
    lines.push('─'.repeat(w + 11 + 7) + '─┼─' + '─'.repeat(24) + '─┼─' + '─'.repeat(23))
  }
  const row = (name: string, f: ReturnType<typeof figure>) =>
    `${pad(name, w + 11)}${lpad(f.cycles, 7)} │ ${lpad(f.alertFlagged, 15)}${lpad(pct(f.alertFlagged, f.cycles), 9)} │ ${lpad(f.warnFlagged, 14)}${lpad(pct(f.warnFlagged, f.cycles), 9)}`
  lines.push(row('detection (colluding)', all.detection))
  lines.push(row('false alarms (honest)', all.falseAlarms))
  lines.push('')
  lines.push('Per seed                          detection: alert   warn │ false alarms: alert   warn')
  for (const seed of SEEDS) {
    const f = perSeed[seed]!
    lines.push(
      `  seed ${pad(seed, 5)} (${lpad(f.detection.cycles, 3)} colluding, ${lpad(f.falseAlarms.cycles, 3)} honest)  ${lpad(pct(f.detection.alertFlagged, f.detection.cycles), 8)} ${lpad(pct(f.detection.warnFlagged, f.detection.cycles), 8)} │ ${lpad(pct(f.falseAlarms.alertFlagged, f.falseAlarms.cycles), 17)} ${lpad(pct(f.falseAlarms.warnFlagged, f.falseAlarms.cycles), 8)}`,
    )
  }
  lines.push('')
  const whole = (n: number, d: number) => (d === 0 ? '–' : String(Math.round((100 * n) / d)))
  lines.push(`Per scenario and seed (alert rule / warn rule)${' '.repeat(w - 9)}${SEEDS.map((seed) => lpad(`seed ${seed}`, 16)).join('')}`)
  for (const s of SCENARIOS) {
    const bySeed = perScenario[s]!.perSeed
    lines.push(
      `  ${pad(s, w + 37)}${SEEDS.map((seed) => lpad(`${whole(bySeed[seed]!.alertFlagged, bySeed[seed]!.cycles)} / ${whole(bySeed[seed]!.warnFlagged, bySeed[seed]!.cycles)} %`, 16)).join('')}`,
    )
  }
  const rates = (key: 'detection' | 'falseAlarms', level: 'alertRate' | 'warnRate') => SEEDS.map((s) => perSeed[s]![key][level] ?? 0)
  const range = (xs: number[]) => `${(100 * Math.min(...xs)).toFixed(1)}–${(100 * Math.max(...xs)).toFixed(1)} %`
  lines.push(
    `  range over seeds: detection alert ${range(rates('detection', 'alertRate'))}, warn ${range(rates('detection', 'warnRate'))}; false alarms alert ${range(rates('falseAlarms', 'alertRate'))}, warn ${range(rates('falseAlarms', 'warnRate'))}`,
  )
  lines.push('')
  lines.push('False alarms by group size          honest cycles   alert      warn')
  for (const [name] of bands) {
    const f = bySize[name]!.falseAlarms
    lines.push(`  ${pad(name, 34)}${lpad(f.cycles, 13)} ${lpad(pct(f.alertFlagged, f.cycles), 7)} ${lpad(pct(f.warnFlagged, f.cycles), 9)}`)
  }
  lines.push('')
  const honestIndicators = indicatorCounts(honest)
  const alertWithout = (r: CycleResult, key: string) => Object.entries(r.statuses).some(([k, st]) => k !== key && st === 'alert')
  const withoutEach = indicatorKeys.map((key) => ({
    key,
    detection: colluding.filter((r) => alertWithout(r, key)).length,
    falseAlarms: honest.filter((r) => alertWithout(r, key)).length,
  }))
  const colludingIndicators = indicatorCounts(colluding)
  lines.push(`Indicators on honest cycles (${honest.length}), most alerts first       alert      warn   │ on colluding: alert   alone`)
  for (const i of honestIndicators) {
    const c = colludingIndicators.find((x) => x.key === i.key)
    lines.push(
      `  ${pad(i.key, 24)}${lpad(i.alert, 8)} ${lpad(pct(i.alert, honest.length), 8)}  ${lpad(i.warn, 6)} ${lpad(pct(i.warn, honest.length), 8)} │ ${lpad(c ? pct(c.alert, colluding.length) : '–', 17)} ${lpad(c?.onlyAlert ?? 0, 7)}`,
    )
  }
  lines.push('  ("alone": colluding cycles where this was the only indicator at alert)')
  lines.push('')
  // Which indicator alerts on which kind, and what the alert rule would give without each one.
  const short = (key: string) =>
    key
      .split('-')
      .map((w) => w.slice(0, 4))
      .join('-')
      .slice(0, 9)
  lines.push(`Alert rate by scenario and indicator${' '.repeat(w - 12)}${indicatorKeys.map((k) => lpad(short(k), 10)).join('')}`)
  for (const s of SCENARIOS) {
    const rows = results.filter((r) => r.scenario === s)
    lines.push(
      `  ${pad(s, w + 22)}${indicatorKeys.map((k) => lpad(rows.length ? `${Math.round((100 * rows.filter((r) => r.statuses[k] === 'alert').length) / rows.length)} %` : '–', 10)).join('')}`,
    )
  }
  lines.push(
    `  ${pad('alert rule without it: detection', w + 22)}${withoutEach.map((x) => lpad(pct(x.detection, colluding.length), 10)).join('')}`,
  )
  lines.push(
    `  ${pad('alert rule without it: false alarms', w + 22)}${withoutEach.map((x) => lpad(pct(x.falseAlarms, honest.length), 10)).join('')}`,
  )
  lines.push('')
  lines.push('Targets (issue 14, over all seeds)')
  for (const t of targets)
    lines.push(`  ${t.met ? 'met   ' : 'missed'}  ${pad(t.target, 58)}${t.value === null ? '–' : `${(100 * t.value).toFixed(1)} %`}`)
  lines.push('')
  if (failures.length) {
    lines.push(`${failures.length} of ${inquiries} inquiries could not be measured:`)
    for (const f of failures.slice(0, 10)) lines.push(`  ${f.inquiry} (${f.step}): ${f.message.slice(0, 300)}`)
    lines.push('')
  }
  lines.push(
    `Run time ${seconds.toFixed(1)} s on ${cpus().length} CPUs (generate ${(generateMs / 1000).toFixed(1)} s, import ${(importMs / 1000).toFixed(1)} s, analyse ${(analyseMs / 1000).toFixed(1)} s).`,
  )
  process.stdout.write(lines.join('\n') + '\n')

  mkdirSync(OUT_DIR, { recursive: true })
  const outFile = join(OUT_DIR, 'validity.json')
  writeFileSync(
    outFile,
    JSON.stringify(
      {
        benchmark: 'validity',
        ranAt: new Date().toISOString(),
        seconds,
        config: {
          seeds: SEEDS,
          perScenario: PER_SCENARIO,
          scenarios: SCENARIOS,
          rules: { alert: 'any indicator says alert', warn: 'any indicator says warn or alert' },
        },
        inquiries,
        analysedCycles: results.length,
        totals: all,
        perSeed,
        perScenario,
        bySize,
        indicators: {
          honest: honestIndicators,
          colluding: colludingIndicators,
          byScenario: Object.fromEntries(SCENARIOS.map((s) => [s, indicatorCounts(results.filter((r) => r.scenario === s))])),
          alertRuleWithout: withoutEach.map((x) => ({
            ...x,
            detectionRate: rate(x.detection, colluding.length),
            falseAlarmRate: rate(x.falseAlarms, honest.length),
          })),
        },
        targets,
        failures,
        cycles: results,
      },
      null,
      2,
    ) + '\n',
  )
  process.stderr.write(`Wrote ${outFile}${KEEP ? `; kept ${dir}` : ''}\n`)
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(
      `The validity benchmark could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = 1
  },
)
