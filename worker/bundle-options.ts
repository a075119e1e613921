/**
 * How the workflow bundle is built, the same for the prebuilt bundle
 * (scripts/build-workflow-bundle.ts) and a worker that bundles from the
 * sources (tests without a build).
 *
 * preloadModules: modules evaluated once in the worker's reusable V8 context
 * and shared by every workflow, instead of once per workflow. A city's start
 * creates 10,000 item workflows, and every cached one held its own copy.
 * Only stateless modules may be listed (the SDK deep-freezes them): the
 * workflow API itself, zod and rectify's payload schemas (built on the
 * first update any workflow validates, then shared: before, every item that
 * got a report evaluated a megabyte of zod of its own), and rectify's pure
 * rules, words, limits, desks and message definitions; and the workflows
 * themselves with the domain modules they import (no module state: every
 * workflow's state lives in its function's closure), 15 KiB less per cached
 * workflow (issue 18; bench/worker-memory.ts).
 */
export const PRELOADED_WORKFLOW_MODULES: string[] = [
  '@temporalio/workflow',
  'zod',
  require.resolve('../domain/payloads'),
  require.resolve('../domain/i18n'),
  require.resolve('../domain/rules'),
  require.resolve('../domain/limits'),
  require.resolve('../domain/desks'),
  require.resolve('../workflows/messages'),
  require.resolve('../workflows'),
];
