/**
 * 周报告、旬调度、月督查 on the seed campaign (40 items), simulated on the
 * real time-skipping server for its first two months.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadCampaign } from '../domain/campaign';
import { simulate, type SimulationResult } from '../runtime/simulation';
import { dueTime } from '../domain/calendar';
import { itemWorkflowId } from '../workflows/messages';
import type { CampaignPlan, EngineEvent, ItemPlan } from '../domain/types';

const SEED = path.join(__dirname, '..', 'examples', 'seed-campaign.yaml');
const UNTIL = '2023-09-09';
const untilMs = DateTime.fromISO(`${UNTIL}T00:00`, { zone: 'Asia/Shanghai' }).plus({ days: 1 }).toMillis();

let plan: CampaignPlan;
let silent: SimulationResult;
let half: SimulationResult;
let reporters: ItemPlan[];
/** Timers that woke an item of the half-reporting run: one that reports, one that does not. */
const wakes = { reporter: 0, silent: 0 };

const ms = (e: EngineEvent): number => DateTime.fromISO(e.at, { setZone: true }).toMillis();
const emails = (rs: { email: string }[]): string[] => rs.map((r) => r.email);
/** Weekly due times inside the simulated span. */
const dues = (): { cycle: number; at: DateTime }[] => {
  const out = [];
  for (let k = 0; ; k++) {
    const at = dueTime(plan, k);
    if (at.toMillis() >= untilMs) return out;
    out.push({ cycle: k, at });
  }
};
const local = (d: DateTime): string => d.setZone('Asia/Shanghai').toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");

beforeAll(async () => {
  plan = await loadCampaign(SEED);
  silent = await simulate(plan, UNTIL);
  // Half the items report every week, four hours before the due time, ahead of plan.
  reporters = plan.items.filter((i) => i.milestones.length === 0 && i.deadline > UNTIL).slice(0, plan.items.length / 2);
  half = await simulate(plan, UNTIL, {
    reports: [{ items: reporters.map((i) => i.id), weekly: { hoursBefore: 4 }, progress: '按计划推进', percent: { start: 20, step: 10 }, by: '联络员' }],
  }, {
    inspect: async (client) => {
      const silentOne = plan.items.find((i) => !reporters.includes(i))!;
      for (const [who, item] of [['reporter', reporters[0]], ['silent', silentOne]] as const) {
        const { events } = await client.workflow.getHandle(itemWorkflowId(plan.id, item.key)).fetchHistory();
        wakes[who] = (events ?? []).filter((e) => e.timerFiredEventAttributes).length;
      }
    },
  });
}, 300000);

