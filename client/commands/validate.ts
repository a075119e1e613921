/** rectify validate FILE: checks a campaign file; exits 2 listing every problem. */
import type { Command } from 'commander';
import { z } from 'zod';
import { say, loadCampaignFile } from '../common';
import { parseOptions } from '../options';

const validateOptions = z.object({ file: z.string(), json: z.boolean().optional() });

export function register(program: Command): void {
  program.command('validate')
    .description(say('检查整改工作文件（YAML/JSON，或引用的台账）', 'check a campaign file (YAML/JSON, and the ledger it names)'))
    .argument('<file>', say('整改工作文件', 'campaign file'))
    .option('--json', say('以 JSON 输出规范化后的整改工作', 'print the normalised campaign as JSON'))
    .action(async (file: string, options: object) => {
      const opts = parseOptions(validateOptions, { file, ...options });
      const plan = await loadCampaignFile(file);
      if (opts.json) { console.log(JSON.stringify(plan, null, 2)); return; }
      const units = new Set(plan.items.map((i) => i.leadUnit));
      console.log(say(`${file}：有效。整改工作 ${plan.id}，${plan.items.length} 个事项，${units.size} 个牵头单位。`,
        `${file}: valid. Campaign ${plan.id}, ${plan.items.length} items, ${units.size} lead units.`));
    });
}
