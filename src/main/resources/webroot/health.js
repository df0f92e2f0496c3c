// Stores with their webhook health (Repair) and failed events (Replay): the sections that act, as admin.

import {el, message, row, table, when} from './dom.js';
import {ADVICE, plain} from './messages.js';

const PLATFORMS = {shopify: 'Shopify', woocommerce: 'WooCommerce'};

/** What to do about the store, with the platform's own words and, after a failed repair, why it failed. */
function advice(store, problem) {
  const parts = [];
  if (store.webhooks.message) {
    parts.push(el('span', {class: 'platform-message'}, store.webhooks.message));
  }
  if (ADVICE[store.webhooks.status]) {
    parts.push(el('strong', {}, ADVICE[store.webhooks.status]));
  }
  if (problem) {
    parts.push(el('span', {class: 'problem'}, 'Repair failed: ', ...message(problem)));
  }
  return el('div', {class: 'advice'}, parts);
}

function storeRow(store, api, problem = null) {
  const status = store.webhooks.status;
  const button = el('button', {type: 'button', 'aria-label': `Repair the webhooks of ${store.domain}`}, 'Repair');
  const tr = row(store.id, [
    store.domain,
    PLATFORMS[store.platform] ?? store.platform,
    el('span', {class: `badge badge-${status}`, 'data-field': 'status'}, status),
    when(store.webhooks.lastDeliveryAt),
    when(store.webhooks.lastCheckAt),
    String(store.webhooks.consecutiveFailures),
    advice(store, problem),
    button,
  ]);
  button.addEventListener('click', () => repair(store, tr, button, api));
  return tr;
}

/** POST .../webhooks/register, then the row shows the store as it is now and keeps the keyboard focus. */
async function repair(store, tr, button, api) {
  button.disabled = true;
  button.textContent = 'Repairing…';
  api.announce(`Repairing the webhooks of ${store.domain}…`);
  let updated;
  let problem = null;
  try {
    updated = await api.request('POST', `/api/stores/${store.id}/webhooks/register`);
  } catch (error) {
    problem = api.explain(error, 'admin');
    // A failed repair records why on the store: show that rather than the row as it was.
    updated = await api.request('GET', `/api/stores/${store.id}`).catch(() => store);
  }
  const fresh = storeRow(updated, api, problem);
  tr.replaceWith(fresh);
  fresh.querySelector('button').focus();
  api.announce(problem ? `Repair of ${store.domain} failed: ${plain(problem)}`
    : `Repaired ${store.domain}: webhooks ${updated.webhooks.status}.`);
}

/** GET /api/stores. */
export function stores(list, api) {
  if (list.length === 0) {
    return el('p', {}, 'No store is connected yet: connect one with POST /api/stores (see the README).');
  }
  return table('Webhook status per store; Repair registers missing webhooks and re-enables disabled ones (admin)',
    ['Store', 'Platform', 'Webhooks', 'Last delivery', 'Last check', 'Failed checks', 'What to do', 'Action'],
    list.map(store => storeRow(store, api)));
}

/** POST /api/events/{id}/replay: the event goes back to the queue; the row says so. */
async function replay(event, tr, button, api) {
  button.disabled = true;
  const outcome = tr.querySelector('[data-field="status"]');
  try {
    await api.request('POST', `/api/events/${event.id}/replay`);
    outcome.textContent = 'queued for replay';
    outcome.setAttribute('tabindex', '-1');
    button.remove();
    outcome.focus(); // the button is gone: the keyboard stays on this row
    api.announce(`Event ${event.id} is queued for replay: press Show in a moment to see the outcome.`);
  } catch (error) {
    const problem = api.explain(error, 'admin');
    outcome.replaceChildren(`${event.status}: `, ...message(problem));
    button.disabled = false;
    button.focus();
    api.announce(`Replay of event ${event.id} failed: ${plain(problem)}`);
  }
}

/** GET /api/events?status=failed. */
export function events(page, api, storeName) {
  if (page.items.length === 0) {
    return el('p', {}, 'No failed events: every delivery was processed.');
  }
  return table('Deliveries whose processing failed, newest first; Replay queues one again (admin)',
    ['Event', 'Store', 'Topic', 'Received', 'Attempts', 'Error', 'Status', 'Action'],
    page.items.map(event => {
      const button = el('button', {type: 'button', 'aria-label': `Replay event ${event.id}`}, 'Replay');
      const tr = row(event.id, [String(event.id), storeName(event.storeId), event.topic, when(event.receivedAt),
        String(event.attempts), event.error, {field: 'status', text: event.status}, button]);
      button.addEventListener('click', () => replay(event, tr, button, api));
      return tr;
    }));
}
