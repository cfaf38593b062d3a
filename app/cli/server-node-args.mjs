// Node flags the production server runs with, shared by `npm start` and the benchmark so the
// benchmark measures what runs. A modest heap ceiling makes V8 collect the short-lived garbage
// of exports and chart pages early (the live heap stays near 60 MB) instead of letting the
// process grow towards Node's default of a quarter of the machine's memory.
export const SERVER_NODE_ARGS = ['--max-old-space-size=224']
