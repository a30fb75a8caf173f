/**
 * The app shell: header (language, large text), the wizard with its progress, results, saved households and
 * settings; autosave of the draft; the storage and update banners. State stays here; screens get props.
 */
import type { i18n } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CompiledPack } from '../engine/compile';
import { isValidDate, type Household } from '../engine/household';
import type { Report } from '../engine/report';
import type { Lang } from '../shared/format';
import type { Profile, ResultSnapshot, Store, StoreStatus } from '../storage/types';
import { emptyHousehold, newId, removeMember, today } from './household-edit';
import { I18nContext, switchLanguage } from './i18n';
import { lazyComponent } from './lazy';
import { readPrefs, writePrefs } from './prefs';
import type { RulesState } from './rules';
import { STEPS, StepView, type StepId } from './steps/steps';

const ResultsView = lazyComponent(() => import('./results/ResultsView'));
const SavedList = lazyComponent(() => import('./saved/SavedList'));
const Settings = lazyComponent(() => import('./saved/Settings'));

type Screen = 'wizard' | 'saved' | 'settings';

export interface AppProps {
  i18n: i18n;
  store: Store;
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
  const [screen, setScreen] = useState<Screen>('wizard');
  const [household, setHousehold] = useState<Household>(emptyHousehold);
  const [step, setStep] = useState<StepId>('region');
  const [profile, setProfile] = useState<{ id?: string; name?: string; previous?: ResultSnapshot; createdAt?: string }>({});
  const [toast, setToast] = useState<Toast | null>(null);
  const [saveState, setSaveState] = useState<'idle' | 'saved'>('idle');
  const [update, setUpdate] = useState<{ rulesChanged: boolean; lastVerified?: string } | null>(null);
  const [restored, setRestored] = useState(false);
  const ready = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const t = useMemo(() => inst.t.bind(inst), [inst, lang]);

  // Boot: rules, the saved draft, storage status.
  useEffect(() => {
    rulesPromise.then((r) => {
      if (r.status === 'ready') {
        for (const l of ['zh-CN', 'en'] as const) inst.addResources(l, 'translation', r.cp.pack.strings[l]);
      }
      setRules(r);
    });
    const off = store.onChange(setStoreStatus);
    store.loadDraft().then((d) => {
      if (d && d.household?.members?.length) {
        setHousehold(d.household);
        setStep((STEPS as readonly string[]).includes(d.step) || d.step === 'results' ? (d.step as StepId) : 'region');
        setProfile({ id: d.profileId, name: d.name });
        setRestored(true);
      }
      ready.current = true;
    });
    const offUpdate = pwa?.onUpdateAvailable((info) => setUpdate(info));
    return () => {
      off();
      offUpdate?.();
    };
  }, []);

  // Autosave the draft as the user types (debounced), and flush when the page is hidden.
  const pending = useRef<number | null>(null);
  const latest = useRef({ household, step, profile });
  latest.current = { household, step, profile };
  const flushDraft = useCallback(async () => {
    if (pending.current !== null) {
      clearTimeout(pending.current);
      pending.current = null;
    }
    if (!ready.current) return;
    const { household: h, step: s, profile: p } = latest.current;
    await store.saveDraft({ household: h, step: s, profileId: p.id, name: p.name, updatedAt: new Date().toISOString() });
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

  // Move focus to the step heading so screen readers and keyboards follow the wizard.
  useEffect(() => {
    headingRef.current?.focus();
  }, [step, screen]);

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

  const cp: CompiledPack | null = rules.status === 'ready' ? rules.cp : null;
  const date = household.date && isValidDate(household.date) ? household.date : today();

  const save = async (name: string, report: Report) => {
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

  const openProfile = async (id: string) => {
    const p = await store.getProfile(id);
    if (!p) return;
    setHousehold(p.household);
    setProfile({ id: p.id, name: p.name, previous: p.lastResult, createdAt: p.createdAt });
    setStep('results');
    setScreen('wizard');
    setSaveState('idle');
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

  return (
    <I18nContext.Provider value={{ t, lang }}>
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
      <nav class="tabs" aria-label={t('ui.appName')}>
        <button type="button" class={screen === 'wizard' ? 'current' : ''} aria-current={screen === 'wizard' ? 'page' : undefined} onClick={() => setScreen('wizard')}>
          {t('ui.nav.new')}
        </button>
        <button type="button" class={screen === 'saved' ? 'current' : ''} aria-current={screen === 'saved' ? 'page' : undefined} onClick={() => setScreen('saved')}>
          {t('ui.nav.saved')}
        </button>
        <button type="button" class={screen === 'settings' ? 'current' : ''} aria-current={screen === 'settings' ? 'page' : undefined} onClick={() => setScreen('settings')}>
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
          <span>{update.rulesChanged && update.lastVerified ? t('update.rules', { date: update.lastVerified }) : t('update.available')}</span>
          <button type="button" class="button small" onClick={() => void pwa?.applyUpdate(flushDraft)}>
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
            <SavedList store={store} onOpen={openProfile} onToast={setToast} />
          </>
        ) : screen === 'settings' ? (
          <>
            <h2 tabIndex={-1} ref={headingRef}>
              {t('settings.title')}
            </h2>
            <Settings storeStatus={storeStatus} rulesVersion={cp?.version} pwa={pwa} />
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
                <ResultsView
                  household={household}
                  cp={cp}
                  date={date}
                  onAnswer={onChange}
                  onEdit={() => go('details')}
                  onSave={(name, report) => void save(name, report)}
                  savedName={profile.name}
                  previous={profile.previous}
                  saveState={saveState}
                />
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
