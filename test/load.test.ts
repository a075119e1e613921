import * as path from 'node:path';
import { loadCampaign, CampaignError } from '../domain/load';
const bad = path.join(__dirname, 'fixtures/bad');
test('explore', async () => {
  const fs = require('node:fs');
  for (const f of fs.readdirSync(bad).filter((x: string) => /\.ya?ml$/.test(x))) {
    try { await loadCampaign(path.join(bad, f)); console.log(f, 'LOADED'); } catch (e) { console.log(f + '\n' + (e instanceof CampaignError ? 'CE ' : 'OTHER ') + (e as Error).message); }
  }
  const a = await loadCampaign(path.join(__dirname, 'fixtures/ledgers/campaign.yaml'));
  const b = await loadCampaign(path.join(__dirname, 'fixtures/ledgers/campaign-csv.yaml'));
  console.log(JSON.stringify(a.items, null, 1));
  expect(b).toEqual(a);
});
