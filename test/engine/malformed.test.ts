/**
 * One wording for malformed input in both languages (engine/malformed.ts), used by the engine's guard for a
 * household and by the region-file reader: what, where (the path), what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate, InvalidHouseholdError } from '../../src/engine/evaluate';
import { HOUSEHOLD, malformedText, REGION_FILE } from '../../src/engine/malformed';

describe('malformedText', () => {
  it('names what, where and the problem, in Chinese and in English', () => {
    expect(malformedText(HOUSEHOLD, 'members[1]', { zh: '应为一个对象', en: 'must be an object' })).toEqual({
      zh: '家庭资料格式有误（members[1]）：应为一个对象',
      en: 'malformed household at members[1]: must be an object',
    });
    expect(malformedText(REGION_FILE, '', { zh: '缺少地区', en: 'no region' })).toEqual({
      zh: '地区数据文件格式有误（整体）：缺少地区',
      en: 'malformed region file at the top: no region',
    });
  });

  it("is the engine guard's wording: a member that is not an object", () => {
    const cp = compilePack(loadPackFromDisk());
    let error: unknown;
    try {
      evaluate({ version: 1, region: 'cn-gd-jiangmen', members: [{ relation: 'self' }, 7] } as never, cp, { date: '2025-08-01' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidHouseholdError);
    const e = error as InvalidHouseholdError;
    expect({ zh: e.zh, en: e.en }).toEqual(malformedText(HOUSEHOLD, 'members[1]', { zh: '应为一个对象', en: 'must be an object' }));
    expect(e.path).toBe('members[1]');
  });
});
