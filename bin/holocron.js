#!/usr/bin/env node
const { main } = await import('../dist/bundle/cli.js');
await main(process.argv);
