/**
 * Deadlines given in working days (立行立改 items often are: "10个工作日") count
 * the official calendar: statutory holidays are skipped, 调休 make-up days count.
 */
import { loadCampaignText, CampaignError } from '../domain/campaign';

const campaign = (start: string, deadlines: string[], calendar = 'cn'): string => `
campaign: { id: wd-test, name: 工作日测试, committee: 示例党工委, start: ${start}, concentratedEnd: 2026-06-30 }
cadence: { calendar: ${calendar} }
addresses: { workingGroup: [office@example.org], committee: [secretary@example.org] }
people:
  - { name: 王副主任, role: leader, email: wang@example.org }
  - { name: 孙丽, role: contact, unit: 综合部, email: sunli@example.org }
items:
${deadlines.map((d, n) => `  - { id: "(${n + 1})", section: 示例, problem: 问题, measures: [措施], kind: 立行立改, leader: 王副主任, leadUnit: 综合部, contacts: [孙丽], deadline: "${d}" }`).join('\n')}
`;

test('N working days from the start skip the 2026 Spring Festival and count its make-up Saturday', async () => {
  // Start Monday 2026-02-09. Working: 9-13 Feb (5), Sat 14 Feb (调休, 6), then 15-23 Feb off, 24-27 Feb (7-10).
  const plan = await loadCampaignText(campaign('2026-02-09', ['10个工作日', '5 working days', '6个工作日', '7 working days']));
  expect(plan.items.map((i) => i.deadline)).toEqual(['2026-02-27', '2026-02-13', '2026-02-14', '2026-02-24']);
});

test('with calendar: weekends, only Saturdays and Sundays are off', async () => {
  const plan = await loadCampaignText(campaign('2026-02-09', ['10个工作日'], 'weekends'));
  expect(plan.items[0].deadline).toBe('2026-02-20');
});

test('a deadline that is neither a date nor working days is refused as before', async () => {
  await expect(loadCampaignText(campaign('2026-02-09', ['十个工作日']), { label: 'wd.yaml' })).rejects.toThrow(CampaignError);
  const err = await loadCampaignText(campaign('2026-02-09', ['十个工作日']), { label: 'wd.yaml' }).catch((e: CampaignError) => e.message);
  expect(err).toBe('wd.yaml: item (1), deadline: not a date in the form YYYY-MM-DD: "十个工作日"');
});

test('an English campaign without its own ladder gets the default one with English notice names', async () => {
  const en = await loadCampaignText(campaign('2026-02-09', ['2026-03-31']).replace('name: 工作日测试,', 'name: Working days, language: en,'));
  expect(en.ladder.map((r) => r.notice)).toEqual(['Deadline reminder', 'Chase', 'Chase', 'Chase', 'Supervision notice (yellow)',
    'Supervision notice (red)', 'Supervision notice (red)', 'Supervision notice (red)', 'Supervision notice (red)']);
  const zh = await loadCampaignText(campaign('2026-02-09', ['2026-03-31']));
  expect(zh.ladder.map((r) => r.notice)).toContain('督办单(黄)');
});
