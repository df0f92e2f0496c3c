// Each store's card (webhook health per topic; Repair, Reconcile, Disconnect) and the failed events (Replay).
// The buttons are only drawn for a token that may press them (api.admin); the API still decides.

import {el, message, paged, row, table, when} from './dom.js';
import {ADVICE, PLATFORMS, platformAdvice, plain} from './messages.js';

const UNPROVEN = 'Not proven to be this organization\'s store: another organization that connects it with credentials '
  + 'the platform accepts takes it over. Repair proves it and registers its webhooks.';

/** What the card says about purchase tracking, in words rather than a status code. */
function tracking(store) {
  if (!store.connected) {
    return 'Disconnected: its orders and customers are kept. Connect it again with the form to resume tracking.';
  }
  if (!store.webhooks.managed) {
    return 'Webhooks managed outside Orderlink: they are neither registered nor checked here.'
      + (store.proven ? '' : ` ${UNPROVEN}`);
  }
  return store.webhooks.status === 'active' ? 'Purchase tracking enabled' : 'Purchase tracking needs attention:';
}

/** The platform's own words, what to do about them and, after an action, how it went. */
function advice(store) {
  const parts = [];
  const {status, message: said} = store.webhooks;
  if (said && store.connected) {
    parts.push(el('span', {class: 'platform-message'}, said));
  }
  if (store.connected && status === 'error') {
    parts.push(el('span', {}, platformAdvice(store.platform, said, store.webhooks.topics?.[0]?.address)));
  }
  if (store.connected && ADVICE[status]) {
    parts.push(el('strong', {}, ADVICE[status]));
  }
  return parts.length === 0 ? null : el('div', {class: 'advice'}, parts);
}

function topics(store) {
  const list = store.webhooks.topics ?? [];
  if (list.length === 0) {
    return null;
  }
  return table('Webhooks per topic', ['Topic', 'Webhook', 'Note'], list.map(t => row(t.topic, [
    t.topic,
    el('span', {class: `badge badge-${t.status}`, 'data-field': 'status'}, t.status),
    t.message ?? '',
  ])), {class: 'topics'});
}

/** One store as a card; note is what the last action on it did (message parts), shown under the figures. */
function card(store, api, note = null) {
  const titleId = `store-${store.id}-title`;
  const status = store.connected ? store.webhooks.status : 'disconnected';
  const node = el('article', {class: 'store-card', 'data-store': store.id, 'aria-labelledby': titleId},
    el('h3', {id: titleId, tabindex: '-1'}, store.domain),
    el('p', {class: 'meta'}, PLATFORMS[store.platform] ?? store.platform, ' · webhooks ',
      el('span', {class: `badge badge-${status}`, 'data-field': 'status'}, status)),
    el('p', {class: 'tracking', 'data-field': 'tracking'}, tracking(store)),
    el('dl', {class: 'facts'},
      el('div', {}, el('dt', {}, 'Last delivery'), el('dd', {'data-field': 'lastDelivery'},
        store.webhooks.lastDeliveryAt ? when(store.webhooks.lastDeliveryAt) : 'Waiting for the first order')),
      el('div', {}, el('dt', {}, 'Last check'), el('dd', {}, when(store.webhooks.lastCheckAt))),
      el('div', {}, el('dt', {}, 'Failed checks in a row'), el('dd', {}, String(store.webhooks.consecutiveFailures)))),
    advice(store),
    topics(store),
    note === null ? null : el('p', {class: 'note', 'data-field': 'note'}, ...message(note)));
  if (api.admin && store.connected) {
    node.append(actions(store, node, api));
  }
  return node;
}

function actions(store, node, api) {
  const sinceId = `store-${store.id}-since`;
  const repair = el('button', {type: 'button', 'data-action': 'repair', 'aria-label': `Repair the webhooks of ${store.domain}`}, 'Repair');
  const since = el('input', {id: sinceId, type: 'date', 'aria-describedby': `${sinceId}-help`});
  const reconcile = el('button', {type: 'submit', 'data-action': 'reconcile'}, 'Reconcile');
  const disconnect = el('button', {type: 'button', class: 'danger', 'data-action': 'disconnect',
    'aria-label': `Disconnect ${store.domain}`}, 'Disconnect');
  const form = el('form', {class: 'reconcile', 'aria-label': `Reconcile ${store.domain}`},
    el('label', {for: sinceId}, 'Fetch orders changed since'), since, reconcile,
    el('p', {id: `${sinceId}-help`, class: 'help'}, 'UTC day; empty: since the last delivery. Orders already here are not counted twice.'));
  repair.addEventListener('click', () => act(store, node, api, repair, 'Repairing', () =>
    api.request('POST', `/api/stores/${store.id}/webhooks/register`).then(updated => [updated,
      [`Repair done: webhooks ${updated.webhooks.status}.`]])));
  form.addEventListener('submit', event => {
    event.preventDefault();
    act(store, node, api, reconcile, 'Reconciling', async () => {
      const done = await api.request('POST', `/api/stores/${store.id}/reconcile`,
        since.value ? {since: `${since.value}T00:00:00Z`} : {});
      return [await api.request('GET', `/api/stores/${store.id}`), [`Reconciled since ${when(done.since)}: ${done.fetched} `
        + `orders fetched, ${done.inserted} of them new (press Show to see them once processed).`]];
    });
  });
  disconnect.addEventListener('click', () => confirmDisconnect(store, disconnect).then(confirmed => confirmed
    && act(store, node, api, disconnect, 'Disconnecting', () => api.request('DELETE', `/api/stores/${store.id}`)
      .then(updated => [updated, [`Disconnected ${store.domain}: its webhooks are removed and its credentials erased.`]]))));
  return el('div', {class: 'actions'}, repair, form, disconnect);
}

