// The product's pictures for README.md and docs/vscode.md (docs/images/<name>-dark.png, -light.png), taken by the
// code-server scenarios at the moment they check what the picture shows, so the pictures stay current. Only when
// KSD_SCREENSHOTS=1 asks (`npm run screenshots` runs the scenarios once per theme): CI never rewrites committed files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/setup-code-server.mjs';

export const PICTURES = process.env.KSD_SCREENSHOTS === '1';
/** The color theme of this run: the user setting the scenario writes (KSD_VSCODE_THEME=light|dark; default: VS Code's own). */
export const THEME = process.env.KSD_VSCODE_THEME === 'light' ? 'light' : 'dark';
export const THEME_SETTINGS = process.env.KSD_VSCODE_THEME ? { 'workbench.colorTheme': THEME === 'light' ? 'Default Light Modern' : 'Default Dark Modern' } : {};

/** Saves docs/images/<name>-<theme>.png cropped to `locator`'s box (grown by `pad`, at most `maxHeight` tall). */
export async function picture(page, name, locator, { pad = 8, maxHeight = 640 } = {}) {
  if (!PICTURES) return;
  const box = await locator.boundingBox();
  if (!box) throw new Error(`picture ${name}: the element is not on screen`);
  const viewport = page.viewportSize() ?? { width: 1600, height: 1000 };
  const x = Math.max(0, box.x - pad);
  const y = Math.max(0, box.y - pad);
  const clip = { x, y, width: Math.min(viewport.width - x, box.width + 2 * pad), height: Math.min(maxHeight, viewport.height - y, box.height + 2 * pad) };
  const dir = join(repoRoot, 'docs', 'images');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}-${THEME}.png`), clip });
}
