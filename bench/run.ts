/**
 * `npm run bench`: how fast the engine is, measured (issue 6). Prints one
 * table and writes the figures as JSON under bench/results/. A benchmark,
 * not a test: it never fails on a time; it fails (exit 1) only when a count
 * is wrong (a digest missing or twice, an item not started), since then the
 * times mean nothing.
 *
 *   node dist/bench/run.js [--sizes 700,10000] [--runs 1] [--desks auto|N] [--out bench/results/]
 *   node dist/bench/run.js --only pg,start-floor --runs 3   # just the two-worker round and the start floor
 *   node dist/bench/run.js --from a.json,b.json,c.json   # one table of medians over earlier runs
 *
 * Each size is measured in `--runs` rounds, each on fresh servers (bench/rounds.ts):
 * one worker on its data folder (`rounds`), then two workers on PostgreSQL (`pg`),
 * then Temporal's start floor at that size (`start-floor`, bench/start-floor.ts),
 * so that the start ratio compares figures of the same run; each time figure is
 * the median of the rounds. Then a simulated year for history growth and `rectify
 * simulate` timed (bench/history.ts). The worker runs with the SDK's default
 * workflow cache at every size. Medians come from `--runs 3`, or from several
 * runs' results put together with `--from`.
 */
import { Command, InvalidArgumentError } from 'commander';
import Table from 'cli-table3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installRuntime } from '../worker/runtime';
import { PROJECT_ROOT } from '../config/paths';
import { installedJemalloc } from '../config/allocator';
import { measureHistory, timeSimulation, type HistoryResult, type SimulationRun } from './history';
import { firstPageRows, runRound, type RoundResult } from './rounds';
import { measureStartFloor, type StartFloor } from './start-floor';
import { rectify } from './proc';

/** The worker settings the benchmark runs with unless the environment sets them (README, "Benchmark"). */
const jemalloc = installedJemalloc();
export const BENCH_WORKER_ENV: Record<string, string> = {
  RECTIFY_SMTP_POOL: '5',
  // As the runbook's service unit runs the worker: on jemalloc where it is installed (`npm run setup`), with
  // glibc's malloc arenas capped for when it is not (the worker's native memory, issue 18).
  ...(jemalloc ? { LD_PRELOAD: jemalloc } : {}),
  MALLOC_ARENA_MAX: '2',
};

/** The measured parts, in the order they run (`--only`, `--skip`). */
export const PARTS = ['rounds', 'pg', 'start-floor', 'history', 'simulate'] as const;
type Part = typeof PARTS[number];
const TUNING_VARS = [
  'RECTIFY_MAX_CACHED_WORKFLOWS', 'RECTIFY_MAX_ACTIVITIES', 'RECTIFY_MAX_WORKFLOW_TASKS', 'RECTIFY_MAX_LOCAL_ACTIVITIES',
  'RECTIFY_SMTP_POOL', 'RECTIFY_SMTP_RATE', 'LD_PRELOAD', 'MALLOC_ARENA_MAX',
];

interface Options {
  sizes: number[];
  runs: number;
  desks: 'auto' | number;
  out: string;
  margin: number;
  startRate: number;
  queryConcurrency: number;
  historyItems: number;
  historyMonths: number;
  simulateItems: number;
  simulateMonths: number;
  simulateRuns?: number;
  skip: string[];
  /** Only these parts (default: all of PARTS but those skipped). */
  only?: string[];
  /** Earlier results to put together into one table of medians (nothing is measured). */
  from?: string[];
}

export interface BenchResults {
  format: 'rectify-bench/1';
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAverage: number[] };
  options: Options;
  workerSettings: Record<string, string>;
  rounds: RoundResult[];
  /** Temporal's start floor at each size, once per run (bench/start-floor.ts). */
  startFloors?: (StartFloor & { run: number })[];
  history?: HistoryResult;
  simulation?: { items: number; months: number; runs: SimulationRun[] };
  /** What is wrong with the counts (empty: every digest once, every item started, every row there). */
  problems: string[];
}

