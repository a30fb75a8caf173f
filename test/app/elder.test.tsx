// @vitest-environment jsdom
/**
 * 长辈模式's read-aloud: a 朗读 button on a question (label, help and choices read) and on a result card, through the
 * phone's speech synthesis; no button where the phone has no voice for the language. (Sizes and tap areas are
 * measured in the real browser: test/browser/run.ts.)
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChoiceField } from '../../src/app/components/fields';
import { I18nContext } from '../../src/app/i18n';
import ResultsView from '../../src/app/results/ResultsView';
import { DATE, i18nFor, jiangmenHousehold, memberOf, pack } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

class Utterance {
  voice: unknown = null;
  lang = '';
  rate = 1;
  constructor(public text: string) {}
}

function withVoices(langs: string[]) {
  const spoken: Utterance[] = [];
  vi.stubGlobal('SpeechSynthesisUtterance', Utterance);
  vi.stubGlobal('speechSynthesis', {
    getVoices: () => langs.map((lang) => ({ lang, name: lang, localService: true })),
    speak: (u: Utterance) => spoken.push(u),
    cancel: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  });
  return spoken;
}

async function question() {
  const i18n = await i18nFor('zh-CN');
  const t = i18n.t.bind(i18n);
  render(
    <I18nContext.Provider value={{ t, lang: 'zh-CN' }}>
      <ChoiceField label={t('q.hospital')} help={t('q.hospital.help')} value={undefined} options={[{ value: true, label: t('ui.yes') }, { value: false, label: t('ui.no') }]} onChange={() => undefined} />
    </I18nContext.Provider>,
  );
  return t;
}

describe('朗读', () => {
  it('reads a question aloud: its label, help and choices, in a Chinese voice', async () => {
    const spoken = withVoices(['en-US', 'zh-CN']);
    const t = await question();
    fireEvent.click(screen.getByRole('button', { name: t('ui.readAloud.label', { what: t('q.hospital') }) }));
    expect(spoken).toHaveLength(1);
    expect(spoken[0]!.text).toContain(t('q.hospital'));
    expect(spoken[0]!.text).toContain(t('q.hospital.help'));
    expect(spoken[0]!.text).toContain(`${t('ui.yes')}${t('ui.listSeparator')}${t('ui.no')}`);
    expect(spoken[0]!.lang).toBe('zh-CN');
  });

  it('is not offered where the phone has no Chinese voice', async () => {
    withVoices(['en-US']);
    const t = await question();
    expect(screen.queryByRole('button', { name: t('ui.readAloud.label', { what: t('q.hospital') }) })).toBeNull();
  });

  it('reads a result card: the programme, the verdict and the amount', async () => {
    const spoken = withVoices(['zh-CN']);
    const i18n = await i18nFor('zh-CN');
    const t = i18n.t.bind(i18n);
    render(
      <I18nContext.Provider value={{ t, lang: 'zh-CN' }}>
        <ResultsView household={jiangmenHousehold([memberOf({ age: 45, work: 'employed', income: { wages: 500 } })])} cp={pack()} date={DATE} onAnswer={() => undefined} onEdit={() => undefined} onSave={() => undefined} />
      </I18nContext.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: t('ui.readAloud.label', { what: t('prog.dibao.name') }) }));
    expect(spoken[0]!.text).toContain(t('prog.dibao.name'));
    expect(spoken[0]!.text).toContain(t('status.eligible'));
    expect(spoken[0]!.text).toContain('¥450');
  });
});
