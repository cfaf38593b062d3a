import { renderToStaticMarkup } from 'react-dom/server'
import { analyseArchive } from './core/analyse-archive'
import type { Archive } from './core/archive-schema'
import { FindingsReport } from './components/findings-report'

// The findings report as one standalone HTML file: inline styles, inline SVG charts, no
// scripts and nothing fetched from elsewhere, so it opens offline and prints on A4. The chart
// rules are a trimmed copy of app/styles/app.css ("charts" and "validity").
const STYLE = `
:root { --ink: #1d2430; --muted: #4a5466; --line: #d8d4cc; --accent: #1f5f8b; --paper: #fbfaf7; --card: #ffffff; color: var(--ink); background: var(--paper);
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; line-height: 1.5; }
* { box-sizing: border-box; }
body { margin: 0; }
.report { max-width: 60rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.75rem; margin: 0.25rem 0 1rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; padding-top: 0.5rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 0.5rem; }
a { color: var(--accent); }
.kicker, .note, .quote figcaption { color: var(--muted); }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: 0.04em; font-size: 0.85rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; }
.contents ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0; }
.record-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.unpublished { padding: 0.75rem 1rem; border-left: 4px solid var(--muted); background: var(--card); }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
caption { text-align: left; font-weight: 600; padding: 0 0 0.4rem; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 0 0 1rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.85rem; border: 1px solid currentColor; white-space: nowrap; }
.status-ok { color: #1e6b4a; }
.status-warn { color: #8a4b00; }
.status-alert { color: #a4161a; font-weight: 700; }
.status-na { color: var(--muted); }
.challenges { padding-left: 1.25rem; }
.challenges p { margin: 0.25rem 0; }
.quote { margin: 0 0 1.25rem; }
.quote blockquote { margin: 0; padding: 0.25rem 1rem; border-left: 4px solid var(--accent); background: var(--card); }
.quote figcaption { margin: 0.25rem 0 0 1.25rem; font-size: 0.92rem; }
.quote figcaption p { margin: 0; }
.chart { margin: 1.5rem 0 2rem; padding: 1rem 1.25rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
.chart > h3 { margin-top: 0; }
.chart-body { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; align-items: flex-start; }
.chart-plot { flex: 0 1 480px; min-width: 0; max-width: 100%; }
.chart-data { flex: 1 1 auto; min-width: 0; max-width: 100%; overflow-x: auto; }
.chart .recharts-wrapper { width: 100% !important; max-width: 480px; height: auto !important; }
.chart .recharts-surface { display: block; width: 100%; height: auto !important; }
.chart-image + .chart-image { margin-top: 0.5rem; }
.chart table { font-size: 0.92rem; }
.chart td.num { white-space: nowrap; }
.chart tfoot th, .chart tfoot td { border-bottom: 0; color: var(--muted); }
.chart tfoot tr:first-child > * { border-top: 2px solid var(--line); }
.chart > figcaption { margin-top: 0.75rem; padding-left: 0.75rem; border-left: 4px solid var(--accent); font-size: 1.05rem; }
.chart-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.5rem 0 0; padding: 0; font-size: 0.9rem; }
.chart-legend li { display: flex; align-items: center; gap: 0.35rem; }
.chart-legend svg { flex: none; }
.chart-note { margin: 0.5rem 0 0; font-size: 0.9rem; color: var(--muted); }
.chart-empty { margin: 0; padding: 1rem; border: 1px dashed #8a8579; color: var(--muted); text-align: center; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  :root { background: #fff; color: #000; font-size: 10pt; }
  .report { max-width: none; padding: 0; }
  .contents { display: none; }
  a { color: inherit; text-decoration: none; }
  .cycle, .quotes { break-before: page; page-break-before: always; }
  .cycle > h2 { border-top: 0; padding-top: 0; margin-top: 0; }
  h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  table, .chart, .unpublished, .quote blockquote { background: #fff; }
  th, td { border: 1px solid #000; color: #000; }
  thead { display: table-header-group; }
  tr, .quote, .challenges li { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap, .chart-data { overflow: visible; }
  .chart { border: 1px solid #000; border-radius: 0; padding: 0.5rem; }
  .chart-body { display: block; }
  .chart-plot, .chart-image, .chart-legend { break-inside: avoid; page-break-inside: avoid; }
  .chart-data { margin-top: 0.75rem; }
  .chart .recharts-wrapper { max-width: 110mm; }
  .kicker, .note, .chart-note, .quote figcaption { color: #000; }
  .chart tfoot th, .chart tfoot td { border: 1px solid #000; color: #000; }
  .badge { border: 0; padding: 0; color: #000; }
  .status-alert, .status-warn { font-weight: 700; text-transform: uppercase; }
  .quote blockquote, .chart > figcaption { border-left-color: #000; }
}
`

/**
 * The report's own Content-Security-Policy. A report opened from disk or a mail attachment has
 * no response header to protect it, so the document carries one: nothing may run, load or be
 * sent anywhere. Only its own inline styles apply (the <style> element and the charts' SVG
 * style attributes); links within the page still work.
 */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

/** The findings report as a complete, self-contained, printable HTML document. */
export function toHtml(archive: Archive): string {
  const results = analyseArchive(archive)
  // React escapes the title and every piece of user text in the report; the rest of the head is constant.
  const title = renderToStaticMarkup(<title>{`${archive.inquiry.title} — findings report`}</title>)
  const report = renderToStaticMarkup(<FindingsReport archive={archive} results={results} />)
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    title,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    report,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
