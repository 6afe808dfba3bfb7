#!/usr/bin/env node
// The `baton` command: runs the compiled CLI (built by `npm ci` through the prepare script).
import '../dist/shell/cli/main.js';
