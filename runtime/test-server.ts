/**
 * Temporal's time-skipping test server (the Java io.temporal.testserver.TestServer
 * that `npm run setup` puts under .tools/test-server), started by rectify itself
 * rather than by the SDK's ephemeral-server helper, for two reasons:
 *
 * - The SDK's helper gives the JVM 5 s to open its port, fixed in the native
 *   core. A JVM on a loaded machine takes longer (seen at load 15-20 on two
 *   cores: "ephemeral server … did not start within 5s", then a misleading
 *   "cannot reach Temporal at localhost:7233"). Here the bound is generous and
 *   configurable, and a server that truly fails says which executable, how it
 *   exited and what it printed.
 * - The test server's gRPC (grpc-java with its defaults) allows no keepalive
 *   pings on a connection without calls and answers pings it finds too early
 *   with GOAWAY ENHANCE_YOUR_CALM "too_many_pings", dropping the connection
 *   ("rejected by server because of excess pings" on stderr); the SDK's
 *   client pings every 30 s, calls or not. The client then retries the call
 *   that was open — for an `unlockTimeSkippingWithSleep`, a second unlock that
 *   lets the server's clock skip while work still holds it (seen with pings
 *   2 s apart: a 60 s sleep under a held lock returned after 14 s with the
 *   clock 67 s on). The client connection here sends no pings: the server is
 *   a child process on loopback, whose death we learn from its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
// The SDK's own switch for the test service on a connection (what TestWorkflowEnvironment uses).
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testServer } from '../config/paths';
import { say } from '../config/language';
import { freePort, portOpen } from './dev-server';
import { secondsFromEnv, UserError } from './user-error';

/** How long the JVM may take to open its port (RECTIFY_TEST_SERVER_START_SECONDS). */
export const DEFAULT_TEST_SERVER_START_SECONDS = 90;

export interface TestServerProcess {
  address: string;
  pid: number;
  /** Kills the JVM (SIGKILL: it keeps nothing) and waits for it to be gone. */
  stop(): Promise<void>;
}

const startSeconds = (): number => secondsFromEnv('RECTIFY_TEST_SERVER_START_SECONDS', DEFAULT_TEST_SERVER_START_SECONDS);

/** The last bytes of what the server printed, for an error message. */
function tail(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text.length > 1500 ? `…${text.slice(-1500)}` : text;
}

/**
 * Starts the test server on a free loopback port and waits until it answers,
 * at most RECTIFY_TEST_SERVER_START_SECONDS (default 90 s).
 */
export async function startTestServer(): Promise<TestServerProcess> {
  const executable = testServer();
  if (!executable) {
    throw new UserError(say('时间跳跃测试服务器尚未安装：请运行 `npm run setup`（需要 Java 17 和 Maven）',
      'the time-skipping test server is not set up: run `npm run setup` (needs Java 17 and Maven)'), 1);
  }
  const bound = startSeconds();
  const port = await freePort();
  // Nothing on our stdout (simulate prints its events there); what it prints goes to stderr and is kept for errors.
  const child: ChildProcess = spawn(executable, [String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const printed: Buffer[] = [];
  const keep = (b: Buffer): void => { printed.push(b); if (printed.length > 64) printed.shift(); };
  child.stdout?.on('data', (b: Buffer) => { keep(b); process.stderr.write(b); });
  child.stderr?.on('data', (b: Buffer) => { keep(b); process.stderr.write(b); });
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exited = signal ? `signal ${signal}` : `code ${code}`; resolve(); }));
  // If rectify itself ends first (an error, Ctrl-C), the JVM must not stay behind.
  const orphan = (): void => { if (exited === undefined) child.kill('SIGKILL'); };
  process.once('exit', orphan);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', orphan);
    if (exited === undefined) child.kill('SIGKILL');
    await gone;
  };
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + bound * 1000;
  for (;;) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 250))]);
    if (failed) {
      await stop();
      throw new UserError(say(`无法运行时间跳跃测试服务器 ${executable}：${failed.message}。请运行 \`npm run setup\`（需要 Java 17），或用 RECTIFY_TEST_SERVER 指定其路径`,
        `cannot run the time-skipping test server ${executable}: ${failed.message}. Run \`npm run setup\` (needs Java 17), or give its path in RECTIFY_TEST_SERVER`), 1);
    }
    if (exited !== undefined) {
      throw new UserError(say(`时间跳跃测试服务器 ${executable} 启动时退出（${exited}）；它需要 PATH 上的 java（Java 17）和 .tools/test-server/lib 中的 jar（npm run setup）。它的输出：\n${tail(printed)}`,
        `the time-skipping test server ${executable} exited while starting (${exited}); it needs java (Java 17) on PATH and the jars in .tools/test-server/lib (npm run setup). It printed:\n${tail(printed)}`), 1);
    }
    if (await portOpen(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new UserError(say(`时间跳跃测试服务器 ${executable} 在 ${bound} 秒内未打开端口 ${port}（机器负载过高？可设置 RECTIFY_TEST_SERVER_START_SECONDS）。它的输出：\n${tail(printed) || '（无）'}`,
        `the time-skipping test server ${executable} did not open port ${port} within ${bound} s (machine overloaded? set RECTIFY_TEST_SERVER_START_SECONDS). It printed:\n${tail(printed) || '(nothing)'}`), 1);
    }
  }
  return { address: `127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
}

/** The client side of TestWorkflowEnvironment over a test server started here (its constructor is the SDK's). */
class OwnTestServerEnvironment extends TestWorkflowEnvironment {
  static async over(address: string): Promise<TestWorkflowEnvironment> {
    const testService = { [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
    const nativeConnection = await NativeConnection.connect({ address, ...testService });
    const connection = await Connection.connect({
      address, ...testService,
      // No keepalive pings (see the top of this file): the test server would answer too_many_pings.
      channelArgs: { 'grpc.keepalive_time_ms': -1, 'grpc.keepalive_permit_without_calls': 0 },
    });
    const options: TestWorkflowEnvironment['options'] = { server: { type: 'existing' }, client: {}, plugins: [] };
    return new OwnTestServerEnvironment(Runtime.instance(), options, true, 'existing', connection, nativeConnection, 'default', address);
  }
}

export interface TimeSkippingEnvironment {
  env: TestWorkflowEnvironment;
  server: TestServerProcess;
  /** Closes the connections and kills the server. */
  teardown(): Promise<void>;
}

/** A time-skipping environment over a test server started with startTestServer (stopped here if connecting fails). */
export async function openTimeSkippingEnvironment(server: TestServerProcess): Promise<TimeSkippingEnvironment> {
  let env: TestWorkflowEnvironment;
  try {
    env = await OwnTestServerEnvironment.over(server.address);
  } catch (err) {
    await server.stop();
    // Not the CLI's "cannot reach Temporal at localhost:7233 … set TEMPORAL_ADDRESS": this server is our own child.
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UserError(say(`无法连接刚启动的时间跳跃测试服务器 ${server.address}：${why}`,
      `cannot connect to the time-skipping test server just started at ${server.address}: ${why}`), 1);
  }
  return {
    env, server,
    teardown: async () => {
      // The server first: nothing then waits on an answer it would never send.
      await server.stop();
      await env.teardown();
    },
  };
}
