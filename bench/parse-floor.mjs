// The parse floor of the lint benchmark, run as a process of its own so it pays a start-up as `lint` does:
// parses every YAML file under the given paths with `yaml` as the product parses them (src/core/manifest/model.ts:
// duplicate keys allowed; no source tokens or LineCounter, which the product no longer uses) and keeps every document, as lint must for rules across files (dropping
// each file's documents after parsing it costs half as much for 20,000 documents, mostly garbage collection).
// Prints the number of documents.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

function yamlFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (statSync(join(path, name)).isDirectory() ? yamlFiles(join(path, name)) : /\.ya?ml$/.test(name) ? [join(path, name)] : []));
}

const parsed = [];
for (const file of process.argv.slice(2).flatMap(yamlFiles)) {
  parsed.push(parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: false, prettyErrors: false }));
}
process.stdout.write(`${parsed.reduce((n, docs) => n + docs.length, 0)}\n`);
