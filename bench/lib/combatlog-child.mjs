// One read of combat logs in a fresh process, for bench:combatlog: prints
// {"ms":…,"bytes":…,"lines":…,"kept":…,"peakMb":…,"baseMb":…}.
// `holocron` is the reader `holocron ingest` uses (dist/…/combatlog/reader.js)
// feeding the same digest ingest stores from; `naive` reads with readline and
// splits every line on commas, keeping the same events by name.
import fs from 'node:fs';
import readline from 'node:readline';

// `--repeat N` reads the list N times: the samples are a few hundred KB, too little to time once.
const args = process.argv.slice(2);
const repeated = args[1] === '--repeat';
const repeat = repeated ? Number(args[2]) : 1;
const [method, ...files] = repeated ? [args[0], ...args.slice(3)] : args;
// VmHWM, not getrusage's maxRSS: Linux carries ru_maxrss over exec from the parent.
const peakKb = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? process.resourceUsage().maxRSS);
const KEPT = new Set(['COMBAT_LOG_VERSION', 'ZONE_CHANGE', 'MAP_CHANGE', 'ENCOUNTER_START', 'ENCOUNTER_END', 'CHALLENGE_MODE_START', 'CHALLENGE_MODE_END', 'COMBATANT_INFO', 'UNIT_DIED']);

const baseMb = peakKb() / 1024;
const { readCombatLog } = await import(new URL('../../dist/core/skillweaver/combatlog/reader.js', import.meta.url));
const { LogDigest } = await import(new URL('../../dist/core/skillweaver/combatlog/digest.js', import.meta.url));
let bytes = 0;
let lines = 0;
let kept = 0;
const started = performance.now();
for (const file of Array.from({ length: repeat }, () => files).flat()) {
  bytes += fs.statSync(file).size;
  if (method === 'holocron') {
    const fd = fs.openSync(file, 'r');
    const digest = new LogDigest();
    const result = readCombatLog(fd, { size: fs.fstatSync(fd).size, years: { year: 2026, month: 12 }, wantedNames: digest.wantedNames }, (event, at, line) => {
      if (event.type !== 'PLAYER_NAME') kept += 1;
      digest.add(event, at, line);
    });
    digest.finish();
    fs.closeSync(fd);
    lines += result.lines;
  } else {
    const input = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    for await (const line of input) {
      lines += 1;
      const fields = line.split(',');
      const head = fields[0];
      const name = head.slice(head.indexOf('  ') + 2);
      if (KEPT.has(name) && (name !== 'UNIT_DIED' || fields[5]?.startsWith('Player-'))) kept += 1;
    }
  }
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, bytes, lines, kept, peakMb: peakKb() / 1024, baseMb }));
