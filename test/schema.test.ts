/**
 * The published JSON Schema of the campaign file is current, and the shipped
 * examples validate against it with a second, independent validator (ajv).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { campaignJsonSchema } from '../domain/campaign';

const ROOT = path.join(__dirname, '..');
/** ajv with the formats the schema uses (email, date …) checked, not ignored. */
const validator = () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(published);
};
const published = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'campaign.schema.json'), 'utf8')) as Record<string, unknown>;

test('schema/campaign.schema.json is what the code validates (run `npm run schema` after changing it)', () => {
  expect(published).toEqual(JSON.parse(JSON.stringify(campaignJsonSchema())));
});

test('every example campaign validates against the published schema', () => {
  const validate = validator();
  const files = readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml') && !f.endsWith('-reports.yaml')); // reports scripts are simulate's input, not campaigns
  expect(files.length).toBeGreaterThanOrEqual(3);
  for (const f of files) {
    const ok = validate(YAML.parse(readFileSync(path.join(ROOT, 'examples', f), 'utf8')));
    expect({ file: f, errors: ok ? null : validate.errors }).toEqual({ file: f, errors: null });
  }
});

test('the schema refuses what the loader refuses: a missing field, an unknown key, a bad time', () => {
  const validate = validator();
  const good = YAML.parse(readFileSync(path.join(ROOT, 'examples', 'small-campaign.yaml'), 'utf8')) as Record<string, any>;
  const noId = structuredClone(good);
  delete noId.campaign.id;
  expect(validate(noId)).toBe(false);
  const extra = structuredClone(good);
  extra.cadence.digestWindow = 5;
  expect(validate(extra)).toBe(false);
  const badTime = structuredClone(good);
  badTime.cadence.dispatchTime = '25:00';
  expect(validate(badTime)).toBe(false);
});
