/** Writes the campaign file's JSON Schema (published at schema/campaign.schema.json). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { campaignJsonSchema } from '../domain/campaign';

export const SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'schema', 'campaign.schema.json');

async function main(): Promise<void> {
  await fs.mkdir(path.dirname(SCHEMA_PATH), { recursive: true });
  await fs.writeFile(SCHEMA_PATH, `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`);
  console.log(`JSON Schema: ${path.relative(process.cwd(), SCHEMA_PATH)}`);
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
