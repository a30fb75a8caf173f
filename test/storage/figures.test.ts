/**
 * Figures entered on this device: stored through the store (IndexedDB), encrypted with the households when the
 * device lock is on, unreadable while locked, damaged rows never used, and exported/imported with the caseload.
 */
import { describe, expect, it } from 'vitest';
import { isSealed } from '../../src/storage/backend';
import { LockedError } from '../../src/storage/errors';
import { createMemoryStore } from '../../src/storage/memory-store';
import { applyImport, exportProfiles, ImportError, parseExport } from '../../src/storage/transfer';
import type { LocalFigure } from '../../src/storage/types';
import { FAST, freshStore, makeProfile, rawRows, rawText, reopen } from './helpers';

const figure = (i: number, over: Partial<LocalFigure> = {}): LocalFigure => ({
  id: `f${i}`,
  region: 'cn-530627',
  code: '530627',
  param: i === 1 ? 'dibao.standard.rural' : 'dibao.standard.urban',
  from: '2025-07-01',
  value: 800 + i,
  strength: 'local',
  entered: { at: '2026-12-02', source: '镇雄县民政局 2025年7月 公告' },
  ...over,
});

describe('figures entered on this device', () => {
  it('round-trips through IndexedDB and survives reopening', async () => {
    const { store, idb, name } = freshStore(FAST);
    await store.putFigures([figure(1), figure(2)]);
    expect(await store.listFigures()).toEqual([figure(1), figure(2)].sort((a, b) => (a.param < b.param ? -1 : 1)));
    store.close();
    const again = reopen(idb, name, FAST);
    expect((await again.listFigures()).map((f) => f.id).sort()).toEqual(['f1', 'f2']);
    await again.deleteFigures(['f1']);
    expect((await again.listFigures()).map((f) => f.id)).toEqual(['f2']);
  });

  it('is encrypted at rest with the device lock, unreadable while locked, and the same after unlocking', async () => {
    const { store, idb, name } = freshStore(FAST);
    await store.putFigures([figure(1)]);
    await store.setPassphrase('村里的密码 2025');
    await store.putFigures([figure(2)]);
    for (const row of await rawRows(idb, name, 'figures')) expect(isSealed(row)).toBe(true);
    const text = await rawText(idb, name);
    // The amount as JSON would hold it (`"value":801`): a bare "801" also turns up in random key ids now and then.
    for (const secret of ['镇雄县民政局', 'dibao.standard', '530627', '"value":801']) expect(text, secret).not.toContain(secret);
    store.lock();
    await expect(store.listFigures()).rejects.toBeInstanceOf(LockedError);
    await expect(store.putFigures([figure(3)])).rejects.toBeInstanceOf(LockedError);
    store.close();
    const again = reopen(idb, name, FAST);
    expect((await again.unlock('村里的密码 2025')).ok).toBe(true);
    expect((await again.listFigures()).map((f) => f.value).sort()).toEqual([801, 802]);
    // Removing the passphrase brings them back to the clear, like the households.
    await again.removePassphrase('村里的密码 2025');
    for (const row of await rawRows(idb, name, 'figures')) expect(isSealed(row)).toBe(false);
  });

  it('refuses to save a figure that is not one, and leaves a damaged stored row out', async () => {
    const store = createMemoryStore();
    await store.open();
    await expect(store.putFigures([figure(1, { from: '2025-13-01' })])).rejects.toThrow(/from must be a date/);
    await expect(store.putFigures([figure(1, { value: -5 })])).rejects.toThrow(/value/);
    await expect(store.putFigures([figure(1, { entered: { at: '2026-12-02', source: ' ' } })])).rejects.toThrow(/source/);
    expect(await store.listFigures()).toEqual([]);
  });

  it('goes out and comes back with the caseload export, without overwriting a figure already here', async () => {
    const from = createMemoryStore(FAST);
    await from.open();
    await from.putProfiles([makeProfile(1)]);
    await from.putFigures([figure(1), figure(2)]);
    const text = await exportProfiles(from, { passphrase: '导出密码 123', ...FAST });
    const to = createMemoryStore(FAST);
    await to.open();
    await to.putFigures([figure(2, { value: 999 })]);
    const preview = await parseExport(text, '导出密码 123', to);
    expect(preview.figures.map((f) => f.id)).toEqual(['f1', 'f2']);
    const result = await applyImport(to, preview);
    expect(result.figuresAdded).toBe(1);
    expect((await to.listFigures()).map((f) => [f.id, f.value]).sort()).toEqual([['f1', 801], ['f2', 999]]);
  });

  it('refuses an export file with a broken figure and changes nothing', async () => {
    const store = createMemoryStore();
    await store.open();
    const file = { format: 'huimin-export', formatVersion: 1, exportedAt: '2026-12-02T00:00:00Z', profiles: [], figures: [{ ...figure(1), strength: 'official' }] };
    await expect(parseExport(JSON.stringify(file), undefined, store)).rejects.toBeInstanceOf(ImportError);
    expect(await store.listFigures()).toEqual([]);
  });
});