describe('nobody reports: the ladder climbs', () => {
  test('every contact gets one reminder digest a week, a day before the due time, listing all their items', () => {
    const reminders = silent.events.filter((e) => e.kind === 'reminder');
    const contacts = [...new Set(plan.items.flatMap((i) => emails(i.contacts)))];
    for (const { at } of dues()) {
      const when = local(at.minus({ days: 1 }));
      const round = reminders.filter((e) => e.at === when);
      expect(round.map((e) => e.to.join()).sort()).toEqual([...contacts].sort());
      for (const e of round) {
        const theirs = plan.items.filter((i) => emails(i.contacts).includes(e.to[0])).map((i) => i.id);
        expect([...(e.items ?? [])].sort()).toEqual([...theirs].sort());
      }
    }
    expect(reminders).toHaveLength(contacts.length * dues().length);
  });

  test('each missed report is chased once, at the due time, to the contact and the unit head', () => {
    const chases = silent.events.filter((e) => e.kind === 'chase' && e.rung === 'chase');
    for (const item of plan.items) {
      const mine = chases.filter((e) => e.item === item.id);
      expect(mine.map((e) => e.at)).toEqual(dues().map(({ at }) => local(at)));
      for (const e of mine) expect([...e.to].sort()).toEqual([...emails(item.contacts), ...emails(item.unitHeads)].sort());
    }
  });

  test('two misses in a row reach the working group; still missing three working days on, a supervision notice to the leader', () => {
    for (const item of plan.items) {
      const wg = silent.events.filter((e) => e.item === item.id && e.rung === 'working-group');
      expect(wg.map((e) => e.at)).toEqual(dues().filter(({ cycle }) => (cycle + 1) % 2 === 0).map(({ at }) => local(at)));
      for (const e of wg) {
        expect(e.level).toBe('working-group');
        expect(e.to).toEqual([item.leader.email, ...plan.workingGroup]);
      }
      const sup = silent.events.filter((e) => e.item === item.id && e.rung === 'supervision');
      // Friday due + 3 working days = Wednesday, same time.
      const expected = dues().map(({ at }) => at.plus({ days: 5 })).filter((d) => d.toMillis() < untilMs).map(local);
      expect(sup.map((e) => e.at)).toEqual(expected);
      for (const e of sup) expect(e.to).toEqual([item.leader.email]);
    }
  });

  test('a passed deadline reaches the working group once; a warning comes seven days ahead', () => {
    for (const item of plan.items) {
      const deadlinePassed = DateTime.fromISO(item.deadline, { zone: 'Asia/Shanghai' }).plus({ days: 1 });
      // Overdue from 00:00 after the deadline day; the notice goes out at the next working morning
      // (08:30; July to early September 2023 has no public holiday, so only weekends are skipped).
      let notice = deadlinePassed.set({ hour: 8, minute: 30 });
      while (notice.weekday >= 6) notice = notice.plus({ days: 1 });
      const passed = silent.events.filter((e) => e.item === item.id && e.rung === 'deadline-passed');
      expect(passed.map((e) => e.at)).toEqual(notice.toMillis() < untilMs ? [local(notice)] : []);
      const warning = silent.events.filter((e) => e.item === item.id && e.rung === 'deadline-warning');
      expect(warning).toHaveLength(deadlinePassed.minus({ days: 7 }).toMillis() < untilMs ? 1 : 0);
      for (const e of warning) expect(e.to).toEqual(emails(item.contacts));
    }
  });

  test('red at two inspections in a row reaches the committee', () => {
    const committee = silent.events.filter((e) => e.rung === 'committee-red');
    // Nobody reports, so every item is red at the July and the August inspection.
    expect(committee.map((e) => e.item).sort()).toEqual(plan.items.map((i) => i.id).sort());
    for (const e of committee) {
      expect(e.at).toBe('2023-08-31T17:00:00+08:00');
      expect(e.to).toEqual(plan.committeeAddresses);
      expect(e.level).toBe('committee');
    }
  });

  test('no notice is fired twice for the same item, rung and moment', () => {
    const keys = silent.events.filter((e) => e.rung).map((e) => `${e.item}|${e.rung}|${e.at}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('one digest per person per moment, never one mail per item', () => {
    const perMoment = new Map<string, number>();
    for (const e of silent.events.filter((x) => x.kind === 'notice-digest' || x.kind === 'reminder')) {
      const k = `${e.at}|${e.to.join()}`;
      perMoment.set(k, (perMoment.get(k) ?? 0) + 1);
    }
    expect([...perMoment.values()].every((n) => n === 1)).toBe(true);
    const ids = silent.mails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a dispatch sheet at every dekad end, an inspection at every month end, a weekly summary after each due time', () => {
    expect(silent.events.filter((e) => e.kind === 'dispatch-sheet').map((e) => e.at)).toEqual([
      '2023-07-10T09:00:00+08:00', '2023-07-20T09:00:00+08:00', '2023-07-31T09:00:00+08:00',
      // 2023-08-20 is a Sunday: that dekad's dispatch goes to Monday 08-21
      '2023-08-10T09:00:00+08:00', '2023-08-21T09:00:00+08:00', '2023-08-31T09:00:00+08:00',
    ]);
    for (const e of silent.events.filter((x) => x.kind === 'dispatch-sheet')) expect(e.to).toEqual(plan.workingGroup);
    expect(silent.events.filter((e) => e.kind === 'inspection').map((e) => e.at)).toEqual(['2023-07-31T17:00:00+08:00', '2023-08-31T17:00:00+08:00']);
    expect(silent.events.filter((e) => e.kind === 'weekly-summary').map((e) => e.at)).toEqual(dues().map(({ at }) => local(at.plus({ hours: 2 }))));
    // The weekly summary lists who has not reported: everyone.
    for (const e of silent.events.filter((x) => x.kind === 'weekly-summary')) expect(e.items).toHaveLength(plan.items.length);
  });

  test('events come in time order', () => {
    const times = silent.events.map(ms);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe('half the items report every week', () => {
  test('those items get no chase and no escalation, and stay green', () => {
    const ids = new Set(reporters.map((i) => i.id));
    expect(ids.size).toBe(20);
    const about = half.events.filter((e) => e.item && ids.has(e.item) && (e.kind === 'chase' || e.kind === 'escalation'));
    expect(about).toEqual([]);
    for (const s of half.items.filter((i) => ids.has(i.id))) {
      expect(s.light).toBe('green');
      expect(s.state).toBe('inProgress');
      expect(s.missedInARow).toBe(0);
    }
  });

  test('the others are chased as before', () => {
    const others = plan.items.filter((i) => !reporters.includes(i));
    for (const item of others) {
      expect(half.events.filter((e) => e.item === item.id && e.rung === 'chase')).toHaveLength(dues().length);
    }
  });

  test('an item whose report is in sleeps through its due times and follow-ups; one that misses wakes at each', () => {
    // Quiet unless something is due: over nine weekly cycles, the reporter's timers woke it only to plan ahead.
    expect(wakes.reporter).toBeLessThanOrEqual(2);
    expect(wakes.silent).toBeGreaterThanOrEqual(2 * dues().length);
  });

  test('reminders after a report leave the reported items out', () => {
    // Reports come four hours before the due time, after the reminder: each reminder still lists every open item.
    const reminders = half.events.filter((e) => e.kind === 'reminder');
    expect(reminders.length).toBeGreaterThan(0);
    const summaries = half.events.filter((e) => e.kind === 'weekly-summary');
    for (const s of summaries) expect(s.items).toHaveLength(plan.items.length - reporters.length);
  });
});
