/**
 * A bound on a simulation's lack of progress, not on its length: a long
 * simulation that keeps moving runs as long as it needs, one that stops
 * moving fails after `stallMs` with what it was waiting for.
 *
 * Progress is anything the simulation can see happen: an event recorded, a
 * document stored, an activity finished, a step of the reports script done,
 * or the test server's clock skipping ahead (it runs faster than the wall
 * clock). A test server whose clock only creeps at wall-clock speed is
 * waiting on something (a workflow or activity task holds its time lock),
 * which is not progress.
 */
import { secondsFromEnv, UserError } from './user-error';

/** Default bound (RECTIFY_SIMULATE_STALL_SECONDS, --stall-timeout). */
export const DEFAULT_STALL_SECONDS = 120;

/** The simulation stopped moving; exit code 1 (not the user's input). */
export class SimulationStalledError extends UserError {
  constructor(message: string) { super(message, 1); }
}

/** The bound in seconds from the option or the environment, checked. */
export function stallSeconds(option?: number): number {
  return option ?? secondsFromEnv('RECTIFY_SIMULATE_STALL_SECONDS', DEFAULT_STALL_SECONDS);
}

export interface StallWatchOptions {
  stallMs: number;
  /** The test server's clock, in ms (asked every `probeMs`; a skip counts as progress). */
  clock: () => Promise<number>;
  probeMs?: number;
  /** The message when it stalls, from what it waits for and the last clock reading (undefined: never read). */
  message: (waitingFor: string, clockMs: number | undefined) => string;
}

export class StallWatch {
  private lastProgress = Date.now();
  private waitingFor = '';
  private clockMs: number | undefined;
  private clockReadAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private fail!: (err: Error) => void;
  private failure: SimulationStalledError | undefined;
  /** Rejects once the simulation has made no progress for `stallMs`; never resolves. */
  readonly stalled: Promise<never>;

  constructor(private readonly o: StallWatchOptions) {
    this.stalled = new Promise<never>((_, reject) => { this.fail = reject; });
    // Nobody may be listening yet (it is raced against the run): not an unhandled rejection.
    this.stalled.catch(() => undefined);
  }

  /** Something happened. */
  progress(): void { this.lastProgress = Date.now(); }

  /** The simulation now waits for this (named in the message); a new step is progress. */
  waiting(what: string): void { this.waitingFor = what; this.progress(); }

  /** The stall, once it has happened. */
  get error(): SimulationStalledError | undefined { return this.failure; }

  start(): void {
    const every = this.o.probeMs ?? Math.min(5000, Math.max(250, this.o.stallMs / 4));
    this.timer = setInterval(() => void this.check(), every);
    void this.check();
  }

  stop(): void { if (this.timer) clearInterval(this.timer); this.timer = undefined; }

  /** `p`, or the stall, whichever comes first. */
  guard<T>(p: Promise<T>): Promise<T> { return Promise.race([p, this.stalled]); }

  private async check(): Promise<void> {
    if (!this.probing) {
      this.probing = true;
      try {
        const now = Date.now();
        const ms = await this.o.clock();
        // Ahead of the wall clock by more than a second since the last reading: the server skipped time.
        if (this.clockMs !== undefined && ms - this.clockMs > now - this.clockReadAt + 1000) this.progress();
        this.clockMs = ms;
        this.clockReadAt = now;
      } catch {
        // A server that does not answer is not progress; the bound below still applies.
      } finally {
        this.probing = false;
      }
    }
    const idle = Date.now() - this.lastProgress;
    if (this.timer && idle >= this.o.stallMs) {
      this.stop();
      this.failure = new SimulationStalledError(this.o.message(this.waitingFor, this.clockMs));
      this.fail(this.failure);
    }
  }
}
