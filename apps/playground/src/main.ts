import './style.css';
import * as tf from '@tensorflow/tfjs';
import { attentionPage } from './attention/attention-page.js';
import { backendFromQuery, offeredBackends } from './backends.js';
import { el, say } from './dom.js';
import { forecastPage } from './forecast/forecast-page.js';
import type { Page, PageContext } from './page-context.js';
import { selectBackend } from './select-backend.js';
import { textPage } from './text/text-page.js';

/** The pages, by the address fragment that shows them. */
const PAGES = [
  { id: 'forecast', title: 'Forecasting', make: forecastPage },
  { id: 'text', title: 'Text generation', make: textPage },
  { id: 'attention', title: 'Attention', make: attentionPage },
] as const;

const picker = el(
  'select',
  { id: 'backend', 'aria-label': 'tfjs backend' },
  el('option', { value: 'best' }, 'best available'),
  ...offeredBackends('gpu' in navigator).map((name) => el('option', { value: name }, name)),
);
const active = el('span', { id: 'backend-active', className: 'status' }, 'loading…');
const nav = el(
  'nav',
  {},
  ...PAGES.map((p) => el('a', { href: `#${p.id}`, id: `nav-${p.id}` }, p.title)),
);
const main = el('main', {});
document.body.append(
  el(
    'header',
    {},
    el('h1', {}, el('a', { href: '#forecast' }, 'seq'), ' playground'),
    nav,
    el('label', { className: 'backend' }, 'backend ', picker, ' ', active),
  ),
  main,
  el(
    'footer',
    {},
    'seq brings chapters 15-16 of Hands-On Machine Learning (RNNs, WaveNet, attention, Transformers) to TensorFlow.js. ',
    'Everything here runs in your browser.',
  ),
);

let busy = 0;
const context: PageContext = {
  async run(status, task) {
    busy++;
    picker.disabled = true;
    try {
      await task();
    } catch (error) {
      say(status, error instanceof Error ? error.message : String(error), true);
      console.error(error);
    } finally {
      busy--;
      picker.disabled = busy > 0;
    }
  },
};

const built = new Map<string, Page>();

/** Shows the page the address names (the first by default), building it on first visit. */
async function route(): Promise<void> {
  const id = location.hash.slice(1);
  const entry = PAGES.find((p) => p.id === id) ?? PAGES[0];
  let page = built.get(entry.id);
  if (!page) {
    page = entry.make(context);
    built.set(entry.id, page);
  }
  for (const link of nav.querySelectorAll('a')) {
    link.classList.toggle('active', link.id === `nav-${entry.id}`);
  }
  main.replaceChildren(page.element);
  document.title = `${entry.title} · seq playground`;
  await page.shown();
}

/** Makes the picked backend active and shows which one runs. */
async function useBackend(request: string): Promise<void> {
  active.textContent = 'loading…';
  delete document.body.dataset.backend;
  try {
    const choice = await selectBackend(request as Parameters<typeof selectBackend>[0]);
    active.textContent = `active: ${tf.getBackend()}`;
    active.title = choice.summary;
    active.classList.remove('error');
  } catch (error) {
    active.textContent = `${request} failed: ${(error as Error).message}; active: ${tf.getBackend()}`;
    active.classList.add('error');
  }
  document.body.dataset.backend = tf.getBackend();
}

picker.addEventListener('change', async () => {
  const url = new URL(location.href);
  url.searchParams.set('backend', picker.value);
  history.replaceState(null, '', url);
  await useBackend(picker.value);
});

const requested = backendFromQuery(location.search);
picker.value = requested;
await useBackend(requested);
window.addEventListener('hashchange', () => void route());
await route();
