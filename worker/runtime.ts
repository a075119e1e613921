/**
 * One place that installs Temporal's runtime: the SDK's own logs and the
 * native core's go to the TS logger at one level, on stderr — never stdout,
 * where `simulate --json` and `status --json` print their data.
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';

let installed = false;

export function installRuntime(level: LogLevel = 'ERROR'): void {
  if (installed) return;
  installed = true;
  const logger = new DefaultLogger(level, (entry) => {
    process.stderr.write(`${new Date(Number(entry.timestampNanos / 1000000n)).toISOString()} [${entry.level}] ${entry.message}${entry.meta ? ` ${JSON.stringify(entry.meta)}` : ''}\n`);
  });
  try {
    Runtime.install({
      logger,
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level, other: level }), forward: {} } },
    });
  } catch {
    // Already installed by the host process (e.g. a test runner): keep that one.
  }
}
