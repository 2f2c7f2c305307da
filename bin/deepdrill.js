#!/usr/bin/env node
// The `deepdrill` command line; the bundle is built by `npm ci` (the `prepare` script).
require('../dist/cli.js');
