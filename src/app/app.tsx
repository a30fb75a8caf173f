/**
 * The app shell: header (language, large text), the wizard with its progress, results, the caseload (saved
 * households, visits, summary, export/import), the printable summary and settings; autosave of the draft; the
 * storage and update banners; the device lock (lock screen while locked, auto-lock when unused). State stays here;
 * screens get props.
 */
import type { i18n } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CompiledPack } from '../engine/compile';
import { isValidDate, type Household } from '../engine/household';
import type { Report } from '../engine/report';
import type { Lang } from '../shared/format';
import { createAutoLock } from '../storage/auto-lock';
import type { LocalFigure, Profile, ResultSnapshot, StoreStatus } from '../storage/types';
import type { CaseloadMemory } from './caseload/Caseload';
import { emptyHousehold, newId, removeMember, today } from './household-edit';
import { I18nContext, switchLanguage } from './i18n';
import { lazyComponent } from './lazy';
import { AUTO_LOCK_DEFAULT, AUTO_LOCK_SETTING, canLock, isLockedError, validMinutes, type AppStore } from './lock/locked';
import { readPrefs, writePrefs } from './prefs';
import type { RulesState } from './rules';
import { STEPS, StepView, type StepId } from './steps/steps';

const ResultsView = lazyComponent(() => import('./results/ResultsView'));
const Caseload = lazyComponent(() => import('./caseload/Caseload'));
const HouseholdCase = lazyComponent(() => import('./caseload/HouseholdCase'));
const Settings = lazyComponent(() => import('./saved/Settings'));
const PrintView = lazyComponent(() => import('./print/PrintView'));
const LockScreen = lazyComponent(() => import('./lock/LockScreen'));

/** `case`: one household's visits and applications; `print`: the printable summary of the results. */
type Screen = 'wizard' | 'saved' | 'settings' | 'case' | 'print';

/** User input that counts as "in use" for the auto-lock. */
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel'] as const;

export interface AppProps {
  i18n: i18n;
  /** The store; with the storage layer's passphrase controls the app offers the device lock. */
  store: AppStore;
  /** Resolves to the compiled rule pack (or an error to show). */
  rules: Promise<RulesState>;
  /** Service-worker hooks, absent in tests and development. */
  pwa?: {
    onUpdateAvailable(cb: (info: { rulesChanged: boolean; lastVerified?: string }) => void): () => void;
    applyUpdate(beforeReload: () => Promise<void>): Promise<void>;
    requestPersistentStorage(): Promise<boolean>;
    storageEstimate(): Promise<{ persisted: boolean; usage?: number; quota?: number }>;
  };
  /** Autosave delay in ms (tests use 0). */
  autosaveDelay?: number;
}

interface Toast {
  text: string;
  undo?: () => void;
}

