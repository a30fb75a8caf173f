/**
 * Issue 13: a damaged record never breaks the app. Every record read is checked; one that fails is moved into the
 * quarantine store (kept, never deleted), the rest reads normally and writing goes on.
 */
import { describe, expect, it } from 'vitest';
import { generateDataKey, sealJson } from '../../src/storage/crypto';
import { summarize } from '../../src/storage/store';
import { damagedDrafts, FAST, freshStore, makeDraft, makeProfile, putRawRow, rawRows, reopen } from './helpers';

describe('damaged records are moved aside, never used, never deleted', () => {
  for (const [kind, row] of damagedDrafts()) {
    it(`a draft with ${kind}: reads as no draft, is kept in quarantine, and autosave still works`, async () => {
      const { store, idb, name } = freshStore();
      await store.putProfile(makeProfile(1));
      store.close();
      await putRawRow(idb, name, 'draft', row, 'current');
      const s = reopen(idb, name);
      expect(await s.loadDraft()).toBeNull();
      const q = await s.listQuarantined();
      expect(q).toHaveLength(1);
      expect(q[0]).toMatchObject({ store: 'draft', key: 'current' });
      expect(q[0]!.reason.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(q[0]!.reason.en).toMatch(/[a-z]/);
      if (typeof row === 'object' && row !== null && 'sealed' in row) expect(q[0]!.ciphertext?.kid).toBe('0123456789abcdef');
      else expect(q[0]!.content).toEqual(row);
      expect(await rawRows(idb, name, 'draft')).toEqual([]);
      // The rest is there, and the wizard can save again.
      expect((await s.listProfiles()).map((p) => p.id)).toEqual(['p0001']);
      const d = makeDraft({ step: 'income-0' });
      await s.saveDraft(d);
      expect(await s.loadDraft()).toEqual(d);
      // Export for the office: what it was, where, why, and the content.
      const file = JSON.parse(await s.exportQuarantined(q[0]!.id)) as Record<string, unknown>;
      expect(file).toMatchObject({ format: 'huimin-damaged-record', store: 'draft', key: 'current', reason: q[0]!.reason });
      await s.discardQuarantined(q[0]!.id);
      expect(await s.listQuarantined()).toEqual([]);
    });
  }

  it('a draft the user is still filling in (an unanswered relation, 自付 above the total) is not damage', async () => {
    const { store } = freshStore();
    const d = makeDraft();
    d.household.members.push({ id: 'x' } as never);
    d.household.members[0]!.hospitalBill = { inPolicyCost: 100, selfPaid: 200 };
    await store.saveDraft(d);
    expect(await store.loadDraft()).toEqual(d);
    expect(await store.listQuarantined()).toEqual([]);
  });

  it('a damaged profile: getProfile gives null, the profile and its list row move aside together, the rest lists', async () => {
    const { store, idb, name } = freshStore();
    await store.putProfiles([makeProfile(1), makeProfile(2)]);
    const bad = makeProfile(2);
    (bad.household as unknown as { members: unknown }).members = [null];
    await putRawRow(idb, name, 'profiles', bad);
    const notified: number[] = [];
    store.onQuarantine(() => notified.push(1));
    expect(await store.checkAll()).toBe(1);
    expect(notified).toHaveLength(1);
    expect((await store.listProfiles()).map((p) => p.id)).toEqual(['p0001']);
    expect(await store.getProfile('p0002')).toBeNull();
    const [q] = await store.listQuarantined();
    expect(q).toMatchObject({ store: 'profiles', key: 'p0002', reason: { code: 'invalid', path: '.household.members[0]' } });
    expect(q!.content).toEqual(bad);
  });

  it('a damaged list row of a good profile is built again from the profile', async () => {
    const { store, idb, name } = freshStore();
    const p = makeProfile(3);
    await store.putProfile(p);
    await putRawRow(idb, name, 'summaries', { id: p.id, name: 42 });
    expect(await store.listProfiles()).toEqual([summarize(p)]);
    expect(await rawRows(idb, name, 'summaries')).toEqual([summarize(p)]);
    expect(await store.listQuarantined()).toEqual([]);
  });

  it('a damaged figure and a setting of the wrong type are moved aside too', async () => {
    const { store, idb, name } = freshStore();
    await store.open();
    await putRawRow(idb, name, 'figures', { id: 'f1', region: 'nowhere' });
    await store.setSetting('autoLockMinutes', 'soon');
    expect(await store.listFigures()).toEqual([]);
    expect(await store.getSetting('autoLockMinutes', (v): v is number => typeof v === 'number')).toBeUndefined();
    expect((await store.listQuarantined()).map((q) => q.store).sort()).toEqual(['figures', 'settings']);
  });

  it('with the device lock on: a record sealed under a key of the same id but other bytes is moved aside, not a lock-screen loop', async () => {
    const { store, idb, name } = freshStore(FAST);
    await store.putProfile(makeProfile(1));
    await store.setPassphrase('correct horse');
    await store.saveDraft(makeDraft());
    const [row] = (await rawRows(idb, name, 'draft')) as { sealed: { kid: string } }[];
    const other = await sealJson(await generateDataKey(), row!.sealed.kid, makeDraft(), 'draft/current');
    await putRawRow(idb, name, 'draft', { sealed: other }, 'current');
    expect(await store.loadDraft()).toBeNull();
    expect(store.status().locked).toBe(false);
    const [q] = await store.listQuarantined();
    expect(q).toMatchObject({ store: 'draft', reason: { code: 'unknown-key' } });
    // The quarantine row itself is encrypted like the households.
    expect(JSON.stringify(await rawRows(idb, name, 'quarantine'))).not.toContain('unknown-key');
    expect((await store.listProfiles()).map((p) => p.id)).toEqual(['p0001']);
    await store.saveDraft(makeDraft({ step: 'members' }));
    expect((await store.loadDraft())?.step).toBe('members');
    // A change of passphrase re-encrypts the quarantine too.
    expect((await store.changePassphrase('correct horse', 'battery staple')).ok).toBe(true);
    store.lock();
    expect((await store.unlock('battery staple')).ok).toBe(true);
    expect(await store.listQuarantined()).toHaveLength(1);
  });
});