const integer = (name: string, min: number) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name}: a whole number of at least ${min}`);
  return n;
};

function parseOptions(argv: string[]): Options {
  const program = new Command('bench')
    .description('rectify benchmark (issue 6): start, cadence fan-out against its floor, status, history, worker, simulation')
    .option('--sizes <list>', 'item counts, comma-separated', (v) => v.split(',').map((s) => integer('--sizes', 10)(s.trim())), [700, 10000])
    .option('--runs <n>', 'rounds per size (each time figure is their median)', integer('--runs', 1), 1)
    .option('--desks <auto|n>', 'passed to `rectify start --desks N` (auto: not passed, the engine decides)', (v) => (v === 'auto' ? 'auto' : integer('--desks', 0)(v)), 'auto')
    .option('--out <dir>', 'where the JSON results go', path.join(PROJECT_ROOT, 'bench', 'results'))
    .option('--margin <seconds>', 'the weekly moment comes this long after start is expected to end', integer('--margin', 5), 20)
    .option('--start-rate <items/s>', 'start rate assumed for the first round (later rounds use the last measured one)', integer('--start-rate', 1), 50)
    .option('--query-concurrency <n>', 'item workflows queried at once when querying each directly', integer('--query-concurrency', 1), 50)
    .option('--history-items <n>', 'items of the simulated year (history growth)', integer('--history-items', 2), 20)
    .option('--history-months <n>', 'months simulated for history growth', integer('--history-months', 1), 12)
    .option('--simulate-items <n>', 'items of the timed `rectify simulate`', integer('--simulate-items', 2), 700)
    .option('--simulate-months <n>', 'months of the timed `rectify simulate`', integer('--simulate-months', 1), 3)
    .option('--simulate-runs <n>', 'how often `rectify simulate` is timed (default: --runs)', integer('--simulate-runs', 1))
    .option('--skip <parts>', `leave out: ${PARTS.join(', ')} (comma-separated)`, (v) => v.split(',').map((s) => s.trim()), [] as string[])
    .option('--only <parts>', `measure only: ${PARTS.join(', ')} (comma-separated; e.g. pg,start-floor)`, (v) => v.split(',').map((s) => s.trim()))
    .option('--from <files>', 'measure nothing: one table of medians over earlier results (comma-separated JSON files)', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .showHelpAfterError();
  program.parse(argv);
  const o = program.opts<Options>();
  const unknown = [...o.skip, ...(o.only ?? [])].filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) program.error(`bench: no part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  return o;
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** "12.3 (11.9–13.0)": the median, and the range when there are several rounds. */
function fig(xs: number[], digits = 1): string {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (!ok.length) return '—';
  const m = median(ok).toFixed(digits);
  return ok.length > 1 ? `${m} (${Math.min(...ok).toFixed(digits)}–${Math.max(...ok).toFixed(digits)})` : m;
}

/** The counts that must be right for the times to mean anything. */
export function problemsOf(r: BenchResults): string[] {
  const out: string[] = [];
  for (const x of r.rounds) {
    const at = `${x.campaign}`;
    if (!x.start.ok) out.push(`${at}: rectify start failed: ${x.start.error}`);
    if (x.start.added !== x.size) out.push(`${at}: ${x.start.added} of ${x.size} items started`);
    if (x.fanout.received !== x.fanout.expected) out.push(`${at}: ${x.fanout.received} of ${x.fanout.expected} digests received`);
    if (x.fanout.duplicates) out.push(`${at}: ${x.fanout.duplicates} digests received twice`);
    if (x.fanout.unexpected) out.push(`${at}: digests to ${x.fanout.unexpected} unexpected recipients`);
    if (x.floor.completed !== x.floor.workflows) out.push(`${at}: ${x.floor.completed} of ${x.floor.workflows} floor workflows completed`);
    if (x.status.rows !== firstPageRows(x.size)) out.push(`${at}: rectify status listed ${x.status.rows} of ${firstPageRows(x.size)} items of its first page`);
    if (x.status.allRows !== undefined && x.status.allRows !== x.size) out.push(`${at}: rectify status --all listed ${x.status.allRows} of ${x.size} items`);
    if (x.board && x.board.code !== 200) out.push(`${at}: the office board answered HTTP ${x.board.code}`);
    if (x.status.snapshots !== x.size) out.push(`${at}: ${x.status.snapshots} of ${x.size} item workflows answered the query`);
  }
  for (const f of r.startFloors ?? []) if (f.workflows <= 0) out.push('start floor: no workflows');
  for (const s of r.simulation?.runs ?? []) if (s.code !== 0) out.push(`rectify simulate failed: ${s.error}`);
  return out;
}