export function App({ i18n: inst, store, rules: rulesPromise, pwa, autosaveDelay = 400 }: AppProps) {
  const [prefs, setPrefs] = useState(readPrefs);
  const [lang, setLang] = useState<Lang>((inst.language as Lang) || prefs.lang);
  const [rules, setRules] = useState<RulesState>({ status: 'loading' });
  const [storeStatus, setStoreStatus] = useState<StoreStatus>(store.status());
  // A region file shared to the installed app (share target, see src/sw/sw.ts) opens Settings, where it is checked.
  const [sharedFile] = useState(() => typeof location !== 'undefined' && new URLSearchParams(location.search).get('share') === 'region-file');
  const [screen, setScreen] = useState<Screen>(sharedFile ? 'settings' : 'wizard');
  const [household, setHousehold] = useState<Household>(emptyHousehold);
  const [step, setStep] = useState<StepId>('region');
  const [profile, setProfile] = useState<{ id?: string; name?: string; previous?: ResultSnapshot; createdAt?: string }>({});
  const [toast, setToast] = useState<Toast | null>(null);
  // A note goes away by itself (an undo offer stays longer), so it never hides the page for good.
  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => setToast(null), toast.undo ? 10_000 : 4_000);
    return () => clearTimeout(timer);
  }, [toast]);
  const [saveState, setSaveState] = useState<'idle' | 'saved'>('idle');
  const [update, setUpdate] = useState<{ rulesChanged: boolean; lastVerified?: string } | null>(null);
  const [restored, setRestored] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [autoLockMinutes, setAutoLockMinutes] = useState(AUTO_LOCK_DEFAULT);
  /** Set when a read or write hit `LockedError` although the status had not said so yet. */
  const [lockedSeen, setLockedSeen] = useState(false);
  /** Figures entered on this device or imported from region files (a layer over the rules; engine/overlay.ts). */
  const [figures, setFigures] = useState<LocalFigure[]>([]);
  const [overlaid, setOverlaid] = useState<CompiledPack | null>(null);
  const ready = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const caseloadMemory = useRef<CaseloadMemory | null>(null);
  const lockable = canLock(store);
  const locked = (storeStatus.encrypted && storeStatus.locked) || lockedSeen;

  // Names of the national catalogue's regions arrive after the first paint; texts re-render when they do.
  const [regionNames, setRegionNames] = useState(0);
  useEffect(() => {
    void import('./regions/load').then((m) => m.registerRegionNames(inst)).then(() => setRegionNames((n) => n + 1), () => undefined);
  }, []);
  const t = useMemo(() => inst.t.bind(inst), [inst, lang, regionNames]);

  // Boot: rules, the saved draft, storage status.
  useEffect(() => {
    rulesPromise.then((r) => {
      if (r.status === 'ready') {
        for (const l of ['zh-CN', 'en'] as const) inst.addResources(l, 'translation', r.cp.pack.strings[l]);
      }
      setRules(r);
    });
    const off = store.onChange(setStoreStatus);
    if (lockable) {
      store.getSetting<number>(AUTO_LOCK_SETTING).then(
        (m) => setAutoLockMinutes(validMinutes(m) ?? AUTO_LOCK_DEFAULT),
        () => undefined,
      );
    }
    // While locked, nothing is read: the draft is loaded once the passphrase is entered.
    if (!(store.status().encrypted && store.status().locked)) {
      void loadDraft(true);
      void loadFigures();
    }
    const offUpdate = pwa?.onUpdateAvailable((info) => setUpdate(info));
    return () => {
      off();
      offUpdate?.();
    };
  }, []);

  // Autosave the draft as the user types (debounced), and flush when the page is hidden.
  // (loadDraft is hoisted: the boot effect above calls it.)
  const pending = useRef<number | null>(null);
  const latest = useRef({ household, step, profile });
  latest.current = { household, step, profile };
  const flushDraft = useCallback(async () => {
    if (pending.current !== null) {
      clearTimeout(pending.current);
      pending.current = null;
    }
    if (!ready.current) return;
    const st = store.status();
    if (st.encrypted && st.locked) return;
    const { household: h, step: s, profile: p } = latest.current;
    try {
      await store.saveDraft({ household: h, step: s, profileId: p.id, name: p.name, updatedAt: new Date().toISOString() });
    } catch (e) {
      if (!isLockedError(e)) throw e;
      onLocked();
    }
  }, [store]);
  useEffect(() => {
    if (!ready.current) return;
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = window.setTimeout(() => void flushDraft(), autosaveDelay);
  }, [household, step, profile.id, profile.name]);
  useEffect(() => {
    const onHide = () => void flushDraft();
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    // Hooks for the browser tests and the service-worker client (merged: the PWA module adds its own).
    const w = window as unknown as { __huimin?: Record<string, unknown> };
    w.__huimin = Object.assign(w.__huimin ?? {}, { flush: flushDraft, appReady: true });
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [flushDraft]);

  // ── Device lock ────────────────────────────────────────────────────────────────────────────────────────────

  /** Load the saved draft into the wizard (at boot, and again after unlocking). */
  async function loadDraft(showRestored: boolean): Promise<void> {
    let d: Awaited<ReturnType<typeof store.loadDraft>>;
    try {
      d = await store.loadDraft();
    } catch (e) {
      if (isLockedError(e)) return onLocked();
      throw e;
    }
    if (d && d.household?.members?.length) {
      setHousehold(d.household);
      setStep((STEPS as readonly string[]).includes(d.step) || d.step === 'results' ? (d.step as StepId) : 'region');
      setProfile({ id: d.profileId, name: d.name });
      if (showRestored) setRestored(true);
    }
    ready.current = true;
  }

  async function loadFigures(): Promise<void> {
    try {
      setFigures(await store.listFigures());
    } catch (e) {
      if (!isLockedError(e)) throw e;
    }
  }

  /** A read or write met `LockedError`: show the lock screen instead of failing. */
  function onLocked(): void {
    setStoreStatus(store.status());
    setLockedSeen(true);
  }

  /** Save the draft, then lock (manual lock and auto-lock alike). */
  const lockNow = useCallback(async () => {
    try {
      await flushDraft();
    } catch {
      // Locking matters more than the last keystrokes.
    }
    store.lock?.();
    setStoreStatus(store.status());
  }, [store, flushDraft]);

  /** Drop every household fact held on screen (on locking, and after wiping the device). */
  const forgetScreen = () => {
    ready.current = false;
    setHousehold(emptyHousehold());
    setProfile({});
    setStep('region');
    setToast(null);
    setRestored(false);
    setSaveState('idle');
    caseloadMemory.current = null;
  };

  // On locking, forget every household fact held on screen; on unlocking, read the draft again.
  const wasLocked = useRef(locked);
  useEffect(() => {
    if (locked === wasLocked.current) return;
    wasLocked.current = locked;
    if (locked) {
      if (pending.current !== null) clearTimeout(pending.current);
      pending.current = null;
      forgetScreen();
      setFigures([]);
    } else {
      void loadDraft(false);
      void loadFigures();
    }
  }, [locked]);

  // Auto-lock after the configured minutes without input; timers sleep with the phone, so check on showing again.
  useEffect(() => {
    if (!lockable || !storeStatus.encrypted || locked) return;
    const auto = createAutoLock({ lock: () => void lockNow() }, { minutes: autoLockMinutes });
    const touch = () => auto.touch();
    // Shown again (or hidden): lock now if the time ran out meanwhile.
    const onVisible = () => auto.check();
    for (const ev of ACTIVITY) document.addEventListener(ev, touch, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      auto.stop();
      for (const ev of ACTIVITY) document.removeEventListener(ev, touch, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, [lockable, storeStatus.encrypted, locked, autoLockMinutes, lockNow]);

  // Anything that reads or writes while locked and is not caught on the spot: the lock screen, not a crash.
  useEffect(() => {
    const onRejection = (e: PromiseRejectionEvent) => {
      if (!isLockedError(e.reason)) return;
      e.preventDefault();
      onLocked();
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, []);

  const changeAutoLock = (minutes: number) => {
    setAutoLockMinutes(minutes);
    void store.setSetting(AUTO_LOCK_SETTING, minutes).catch(() => undefined);
  };

  const onUnlocked = () => {
    setLockedSeen(false);
    setStoreStatus(store.status());
  };

  /** Everything was deleted: start again with an empty wizard. */
  const onWiped = () => {
    forgetScreen();
    setFigures([]);
    setCaseId(null);
    setAutoLockMinutes(AUTO_LOCK_DEFAULT);
    setLockedSeen(false);
    setStoreStatus(store.status());
    setScreen('wizard');
    ready.current = true;
  };

  // Move focus to the step heading so screen readers and keyboards follow the wizard.
  useEffect(() => {
    headingRef.current?.focus();
  }, [step, screen, locked]);

  const changeLanguage = async (next: Lang) => {
    await switchLanguage(inst, next);
    const p = { ...prefs, lang: next };
    setPrefs(p);
    writePrefs(p);
    setLang(next);
  };
  const toggleElder = () => {
    const p = { ...prefs, elder: !prefs.elder };
    setPrefs(p);
    writePrefs(p);
  };
  useEffect(() => {
    document.documentElement.classList.toggle('elder', prefs.elder);
  }, [prefs.elder]);

  const onChange = (h: Household) => {
    setHousehold(h);
    setSaveState('idle');
  };

  const onRemoveMember = (index: number) => {
    const before = household;
    const removed = household.members[index];
    onChange(removeMember(household, index));
    setToast({ text: t('q.member.removed', { name: removed?.name || t('member.default', { n: index + 1 }) }), undo: () => onChange(before) });
  };

  const shipped: CompiledPack | null = rules.status === 'ready' ? rules.cp : null;
  // The shipped rules with the figures entered here laid over them (the overlay code loads only when there are some).
  useEffect(() => {
    if (!shipped || figures.length === 0) return setOverlaid(null);
    let live = true;
    void import('../engine/overlay').then((m) => live && setOverlaid(m.withFigures(shipped, figures)));
    return () => {
      live = false;
    };
  }, [shipped, figures]);
  // (While the overlay code loads, the shipped rules: the screens stay up and update when it arrives.)
  const cp: CompiledPack | null = figures.length === 0 ? shipped : (overlaid ?? shipped);
  const date = household.date && isValidDate(household.date) ? household.date : today();

  const save = async (name: string, report: Report) => {
    try {
      await saveProfile(name, report);
    } catch (e) {
      if (!isLockedError(e)) throw e;
      onLocked();
    }
  };

  const saveProfile = async (name: string, report: Report) => {
    const { snapshot } = await import('./results/model');
    const now = new Date().toISOString();
    const id = profile.id ?? newId();
    const record: Profile = {
      id,
      name: name || t('saved.unnamed'),
      household,
      createdAt: profile.createdAt ?? now,
      updatedAt: now,
      lastResult: snapshot(report),
    };
    const existing = profile.id ? await store.getProfile(profile.id) : null;
    if (existing) Object.assign(record, { ...existing, ...record, createdAt: existing.createdAt });
    await store.putProfile(record);
    setProfile({ id, name: record.name, createdAt: record.createdAt, previous: profile.previous });
    setSaveState('saved');
    setToast({ text: t('res.saved') });
    // Ask the browser not to clear our data, once something worth keeping exists.
    void pwa?.requestPersistentStorage();
  };

  const openProfile = async (id: string, then: Screen = 'wizard') => {
    let p: Profile | null;
    try {
      p = await store.getProfile(id);
    } catch (e) {
      if (!isLockedError(e)) throw e;
      return onLocked();
    }
    if (!p) return;
    setHousehold(p.household);
    setProfile({ id: p.id, name: p.name, previous: p.lastResult, createdAt: p.createdAt });
    setStep('results');
    setScreen(then);
    setSaveState('idle');
  };

  const openCase = (id: string) => {
    setCaseId(id);
    setScreen('case');
  };

  const startNew = () => {
    setHousehold(emptyHousehold());
    setProfile({});
    setStep('region');
    setScreen('wizard');
    setSaveState('idle');
  };

  const stepIndex = step === 'results' ? STEPS.length : STEPS.indexOf(step);
  const total = STEPS.length + 1;
  const title = t(`step.${step}`);
  const go = (s: StepId) => {
    setStep(s);
    window.scrollTo?.(0, 0);
  };
  const canLeaveRegion = household.region !== '';

  const tab = screen === 'case' ? 'saved' : screen === 'print' ? 'wizard' : screen;
  const header = (
    <header class="top">
      <button type="button" class="brand" onClick={startNew}>
        <span class="logo" aria-hidden="true" />
        <span>{t('ui.appName')}</span>
      </button>
      <nav class="tools" aria-label={t('ui.nav.settings')}>
        <button type="button" class="chip" onClick={() => void changeLanguage(lang === 'en' ? 'zh-CN' : 'en')} aria-label={t('ui.lang.label')} lang={lang === 'en' ? 'zh-CN' : 'en'}>
          {t('ui.lang.switch')}
        </button>
        <button type="button" class="chip" aria-pressed={prefs.elder} onClick={toggleElder} title={t('ui.elder.label')}>
          {prefs.elder ? t('ui.elder.off') : t('ui.elder.on')}
        </button>
      </nav>
    </header>
  );

  if (locked && lockable) {
    // Nothing but the lock screen: no tabs, no household names, no counts.
    return (
      <I18nContext.Provider value={{ t, lang }}>
        {header}
        <main id="main" class="locked">
          <LockScreen store={store} onUnlocked={onUnlocked} onWiped={onWiped} />
        </main>
      </I18nContext.Provider>
    );
  }

  return (
    <I18nContext.Provider value={{ t, lang }}>
      {header}
      <nav class="tabs" aria-label={t('ui.appName')}>
        <button type="button" class={tab === 'wizard' ? 'current' : ''} aria-current={tab === 'wizard' ? 'page' : undefined} onClick={() => setScreen('wizard')}>
          {t('ui.nav.new')}
        </button>
        <button type="button" class={tab === 'saved' ? 'current' : ''} aria-current={tab === 'saved' ? 'page' : undefined} onClick={() => setScreen('saved')}>
          {t('ui.nav.saved')}
        </button>
        <button type="button" class={tab === 'settings' ? 'current' : ''} aria-current={tab === 'settings' ? 'page' : undefined} onClick={() => setScreen('settings')}>
          {t('ui.nav.settings')}
        </button>
      </nav>

      {storeStatus.mode === 'memory' ? (
        <p class="banner warn" role="alert">
          {t('storage.memory', { why: t(`storage.why.${storeStatus.problem ?? 'error'}`) })}
        </p>
      ) : null}
      {update ? (
        <div class="banner update" role="status" data-testid="update-prompt">
          <span>
            {update.rulesChanged && update.lastVerified ? t('update.rules', { date: update.lastVerified }) : t('update.available')}
            {figures.length ? ` ${t('update.figuresKept')}` : ''}
          </span>
          <button type="button" class="button small" data-testid="update-apply" onClick={() => void pwa?.applyUpdate(flushDraft)}>
            {t('update.apply')}
          </button>
          <button type="button" class="button small secondary" onClick={() => setUpdate(null)}>
            {t('update.later')}
          </button>
        </div>
      ) : null}
      {rules.status === 'error' ? (
        <p class="banner error" role="alert">
          {t('error.pack', { detail: rules.detail })}
        </p>
      ) : null}

      <main id="main">
        {screen === 'saved' ? (
          <>
            <h2 tabIndex={-1} ref={headingRef}>
              {t('saved.title')}
            </h2>
            <Caseload
              store={store}
              programmeOrder={cp?.pack.order}
              onOpen={(id) => void openProfile(id)}
              onOpenCase={openCase}
              onToast={setToast}
              onLocked={onLocked}
              memory={caseloadMemory}
            />
          </>
        ) : screen === 'case' && caseId ? (
          <>
            <h2 tabIndex={-1} ref={headingRef}>
              {t('case.title')}
            </h2>
            <HouseholdCase
              store={store}
              id={caseId}
              programmeOrder={cp?.pack.order}
              onOpen={(id) => void openProfile(id)}
              onPrint={(id) => void openProfile(id, 'print')}
              onBack={() => setScreen('saved')}
              onLocked={onLocked}
            />
          </>
        ) : screen === 'settings' ? (
          <>
            <h2 tabIndex={-1} ref={headingRef}>
              {t('settings.title')}
            </h2>
            <Settings
              storeStatus={storeStatus}
              rulesVersion={cp?.version}
              pwa={pwa}
              store={store}
              autoLockMinutes={autoLockMinutes}
              onAutoLockMinutes={changeAutoLock}
              onLockNow={() => void lockNow()}
              onWiped={onWiped}
              onLocked={onLocked}
              cp={cp ?? undefined}
              region={household.region}
              date={date}
              figures={figures}
              onFiguresChanged={() => void loadFigures()}
              sharedRegionFile={sharedFile}
            />
          </>
        ) : screen === 'print' ? (
          <>
            <h2 tabIndex={-1} ref={headingRef} class="print-title">
              {t('print.title')}
            </h2>
            {cp && household.region ? (
              <PrintView household={household} cp={cp} date={date} name={profile.name} onBack={() => { setStep('results'); setScreen('wizard'); }} />
            ) : cp ? (
              <p>{t('res.noRegion')}</p>
            ) : (
              <p class="loading">{t('ui.loading')}</p>
            )}
          </>
        ) : (
          <>
            <div class="progress" aria-hidden="true">
              <div class="bar" style={{ width: `${((stepIndex + 1) / total) * 100}%` }} />
            </div>
            <p class="step-count">{t('ui.progress', { n: stepIndex + 1, total, title })}</p>
            <h2 tabIndex={-1} ref={headingRef}>
              {title}
            </h2>
            {restored && step !== 'results' ? <p class="banner info">{t('storage.draftRestored')}</p> : null}
            {step === 'results' ? (
              cp && household.region ? (
                <>
                  <ResultsView
                    household={household}
                    cp={cp}
                    date={date}
                    onAnswer={onChange}
                    onEdit={() => go('details')}
                    onSave={(name, report) => void save(name, report)}
                    onPrint={() => setScreen('print')}
                    savedName={profile.name}
                    previous={profile.previous}
                    saveState={saveState}
                  />
                  {profile.id ? (
                    <section class="card case-link no-print">
                      <p>{t('case.fromResults')}</p>
                      <button type="button" class="button secondary" onClick={() => openCase(profile.id!)}>
                        {t('case.visits')}
                      </button>
                    </section>
                  ) : null}
                </>
              ) : cp ? (
                <p>{t('res.noRegion')}</p>
              ) : (
                <p class="loading">{t('ui.loading')}</p>
              )
            ) : (
              <form
                class="wizard"
                onSubmit={(e) => {
                  e.preventDefault();
                }}
              >
                <StepView step={step} household={household} onChange={onChange} regions={cp ? Object.values(cp.pack.regions) : []} onRemoveMember={onRemoveMember} />
                <div class="nav-buttons">
                  {stepIndex > 0 ? (
                    <button type="button" class="button secondary" onClick={() => go(STEPS[stepIndex - 1]!)}>
                      {t('ui.nav.back')}
                    </button>
                  ) : null}
                  {step === 'hospital' ? (
                    <button type="button" class="button" onClick={() => go('results')}>
                      {t('ui.nav.results')}
                    </button>
                  ) : (
                    <button type="button" class="button" disabled={step === 'region' && !canLeaveRegion} onClick={() => go(STEPS[stepIndex + 1]!)}>
                      {t('ui.nav.next')}
                    </button>
                  )}
                </div>
                {step !== 'region' && step !== 'hospital' ? (
                  <button type="button" class="link skip" onClick={() => go('results')}>
                    {t('ui.nav.results')}
                  </button>
                ) : null}
              </form>
            )}
          </>
        )}
      </main>
      {toast ? (
        <div class="toast" role="status">
          <span>{toast.text}</span>
          {toast.undo ? (
            <button
              type="button"
              class="button small secondary"
              onClick={() => {
                toast.undo?.();
                setToast(null);
              }}
            >
              {t('ui.undo')}
            </button>
          ) : null}
          <button type="button" class="link" aria-label={t('ui.close')} onClick={() => setToast(null)}>
            ×
          </button>
        </div>
      ) : null}
    </I18nContext.Provider>
  );
}
