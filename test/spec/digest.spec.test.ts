/**
 * The digest's wording does not depend on the order in which the items'
 * notices reached the campaign (signals arrive in any order): the same
 * instant gives the same subject, body and item list. No server needed.
 */
import { composeDigest } from '../../activities/send-digest';
import type { DigestInput } from '../../activities/types';
import type { Notice } from '../../domain/types';

const notice = (item: string, kind: Notice['kind'], name: string): Notice => ({
  at: 0, atLocal: '2026-03-09T09:00:00+08:00', item, title: `事项${item}`, kind, rung: kind, level: kind === 'escalation' ? 'supervision' : kind === 'chase' ? 'chase' : 'reminder',
  notice: name, reason: '逾期未报送', to: [{ name: '周洁', email: 'zhou.jie@example.org' }],
});

const input = (notices: Notice[]): DigestInput => ({
  campaign: { id: 'c', name: '巡察整改', language: 'zh', timeZone: 'Asia/Shanghai' },
  atLocal: '2026-03-09T09:00:00+08:00', recipient: { name: '周洁', email: 'zhou.jie@example.org' }, notices,
});

const notices = [notice('(11)', 'warning', '到期提醒'), notice('(3)', 'chase', '催办'), notice('(2)', 'escalation', '督办单（黄）'), notice('(3)', 'warning', '到期提醒')];

test.each([
  ['as planned', notices],
  ['reversed', [...notices].reverse()],
  ['shuffled', [notices[2], notices[0], notices[3], notices[1]]],
])('a digest of the same notices arriving %s reads the same, items in the plan\'s order', (_name, order) => {
  const mail = composeDigest(input(order));
  expect(mail.subject).toBe('【督办单（黄）、催办、到期提醒】巡察整改：整改事项需您关注');
  expect(mail.items).toEqual(['(2)', '(3)', '(11)']);
  expect(mail.text).toBe(composeDigest(input(notices)).text);
  expect(mail.text.indexOf('· (2)')).toBeLessThan(mail.text.indexOf('· (3)'));
  expect(mail.text.indexOf('· (3)')).toBeLessThan(mail.text.indexOf('· (11)'));
});
