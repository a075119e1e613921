#!/usr/bin/env node
// The rectify CLI (compiled by `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'client', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('rectify: not built yet: run `npm run build` (or `npm start`) in ' + path.join(__dirname, '..'));
  process.exit(1);
}
require(cli).main(process.argv).then((code) => { process.exitCode = code; });