export function table(r: BenchResults): string {
  const sizes = r.options.sizes;
  const t = new Table({ head: ['figure', ...sizes.map((s) => `${s} items`)], style: { head: [], border: [], compact: true } });
  const ofStore = (store: 'data' | 'postgres') => (f: (x: RoundResult) => number, digits = 1): string[] =>
    sizes.map((s) => fig(r.rounds.filter((x) => x.size === s && (x.store ?? 'data') === store).map(f), digits));
  const per = ofStore('data');
  const pg = ofStore('postgres');
  const add = (label: string, cells: string[]): void => { t.push([label, ...cells]); };
  const floors = (s: number): (StartFloor & { run: number })[] => (r.startFloors ?? []).filter((f) => f.workflows === s);
  /** A round's start (until its worker was quiet) against the floor of the same run. */
  const startRatio = (x: RoundResult): number => {
    const f = floors(x.size).find((g) => g.run === x.run);
    return f ? (x.start.seconds + x.start.settleSeconds) / (f.seconds + f.settleSeconds) : NaN;
  };
  const boardSeconds = (x: RoundResult): number => x.board?.seconds ?? NaN;
  if (r.rounds.some((x) => (x.store ?? 'data') === 'data')) {
    add('1. start: items per second', per((x) => x.start.itemsPerSecond, 0));
    add('   start: seconds (rectify start)', per((x) => x.start.seconds));
    add('   worker busy after start returned, s', per((x) => x.start.settleSeconds));
    add('2. fan-out: seconds to the last digest', per((x) => x.fanout.seconds));
    add('   digests (one per contact)', per((x) => x.fanout.expected, 0));
    add('   digests per second', per((x) => x.fanout.digestsPerSecond));
    add('   floor: seconds, same number of bare workflows', per((x) => x.floor.seconds));
    add('   ratio fan-out / floor (aim < 2)', per((x) => x.floor.ratio, 2));
    add('3. status --json (first page, counts): seconds', per((x) => x.status.cliSeconds));
    add('   status --json --all: seconds', per((x) => x.status.allSeconds ?? NaN));
    add('   every item queried directly: seconds', per((x) => x.status.directSeconds));
    add('   ratio direct / --all', per((x) => x.status.ratio, 2));
    add('   office board (GET /office): seconds', per(boardSeconds));
    add('5. worker CPU s per 1,000 items (fan-out)', per((x) => x.worker.cpuSecondsPer1000Items, 2));
    add('   worker peak RSS MiB (fan-out)', per((x) => x.worker.peakRssBytes / 2 ** 20, 0));
    add('   worker peak RSS MiB per 1,000 items', per((x) => x.worker.peakRssMiBPer1000Items, 0));
    add('   worker peak RSS MiB (start + round)', per((x) => x.worker.lifetimePeakRssBytes / 2 ** 20, 0));
  }
  if (r.startFloors?.length) {
    add('7. start floor: seconds (bare workflows)', sizes.map((s) => fig(floors(s).map((f) => f.seconds))));
    add('   floor worker busy after, s', sizes.map((s) => fig(floors(s).map((f) => f.settleSeconds))));
    add('   start + busy / floor (aim ≤ 1.3)', per(startRatio, 2));
    add('   two workers, PostgreSQL: the same', pg(startRatio, 2));
  }
  if (r.rounds.some((x) => x.store === 'postgres')) {
    add('8. two workers on PostgreSQL: start s', pg((x) => x.start.seconds));
    add('   worker busy after start returned, s', pg((x) => x.start.settleSeconds));
    add('   fan-out: seconds to the last digest', pg((x) => x.fanout.seconds));
    add('   ratio fan-out / floor (aim < 2)', pg((x) => x.floor.ratio, 2));
    add('   status --json (first page): seconds', pg((x) => x.status.cliSeconds));
    add('   office board: seconds', pg(boardSeconds));
    add('   peak RSS MiB, larger worker (start + round)', pg((x) => x.worker.lifetimePeakRssBytes / 2 ** 20, 0));
    add('   worker CPU s per 1,000 items (both)', pg((x) => x.worker.cpuSecondsPer1000Items, 2));
  }
  const one = (label: string, value: string): void => add(label, [value, ...sizes.slice(1).map(() => '')]);
  const h = r.history;
  if (h) {
    one(`4. history (${h.items} items, ${h.months} simulated months)`, `${fig([h.wallSeconds])} s wall`);
    one('   item events per item per month', fig([h.item.eventsPerItemPerMonth]));
    one('   largest item run: events / KiB', `${h.item.largestRun.events} / ${(h.item.largestRun.bytes / 1024).toFixed(0)}`);
    one('   item continue-as-new (all / most of one)', `${h.item.continueAsNew} / ${h.item.continueAsNewMostOfOneItem}`);
    one('   campaign events per month per item', fig([h.campaign.eventsPerItemPerMonth]));
    one('   campaign largest run: events / KiB', `${h.campaign.largestRun.events} / ${(h.campaign.largestRun.bytes / 1024).toFixed(0)}`);
    one('   campaign continue-as-new', String(h.campaign.continueAsNew));
    one('   Temporal limits: events / MiB', `${h.limits.events} / ${h.limits.bytes / 2 ** 20}`);
  }
  const s = r.simulation;
  if (s) one(`6. simulate ${s.items} items, ${s.months} months: s`, fig(s.runs.filter((x) => x.code === 0).map((x) => x.seconds)));
  return t.toString();
}

