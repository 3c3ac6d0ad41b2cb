/**
 * Is the game running? The client rewrites SavedVariables at logout and
 * /reload, so an edit made while it runs is lost. Checked where it is cheap:
 * /proc on Linux (Wine/Proton show the .exe name), tasklist on Windows, ps on
 * macOS. `null` when this machine cannot tell (the WoW folder may be a mount
 * of another computer's: the report says so).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface WowCheck {
  running: boolean | null;
  /** The process seen, or how we could (not) look. */
  detail: string;
}

const WOW_EXE = /^(wow|wow-64|wowb|wowt|wowclassic|wowclassict|wowclassicb)\.exe$|^world of warcraft$/i;

export function detectWow(platform: NodeJS.Platform = process.platform, procDir = '/proc'): WowCheck {
  try {
    if (platform === 'linux') return fromProc(procDir);
    if (platform === 'win32') return fromList(execFileSync('tasklist', ['/FO', 'CSV', '/NH'], { encoding: 'utf8', timeout: 5000 }).split(/\r?\n/).map((l) => l.split('","')[0]!.replace(/^"/, '')));
    if (platform === 'darwin') return fromList(execFileSync('ps', ['-axco', 'command'], { encoding: 'utf8', timeout: 5000 }).split('\n'));
  } catch (error) {
    return { running: null, detail: `could not list processes (${(error as Error).message})` };
  }
  return { running: null, detail: `no process check on ${platform}` };
}

function fromList(names: string[]): WowCheck {
  const hit = names.map((n) => n.trim()).find((n) => WOW_EXE.test(n));
  return hit ? { running: true, detail: hit } : { running: false, detail: 'no WoW process' };
}

function fromProc(procDir: string): WowCheck {
  for (const pid of fs.readdirSync(procDir)) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`${procDir}/${pid}/cmdline`, 'latin1');
    } catch {
      continue; // gone, or not ours to read
    }
    const exe = cmdline.split('\0')[0] ?? '';
    const base = exe.split(/[\\/]/).pop() ?? '';
    if (WOW_EXE.test(base)) return { running: true, detail: `${base} (pid ${pid})` };
  }
  return { running: false, detail: 'no WoW process' };
}
