import { describe, expect, it } from 'vitest';
import { MIN_PBKDF2_ITERATIONS } from '../../src/storage/crypto';
import { createMemoryStore } from '../../src/storage/memory-store';
import {
  EXPORT_FORMAT, ImportError, applyImport, exportFileName, exportProfiles, parseExport, type EncryptedExportFile, type ExportFile,
} from '../../src/storage/transfer';
import type { HuiminStore, Profile } from '../../src/storage/types';
import { FAST, freshStore, makeProfile } from './helpers';

async function storeWith(ps: Profile[]): Promise<HuiminStore> {
  const s = createMemoryStore(FAST);
  await s.putProfiles(ps);
  return s;
}

async function importError(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

async function snapshot(s: HuiminStore): Promise<Profile[]> {
  const list = await s.listProfiles();
  return Promise.all(list.map(async (x) => (await s.getProfile(x.id))!));
}

const sortById = (ps: Profile[]) => [...ps].sort((a, b) => a.id.localeCompare(b.id));

describe('export', () => {
  it('writes every profile (most recent first) or the chosen ones, with format and version', async () => {
    const ps = [makeProfile(1), makeProfile(2), makeProfile(3)];
    const s = await storeWith(ps);
    const all = JSON.parse(await exportProfiles(s, { now: () => new Date('2025-08-03T01:02:03.000Z') })) as ExportFile;
    expect(all).toEqual({ format: 'huimin-export', formatVersion: 1, exportedAt: '2025-08-03T01:02:03.000Z', profiles: [ps[2], ps[1], ps[0]] });
    const some = JSON.parse(await exportProfiles(s, { ids: ['p0001', 'p0003'] })) as ExportFile;
    expect(some.profiles).toEqual([ps[0], ps[2]]);
    await expect(exportProfiles(s, { ids: ['missing'] })).rejects.toThrow(/missing/);
    expect(exportFileName(new Date('2025-08-03T01:00:00Z'))).toBe('huimin-export-2025-08-03.json');
  });

  it('encrypted files hold only kdf, iv and ciphertext; no fact in the clear', async () => {
    const s = await storeWith([makeProfile(1)]);
    const text = await exportProfiles(s, { passphrase: '文件密码', ...FAST });
    const f = JSON.parse(text) as EncryptedExportFile;
    expect(Object.keys(f).sort()).toEqual(['ciphertext', 'encrypted', 'format', 'formatVersion', 'iv', 'kdf']);
    expect(f).toMatchObject({ format: EXPORT_FORMAT, formatVersion: 1, encrypted: true, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1000 } });
    expect(Buffer.from(f.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(f.iv, 'base64')).toHaveLength(12);
    for (const secret of ['王大爷家', '白沙村', 'household', 'p0001']) expect(text).not.toContain(secret);
  });

  it('encrypted export uses at least 600,000 PBKDF2 iterations by default, and records the count', async () => {
    const s = await storeWith([makeProfile(1)]);
    const f = JSON.parse(await exportProfiles(s, { passphrase: 'pw' })) as EncryptedExportFile;
    expect(f.kdf.iterations).toBe(MIN_PBKDF2_ITERATIONS);
    expect(f.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    expect((await parseExport(JSON.stringify(f), 'pw')).profiles).toEqual([makeProfile(1)]);
  });
});

describe('import', () => {
  const ps = Array.from({ length: 6 }, (_, i) => makeProfile(i));
  ps[1] = makeProfile(1, { lastResult: undefined, notes: [], applications: {} });
  delete ps[1].lastResult;

  it('plain export → import into an empty device is lossless', async () => {
    const text = await exportProfiles(await storeWith(ps));
    const target = createMemoryStore();
    const preview = await parseExport(text, undefined, target);
    expect(preview.conflicts).toEqual([]);
    expect(sortById(preview.profiles)).toEqual(sortById(ps));
    expect(await applyImport(target, preview, {})).toEqual({ added: preview.profiles.map((p) => p.id), replaced: [], kept: [] });
    expect(sortById(await snapshot(target))).toEqual(sortById(ps));
  });

  it('encrypted export → import (also into an encrypted IndexedDB store) is lossless', async () => {
    const text = await exportProfiles(await storeWith(ps), { passphrase: '文件密码', ...FAST });
    const { store: target } = freshStore(FAST);
    await target.setPassphrase('device');
    const preview = await parseExport(text, '文件密码', target);
    await applyImport(target, preview);
    expect(sortById(await snapshot(target))).toEqual(sortById(ps));
  });

  it('a wrong passphrase, a missing one, or changed bytes are refused and change nothing', async () => {
    const existing = [makeProfile(40)];
    const target = await storeWith(existing);
    const text = await exportProfiles(await storeWith(ps), { passphrase: 'right', ...FAST });
    const wrong = await importError(parseExport(text, 'wrong', target));
    expect(wrong.code).toBe('wrong-passphrase');
    expect(wrong.zh).toMatch(/密码错误/);
    expect(wrong.en).toMatch(/Wrong passphrase/);
    expect((await importError(parseExport(text, undefined, target))).code).toBe('passphrase-required');
    const f = JSON.parse(text) as EncryptedExportFile;
    const bytes = Buffer.from(f.ciphertext, 'base64');
    bytes[5]! ^= 1;
    expect((await importError(parseExport(JSON.stringify({ ...f, ciphertext: bytes.toString('base64') }), 'right'))).code).toBe('wrong-passphrase');
    expect((await importError(parseExport(JSON.stringify({ ...f, kdf: { ...f.kdf, iterations: 1e9 } }), 'right'))).code).toBe('invalid-file');
    expect((await importError(parseExport(JSON.stringify({ ...f, iv: '***' }), 'right'))).code).toBe('invalid-file');
    expect(await snapshot(target)).toEqual(existing);
  });

  it('says why a file is refused, in Chinese and English', async () => {
    const cases: [string, string, RegExp, RegExp][] = [
      ['{"format": "huimin-export", ', 'malformed-json', /损坏/, /damaged/],
      ['[1,2]', 'not-huimin', /不是惠民/, /not a Huimin/],
      [JSON.stringify({ format: 'other', profiles: [] }), 'not-huimin', /不是惠民/, /not a Huimin/],
      [JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 2, profiles: [] }), 'unsupported-version', /较新版本/, /newer Huimin/],
      [JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 0, profiles: [] }), 'unsupported-version', /不支持/, /Unsupported/],
      [JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 1, exportedAt: '2025-08-01T00:00:00Z' }), 'invalid-file', /缺少档案列表/, /missing/],
    ];
    for (const [text, code, zh, en] of cases) {
      const e = await importError(parseExport(text));
      expect(e.code, text).toBe(code);
      expect(e.zh, text).toMatch(zh);
      expect(e.en, text).toMatch(en);
      expect(e.message).toBe(`${e.zh} / ${e.en}`);
    }
  });

  it('names the exact field of an invalid household, e.g. profiles[3].household.members[0].age', async () => {
    const bad = ps.map((p) => structuredClone(p));
    (bad[3]!.household.members[0] as { age: unknown }).age = 200;
    const text = JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 1, exportedAt: '2025-08-01T00:00:00Z', profiles: bad });
    const target = await storeWith([]);
    const e = await importError(parseExport(text, undefined, target));
    expect(e.code).toBe('invalid-household');
    expect(e.path).toBe('profiles[3].household.members[0].age');
    expect(e.zh).toBe('无法导入：第4条档案的家庭资料有误：第1位家庭成员的年龄：应在 0 到 130 之间');
    expect(e.en).toBe("Cannot import: profile 4, household: member 1: age: must be between 0 and 130");
    expect(await target.listProfiles()).toEqual([]);
  });

  it('checks profile fields and lists every problem', async () => {
    const bad: unknown[] = [
      { ...ps[0], id: '' },
      { ...ps[1], updatedAt: 'yesterday', followUp: 'yes' },
      { ...ps[2], notes: [{ id: 'n', date: '2025-02-30', text: 'x' }], applications: { dibao: 'maybe' } },
      { ...ps[3], lastResult: { programmes: 'none' } },
      { ...ps[4], household: undefined },
      'not a profile',
    ];
    const text = JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 1, exportedAt: '2025-08-01T00:00:00Z', profiles: bad });
    const e = await importError(parseExport(text));
    expect(e.problems.map((p) => p.path)).toEqual([
      'profiles[0].id',
      'profiles[1].updatedAt',
      'profiles[1].followUp',
      'profiles[2].notes[0]',
      'profiles[2].applications.dibao',
      'profiles[3].lastResult',
      'profiles[4].household',
      'profiles[5]',
    ]);
    expect(e.en).toMatch(/and 7 more/);
  });

  it('refuses a file with the same id twice', async () => {
    const text = JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 1, exportedAt: '2025-08-01T00:00:00Z', profiles: [ps[0], ps[0]] });
    const e = await importError(parseExport(text));
    expect(e.code).toBe('duplicate-id');
    expect(e.path).toBe('profiles[1].id');
  });

  describe('conflicts', () => {
    const older = makeProfile(1, { name: '旧的', updatedAt: '2025-01-01T00:00:00.000Z' });
    const newer = makeProfile(1, { name: '新的', updatedAt: '2025-09-01T00:00:00.000Z' });

    async function setup(existing: Profile, incoming: Profile[]) {
      const target = await storeWith([existing, makeProfile(9)]);
      const text = await exportProfiles(await storeWith(incoming));
      return { target, preview: await parseExport(text, undefined, target) };
    }

    it('lists conflicting households with both versions and never overwrites without a decision', async () => {
      const { target, preview } = await setup(older, [newer, makeProfile(2)]);
      expect(preview.conflicts).toEqual([{ incoming: newer, existing: older, identical: false }]);
      const e = await importError(applyImport(target, preview, {}));
      expect(e.code).toBe('missing-decision');
      expect(sortById(await snapshot(target))).toEqual([older, makeProfile(9)]); // not even the new one was added
    });

    it('replace', async () => {
      const { target, preview } = await setup(newer, [older]);
      expect(await applyImport(target, preview, { p0001: 'replace' })).toEqual({ added: [], replaced: ['p0001'], kept: [] });
      expect(await target.getProfile('p0001')).toEqual(older);
    });

    it('keep-existing', async () => {
      const { target, preview } = await setup(older, [newer]);
      expect(await applyImport(target, preview, { p0001: 'keep-existing' })).toEqual({ added: [], replaced: [], kept: ['p0001'] });
      expect(await target.getProfile('p0001')).toEqual(older);
    });

    it('keep-newer, either way round', async () => {
      const a = await setup(older, [newer]);
      expect((await applyImport(a.target, a.preview, { p0001: 'keep-newer' })).replaced).toEqual(['p0001']);
      expect(await a.target.getProfile('p0001')).toEqual(newer);
      const b = await setup(newer, [older]);
      expect((await applyImport(b.target, b.preview, { p0001: 'keep-newer' })).kept).toEqual(['p0001']);
      expect(await b.target.getProfile('p0001')).toEqual(newer);
    });

    it('keep-both saves the incoming household under a new id', async () => {
      const { target, preview } = await setup(older, [newer]);
      const r = await applyImport(target, preview, { p0001: 'keep-both' });
      expect(r.added).toHaveLength(1);
      expect(r.added[0]).toMatch(/^p0001-/);
      expect(await target.getProfile('p0001')).toEqual(older);
      expect(await target.getProfile(r.added[0]!)).toEqual({ ...newer, id: r.added[0] });
      expect(await target.listProfiles()).toHaveLength(3);
    });

    it('an identical household needs no decision and is left as it is', async () => {
      const { target, preview } = await setup(older, [older]);
      expect(preview.conflicts).toEqual([{ incoming: older, existing: older, identical: true }]);
      expect(await applyImport(target, preview)).toEqual({ added: [], replaced: [], kept: ['p0001'] });
      // Same on IndexedDB: importing nothing new is not a storage failure.
      const { store } = freshStore();
      await store.putProfile(older);
      expect((await applyImport(store, await parseExport(await exportProfiles(store), undefined, store))).kept).toEqual(['p0001']);
      expect(store.status().mode).toBe('indexeddb');
    });
  });
});
