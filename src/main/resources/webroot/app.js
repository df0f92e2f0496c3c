// The dashboard: sign in with a token, then every section loads from the JSON API with it.

import {ApiError, call, claims, token} from './api.js';
import {message} from './dom.js';
import {explain} from './messages.js';
import {connectForm} from './connect.js';
import * as health from './health.js';
import * as sections from './sections.js';

const $ = id => document.getElementById(id);
const DAY = 24 * 60 * 60 * 1000;

/** The signed-in token and what its payload says it is for: {jwt, org, role}. */
let session = null;
const storeNames = new Map();
const storeName = id => storeNames.get(id) ?? `store ${id}`;

/** Said politely in the live region, without moving the focus. */
function announce(text) {
  $('status').textContent = text;
}

function alarm(parts) {
  $('alert').replaceChildren(...message(parts));
  $('alert').hidden = parts.length === 0;
}

/** A request with the session's token; a 401 ends the session and says how to get a new token. */
async function request(method, path, body) {
  try {
    return await call(method, path, session.jwt, body);
  } catch (error) {
    if (error.status === 401 && session !== null) {
      signOut(explain(error, 'viewer', session));
    }
    throw error;
  }
}

/**
 * What the sections that act need from here; admin says whether to draw buttons (a token without a role claim
 * gets them too, and the API's refusal explains itself).
 */
const api = {
  request, announce,
  explain: (error, needed) => explain(error, needed, session),
  get admin() {
    return session !== null && (session.role === undefined || session.role === 'admin');
  },
};

function signIn(jwt) {
  const payload = claims(jwt) ?? {};
  session = {jwt, org: payload.org, role: payload.role};
  $('connect-form').hidden = !api.admin;
  $('viewer-note').hidden = api.admin;
  $('admin-command').textContent = `java -jar target/orderlink.jar token --org ${payload.org ?? 'ORG'} --role admin`;
  token.set(jwt);
  $('identity-org').textContent = payload.org ?? 'unknown';
  $('identity-role').textContent = payload.role ?? 'unknown';
  $('identity-expiry').textContent = typeof payload.exp === 'number'
    ? `(token valid until ${new Date(payload.exp * 1000).toLocaleString()})` : '';
  $('identity').hidden = false;
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  alarm([]);
  $('main').focus(); // the sign-in button just disappeared: keep the keyboard in the page
  refresh();
}

/** Back to the sign-in form, with why when there is a reason. */
function signOut(reason = []) {
  session = null;
  token.forget();
  storeNames.clear();
  $('identity').hidden = true;
  $('dashboard').hidden = true;
  $('sign-in').hidden = false;
  $('token').value = '';
  $('connect-steps').replaceChildren();
  $('connect-outcome').hidden = true;
  alarm(reason);
  announce(reason.length === 0 ? 'Signed out.' : '');
  $('token').focus();
}

/** Fills one section; a failure is shown in the section, saying what to do (a 401 has already signed out). */
async function load(id, fill) {
  const section = $(id);
  const body = section.querySelector('[data-body]');
  const error = section.querySelector('[data-error]');
  section.setAttribute('aria-busy', 'true');
  try {
    body.replaceChildren(...[await fill()].flat());
    error.hidden = true;
    return true;
  } catch (failure) {
    if (!(failure instanceof ApiError)) {
      throw failure;
    }
    body.replaceChildren();
    error.replaceChildren(...message(explain(failure, 'viewer', session)));
    error.hidden = session === null;
    return false;
  } finally {
    section.removeAttribute('aria-busy');
  }
}

async function loadStores() {
  const list = await request('GET', '/api/stores');
  storeNames.clear();
  list.forEach(store => storeNames.set(store.id, store.domain));
  const select = $('store');
  const chosen = select.value;
  select.replaceChildren(select.options[0],
    ...list.map(store => new Option(`${store.domain} (${store.platform})`, String(store.id))));
  select.value = list.some(store => String(store.id) === chosen) ? chosen : '';
  return health.stores(list, api);
}

/** The form's range and store as query parameters. */
function query(...names) {
  const all = {start: $('start').value, end: $('end').value, granularity: $('granularity').value, storeId: $('store').value};
  return new URLSearchParams(names.filter(name => all[name] !== '').map(name => [name, all[name]])).toString();
}

/** A list's first page drawn by show, which gets how to fetch each further page by its cursor. */
async function listed(path, show) {
  return show(await request('GET', path), cursor => request('GET', `${path}&cursor=${encodeURIComponent(cursor)}`));
}

async function refresh() {
  if ($('start').value > $('end').value) {
    alarm(['The start date must be on or before the end date: change one of them, then press Show.']);
    return;
  }
  alarm([]);
  announce('Loading…');
  const loaded = [await load('stores', loadStores)];
  if (session === null) {
    return;
  }
  loaded.push(...await Promise.all([
    load('revenue', async () => sections.revenue(
      await request('GET', `/api/analytics/revenue?${query('start', 'end', 'granularity', 'storeId')}&metric=all`))),
    load('orders', () => listed(`/api/orders?${query('start', 'end', 'storeId')}&limit=20`,
      (page, next) => sections.orders(page, storeName, next, api))),
    load('customers', () => listed(`/api/customers?${query('storeId')}&sort=ltv&limit=10`,
      (page, next) => sections.customers(page, storeName, next, api))),
    load('events', () => listed(`/api/events?${query('storeId')}&status=failed&limit=20`,
      (page, next) => health.events(page, api, storeName, next))),
  ]));
  if (session !== null) {
    announce(loaded.every(Boolean) ? `Updated at ${new Date().toLocaleTimeString()}.`
      : 'Some sections could not be loaded: each one says why.');
  }
}

/** The last 30 days, today included, as UTC dates (the API reads a date as a UTC day). */
function defaultRange() {
  const today = new Date();
  $('end').value = today.toISOString().slice(0, 10);
  $('start').value = new Date(today.getTime() - 29 * DAY).toISOString().slice(0, 10);
}

$('sign-in-form').addEventListener('submit', event => {
  event.preventDefault();
  signIn($('token').value.trim());
});
$('sign-out').addEventListener('click', () => signOut());
$('range').addEventListener('submit', event => {
  event.preventDefault();
  refresh();
});

connectForm(api, () => load('stores', loadStores));
defaultRange();
if (token.get()) {
  signIn(token.get());
}
