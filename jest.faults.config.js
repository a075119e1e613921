/** `npm run test:faults`: the long fault tests (test/faults/), run by .ci/run after `npm test`. */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/faults'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 600000 };
