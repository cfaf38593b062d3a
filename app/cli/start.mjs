// npm start: builds the app when the build is missing or older than its sources, then
// runs the production server (which migrates, seeds the demo on an empty database and listens).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SERVER_NODE_ARGS } from './server-node-args.mjs'

const BUILD = 'build/index.js'
const SOURCES = ['app', 'db', 'remix.config.js', 'package.json']

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

const stale = !existsSync(BUILD) || SOURCES.some((s) => existsSync(s) && newestMtime(s) > statSync(BUILD).mtimeMs)
if (stale) {
  console.log('Building the app…')
  const build = spawnSync('npx', ['remix', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const server = spawnSync(process.execPath, [...SERVER_NODE_ARGS, BUILD], {
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
})
process.exit(server.status ?? 1)
