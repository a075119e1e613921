/**
 * The simulation's client connection to the Java test server is not dropped
 * for "excess pings" (issue 17: a stalled `simulate … --out` printed gRPC
 * "rejected by server because of excess pings" for 15 minutes). The test
 * server's grpc-java allows no keepalive pings on a connection without calls;
 * the SDK's client pinged every 30 s regardless, so a client connection left
 * without a call for about 90 s got GOAWAY too_many_pings (and a call open at
 * that moment was retried). Long (130 s of idle connection): here, in faults/.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const TEST_SERVER_JS = path.join(__dirname, '..', '..', 'dist', 'runtime', 'test-server.js');

test('a client connection left without a call for 130 s is not rejected for excess pings, and still answers', () => {
  // A real process: the test server started the way simulate starts it, then nothing asked of it for 130 s.
  const program = `
    const { startTestServer, openTimeSkippingEnvironment } = require(${JSON.stringify(TEST_SERVER_JS)});
    (async () => {
      const { env, teardown } = await openTimeSkippingEnvironment(await startTestServer());
      await new Promise((r) => setTimeout(r, 130000));
      console.log('clock ' + (await env.currentTimeMs()));
      await teardown();
      process.exit(0);
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8', timeout: 400000, killSignal: 'SIGKILL' });
  // Before (TestWorkflowEnvironment.createTimeSkipping, pings every 30 s): "rejected by server because of excess pings" at about 90 s.
  expect(r.stderr).not.toMatch(/excess pings|too_many_pings|ENHANCE_YOUR_CALM/);
  expect(r.stdout).toMatch(/^clock \d+$/m);
  expect(r.status).toBe(0);
}, 420000);
