/** Prebuilds the workflow bundle the production worker loads (no webpack at start-up). */
import { bundleWorkflowCode } from '@temporalio/worker';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PRELOADED_WORKFLOW_MODULES } from '../worker/bundle-options';

export const BUNDLE_PATH = path.resolve(__dirname, '..', 'workflow-bundle.js'); // dist/workflow-bundle.js

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), preloadModules: PRELOADED_WORKFLOW_MODULES, logger: undefined });
  await fs.writeFile(BUNDLE_PATH, code);
  console.log(`workflow bundle: ${path.relative(process.cwd(), BUNDLE_PATH)} (${Math.round(code.length / 1024)} KiB)`);
}

if (require.main === module) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
