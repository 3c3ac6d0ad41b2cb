/**
 * Reads the text the SimulationCraft addon's /simc window gives. The checksum
 * is verified first, on the bytes: an export that was edited or cut off is
 * rejected (DataError, exit 65) with the line that shows it, never half-read.
 * Bytes that are not UTF-8 (a name from an old client) are decoded with
 * U+FFFD in their place; the checksum still covers what was sent.
 */
import { DataError } from '../../errors.js';
import { verifyChecksum } from './checksum.js';
import { isItemLine, parseItemLine } from './item-line.js';
import { SIMC_CLASSES, type SimcExport, type SimcHeader, type SimcItem } from './model.js';

const HEADER = /^# (.+?) - (.+) - (\d{4}-\d\d-\d\d \d\d:\d\d) - ([^/]+)\/(.*)$/;
const ITEM_COMMENT = /^(.*) \((\d+)\)$/;

type Section = 'main' | 'bags' | 'vault' | 'additional' | 'offspec' | 'other';

/** Whether the start of a file looks like a /simc export (ingest sniffs with this). */
export function looksLikeSimcExport(head: Buffer): boolean {
  const text = head.subarray(0, 2048).toString('utf8').replace(/^\uFEFF/, '');
  return /^# SimC Addon /m.test(text) && /^[a-z_]+="[^"]*"\s*$/m.test(text);
}

