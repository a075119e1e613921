/**
 * The published JSON Schema of the campaign file is current, and the shipped
 * examples validate against it with a second, independent validator (ajv).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv/dist/2020';
import YAML from 'yaml';
import { campaignJsonSchema } from '../domain/load';

const ROOT = path.join(__dirname, '..');
const published = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'campaign.schema.json'), 'utf8')) as Record<string, unknown>;

test('schema/campaign.schema.json is what the code validates (run `npm run schema` after changing it)', () => {
  expect(published).toEqual(JSON.parse(JSON.stringify(campaignJsonSchema())));
});

test('every example campaign validates against the published schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(published);
  const files = readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBeGreaterThanOrEqual(3);
  for (const f of files) {
    const ok = validate(YAML.parse(readFileSync(path.join(ROOT, 'examples', f), 'utf8')));
    expect({ file: f, errors: ok ? null : validate.errors }).toEqual({ file: f, errors: null });
  }
});

test('the schema refuses what the loader refuses: a missing field, an unknown key, a bad time', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(published);
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