/**
 * Runs an action on the store; the card is then redrawn as the store is now, with what happened, and the
 * keyboard focus moves to the same button (or, when it is gone, the card's title).
 */
async function act(store, node, api, button, doing, work) {
  button.disabled = true;
  api.announce(`${doing} ${store.domain}…`);
  let updated;
  let note;
  try {
    [updated, note] = await work();
  } catch (error) {
    note = [`${doing} failed: `, ...refusal(error, store, api)];
    updated = await api.request('GET', `/api/stores/${store.id}`).catch(() => store);
  }
  const fresh = card(updated, api, note);
  node.replaceWith(fresh);
  (fresh.querySelector(`[data-action="${button.dataset.action}"]`) ?? fresh.querySelector('h3')).focus();
  api.announce(`${store.domain}: ${plain(note)}`);
}

/** A refused action in words: the platform's message with what to do, or what the API said. */
function refusal(error, store, api) {
  if (error.status === 502 || error.status === 422) {
    return [`${error.message}. ${platformAdvice(store.platform, error.message, store.webhooks.topics?.[0]?.address)}`];
  }
  if (error.status === 409) {
    return [`${error.message.replace(/\.$/, '')}: it was changed meanwhile; press Show to see it as it is now.`];
  }
  return api.explain(error, 'admin');
}

/** A modal question that says what Disconnect keeps and what it erases; resolves true to go ahead. */
function confirmDisconnect(store, opener) {
  const platform = PLATFORMS[store.platform] ?? store.platform;
  const dialog = el('dialog', {class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text'},
    el('form', {method: 'dialog'},
      el('h2', {id: 'confirm-title'}, `Disconnect ${store.domain}?`),
      el('div', {id: 'confirm-text'},
        el('p', {}, el('strong', {}, 'Erased: '), `Orderlink removes its webhooks from ${platform} and erases the store's `
          + 'credentials and webhook secrets, so it no longer calls the store nor accepts deliveries from it.'),
        el('p', {}, el('strong', {}, 'Kept: '), 'its orders, customers, lifetime values, attributions and received events, '
          + 'which stay in the figures. Connecting it again later resumes tracking.')),
      el('div', {class: 'actions'},
        el('button', {value: 'cancel', autofocus: ''}, 'Cancel'),
        el('button', {value: 'disconnect', class: 'danger', 'data-action': 'confirm-disconnect'}, `Disconnect ${store.domain}`))));
  document.body.append(dialog);
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      opener.focus();
      resolve(dialog.returnValue === 'disconnect');
    });
    dialog.showModal();
  });
}

/** GET /api/stores as cards. */
export function stores(list, api) {
  if (list.length === 0) {
    return el('p', {}, api.admin ? 'No store is connected yet: connect one with the form below.'
      : 'No store is connected yet: an admin connects one on this page.');
  }
  return el('div', {class: 'cards'}, list.map(store => card(store, api)));
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

/** GET /api/events?status=failed, with More while the API has further pages. */
export function events(page, api, storeName, nextPage) {
  if (page.items.length === 0) {
    return el('p', {}, 'No failed events: every delivery was processed.');
  }
  const rows = next => next.items.map(event => {
    const button = api.admin ? el('button', {type: 'button', 'aria-label': `Replay event ${event.id}`}, 'Replay') : null;
    const tr = row(event.id, [String(event.id), storeName(event.storeId), event.topic, when(event.receivedAt),
      String(event.attempts), event.error, {field: 'status', text: event.status}, ...(button ? [button] : [])]);
    button?.addEventListener('click', () => replay(event, tr, button, api));
    return tr;
  });
  return paged(table(`Deliveries whose processing failed, newest first${api.admin ? '; Replay queues one again' : ''}`,
    ['Event', 'Store', 'Topic', 'Received', 'Attempts', 'Error', 'Status', ...(api.admin ? ['Action'] : [])], rows(page)),
  page, nextPage, rows, 'failed events', api);
}
