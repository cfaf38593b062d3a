// Validates REFI-QDA files against the shared XSDs with libxml2 compiled to WebAssembly, so CI
// and a developer need Node alone (no xmllint binary).
//   npx tsx tests/support/xsd-check.ts ../shared/refi-qda/Project.xsd demo.qdpx
//   npx tsx tests/support/xsd-check.ts ../shared/refi-qda/Codebook.xsd demo.qdc
// A .qdpx is a zip: its project.qde is the file checked. Exits 1 with libxml2's complaints
// (file:line: message) when a file does not validate.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { unzipSync } from 'fflate'
import { validateXML } from 'xmllint-wasm'

const [xsd, file] = process.argv.slice(2)
if (!xsd || !file) {
  console.error('usage: xsd-check.ts <schema.xsd> <file.qdpx|file.qde|file.qdc>')
  process.exit(2)
}
const bytes = readFileSync(file)
const contents = file.endsWith('.qdpx') ? unzipSync(bytes)['project.qde'] : bytes
if (!contents) {
  console.error(`${file} holds no project.qde`)
  process.exit(1)
}
const fileName = file.endsWith('.qdpx') ? 'project.qde' : basename(file)
const result = await validateXML({
  xml: [{ fileName, contents: new TextDecoder().decode(contents) }],
  schema: [{ fileName: basename(xsd), contents: readFileSync(xsd, 'utf8') }],
  maxMemoryPages: 16 * 1024,
})
if (!result.valid) {
  for (const error of result.errors) console.error(error.rawMessage)
  process.exit(1)
}
console.log(`${file}: ${fileName} validates against ${basename(xsd)}`)
