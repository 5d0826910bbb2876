// The .mjs tests, benchmarks and scripts import TypeScript from src/ through tsx, and tsc does not check
// them: this tries each such import statement as the test runner loads it (a static ESM import), so a
// renamed or moved export fails `npm run lint` instead of a cluster test half an hour into CI.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const files = execFileSync('git', ['ls-files', 'test/*.mjs', 'bench/*.mjs', 'scripts/*.mjs'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
let failed = 0;
for (const file of files) {
  for (const [statement] of readFileSync(file, 'utf8').matchAll(/import\s*\{[^}]*\}\s*from\s*'[^']*\/src\/[^']+';/g)) {
    // The probe sits beside the file so relative paths resolve as they do there.
    const probe = join(dirname(file), `.import-probe-${process.pid}.mjs`);
    writeFileSync(probe, statement + '\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', probe], { encoding: 'utf8' });
    rmSync(probe, { force: true });
    if (result.status !== 0) {
      failed++;
      const reason = /SyntaxError: .*/.exec(result.stderr)?.[0] ?? result.stderr.trim().split('\n').slice(-1)[0];
      console.error(`${file}: ${reason}`);
    }
  }
}
if (failed) {
  console.error(`check-mjs-imports: ${failed} import statement(s) of src/ modules do not load`);
  process.exit(1);
}
console.log(`check-mjs-imports: every src/ import of ${files.length} .mjs files loads`);
