import fs from 'node:fs';
import path from 'node:path';

/** Writes bytes as `<dir>/TradeSkillMaster.lua` (writable, even when copied from a read-only sample). */
export function tmpFile(dir: string, bytes: Buffer): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'TradeSkillMaster.lua');
  fs.writeFileSync(file, bytes, { mode: 0o644 });
  return file;
}

/** `<wow>/_<flavour>_/WTF/Account/<account>/SavedVariables/TradeSkillMaster.lua`. */
export function wowAccountFile(wowDir: string, account: string, bytes: Buffer, flavour = 'retail'): string {
  return tmpFile(path.join(wowDir, `_${flavour}_`, 'WTF', 'Account', account, 'SavedVariables'), bytes);
}
