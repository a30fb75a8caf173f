/**
 * The app shell: header (language, large text), the start page, the wizard with its progress, check your answers,
 * results, the caseload (saved households, visits, summary, export/import), the printable summary and settings;
 * where the user is lives in the address (back button, reload); autosave of the draft; which saved household is
 * being edited and how saving it goes (update or new); the storage and update banners; the device lock (lock
 * screen while locked, auto-lock when unused). State stays here; screens get props.
 */
import type { i18n } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CompiledPack } from '../engine/compile';
import { isValidDate, type Household } from '../engine/household';
import type { Report } from '../engine/report';
import type { Lang } from '../shared/format';
import { createAutoLock } from '../storage/auto-lock';
import { AUTOSAVE_MAX_WAIT_MS, createAutosaver } from './autosave';
import type { LocalFigure, Profile, ResultSnapshot, StoreStatus } from '../storage/types';
import type { CaseloadMemory } from './caseload/Caseload';
import { emptyHousehold, memberLabel, newId, removeMember, today } from './household-edit';
import { I18nContext, switchLanguage } from './i18n';
import { lazyComponent } from './lazy';
import { AUTO_LOCK_DEFAULT, AUTO_LOCK_SETTING, canLock, isLockedError, validMinutes, type AppStore } from './lock/locked';
import { readPrefs, writePrefs } from './prefs';
import { parseHash, toHash, type Route, type Screen } from './route';
import type { RulesState } from './rules';
import { StartPage } from './steps/Start';
import { afterMemberRemoved, ValidityContext, withReport } from './validity';
import { countedSteps, memberOfStep, nextStep, previousStep, stepKind, stepList, validStep, type StepId, type WizardMemory } from './wizard/flow';
import { openProblems, questionPlan, regionProgrammes } from './wizard/plan';

const StepView = lazyComponent(() => import('./steps/steps'));
const CheckAnswers = lazyComponent(() => import('./steps/CheckAnswers'));
const ResultsView = lazyComponent(() => import('./results/ResultsView'));
const Caseload = lazyComponent(() => import('./caseload/Caseload'));
const HouseholdCase = lazyComponent(() => import('./caseload/HouseholdCase'));
const Settings = lazyComponent(() => import('./saved/Settings'));
const PrintView = lazyComponent(() => import('./print/PrintView'));
const LockScreen = lazyComponent(() => import('./lock/LockScreen'));
const DamagedRecords = lazyComponent(() => import('./saved/DamagedRecords'));

/** Where the app opens when the address says nothing: the start page. */
const START: Route = { screen: 'wizard', step: 'start' };

/** What a saved household's answers say about the wizard's own questions (hospital, family planning). */
function memoryFrom(h: Household): WizardMemory {
  const adults = h.members.filter((m) => (m.age ?? 0) >= 18);
  const fpAnswered = adults.length > 0 && adults.every((m) => m.onlyChild !== undefined && m.fpSurgeryComplication !== undefined);
  const fpAny = adults.some((m) => (m.onlyChild !== undefined && m.onlyChild !== 'none') || (m.fpSurgeryComplication ?? 0) > 0);
  return {
    hospital: h.members.some((m) => m.hospitalBill) ? true : false,
    ...(fpAny ? { familyPlanning: true } : fpAnswered ? { familyPlanning: false } : {}),
  };
}

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
  /** Autosave: longest wait in ms between a change and its write while typing (tests use 0). */
  autosaveDelay?: number;
}

interface Toast {
  text: string;
  undo?: () => void;
}

