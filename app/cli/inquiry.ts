// Entry for `npm run cli -- <command>`; see commands.ts.
import { runCli } from './commands'

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
})
