// Entry for `npm run cli -- <command>`; see commands.ts.
// Every process registers the decision kinds where it starts (docs/architecture.md).
import '~/features/decision-kinds.server'
import { runCli } from './commands'

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
})