export function App({ i18n: inst, store, rules: rulesPromise, pwa, autosaveDelay = AUTOSAVE_MAX_WAIT_MS }: AppProps) {
  const [prefs, setPrefs] = useState(readPrefs);
  const [lang, setLang] = useState<Lang>((inst.language as Lang) || prefs.lang);
  const [rules, setRules] = useState<RulesState>({ status: 'loading' });
  const [storeStatus, setStoreStatus] = useState<StoreStatus>(store.status());
  // A region file shared to the installed app (share target, see src/sw/sw.ts) opens Settings, where it is checked.
  const [sharedFile] = useState(() => typeof location !== 'undefined' && new URLSearchParams(location.search).get('share') === 'region-file');
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash) ?? (sharedFile ? { screen: 'settings' } : START));
  const [household, setHousehold] = useState<Household>(emptyHousehold);
  const [memory, setMemory] = useState<WizardMemory>({});
  const [profile, setProfile] = useState<{ id?: string; name?: string; previous?: ResultSnapshot; createdAt?: string }>({});
  /** Changed since it was opened or saved (a saved household being edited, or a new one not saved yet). */
  const [dirty, setDirty] = useState(false);
  /** The draft has been read (until then a step in the address cannot be checked against the household). */
  const [draftLoaded, setDraftLoaded] = useState(false);
  /** The questions on this page that stop "next": their paths (the page shows them at the top). */
  const [pageErrors, setPageErrors] = useState<string[] | null>(null);
  const [regionError, setRegionError] = useState(false);
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
  const [autoLockMinutes, setAutoLockMinutes] = useState(AUTO_LOCK_DEFAULT);
  /** Set when a read or write hit `LockedError` although the status had not said so yet. */
  const [lockedSeen, setLockedSeen] = useState(false);
  /** Figures entered on this device or imported from region files (a layer over the rules; engine/overlay.ts). */
  const [figures, setFigures] = useState<LocalFigure[]>([]);
  /** Records the storage layer moved aside as damaged: how many, and a counter bumped on each change. */
  const [damaged, setDamaged] = useState({ count: 0, version: 0 });
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
      store.getSetting(AUTO_LOCK_SETTING, (v): v is number => validMinutes(v) !== null).then(
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
    const offDamaged = store.onQuarantine?.(() => countDamaged());
    return () => {
      off();
      offUpdate?.();
      offDamaged?.();
    };
  }, []);

  // Autosave the draft as the user types: the first change at once, then at most every `autosaveDelay` ms while
  // typing (a maximum wait, not a debounce), and at once when the page is hidden, before the app reloads itself
  // (service-worker update) and before locking. (loadDraft is hoisted: the boot effect above calls it.)
  const screen: Screen = route.screen;
  const step: StepId = route.step ?? 'start';
  const caseId = route.screen === 'case' ? route.id ?? null : null;
  const latest = useRef({ household, step, profile, memory });
  latest.current = { household, step, profile, memory };
  const writeDraft = async (): Promise<void> => {
    if (!ready.current) return;
    const st = store.status();
    if (st.encrypted && st.locked) return;
    const { household: h, step: s, profile: p, memory: w } = latest.current;
    try {
      await store.saveDraft({ household: h, step: s, profileId: p.id, name: p.name, wizard: w, updatedAt: new Date().toISOString() });
    } catch (e) {
      if (!isLockedError(e)) throw e;
      onLocked();
    }
  };
  const autosaver = useMemo(() => createAutosaver(() => writeDraft(), autosaveDelay), [store]);
  /** What the draft is made of, as of the last change the autosaver was told about. */
  const draftParts = (l: typeof latest.current): unknown[] => [l.household, l.step, l.profile.id, l.profile.name, l.memory];
  const toldParts = useRef<unknown[]>([]);
  const tellChanged = (): void => {
    toldParts.current = draftParts(latest.current);
    if (ready.current) autosaver.changed();
  };
  // A flush can come between a render and its effect (a tap, then at once the page hidden): what is on screen is
  // written even so, not the draft as of the render before.
  const flushDraft = useCallback(() => {
    if (draftParts(latest.current).some((part, i) => part !== toldParts.current[i])) tellChanged();
    return autosaver.flush();
  }, [autosaver]);
  useEffect(tellChanged, [household, step, profile.id, profile.name, memory]);
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
      const mem = d.wizard ?? memoryFrom(d.household);
      setHousehold(d.household);
      setMemory(mem);
      setProfile({ id: d.profileId, name: d.name });
      setDirty(true);
      // The address wins (a reload lands where it was); with none (opened afresh), the step the draft was on.
      const here = parseHash(location.hash);
      resumeStep.current = validStep(d.step, d.household, mem);
      // (Unless a region file was shared to the app: then Settings, where it is checked.)
      if (!here) {
        if (!sharedFile) navigate({ screen: 'wizard', step: resumeStep.current }, { replace: true });
      } else if (here.screen === 'wizard' && here.step) {
        const valid = validStep(here.step, d.household, mem);
        if (valid !== here.step) navigate({ ...here, step: valid }, { replace: true });
      }
      if (showRestored) setRestored(true);
      // The saved household this draft edits: its name as saved now, and its last result for "what changed".
      if (d.profileId) {
        store.getProfile(d.profileId).then(
          (p) => p && setProfile({ id: p.id, name: p.name, previous: p.lastResult, createdAt: p.createdAt }),
          () => undefined,
        );
      }
    } else {
      const here = parseHash(location.hash);
      if (here?.screen === 'wizard' && here.step) {
        const valid = validStep(here.step, household, memory);
        if (valid !== here.step) navigate({ screen: 'wizard', step: valid }, { replace: true });
      }
    }
    ready.current = true;
    setDraftLoaded(true);
    countDamaged();
    checkStoredRecords();
  }

  /** How many records are set aside as damaged (read again whenever one is moved aside or discarded). */
  function countDamaged(): void {
    store.listQuarantined?.().then(
      (l) => setDamaged((d) => ({ count: l.length, version: d.version + 1 })),
      () => undefined,
    );
  }

  /**
   * After the first screen: read every saved household once, so a damaged one is set aside (and the banner says
   * so) before the caseworker opens it, not only when they do.
   */
  function checkStoredRecords(): void {
    window.setTimeout(() => {
      void store.checkAll?.().then(() => countDamaged(), () => undefined);
    }, 1000);
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
    setMemory({});
    setProfile({});
    setDirty(false);
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
      autosaver.cancel();
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
    setAutoLockMinutes(AUTO_LOCK_DEFAULT);
    setLockedSeen(false);
    setStoreStatus(store.status());
    navigate(START, { replace: true });
    ready.current = true;
  };

  // ── Where the user is: the address ────────────────────────────────────────────────────────────────────────

  /** Where "continue" on the start page goes (the step the draft was on). */
  const resumeStep = useRef<StepId | null>(null);

  /** Go somewhere: shown at once, and recorded in the address so back and reload follow. */
  function navigate(r: Route, opts: { replace?: boolean } = {}): void {
    setRoute(r);
    setPageErrors(null);
    setRegionError(false);
    const hash = toHash(r);
    if (location.hash !== hash) {
      const state = { huimin: true, prev: location.hash };
      if (opts.replace) history.replaceState(state, '', hash);
      else history.pushState(state, '', hash);
    }
    window.scrollTo?.(0, 0);
  }
  /** Go back to `r`: through the browser's history when that is where we came from, so back stays back. */
  const goBack = (r: Route) => {
    const st = history.state as { huimin?: boolean; prev?: string } | null;
    if (st?.huimin && st.prev === toHash(r)) history.back();
    else navigate(r);
  };
  useEffect(() => {
    const onPop = () => {
      setRoute(parseHash(location.hash) ?? START);
      setPageErrors(null);
      setRegionError(false);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const setScreen = (s: Screen) => navigate(s === 'wizard' ? { screen: 'wizard', step: resumeStepNow() } : { screen: s });
  const go = (s: StepId, extra: Partial<Route> = {}) => navigate({ screen: 'wizard', step: s, ...extra });
  /** The step to show for "the wizard" (tab): where the household is being filled in. */
  const resumeStepNow = () => (route.screen === 'wizard' ? step : (resumeStep.current ?? 'start'));
  useEffect(() => {
    if (route.screen === 'wizard' && route.step && route.step !== 'start') resumeStep.current = route.step;
  }, [route]);

  // Move focus to the step heading so screen readers and keyboards follow the wizard (or to the question a 修改
  // link asked for, which the step focuses itself).
  useEffect(() => {
    if (route.focus) return;
    headingRef.current?.focus();
  }, [step, screen, locked, draftLoaded]);

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
    setDirty(true);
  };
  const onMemory = (m: WizardMemory) => {
    setMemory(m);
    setSaveState('idle');
    setDirty(true);
  };
  const validity = useMemo(
    () => ({
      invalid: memory.invalid ?? {},
      report: (path: string, raw: string | null) =>
        setMemory((m) => {
          const invalid = withReport(m.invalid ?? {}, path, raw);
          return invalid === (m.invalid ?? {}) ? m : { ...m, invalid };
        }),
    }),
    [memory.invalid],
  );

  const onRemoveMember = (index: number) => {
    const before = { household, memory };
    const removed = household.members[index];
    onChange(removeMember(household, index));
    setMemory((m) => ({ ...m, invalid: afterMemberRemoved(m.invalid ?? {}, index) }));
    setToast({
      text: t('q.member.removed', { name: removed?.name || t('member.default', { n: index + 1 }) }),
      undo: () => {
        onChange(before.household);
        setMemory(before.memory);
      },
    });
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
  const programmesHere = useMemo(() => regionProgrammes(cp, household.region), [cp, household.region]);
  const plan = useMemo(() => questionPlan(household, memory, programmesHere), [household, memory, programmesHere]);
  const problems = useMemo(() => openProblems(memory.invalid ?? {}, plan), [memory.invalid, plan]);

  /** Save: `update` the household being edited, or save it as a `new` one (a different family: no visits carried). */
  const save = async (name: string, report: Report, mode: 'update' | 'new') => {
    try {
      await saveProfile(name, report, mode);
    } catch (e) {
      if (!isLockedError(e)) throw e;
      onLocked();
    }
  };

  const saveProfile = async (name: string, report: Report, mode: 'update' | 'new') => {
    const { snapshot } = await import('./results/model');
    const now = new Date().toISOString();
    const updating = mode === 'update' && profile.id !== undefined;
    const id = updating ? profile.id! : newId();
    const record: Profile = {
      id,
      name: name || t('saved.unnamed'),
      household,
      createdAt: updating ? (profile.createdAt ?? now) : now,
      updatedAt: now,
      lastResult: snapshot(report),
    };
    const existing = updating ? await store.getProfile(id) : null;
    // Updating keeps what the caseworker recorded (village, visits, applications); only the answers and result change.
    if (existing) Object.assign(record, { ...existing, ...record, createdAt: existing.createdAt });
    await store.putProfile(record);
    setProfile({ id, name: record.name, createdAt: record.createdAt, previous: updating ? profile.previous : undefined });
    setSaveState('saved');
    setDirty(false);
    setToast({ text: t(updating ? 'res.updated' : 'res.savedNew', { name: record.name }) });
    // Ask the browser not to clear our data, once something worth keeping exists.
    void pwa?.requestPersistentStorage();
  };

  const openProfile = async (id: string, then: 'results' | 'print' = 'results') => {
    let p: Profile | null;
    try {
      p = await store.getProfile(id);
    } catch (e) {
      if (!isLockedError(e)) throw e;
      return onLocked();
    }
    if (!p) return;
    setHousehold(p.household);
    setMemory(memoryFrom(p.household));
    setProfile({ id: p.id, name: p.name, previous: p.lastResult, createdAt: p.createdAt });
    setSaveState('idle');
    setDirty(false);
    setRestored(false);
    navigate(then === 'print' ? { screen: 'print' } : { screen: 'wizard', step: 'results' });
  };

  const openCase = (id: string) => navigate({ screen: 'case', id });

  /** A new, empty household. What was on screen and not saved can be had back (undo), so nothing is lost. */
  const startNew = () => {
    const before = { household, memory, profile, dirty, route };
    const hadWork = dirty && household.members.some((m) => Object.keys(m).length > 2);
    setHousehold(emptyHousehold());
    setMemory({});
    setProfile({});
    setSaveState('idle');
    setDirty(false);
    setRestored(false);
    resumeStep.current = null;
    navigate({ screen: 'wizard', step: 'region' });
    if (hadWork) {
      setToast({
        text: t('ui.newStarted'),
        undo: () => {
          setHousehold(before.household);
          setMemory(before.memory);
          setProfile(before.profile);
          setDirty(before.dirty);
          navigate(before.route);
        },
      });
    }
  };

  const list = stepList(household, memory);
  const counted = countedSteps(list);
  const stepIndex = counted.indexOf(step);
  const kind = stepKind(step);
  const who = memberOfStep(step);
  const title = t(`step.${kind}`, { member: who !== null ? memberLabel(household.members[who], who, t) : '' });

  /** "Next": not while a question on this page holds an answer that cannot be read — go to it instead. */
  const pageProblems = (): string[] => {
    const form = document.querySelector('form.wizard');
    const fields = form ? [...form.querySelectorAll('[aria-invalid="true"]')] : [];
    return fields.map((el) => el.closest('[data-path]')?.getAttribute('data-path') ?? '').filter(Boolean);
  };
  const focusField = (path: string) => {
    const el = document.querySelector<HTMLElement>(`form.wizard [data-path="${path}"] input, form.wizard [data-path="${path}"] select, [data-path="${path}"] input, [data-path="${path}"] select`);
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  };
  const leave = (to: Route) => {
    if (step === 'region' && !household.region) {
      setRegionError(true);
      setPageErrors(['region']);
      window.setTimeout(() => focusField('region'));
      return;
    }
    const bad = pageProblems();
    if (bad.length) {
      setPageErrors(bad);
      focusField(bad[0]!);
      return;
    }
    navigate(to);
  };
  const onNext = () => leave(route.back === 'check' ? { screen: 'wizard', step: 'check' } : { screen: 'wizard', step: nextStep(step, household, memory) });
  const onPrevious = () => {
    const prev = previousStep(step, household, memory);
    if (prev) goBack({ screen: 'wizard', step: prev });
  };
  // Results are never shown from a household with an answer that could not be read: the check page lists them.
  useEffect(() => {
    if (draftLoaded && route.screen === 'wizard' && step === 'results' && problems.length) navigate({ screen: 'wizard', step: 'check' }, { replace: true });
  }, [draftLoaded, step, route.screen]);

  const tab = screen === 'case' ? 'saved' : screen === 'print' ? 'wizard' : screen;
  const header = (
    <header class="top">
      <button type="button" class="brand" onClick={() => navigate(START)}>
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

  const editingBanner =
    profile.id && screen === 'wizard' && step !== 'start' ? (
      <div class="banner editing" role="status" data-testid="editing">
        <span>{dirty ? t('edit.editing', { name: profile.name || t('saved.unnamed') }) : t('edit.showing', { name: profile.name || t('saved.unnamed') })}</span>
        <button type="button" class="button small secondary" onClick={startNew}>
          {t('ui.newHousehold')}
        </button>
      </div>
    ) : null;

  const resume =
    draftLoaded && resumeStep.current && resumeStep.current !== 'start' && household.members.some((m) => Object.keys(m).length > 2)
      ? {
          label: profile.name || t(`step.${stepKind(resumeStep.current)}`, { member: memberOfStep(resumeStep.current) !== null ? memberLabel(household.members[memberOfStep(resumeStep.current)!], memberOfStep(resumeStep.current)!, t) : '' }),
          onContinue: () => go(resumeStep.current!),
          onNew: startNew,
        }
      : undefined;

  const wizardBody = () => {
    if (!draftLoaded) return <p class="loading">{t('ui.loading')}</p>;
    if (step === 'start') {
      return <StartPage elder={prefs.elder} onElder={toggleElder} onStart={() => go('region')} resume={resume} />;
    }
    if (step === 'results') {
      if (!cp) return <p class="loading">{t('ui.loading')}</p>;
      if (!household.region) return <p>{t('res.noRegion')}</p>;
      return (
        <>
          <ResultsView
            household={household}
            cp={cp}
            date={date}
            onAnswer={onChange}
            onEdit={() => go('check')}
            onSave={(name, report, mode) => void save(name, report, mode)}
            onPrint={() => navigate({ screen: 'print' })}
            onNew={startNew}
            savedName={profile.name}
            editing={profile.id ? { name: profile.name ?? '' } : undefined}
            previous={profile.previous}
            saveState={saveState}
            problems={problems.length}
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
      );
    }
    if (step === 'check') {
      return (
        <CheckAnswers
          household={household}
          memory={memory}
          plan={plan}
          problems={problems}
          regions={cp ? cp.pack.regions : {}}
          onEdit={(path, stepId) => go(stepId, { back: 'check', focus: path })}
          onResults={() => (problems.length ? go(planStepOf(problems[0]!), { back: 'check', focus: problems[0] }) : go('results'))}
          onPrevious={onPrevious}
        />
      );
    }
    const errors = pageErrors ?? [];
    return (
      <form
        class="wizard"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onNext();
        }}
      >
        {errors.length ? (
          <div class="error-summary" role="alert">
            <h3>{t('error.summary')}</h3>
            <ul class="plain">
              {errors.map((path) => (
                <li key={path}>
                  <button type="button" class="link" onClick={() => focusField(path)}>
                    {path === 'region' ? t('error.region') : t('error.field', { field: fieldLabel(path), problem: fieldProblem(path) })}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <StepView
          step={step}
          household={household}
          onChange={onChange}
          memory={memory}
          onMemory={onMemory}
          regions={cp ? Object.values(cp.pack.regions) : []}
          programmes={programmesHere}
          onRemoveMember={onRemoveMember}
          regionError={regionError ? t('error.region') : null}
          focus={route.focus}
        />
        <div class="nav-buttons">
          {stepIndex > 0 || step === 'region' ? (
            <button type="button" class="button secondary" onClick={onPrevious}>
              {t('ui.nav.back')}
            </button>
          ) : null}
          <button type="submit" class="button">
            {route.back === 'check' ? t('ui.nav.backToCheck') : nextStep(step, household, memory) === 'check' ? t('ui.nav.toCheck') : t('ui.nav.next')}
          </button>
        </div>
        {step !== 'region' && route.back !== 'check' ? (
          <button type="button" class="link skip" onClick={() => leave({ screen: 'wizard', step: 'check' })}>
            {t('ui.nav.skipToCheck')}
          </button>
        ) : null}
      </form>
    );
  };

  /** The label of the question at `path`, read from the page (the same words the user sees). */
  function fieldLabel(path: string): string {
    const el = document.querySelector(`[data-path="${path}"]`);
    return el?.querySelector('label, legend')?.textContent?.trim() || path;
  }
  function fieldProblem(path: string): string {
    return document.querySelector(`[data-path="${path}"] .error`)?.textContent?.trim() || '';
  }
  function planStepOf(path: string): StepId {
    return plan.flatMap((s) => s.rows).find((r) => path === r.path || path.startsWith(`${r.path}.`))?.step ?? 'check';
  }

  return (
    <I18nContext.Provider value={{ t, lang }}>
      <ValidityContext.Provider value={validity}>
        {header}
        <nav class="tabs" aria-label={t('ui.appName')}>
          <button type="button" class={tab === 'wizard' ? 'current' : ''} aria-current={tab === 'wizard' ? 'page' : undefined} onClick={() => setScreen('wizard')}>
            {t('ui.nav.wizard')}
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
        {damaged.count > 0 ? <DamagedRecords store={store} version={damaged.version} /> : null}
        {editingBanner}

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
                onNew={startNew}
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
                onBack={() => goBack({ screen: 'saved' })}
                onToast={setToast}
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
                elder={prefs.elder}
                onElder={toggleElder}
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
                <PrintView household={household} cp={cp} date={date} name={profile.name} onBack={() => goBack({ screen: 'wizard', step: 'results' })} />
              ) : cp ? (
                <p>{t('res.noRegion')}</p>
              ) : (
                <p class="loading">{t('ui.loading')}</p>
              )}
            </>
          ) : (
            <>
              {step !== 'start' && step !== 'results' && stepIndex >= 0 ? (
                <>
                  <div class="progress" aria-hidden="true">
                    <div class="bar" style={{ width: `${((stepIndex + 1) / counted.length) * 100}%` }} />
                  </div>
                  <p class="step-count">{t('ui.progress', { n: stepIndex + 1, total: counted.length, title })}</p>
                </>
              ) : null}
              <h2 tabIndex={-1} ref={headingRef}>
                {step === 'start' ? t('ui.tagline') : title}
              </h2>
              {restored && step !== 'results' && step !== 'start' ? <p class="banner info">{t('storage.draftRestored')}</p> : null}
              {wizardBody()}
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
      </ValidityContext.Provider>
    </I18nContext.Provider>
  );
}
