/**
 * 收发室: a campaign that shares out its mail over desks mails exactly what one
 * that gathers it itself does — the same people, the same digests, the same
 * Message-IDs, the same events — on the seed campaign (40 items), half of
 * which report, simulated for five weeks on the real time-skipping server.
 */
import path from 'node:path';
import { loadCampaign } from '../domain/campaign';
import { simulate, type SimulationResult } from '../runtime/simulation';
import { deskOf, desksFor } from '../domain/desks';
import type { CampaignPlan, EngineEvent } from '../domain/types';

const SEED = path.join(__dirname, '..', 'examples', 'seed-campaign.yaml');
const UNTIL = '2023-08-20';

let plan: CampaignPlan;
let alone: SimulationResult;
let withDesks: SimulationResult;

const script = (p: CampaignPlan) => ({
  reports: [{
    items: p.items.filter((_, n) => n % 2 === 0).map((i) => i.id), weekly: { hoursBefore: 4 }, progress: '按计划推进',
    percent: { start: 20, step: 10 }, by: '联络员',
  }],
});
/** An event as a person would compare it: item lists in any order. */
const normal = (e: EngineEvent): EngineEvent => ({ ...e, ...(e.items ? { items: [...e.items].sort() } : {}) });
const mailsOf = (r: SimulationResult): string[] => r.mails.map((m) => `${m.to.join(',')}|${m.messageId}|${m.subject}`).sort();

beforeAll(async () => {
  plan = await loadCampaign(SEED);
  alone = await simulate(plan, UNTIL, script(plan), { desks: 0 });
  withDesks = await simulate(plan, UNTIL, script(plan), { desks: 3 });
}, 300000);

test('the recipients really are shared out over the three desks', () => {
  const people = [...new Set(withDesks.mails.flatMap((m) => m.to))];
  expect(new Set(people.map((p) => deskOf(p, 3))).size).toBe(3);
});

test('every person gets the same digests, with the same Message-IDs and subjects', () => {
  expect(alone.mails.length).toBeGreaterThan(100);
  expect(mailsOf(withDesks)).toEqual(mailsOf(alone));
});

test('each digest lists the same items and notices', () => {
  const body = (r: SimulationResult) => new Map(r.mails.map((m) => [m.messageId, m.text.split('\n').sort().join('\n')]));
  const a = body(alone);
  for (const [id, text] of body(withDesks)) expect(text).toBe(a.get(id));
});

test('the event record is the same: each notice recorded once, with every recipient', () => {
  expect(withDesks.events.map(normal)).toEqual(alone.events.map(normal));
  expect(alone.events.some((e) => e.kind === 'escalation')).toBe(true);
  expect(alone.events.some((e) => e.kind === 'reminder')).toBe(true);
});

test('every item ends in the same state, and documents read the same rows', () => {
  const states = (r: SimulationResult) => r.items.map((i) => `${i.id}:${i.state}:${i.light}:${i.percent}`).sort();
  expect(states(withDesks)).toEqual(states(alone));
  expect(withDesks.items).toHaveLength(plan.items.length);
  expect(withDesks.documents.map((d) => d.title)).toEqual(alone.documents.map((d) => d.title));
});

test('a campaign of up to 1,000 items gathers its own mail; a city campaign gets one desk per 500 items', () => {
  expect(desksFor(40)).toBe(0);
  expect(desksFor(1000)).toBe(0);
  expect(desksFor(1001)).toBe(3);
  expect(desksFor(10000)).toBe(20);
  expect(desksFor(100000)).toBe(64);
});
