import { z } from 'zod'

export const EXPORT_FORMATS = ['html', 'md', 'csv', 'json', 'qdpx', 'qdc'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const FORMAT_LABELS: Record<ExportFormat, { label: string; hint: string }> = {
  html: { label: 'Findings report (HTML)', hint: 'printable, with charts and their data tables' },
  md: { label: 'Findings report (Markdown)', hint: 'plain text for papers and wikis' },
  csv: { label: 'Data (CSV files in a zip)', hint: 'for R, SPSS and spreadsheets' },
  json: { label: 'Archive (JSON)', hint: 'everything exportable, to import elsewhere or keep as a backup' },
  qdpx: { label: 'REFI-QDA project (.qdpx)', hint: 'for NVivo, ATLAS.ti, MAXQDA and QualCoder' },
  qdc: { label: 'REFI-QDA codebook (.qdc)', hint: 'the themes as a codebook' },
}

const cycleList = z
  .array(z.coerce.number({ message: 'Cycles are numbers.' }).int('Cycles are whole numbers.').min(1, 'Cycles start at 1.').max(10_000))
  .max(1_000)

/** What the export page and the download accept: a format and the cycles to include (none chosen = all). */
export const ExportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `Choose a format: ${EXPORT_FORMATS.join(', ')}.` }),
  cycles: cycleList.default([]),
})

export const PublishSchema = z.object({
  throughCycle: z.coerce.number({ message: 'Choose a cycle.' }).int('Choose a cycle.').min(1, 'Choose a cycle.'),
})
