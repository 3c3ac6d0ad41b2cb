#!/usr/bin/env node
// React (under Ink) picks its build when first loaded; unset NODE_ENV means the
// development build, whose renders of the live progress board cost about twice
// the CPU, taken from the scrape they report on.
process.env.NODE_ENV ??= 'production';
const { main } = await import('../dist/bundle/cli.js');
await main(process.argv);
