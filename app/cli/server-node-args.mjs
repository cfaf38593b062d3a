// Node flags each production server process runs with (`npm start` runs WEB_CONCURRENCY of
// them, each with these), shared by `npm start` and the benchmark so the benchmark measures
// what runs. A modest heap ceiling makes V8 collect the short-lived garbage
// of exports and chart pages early (the live heap stays near 60 MB) instead of letting the
// process grow towards Node's default of a quarter of the machine's memory.
// What would not fit in it never enters it: a large upload's form and archive are read in a
// worker thread with a heap ceiling of its own (IMPORT_WORKER_HEAP_MB, 256 MB), and the caps
// on uploads (MAX_ARCHIVE_BYTES, the codebook's MAX_CODEBOOK_XML_BYTES) are what that holds.
// At most a few upload bodies wait on the main thread meanwhile (UPLOADS_AT_ONCE).
export const SERVER_NODE_ARGS = ['--max-old-space-size=224']
