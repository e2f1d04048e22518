#!/usr/bin/env node
'use strict';
// The CLI is bundled by `npm run build`; this file only points at it.
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
