// Small DOM helpers. Everything from the API goes in as text (never innerHTML), so no data can become markup.

import {plain} from './messages.js';

/** An element with attributes (null or undefined ones skipped) and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      node.setAttribute(name, value);
    }
  }
  node.append(...children.flat().filter(c => c !== null && c !== undefined));
  return node;
}

/** Money exactly as the API wrote it (a decimal string) with its currency: never turned into a float. */
export function money(amount, currency) {
  return `${amount} ${currency}`;
}

/** An ISO instant in the reader's local time, or a dash. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}) : '—';
}

/** A table with a caption, column headers and rows (see row). */
export function table(caption, headers, rows, attributes = {}) {
  return el('table', attributes,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, rows));
}

/**
 * One table row; its key (data-key) lets a test or an update find it again. A cell is text, a node, or
 * {field, text}: text in a cell whose data-field names the API field it shows. Missing text shows as a dash.
 */
export function row(key, cells) {
  return el('tr', {'data-key': key}, cells.map(cell => cell instanceof Node ? el('td', {}, cell)
    : typeof cell === 'object' && cell !== null ? el('td', {'data-field': cell.field}, cell.text ?? '—')
    : el('td', {}, cell ?? '—')));
}

/** A message whose parts are text or {code: 'a command'}, shown with the commands as code. */
export function message(parts) {
  return parts.map(part => typeof part === 'string' ? part : el('code', {}, part.code));
}

/**
 * The table, and under it a "More" button while the API has further pages: each press fetches the next page
 * through its cursor (nextPage) and appends its rows (rows turns a page into rows). When the last page is in,
 * the button goes and the keyboard lands on the first row it added.
 */
export function paged(list, page, nextPage, rows, noun, api) {
  if (!page.nextCursor) {
    return [list];
  }
  let cursor = page.nextCursor;
  const button = el('button', {type: 'button', class: 'more', 'data-more': noun}, `More ${noun}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    let next;
    try {
      next = await nextPage(cursor);
    } catch (error) {
      button.disabled = false;
      api.announce(`More ${noun} could not be loaded: ${plain(api.explain(error, 'viewer'))}`);
      return;
    }
    const added = rows(next);
    list.tBodies[0].append(...added);
    cursor = next.nextCursor;
    api.announce(`${added.length} more ${noun} shown${cursor ? '' : ', the last of them'}.`);
    if (cursor) {
      button.disabled = false;
    } else {
      button.remove();
      added[0]?.setAttribute('tabindex', '-1');
      added[0]?.focus();
    }
  });
  return [list, button];
}
