import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, courierTarget, flavourFolderName, isSafeCourierName } from '../../src/core/bridge/layout.js';

const WOW = 'C:\\Program Files (x86)\\World of Warcraft';

describe('bridge paths on Windows', () => {
  it('classifies SavedVariables and combat logs under a Windows game folder', () => {
    expect(classify(path.win32, WOW, `${WOW}\\_retail_\\WTF\\Account\\12345678#1\\SavedVariables\\DataStore.lua`)).toEqual({
      path: `${WOW}\\_retail_\\WTF\\Account\\12345678#1\\SavedVariables\\DataStore.lua`,
      name: 'DataStore.lua',
      flavour: '_retail_',
      account: '12345678#1',
      kind: 'savedvariables',
    });
    expect(classify(path.win32, WOW, `${WOW}\\_classic_era_\\Logs\\WoWCombatLog-120125_203015.txt`)).toMatchObject({ flavour: '_classic_era_', account: 'default', kind: 'combatlog' });
  });

  it('takes the folder names in any case and with forward slashes, as Windows does', () => {
    const file = 'c:/program files (x86)/world of warcraft/_retail_/wtf/account/ABC/savedvariables/Syndicator.lua';
    expect(classify(path.win32, WOW.toLowerCase(), file)).toMatchObject({ account: 'ABC', name: 'Syndicator.lua', kind: 'savedvariables' });
  });

  it('leaves out what the game keeps beside its saves and per-character files', () => {
    const sv = `${WOW}\\_retail_\\WTF\\Account\\ABC\\SavedVariables`;
    for (const file of [`${sv}\\DataStore.lua.bak`, `${sv}\\DataStore.lua.tmp`, `${sv}\\Blizzard_Console.txt`, `${WOW}\\_retail_\\WTF\\Account\\ABC\\Realm\\Char\\SavedVariables\\X.lua`, `${WOW}\\_retail_\\Logs\\FrameXML.log`, `${WOW}\\Launcher\\WTF\\Account\\A\\SavedVariables\\X.lua`, 'D:\\elsewhere\\_retail_\\Logs\\WoWCombatLog.txt']) {
      expect(classify(path.win32, WOW, file), file).toBeUndefined();
    }
  });

  it('classifies the same layout on Linux and macOS', () => {
    expect(classify(path.posix, '/mnt/wow', '/mnt/wow/_retail_/WTF/Account/ABC/SavedVariables/TradeSkillMaster.lua')).toMatchObject({ flavour: '_retail_', account: 'ABC' });
  });

  it('puts courier files in the Data folder and refuses names that could leave it', () => {
    const addon = `${WOW}\\_retail_\\Interface\\AddOns\\Holocron`;
    expect(courierTarget(path.win32, addon, 'Holocron_Index.lua')).toBe(`${addon}\\Data\\Holocron_Index.lua`);
    for (const name of ['..\\..\\evil.lua', '../evil.lua', 'a/b.lua', 'a\\b.lua', 'C:evil.lua', '', '.hidden', 'CON', 'nul.lua', 'x..lua', 'ü.lua']) {
      expect(isSafeCourierName(name), name).toBe(false);
      expect(() => courierTarget(path.win32, addon, name)).toThrow(/unsafe name/);
    }
    expect(isSafeCourierName('Holocron_Pricing-us.lua')).toBe(true);
  });

  it('reads --flavour as retail or _retail_', () => {
    expect(flavourFolderName('retail')).toBe('_retail_');
    expect(flavourFolderName(' _classic_ ')).toBe('_classic_');
    expect(() => flavourFolderName('../x')).toThrow(/--flavour/);
  });
});
