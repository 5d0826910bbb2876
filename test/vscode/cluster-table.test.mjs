// VS Code scenario on the local cluster: the Nodes and Pods table (suite/table.ts) in a real VS Code through
// scenario.mjs. The launcher does what a user does in the page (click a column header, type a filter) and compares
// the table's values with the Cluster view's rows, read from the same page.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clusterKubectl, releaseCluster } from './cluster.mjs';
import { picture } from './pictures.mjs';
import { clusterOptions, results, runScenario } from './scenario.mjs';

after(() => releaseCluster(), { timeout: 180_000 });

/** A pod status reason is free text the API server stores as given: markup that must show as text. */
const MARKUP = '<img src=x onerror="document.title=`pwned`"><b>Evicted</b>';

async function frameWith(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if (await f.$(selector).catch(() => null)) return f;
    if (Date.now() > deadline) throw new Error(`no frame has ${selector}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Body rows of the table, as cell texts. */
const tableRows = (frame) => frame.$$eval('#grid tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
/** Header titles (without the sort arrow) and their aria-sort. */
const headers = (frame) => frame.$$eval('#grid thead th', (ths) => ths.map((th) => ({ title: (th.textContent ?? '').replace(/ [▲▼]$/, ''), sort: th.getAttribute('aria-sort') })));
const sidebarRows = (page) => page.$$eval('.part.sidebar .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
const milli = (cell) => (/^\d+m$/.test(cell) ? Number(cell.slice(0, -1)) : undefined);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Pod rows of the Cluster view by name: `CPU 12m 12% of request; memory 20Mi 15% of request`. */
function treePods(labels) {
  const out = new Map();
  for (const l of labels) {
    const m = /^Pod (\S+) in healthy: [^;]+; CPU (\d+m) (\d+%) of request; memory (\d+Mi) (\d+%) of request$/.exec(l);
    if (m) out.set(m[1], m.slice(2));
  }
  return out;
}

test('VS Code (code-server 4.100.3): the Nodes and Pods table sorts by CPU, filters as you type, equals the Cluster view and shows cluster markup as text', clusterOptions, (t) =>
  runScenario(t, {
    scenario: 'table',
    cluster: 'healthy',
    uiChecks: {
      'table-markup-pod': async () => {
        clusterKubectl(['delete', 'pod', 'markup', '-n', 'healthy', '--ignore-not-found', '--wait=true']);
        clusterKubectl(['run', 'markup', '-n', 'healthy', '--image=registry.k8s.io/pause:3.10', '--restart=Never']);
        // The status subresource takes any reason; kubectl get pods prints it as STATUS.
        clusterKubectl(['patch', 'pod', 'markup', '-n', 'healthy', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { reason: MARKUP } })]);
      },
      'table-sort-filter': async (page, { syncDir }) => {
        const frame = await frameWith(page, '#grid tbody tr');
        // Sort by CPU: the header is a button, operated from the keyboard.
        const cpuHeader = frame.locator('#grid thead button', { hasText: /^CPU( [▲▼])?$/ });
        await cpuHeader.focus();
        await page.keyboard.press('Enter');
        let h = await headers(frame);
        const cpu = h.findIndex((x) => x.title === 'CPU');
        // Pods open sorted by CPU, largest first: Enter turned it to ascending; once more for descending.
        assert.equal(h[cpu].sort, 'ascending', JSON.stringify(h));
        let rows = await tableRows(frame);
        const ascending = rows.map((r) => milli(r[cpu])).filter((v) => v !== undefined);
        assert.deepEqual(
          ascending,
          [...ascending].sort((a, b) => a - b),
          'ascending by millicores',
        );
        await page.keyboard.press('Enter');
        h = await headers(frame);
        assert.equal(h[cpu].sort, 'descending');
        rows = await tableRows(frame);
        const descending = rows.map((r) => milli(r[cpu])).filter((v) => v !== undefined);
        assert.ok(descending.length > 1, 'pods with usage');
        assert.deepEqual(
          descending,
          [...descending].sort((a, b) => b - a),
          'descending by millicores (9m below 100m: numbers, not text)',
        );
        const name = h.findIndex((x) => x.title === 'NAME');
        const status = h.findIndex((x) => x.title === 'STATUS');
        // Cluster markup is text: the cell holds the characters, the page no element made from them.
        const all = await tableRows(frame);
        const markupRow = all.find((r) => r[name] === 'markup');
        assert.ok(markupRow, 'the markup pod is a row');
        assert.equal(markupRow[status], MARKUP);
        assert.equal(await frame.$('#grid img, #grid tbody b'), null, 'no element from cluster text');
        // Filter as you type ("/" focuses the filter, as in k9s).
        await frame.locator('#grid').click();
        await page.keyboard.press('/');
        await page.keyboard.type('web', { delay: 50 });
        await frame.waitForFunction(() => [...document.querySelectorAll('#grid tbody tr')].every((tr) => tr.textContent?.includes('web')));
        rows = await tableRows(frame);
        assert.ok(rows.length > 0 && rows.every((r) => r.join(' ').includes('web')), 'only rows holding "web"');
        assert.match((await frame.textContent('#count')) ?? '', /^\d+ of \d+ pods match/);
        // The Cluster view's rows of Deployment/web, opened as a user would.
        const sidebar = page.locator('.part.sidebar');
        for (const label of ['Pods: ', 'Namespace healthy: ', 'Workload Deployment/web in healthy']) {
          const row = sidebar.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
          await row.waitFor({ timeout: 30_000 });
          if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
        }
        await sidebar.locator('.monaco-list-row[aria-label^="Pod web-"]').first().waitFor({ timeout: 30_000 });
        // Both follow the same session; a metrics read may land between the two reads: read again until they agree.
        const columns = ['CPU', '%CPU/R', 'MEM', '%MEM/R'].map((c) => h.findIndex((x) => x.title === c));
        let last;
        for (let attempt = 0; ; attempt++) {
          const tree = treePods(await sidebarRows(page));
          const table = new Map((await tableRows(frame)).filter((r) => r[0] === 'healthy').map((r) => [r[name], columns.map((i) => r[i])]));
          const webPods = [...table.keys()].filter((n) => n.startsWith('web-'));
          last = JSON.stringify({ tree: [...tree], table: [...table] });
          if (webPods.length > 0 && webPods.every((n) => JSON.stringify(tree.get(n)) === JSON.stringify(table.get(n)))) break;
          assert.ok(attempt < 40, `table and Cluster view disagree: ${last}`);
          await pause(500);
        }
        writeFileSync(join(syncDir, 'table-sort-filter.json'), last);
        await page.screenshot({ path: join(results, 'vscode-table.png') });
        await picture(page, 'table', page.locator('.part.editor'));
      },
      'table-live-update': async (page) => {
        const frame = await frameWith(page, '#grid tbody tr');
        const before = await frame.textContent('#status');
        // A metrics read (every 10 s on the test cluster) re-renders the table.
        await frame.waitForFunction((text) => document.getElementById('status')?.textContent !== text, before, { timeout: 60_000 });
        const h = await headers(frame);
        assert.equal(h[h.findIndex((x) => x.title === 'CPU')].sort, 'descending', 'sort kept');
        assert.equal(await frame.inputValue('#filter'), 'web', 'filter kept');
        const rows = await tableRows(frame);
        assert.ok(rows.length > 0 && rows.every((r) => r.join(' ').includes('web')), 'rows still filtered');
      },
    },
  }),
);
