/**
 * The worker's memory allocator (issue 18). glibc's malloc keeps what the worker's threads free (the
 * workflow thread, the SDK's Rust threads) in per-thread arenas and hands little of it back; jemalloc
 * (Debian's libjemalloc2, preloaded with LD_PRELOAD) returns it. At 10,000 items that is the difference
 * between a worker of about 1.6 GiB and one well under 1 GiB (docs/runbook.md, "Tuning the worker").
 * Found here so that `rectify worker` can say when it runs without it, and the benchmark runs its
 * workers as the service unit does.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Where Debian (and other distributions) put libjemalloc2's library. */
const JEMALLOC_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2', '/usr/lib64/libjemalloc.so.2', '/usr/lib/libjemalloc.so.2',
];

/** The installed libjemalloc.so.2, if any (`npm run setup` installs Debian's libjemalloc2). */
export function installedJemalloc(): string | undefined {
  return JEMALLOC_PATHS.find((p) => existsSync(p));
}

/** Whether this process runs on jemalloc (preloaded): its library is mapped. */
export function runsOnJemalloc(): boolean {
  try {
    return /\/libjemalloc[^/\n]*$/m.test(readFileSync('/proc/self/maps', 'utf8'));
  } catch {
    return false;
  }
}

/** What `rectify worker` says at start on Linux when it runs on glibc's malloc; undefined when it need not. */
export function allocatorHint(): string | undefined {
  if (process.platform !== 'linux' || runsOnJemalloc()) return undefined;
  const lib = installedJemalloc();
  return lib
    ? `rectify worker: running on glibc's malloc; with thousands of items run it with LD_PRELOAD=${lib} (docs/runbook.md, "The systemd unit")`
    : 'rectify worker: running on glibc\'s malloc; with thousands of items install Debian\'s libjemalloc2 and run it with LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 (docs/runbook.md, "The systemd unit")';
}
