// Registers every decision kind, as the server's boot does, once the test's database is chosen.
import '~/features/decision-kinds.server'
