/**
 * Processes as the benchmark sees them: CPU seconds and resident memory read
 * from /proc (Linux), a sampler for the peak over an interval, and the
 * `rectify` CLI run as a real process with its wall time.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PROJECT_ROOT } from '../config/paths';

export const BIN = path.join(PROJECT_ROOT, 'bin', 'rectify.js');

let ticks: number | undefined;
/** Clock ticks per second of /proc/PID/stat's times (getconf CLK_TCK; 100 on Linux). */
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** User + system CPU seconds the process has used so far (all its threads). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** Resident memory now and the process's peak so far, in bytes (VmRSS, VmHWM). */
export function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

export interface Usage {
  cpuSeconds: number;
  peakRssBytes: number;
}

/** Samples a process's RSS every `everyMs` until stopped; CPU is the difference between start and stop. */
export function sampleUsage(pid: number, everyMs = 100): { stop(): Usage } {
  const cpu0 = cpuSeconds(pid);
  let peak = memory(pid).rss;
  const timer = setInterval(() => {
    try { peak = Math.max(peak, memory(pid).rss); } catch { /* the process ended */ }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try { peak = Math.max(peak, memory(pid).rss); } catch { /* ended */ }
      return { cpuSeconds: cpuSeconds(pid) - cpu0, peakRssBytes: peak };
    },
  };
}

/** Waits until the process has used less than `share` of a core over `windowMs`, at most `timeoutMs`; returns how long it took. */
export async function waitQuiet(pid: number, opts: { share?: number; windowMs?: number; timeoutMs?: number } = {}): Promise<number> {
  const share = opts.share ?? 0.05;
  const windowMs = opts.windowMs ?? 2000;
  const began = Date.now();
  for (;;) {
    const c0 = cpuSeconds(pid);
    await sleepMs(windowMs);
    const used = cpuSeconds(pid) - c0;
    if (used < (share * windowMs) / 1000 || Date.now() - began > (opts.timeoutMs ?? 600000)) return Date.now() - began - windowMs;
  }
}

/**
 * Waits until the task queue's workflow backlog is empty (tasks scheduled and not yet taken by a worker), as the
 * server reports it; returns the milliseconds waited. A worker can be quiet (waiting on the server) while tasks
 * still queue, so "settled" is the later of the two. `timeoutMs`: give up then (the backlog still in `left`).
 */
export async function waitBacklog(client: Client, taskQueue: string, timeoutMs = 600000): Promise<{ ms: number; left: number }> {
  const began = Date.now();
  for (;;) {
    const r = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, reportStats: true,
    });
    const left = Number(r.stats?.approximateBacklogCount ?? 0);
    if (left === 0 || Date.now() - began > timeoutMs) return { ms: Date.now() - began, left };
    await sleepMs(500);
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs `rectify ARGS` as a user would, timing the whole process. */
export function rectify(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30 * 60000): Promise<CliRun> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, seconds });
    });
  });
}

export const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export { pool } from '../domain/pool';
