// Entry point loaded by VS Code (code-server or desktop) as `extensionTestsPath`: run() executes inside the
// extension host, with the extension under development loaded and a fixture workspace open. The launcher
// picks the scenario with KSD_VSCODE_SCENARIO (default "fixes"); each has its fixture in test/fixtures/vscode/.
import { doctorScenario } from './doctor';
import { doctorLocaleScenario } from './doctorLocale';
import { explorerScenario } from './explorer';
import { fixesScenario } from './fixes';
import { fixManifestScenario } from './fixManifest';
import { guideScenario } from './guide';
import { heldScenario } from './held';
import { liveScenario } from './live';
import { localeScenario } from './locale';
import { nodeAutoscalingScenario } from './nodeAutoscaling';
import { tableScenario } from './table';
import { repairUiScenario } from './repairUi';
import { untrustedScenario } from './untrusted';

const scenarios: Record<string, () => Promise<void>> = {
  fixes: fixesScenario,
  untrusted: untrustedScenario,
  explorer: explorerScenario,
  live: liveScenario,
  doctor: doctorScenario,
  'fix-manifest': fixManifestScenario,
  table: tableScenario,
  guide: guideScenario,
  'repair-ui': repairUiScenario,
  'node-autoscaling': nodeAutoscalingScenario,
  'hpa-held': heldScenario,
  locale: localeScenario,
  'doctor-locale': doctorLocaleScenario,
};

export async function run(): Promise<void> {
  const name = process.env.KSD_VSCODE_SCENARIO || 'fixes';
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  await scenario();
}
