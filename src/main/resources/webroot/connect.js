// Connect a store: the form per platform, then each step of the registration as it happens. Nothing typed is
// cleared unless the store is connected; connecting a store again replaces its credentials (a corrected key).

import {el, message} from './dom.js';
import {PLATFORMS, platformAdvice, plain} from './messages.js';

const $ = id => document.getElementById(id);
const POLL_MS = 400;

/** Which input an API field (named first in a 400's message) is typed into. */
const INPUTS = {
  url: 'woo-url', 'credentials.consumerKey': 'woo-key', 'credentials.consumerSecret': 'woo-secret',
  domain: 'shop-domain', 'credentials.accessToken': 'shop-token', 'credentials.clientSecret': 'shop-secret',
};

/** A site address as typed ("shop.example.com/") made a URL: https unless a scheme is given, no trailing slash. */
function siteUrl(text) {
  return (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).replace(/\/+$/, '');
}

/** A shop as typed ("my-shop", "https://my-shop.myshopify.com/admin") made its myshopify.com host. */
function shopDomain(text) {
  const host = text.replace(/^[a-z]+:\/\//i, '').split('/')[0].toLowerCase();
  return host.includes('.') ? host : `${host}.myshopify.com`;
}

/** The host the gateway will know the store by (lower case, port when not the default), or null. */
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** What the form holds as a POST /api/stores body, with the store's host; or {missing: inputId}. */
function read() {
  const platform = $('connect-form').elements.platform.value;
  const ids = platform === 'woocommerce' ? ['woo-url', 'woo-key', 'woo-secret'] : ['shop-domain', 'shop-token', 'shop-secret'];
  const values = ids.map(id => $(id).value.trim());
  const missing = ids.find((id, i) => values[i] === '');
  if (missing) {
    return {missing};
  }
  if (platform === 'woocommerce') {
    const url = siteUrl(values[0]);
    return {platform, host: hostOf(url) ?? values[0], body: {platform, url, credentials: {consumerKey: values[1], consumerSecret: values[2]}}};
  }
  const domain = shopDomain(values[0]);
  return {platform, host: hostOf(`https://${domain}`) ?? domain,
    body: {platform, domain, credentials: {accessToken: values[1], clientSecret: values[2]}}};
}

/** One step: its state (running, done, failed) as a word too, never by colour alone. */
function step(key, state, text, ...detail) {
  const word = {running: 'in progress', done: 'done', failed: 'failed'}[state];
  return el('li', {class: `step step-${state}`, 'data-step': key, 'data-state': state},
    el('span', {class: 'step-state'}, word), ' ', text, ...detail);
}

/**
 * A platform that could not be listed at all (unreachable, or the credentials refused) fails every topic with
 * the store's own message; a refusal of single webhooks leaves the store's message a summary of them.
 */
function credentialsRefused(store) {
  const list = store.webhooks.topics ?? [];
  return store.webhooks.status === 'error' && list.length > 0
    && list.every(t => t.status === 'error' && t.message === store.webhooks.message);
}

const checking = (platform, host) => `Reaching ${PLATFORMS[platform]} at ${host} and checking the credentials`;

/** The credentials step, failed with the platform's words. */
function refusedStep(platform, host, said) {
  return step('credentials', 'failed', checking(platform, host), ': ', el('span', {class: 'platform-message'}, said));
}

/** The steps as the store shows them; final once the API answered (topics still missing then failed). */
function steps(platform, host, store, final) {
  const name = PLATFORMS[platform];
  const list = store?.webhooks.topics ?? [];
  const started = list.some(t => t.status !== 'missing');
  if (store && final && credentialsRefused(store)) {
    return [refusedStep(platform, host, store.webhooks.message)];
  }
  const items = [step('credentials', started || final ? 'done' : 'running',
    started || final ? `${name} accepted the credentials for ${host}` : `${checking(platform, host)}…`)];
  if (list.length === 0 && !final) {
    items.push(step('webhooks', 'running', 'Registering the webhooks…'));
  }
  for (const t of list) {
    const state = t.status === 'active' ? 'done' : t.status === 'missing' && !final ? 'running' : 'failed';
    items.push(step(`topic ${t.topic}`, state, `Webhook ${t.topic}`,
      state === 'done' ? ' registered' : state === 'running' ? ': registering…' : `: ${t.status}`,
      t.message ? el('span', {class: 'platform-message'}, ` (${t.message})`) : null));
  }
  return items;
}

/** The first thing the platform refused, in its own words. */
function refusal(store) {
  if (credentialsRefused(store)) {
    return store.webhooks.message;
  }
  return (store.webhooks.topics ?? []).find(t => t.status !== 'active' && t.message)?.message ?? store.webhooks.message;
}

/** A refused POST /api/stores in words; 400s also say which input to correct. */
function apiRefusal(error, input, api) {
  if (error.status === 409) {
    return [`Another Orderlink organization has already connected ${input.host}. If the store is yours, ask that `
      + "organization's admin to disconnect it (Disconnect on its card), then press Save again."];
  }
  if (error.status === 400) {
    return [`${error.message.replace(/\.$/, '')}: correct it, then press Save again.`];
  }
  if (error.status === 504) {
    return ['The store is slow to answer. Orderlink goes on registering: its card below shows the outcome in a moment.'];
  }
  return api.explain(error, 'admin');
}

/**
 * While the API registers a new store, its rows (each topic as the registration saves it) are read every
 * POLL_MS and shown; a store connected before keeps its old rows until the API answers, so it is not watched.
 * Resolves, once it knows which stores were there before, to the function that stops watching.
 */
async function watch(input, progress, api) {
  const stores = () => api.request('GET', '/api/stores').then(page => page.items, () => []);
  const known = new Set((await stores()).map(s => s.id));
  let watching = true;
  const poll = setInterval(async () => {
    const store = (await stores())
      .find(s => s.platform === input.platform && s.domain === input.host && !known.has(s.id));
    if (store && watching) {
      progress.replaceChildren(...steps(input.platform, input.host, store, false));
    }
  }, POLL_MS);
  return () => {
    watching = false;
    clearInterval(poll);
  };
}

export function connectForm(api, changed) {
  const form = $('connect-form');
  const progress = $('connect-steps');
  const outcome = $('connect-outcome');

  function show(platform) {
    for (const group of form.querySelectorAll('fieldset[data-platform]')) {
      group.hidden = group.dataset.platform !== platform;
      group.disabled = group.hidden; // the other platform's fields are neither validated nor sent
    }
  }

  function finish(kind, parts) {
    outcome.className = `outcome outcome-${kind}`;
    outcome.replaceChildren(...parts);
    outcome.hidden = false;
    outcome.focus();
    api.announce(plain(parts.map(part => part instanceof Node ? part.textContent : part)));
  }

  /** shown: the refusal as the reader sees it; said: the platform's words, which choose the advice. */
  function notEnabled(platform, shown, said, address) {
    finish('failure', [el('strong', {}, 'Purchase tracking is not enabled yet. '),
      el('span', {class: 'platform-message'}, shown), ' ', platformAdvice(platform, said, address),
      ' Then press Save again: what you typed is kept.']);
  }

  function flag(inputId, text) {
    const input = $(inputId);
    input.setAttribute('aria-invalid', 'true');
    finish('failure', [text]);
    input.focus();
  }

  async function save(event) {
    event.preventDefault();
    form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
    const input = read();
    if (input.missing) {
      flag(input.missing, `Enter the ${document.querySelector(`label[for="${input.missing}"]`).textContent.toLowerCase()}, then press Save.`);
      return;
    }
    const button = $('connect-save');
    button.disabled = true;
    outcome.hidden = true;
    progress.replaceChildren(...steps(input.platform, input.host, null, false));
    api.announce(`Connecting ${input.host}…`);
    const stop = await watch(input, progress, api);
    try {
      const store = await api.request('POST', '/api/stores', input.body);
      stop();
      progress.replaceChildren(...steps(input.platform, input.host, store, true));
      if (store.webhooks.status === 'active') {
        form.reset();
        form.elements.platform.value = input.platform;
        finish('success', [el('strong', {}, 'Purchase tracking enabled'), ` for ${store.domain}. Orders placed from now on `
          + "appear below; until the first one arrives its card says 'Waiting for the first order'."]);
      } else {
        const said = refusal(store);
        notEnabled(input.platform, `${PLATFORMS[input.platform]} said: ${said}`, said, store.webhooks.topics?.[0]?.address);
      }
    } catch (error) {
      stop();
      if (error.status === 422 || error.status === 502) {
        // The platform refused the credentials for this store, or could not be asked: nothing was connected.
        progress.replaceChildren(refusedStep(input.platform, input.host, error.message));
        notEnabled(input.platform, error.message, error.message);
        return;
      }
      progress.replaceChildren();
      const parts = apiRefusal(error, input, api);
      const field = INPUTS[error.message?.split(' ')[0]];
      if (error.status === 400 && field && !$(field).closest('fieldset').disabled) {
        flag(field, plain(parts));
      } else {
        finish('failure', message(parts));
      }
    } finally {
      button.disabled = false;
      changed();
    }
  }

  form.addEventListener('change', event => {
    if (event.target.name === 'platform') {
      show(event.target.value);
    }
  });
  form.addEventListener('submit', save);
  show(form.elements.platform.value);
}