export function readSimcExport(bytes: Buffer, source: string): SimcExport {
  const verified = verifyChecksum(bytes, source);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(verified.body);
  if (text.includes('\0')) throw new DataError(`${source}:${lineOf(text, text.indexOf('\0'))}: a NUL byte: not a /simc export`);
  const state = new ExportBuilder(source);
  text.split('\n').forEach((raw, index) => state.line(raw.replace(/\r$/, ''), index + 1));
  const result = state.finish(verified.checksum, verified.line);
  if (text.includes('\uFFFD') && !verified.body.includes(Buffer.from('\uFFFD'))) {
    result.notes.push('some bytes are not UTF-8 (an old client?); they read as U+FFFD');
  }
  if (verified.crlfNormalised) result.notes.push('the checksum matched once "\\r\\n" was read as "\\n" (a Windows copy)');
  return result;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

class ExportBuilder {
  private section: Section = 'main';
  private readonly out: Omit<SimcExport, 'checksum' | 'checksumLine' | 'className' | 'characterName'> & { className?: string; characterName?: string } = {
    professions: [],
    loadouts: [],
    options: {},
    equipped: [],
    bags: [],
    vault: [],
    additional: {},
    notes: [],
  };
  private pendingName: { name: string; itemLevel: number } | undefined;
  private pendingUpgrade: string | undefined;
  private pendingLoadout: string | undefined;
  private offspecName: string | undefined;

  constructor(private readonly source: string) {}

  line(text: string, n: number): void {
    if (text.trim() === '') {
      this.pendingName = undefined;
      return;
    }
    if (text.startsWith('###')) return this.heading(text.slice(3).trim());
    if (text.startsWith('#')) return this.comment(text === '#' ? '' : text.replace(/^# ?/, ''), n);
    this.option(text, n);
  }

  private heading(title: string): void {
    this.pendingName = undefined;
    if (title === 'Gear from Bags') this.section = 'bags';
    else if (title === 'Weekly Reward Choices') this.section = 'vault';
    else if (title === 'End of Weekly Reward Choices') this.section = 'other';
    else if (title === 'Additional Character Info') this.section = 'additional';
    else if (title.startsWith('Offspec Loadouts:')) {
      this.section = 'offspec';
      this.offspecName = title.slice('Offspec Loadouts:'.length).trim();
    } else this.section = 'other'; // Merchant items, Linked gear: not the character's
  }

  private comment(text: string, n: number): void {
    if (n === 1) return this.header(text);
    const version = /^SimC Addon (\S+)/.exec(text);
    if (version) return void (this.out.addonVersion = version[1]);
    const wow = /^WoW (\d+\.\d+\.\d+)\.(\d+), TOC (\d+)/.exec(text);
    if (wow) {
      this.out.wowVersion = wow[1]!;
      this.out.wowBuild = Number(wow[2]);
      this.out.toc = Number(wow[3]);
      return;
    }
    if (text.startsWith('loot_spec=')) return void (this.out.lootSpec = text.slice('loot_spec='.length));
    const loadout = /^(Saved|Offspec) Loadout: (.*)$/.exec(text);
    if (loadout) return void (this.pendingLoadout = loadout[2]!);
    const talents = /^(talents|offspec_talents)=(.+)$/.exec(text);
    if (talents && this.pendingLoadout !== undefined) {
      const kind = talents[1] === 'offspec_talents' ? 'offspec' : 'saved';
      this.out.loadouts.push({ kind, name: this.pendingLoadout, talents: talents[2]!, ...(kind === 'offspec' && this.offspecName && { spec: this.offspecName }) });
      this.pendingLoadout = undefined;
      return;
    }
    if (text.startsWith('upgrade_levels=')) return void (this.pendingUpgrade = text);
    if (this.section === 'additional') {
      const eq = text.indexOf('=');
      if (eq > 0) this.out.additional[text.slice(0, eq)] = text.slice(eq + 1);
      return;
    }
    if ((this.section === 'bags' || this.section === 'vault') && isItemLine(text)) {
      this.out[this.section].push(this.item(text, n));
      return;
    }
    const named = ITEM_COMMENT.exec(text);
    if (named) this.pendingName = { name: named[1]!, itemLevel: Number(named[2]) };
    else if (text === '') this.pendingName = undefined;
  }

  private header(text: string): void {
    const match = HEADER.exec(`# ${text}`);
    if (!match) return void this.out.notes.push(`line 1 is not the addon's "# Name - Spec - date - REGION/Realm" header`);
    this.out.header = { name: match[1]!, spec: match[2]!, exportedLocal: match[3]!, region: match[4]!.toLowerCase(), realm: match[5]!.trim() } satisfies SimcHeader;
  }

  private option(text: string, n: number): void {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new DataError(`${this.source}:${n}: '${text.slice(0, 60)}' is neither a comment nor key=value: not a /simc export`);
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    // Sections are comment blocks: an active line is always the character's own (the addon writes
    // gear right after the offspec loadouts, with no heading between).
    if (this.section === 'offspec') this.section = 'main';
    if (isItemLine(text)) return void this.out.equipped.push(this.item(text, n));
    if ((SIMC_CLASSES as readonly string[]).includes(key)) {
      if (this.out.className !== undefined) throw new DataError(`${this.source}:${n}: a second character (${key}=…): paste one export at a time`);
      this.out.className = key.replace('_', '');
      this.out.characterName = value.replace(/^"(.*)"$/, '$1');
      return;
    }
    switch (key) {
      case 'level':
        this.out.level = wholeNumber(value, `${this.source}:${n}`);
        return;
      case 'race':
      case 'region':
      case 'server':
      case 'role':
      case 'spec':
      case 'talents':
        this.out[key] = value;
        return;
      case 'professions':
        this.out.professions = value
          .split('/')
          .filter((p) => p.includes('='))
          .map((p) => ({ name: p.slice(0, p.indexOf('=')), rank: Number(p.slice(p.indexOf('=') + 1)) || 0 }));
        return;
      default:
        this.out.options[key] = value;
    }
  }

  private item(text: string, n: number): SimcItem {
    const item = parseItemLine(text, n, this.source);
    if (this.pendingName) {
      item.name = this.pendingName.name;
      item.itemLevel = this.pendingName.itemLevel;
    }
    if (this.pendingUpgrade) item.upgradeLevels = this.pendingUpgrade;
    this.pendingName = undefined;
    this.pendingUpgrade = undefined;
    return item;
  }

  finish(checksum: string, checksumLine: number): SimcExport {
    const { className, characterName } = this.out;
    if (className === undefined || characterName === undefined) {
      throw new DataError(`${this.source}: no class="Name" line (warrior="…", evoker="…"): not a /simc export`);
    }
    if (characterName === '') throw new DataError(`${this.source}: the ${className}="" line names no character`);
    return { ...this.out, className, characterName, checksum, checksumLine };
  }
}

function wholeNumber(text: string, where: string): number {
  if (!/^\d{1,4}$/.test(text)) throw new DataError(`${where}: level=${text.slice(0, 20)} is not a level`);
  return Number(text);
}