/** Several runs' results as one: every round and simulation, each size's rounds numbered anew; the first run's history. */
export function merge(all: BenchResults[]): BenchResults {
  const [first] = all;
  const sizes = [...new Set(all.flatMap((r) => r.options.sizes))];
  // Each run's rounds and start floors numbered on from the runs before it: a round keeps its own run's floor.
  const rounds: RoundResult[] = [];
  const startFloors: NonNullable<BenchResults['startFloors']> = [];
  for (const size of sizes) {
    let offset = 0;
    for (const r of all) {
      const mine = r.rounds.filter((x) => x.size === size);
      const floors = (r.startFloors ?? []).filter((f) => f.workflows === size);
      rounds.push(...mine.map((x) => ({ ...x, run: x.run + offset })));
      startFloors.push(...floors.map((f) => ({ ...f, run: f.run + offset })));
      offset += Math.max(0, ...mine.map((x) => x.run), ...floors.map((f) => f.run));
    }
  }
  const simulations = all.flatMap((r) => (r.simulation ? [r.simulation] : []));
  const merged: BenchResults = {
    ...first, at: new Date().toISOString(), options: { ...first.options, sizes, runs: Math.max(...sizes.map((n) => rounds.filter((x) => x.size === n).length)) },
    rounds, problems: [], ...(startFloors.length ? { startFloors } : {}),
    ...(simulations.length ? { simulation: { ...simulations[0], runs: simulations.flatMap((x) => x.runs) } } : {}),
    ...(first.history ? { history: first.history } : {}),
  };
  merged.problems = problemsOf(merged);
  return merged;
}

