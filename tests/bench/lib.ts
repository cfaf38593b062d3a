// Small helpers the benchmark shares: a seeded generator, order statistics and timing.
import { performance } from 'node:perf_hooks'

/** A deterministic pseudo-random generator (LCG), so runs generate the same inquiry. */
export function rng(seed: number) {
  let s = seed >>> 0
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32
  return Object.assign(next, {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  })
}
export type Random = ReturnType<typeof rng>

/** The p-th percentile (0–100) by nearest rank on a sorted copy. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export type Timing = { runs: number; medianMs: number; minMs: number; maxMs: number }

/**
 * Runs `fn` once to warm up, then `runs` times (fewer if `budgetMs` runs out, but at least
 * `minRuns`), and returns the median, min and max in milliseconds.
 */
export async function time(fn: () => unknown, options: { runs: number; budgetMs?: number; minRuns?: number }): Promise<Timing> {
  await fn()
  const samples: number[] = []
  const started = performance.now()
  for (let i = 0; i < options.runs; i += 1) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
    if (options.budgetMs && samples.length >= (options.minRuns ?? 1) && performance.now() - started > options.budgetMs) break
  }
  return { runs: samples.length, medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples) }
}

export const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '—')
