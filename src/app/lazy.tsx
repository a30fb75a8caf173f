/**
 * A minimal lazy component loader (preact/compat's lazy would pull in compat): load once, render a placeholder
 * until it arrives, and show the error text if the chunk cannot be loaded (offline before it was cached).
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { allStrings, useI18n } from './i18n';

export function lazyComponent<P>(load: () => Promise<{ default: ComponentType<P> }>): (props: P & JSX.IntrinsicAttributes) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  return function Lazy(props: P & JSX.IntrinsicAttributes) {
    const { t } = useI18n();
    const [, force] = useState(0);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      pending ??= Promise.all([load(), allStrings()]).then(([m]) => {
        loaded = m.default;
      });
      pending.then(
        () => force((n) => n + 1),
        (e: unknown) => {
          pending = null;
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    }, []);
    if (error) return <p class="error">{t('error.generic', { detail: error })}</p>;
    if (!loaded) return <p class="loading">{t('ui.loading')}</p>;
    const C = loaded;
    return <C {...props} />;
  };
}