/** `--from`: one table of medians over earlier results, written as one more JSON file. */
function fromEarlier(o: Options): number {
  const all = o.from!.map((f) => {
    const r = JSON.parse(readFileSync(f, 'utf8')) as BenchResults;
    if (r.format !== 'rectify-bench/1') throw new Error(`${f}: not a rectify-bench/1 result`);
    return r;
  });
  const merged = merge(all);
  const file = path.join(o.out, `bench-merged-${merged.at.replace(/[:.]/g, '-')}.json`);
  mkdirSync(o.out, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...merged, mergedFrom: o.from!.map((f) => path.basename(f)) }, null, 2)}\n`);
  console.log(`rectify benchmark: ${all.length} runs put together (${all.map((r) => r.at).join(', ')}); medians (min–max)`);
  console.log(table(merged));
  console.log(`results: ${path.relative(process.cwd(), file)}`);
  for (const p of merged.problems) console.log(`PROBLEM: ${p}`);
  return merged.problems.length ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  if (o.from?.length) return fromEarlier(o);
  installRuntime('ERROR');
  const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };
  const workerSettings: Record<string, string> = {};
  for (const k of TUNING_VARS) {
    const v = process.env[k] ?? BENCH_WORKER_ENV[k];
    if (v !== undefined) workerSettings[k] = v;
  }
  if (o.desks !== 'auto') {
    const help = await rectify(['start', '--help'], {});
    if (!help.stdout.includes('--desks')) {
      console.error('bench: --desks: this rectify has no `start --desks` option (leave --desks out, or use --desks auto)');
      return 2;
    }
  }
  const results: BenchResults = {
    format: 'rectify-bench/1', at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
    options: o, workerSettings, rounds: [], problems: [],
  };
  log(`worker settings: ${Object.entries(workerSettings).map(([k, v]) => `${k}=${v}`).join(' ') || 'defaults'}`);
  const t0 = Date.now();
  const wanted = (p: Part): boolean => (!o.only || o.only.includes(p)) && !o.skip.includes(p);
  if (wanted('rounds') || wanted('pg') || wanted('start-floor')) {
    // Each store's last measured start rate places its next moment; two workers on PostgreSQL started 10,000
    // items a third slower than one on the data folder, so before its first round it is guessed that much lower.
    const rate = { data: o.startRate, postgres: o.startRate };
    let postgresMeasured = false;
    for (const size of o.sizes) {
      for (let run = 1; run <= o.runs; run++) {
        // One run's figures side by side: the data folder's round, the two workers on PostgreSQL, the floor.
        for (const store of ['data', 'postgres'] as const) {
          if (!wanted(store === 'data' ? 'rounds' : 'pg')) continue;
          const r = await runRound({
            size, run, desks: o.desks === 'auto' ? undefined : o.desks, marginSeconds: o.margin, expectedStartRate: rate[store],
            queryConcurrency: o.queryConcurrency, workerEnv: workerSettings, store, log,
          });
          if (r.start.ok) {
            rate[store] = r.start.itemsPerSecond;
            if (store === 'postgres') postgresMeasured = true;
            else if (!postgresMeasured) rate.postgres = r.start.itemsPerSecond * 0.6;
          }
          results.rounds.push(r);
        }
        if (wanted('start-floor')) {
          const f = await measureStartFloor(size);
          log(`start floor: ${size} bare workflows started in ${f.seconds.toFixed(1)} s, worker busy ${f.settleSeconds.toFixed(1)} s more`);
          (results.startFloors ??= []).push({ ...f, run });
        }
      }
    }
  }
  if (wanted('history')) {
    log(`history: ${o.historyItems} items over ${o.historyMonths} simulated months`);
    results.history = await measureHistory(o.historyItems, o.historyMonths);
    log(`history: ${results.history.item.eventsPerItemPerMonth.toFixed(0)} events per item per month, in ${results.history.wallSeconds.toFixed(0)} s`);
  }
  if (wanted('simulate')) {
    results.simulation = { items: o.simulateItems, months: o.simulateMonths, runs: [] };
    for (let run = 1; run <= (o.simulateRuns ?? o.runs); run++) {
      const s = await timeSimulation(o.simulateItems, o.simulateMonths, 30 * 60000);
      log(`simulate ${o.simulateItems} items, ${o.simulateMonths} months: ${s.seconds.toFixed(1)} s${s.code ? ` FAILED: ${s.error}` : ''}`);
      results.simulation.runs.push(s);
    }
  }
  results.problems = problemsOf(results);
  mkdirSync(o.out, { recursive: true });
  const file = path.join(o.out, `bench-${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`rectify benchmark, ${results.at} — ${results.machine.cpus} CPUs (${results.machine.cpuModel}), load ${results.machine.loadAverage.join(' ')} at the start`);
  console.log(`worker: ${Object.entries(workerSettings).map(([k, v]) => `${k}=${v}`).join(' ') || 'defaults'}; desks: ${o.desks}; medians of ${o.runs} run(s) (min–max)`);
  for (const size of o.sizes) {
    const extra = Object.entries(results.rounds.find((x) => x.size === size)?.workerSettings ?? {}).filter(([k]) => !(k in workerSettings));
    if (extra.length) console.log(`worker at ${size} items, also: ${extra.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
  console.log(table(results));
  console.log(`${((Date.now() - t0) / 60000).toFixed(1)} minutes; results: ${path.relative(process.cwd(), file)}`);
  for (const p of results.problems) console.log(`PROBLEM: ${p}`);
  return results.problems.length ? 1 : 0;
}

if (require.main === module) {
  // The Temporal runtime keeps the process alive: exit explicitly.
  main(process.argv).then((code) => process.exit(code), (err: Error) => { console.error(`bench: ${err.stack ?? err.message}`); process.exit(1); });
}
