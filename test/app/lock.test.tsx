// @vitest-environment jsdom
/**
 * The device lock in the UI: the app starts locked when a passphrase is set (nothing else visible, not even names),
 * wrong passphrases show the wait, the right one unlocks; setting a passphrase in Settings (warned first, typed twice)
 * re-encrypts everything; lock now, auto-lock after the configured minutes (and on showing the page again), change
 * and remove the passphrase, wipe the device; a LockedError anywhere shows the lock screen instead of a crash.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshot } from '../../src/app/results/model';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { LockedError, createMemoryStore } from '../../src/storage';
import type { Profile } from '../../src/storage/types';
import { jiangmenHousehold, memberOf, pack, renderApp } from './helpers';

const FAST = { unsafeTestIterations: 1000 } as const;
const PASS = 'correct horse 7';

// The screens are lazy chunks: load them once up front so the first test does not pay for their transform.
beforeAll(async () => {
  await Promise.all([
    import('../../src/app/lock/LockScreen'),
    import('../../src/app/lock/LockSettings'),
    import('../../src/app/saved/Settings'),
    import('../../src/app/caseload/Caseload'),
    import('../../src/app/results/ResultsView'),
  ]);
});

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

const household: Household = jiangmenHousehold([memberOf({ id: 'm1' })]);

function profile(id: string, name: string, village?: string): Profile {
  const now = new Date().toISOString();
  const p: Profile = { id, name, household, createdAt: now, updatedAt: now, lastResult: snapshot(evaluate(household, pack(), { date: '2025-08-01' })) };
  if (village) p.village = village;
  return p;
}

async function seeded(names: string[] = ['王奶奶家', '李大爷家', '张阿姨家']) {
  const store = createMemoryStore(FAST);
  await store.open();
  await store.putProfiles(names.map((n, i) => profile(`p${i}`, n, '白沙村')));
  return store;
}

function passwordBox(label: string): HTMLInputElement {
  return screen.getByLabelText(label) as HTMLInputElement;
}

async function unlockWith(t: (k: string, o?: Record<string, unknown>) => string, passphrase: string) {
  fireEvent.input(passwordBox(t('lock.passphrase')), { target: { value: passphrase } });
  fireEvent.click(screen.getByRole('button', { name: t('lock.unlock.button') }));
}

describe('lock screen', () => {
  it('starts locked with nothing else visible; a wrong passphrase shows the wait, the right one unlocks', async () => {
    const store = await seeded();
    await store.saveDraft({ household, step: 'results', name: '王奶奶家', updatedAt: new Date().toISOString() });
    await store.setPassphrase(PASS);
    store.lock();

    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('lock.title') });
    // Nothing but the lock screen: no tabs, no wizard, no household names — and not in the title either.
    expect(screen.queryByRole('button', { name: t('ui.nav.saved') })).toBeNull();
    expect(screen.queryByRole('heading', { name: t('step.region') })).toBeNull();
    expect(document.body.textContent).not.toContain('王奶奶家');
    expect(document.title).not.toContain('王奶奶家');

    await unlockWith(t, 'not the passphrase');
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain(t('lock.unlock.wrong', { count: 1 })));
    expect(screen.getByRole('status').textContent).toContain(t('lock.unlock.wait', { count: 1 }));
    expect(screen.getByTestId('unlock-failed').textContent).toContain(t('lock.unlock.wrong', { count: 1 }));
    expect(screen.getByTestId('unlock-wait').textContent).toBe(t('lock.unlock.wait', { count: 1 }));
    const button = screen.getByRole('button', { name: t('lock.unlock.waitButton', { count: 1 }) }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(store.status().locked).toBe(true);
    // The countdown ends, then the right passphrase unlocks.
    await waitFor(() => expect((screen.getByRole('button', { name: t('lock.unlock.button') }) as HTMLButtonElement).disabled).toBe(false), { timeout: 3000 });
    expect(screen.queryByTestId('unlock-wait')).toBeNull();
    await unlockWith(t, PASS);
    // Back in the app, with the draft read again (it was at the results step).
    await screen.findByRole('heading', { name: t('step.results') });
    expect(store.status().locked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.saved') }));
    await screen.findByRole('heading', { name: '王奶奶家' });
    expect(screen.getByRole('heading', { name: '李大爷家' })).toBeTruthy();
  });

  it('says when a try came too soon after wrong ones (not even checked)', async () => {
    const store = await seeded();
    await store.setPassphrase(PASS);
    store.lock();
    await store.unlock('wrong 1'); // one failure stored: the next try must wait 1 s
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('lock.title') });
    await unlockWith(t, PASS);
    await waitFor(() => expect(screen.getByTestId('unlock-failed').textContent).toContain(t('lock.unlock.notChecked')));
    expect(screen.getByRole('status').textContent).toContain(t('lock.unlock.notChecked'));
    expect(store.status().locked).toBe(true);
    expect(screen.getByTestId('unlock-wait').textContent).toBe(t('lock.unlock.wait', { count: 1 }));
  });

  it('wipes the device only after the confirmation word is typed', async () => {
    const store = await seeded();
    await store.setPassphrase(PASS);
    store.lock();
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('lock.title') });
    fireEvent.click(screen.getByText(t('lock.forgot')));
    expect(screen.getByText(t('lock.wipe.explain'))).toBeTruthy();
    const wipe = screen.getByRole('button', { name: t('lock.wipe.button') }) as HTMLButtonElement;
    expect(wipe.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText(t('lock.wipe.confirmLabel', { word: t('lock.wipe.word') })), { target: { value: t('lock.wipe.word') } });
    expect(wipe.disabled).toBe(false);
    fireEvent.click(wipe);
    await screen.findByRole('heading', { name: t('ui.tagline') });
    expect(store.status()).toMatchObject({ encrypted: false, locked: false });
    expect(await store.listProfiles()).toEqual([]);
  });
});

describe('passphrase in Settings', () => {
  it('warns before it is set, wants it typed twice, re-encrypts everything; lock now and unlock keep every household', async () => {
    const store = await seeded();
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.settings') }));
    const section = (await screen.findByRole('heading', { name: t('lock.settings.title') })).closest('section')!;
    // Said plainly before anything is set: forgetting it leaves only "wipe this device".
    expect(section.textContent).toContain(t('lock.set.warn'));

    const set = () => fireEvent.click(within(section).getByRole('button', { name: t('lock.set.button') }));
    fireEvent.input(passwordBox(t('lock.set.new')), { target: { value: 'abc' } });
    fireEvent.input(passwordBox(t('lock.set.again')), { target: { value: 'abc' } });
    set();
    await screen.findByText(t('lock.set.tooShort', { min: 6 }));
    fireEvent.input(passwordBox(t('lock.set.new')), { target: { value: PASS } });
    fireEvent.input(passwordBox(t('lock.set.again')), { target: { value: `${PASS}x` } });
    set();
    await screen.findByText(t('lock.set.mismatch'));
    expect(store.status().encrypted).toBe(false);

    fireEvent.input(passwordBox(t('lock.set.again')), { target: { value: PASS } });
    set();
    await screen.findAllByText(t('lock.set.done'));
    expect(store.status()).toMatchObject({ encrypted: true, locked: false });

    fireEvent.click(screen.getByRole('button', { name: t('lock.now') }));
    await screen.findByRole('heading', { name: t('lock.title') });
    // Really locked: the store itself refuses to read households now.
    await expect(store.listProfiles()).rejects.toBeInstanceOf(LockedError);
    expect(document.body.textContent).not.toContain('王奶奶家');

    await unlockWith(t, PASS);
    await waitFor(() => expect(store.status().locked).toBe(false));
    expect((await store.listProfiles()).map((p) => p.name).sort()).toEqual(['张阿姨家', '李大爷家', '王奶奶家'].sort());
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
    await screen.findByRole('heading', { name: '张阿姨家' });
  });

  it('changes the passphrase (wrong current one refused) and removes it', async () => {
    const store = await seeded(['王奶奶家']);
    await store.setPassphrase(PASS);
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.settings') }));
    await screen.findByRole('button', { name: t('lock.now') });

    const change = screen.getByText(t('lock.change.title'), { selector: 'summary' }).closest('details')!;
    fireEvent.input(within(change).getByLabelText(t('lock.current')), { target: { value: 'wrong one!' } });
    fireEvent.input(within(change).getByLabelText(t('lock.set.new')), { target: { value: 'new passphrase 2' } });
    fireEvent.input(within(change).getByLabelText(t('lock.set.again')), { target: { value: 'new passphrase 2' } });
    fireEvent.click(within(change).getByRole('button', { name: t('lock.change.button') }));
    await within(change).findByText(new RegExp(t('lock.current.wrong')));
    await new Promise((r) => setTimeout(r, 1100)); // the wait after one wrong try
    await waitFor(() => expect((within(change).getByRole('button', { name: t('lock.change.button') }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.input(within(change).getByLabelText(t('lock.current')), { target: { value: PASS } });
    fireEvent.input(within(change).getByLabelText(t('lock.set.new')), { target: { value: 'new passphrase 2' } });
    fireEvent.input(within(change).getByLabelText(t('lock.set.again')), { target: { value: 'new passphrase 2' } });
    fireEvent.click(within(change).getByRole('button', { name: t('lock.change.button') }));
    await screen.findAllByText(t('lock.change.done'));
    store.lock();
    expect((await store.unlock(PASS)).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await store.unlock('new passphrase 2')).ok).toBe(true);
    await screen.findByRole('button', { name: t('lock.now') });

    const remove = screen.getByText(t('lock.remove.title'), { selector: 'summary' }).closest('details')!;
    fireEvent.input(within(remove).getByLabelText(t('lock.current')), { target: { value: 'new passphrase 2' } });
    fireEvent.click(within(remove).getByRole('button', { name: t('lock.remove.button') }));
    await screen.findAllByText(t('lock.remove.done'));
    expect(store.status()).toMatchObject({ encrypted: false, locked: false });
    expect((await store.listProfiles()).map((p) => p.name)).toEqual(['王奶奶家']);
    // Back to "not set": the warning is shown again before a new one can be set.
    expect(screen.getByText(t('lock.set.warn'))).toBeTruthy();
  });
});

describe('auto-lock', () => {
  it('locks after the configured minutes without input; input postpones it', async () => {
    const store = await seeded();
    await store.setPassphrase(PASS);
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.settings') }));
    const select = (await screen.findByLabelText(t('lock.auto.label'))) as HTMLSelectElement;
    expect(select.value).toBe('5'); // the default

    vi.useFakeTimers({ shouldAdvanceTime: true });
    fireEvent.change(select, { target: { value: '1' } });
    await waitFor(async () => expect(await store.getSetting('autoLockMinutes')).toBe(1));

    const advance = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
    await advance(40_000);
    expect(store.status().locked).toBe(false);
    fireEvent.keyDown(select, { key: 'ArrowDown' }); // the user does something: the minute starts again
    await advance(40_000);
    expect(store.status().locked).toBe(false);
    await advance(25_000);
    await waitFor(() => expect(store.status().locked).toBe(true));
    await screen.findByRole('heading', { name: t('lock.title') });
    expect(screen.queryByRole('button', { name: t('ui.nav.settings') })).toBeNull();
  });

  it('locks when the page shows again after the time is up (timers sleep with the phone)', async () => {
    const store = await seeded();
    await store.setPassphrase(PASS);
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['Date'] });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('ui.tagline') });
    // Not yet: the page shows again within the 5 minutes.
    vi.setSystemTime(Date.now() + 4 * 60_000);
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await new Promise((r) => setTimeout(r, 50));
    expect(store.status().locked).toBe(false);
    // The clock moves on while timers did not run (a sleeping phone), then the page becomes visible.
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect(store.status().locked).toBe(false);
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await waitFor(() => expect(store.status().locked).toBe(true));
    await screen.findByRole('heading', { name: t('lock.title') });
  });
});

describe('LockedError anywhere', () => {
  it('shows the lock screen when the store locks under an open screen', async () => {
    const store = await seeded();
    await store.setPassphrase(PASS);
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
    await screen.findByRole('heading', { name: '王奶奶家' });
    act(() => store.lock());
    await screen.findByRole('heading', { name: t('lock.title') });
    expect(document.body.textContent).not.toContain('王奶奶家');
  });

  it('shows the lock screen, not a crash, when a read throws LockedError before the status says so', async () => {
    const inner = await seeded();
    let failing = true;
    const store = Object.assign(Object.create(inner) as typeof inner, {
      listProfiles: () => (failing ? Promise.reject(new LockedError()) : inner.listProfiles()),
    });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
    await screen.findByRole('heading', { name: t('lock.title') });
    // Unlocking (the store was not really encrypted) brings the screen back.
    failing = false;
    await unlockWith(t, 'anything');
    await screen.findByRole('heading', { name: '王奶奶家' });
  });
});
