// The read-only sections: revenue per currency, recent orders, top customers. Data in, nodes out.

import {el, money, paged, row, table, when} from './dom.js';
import {revenueChart} from './chart.js';
import {PLATFORMS} from './messages.js';

const CONFIDENCE = {high: 'High (0.85 and up)', medium: 'Medium (0.65 to 0.85)', low: 'Low (0.50 to 0.65)', none: 'None (below 0.50)'};

const label = id => id.replaceAll('_', ' ');

/** A figure (term and value); field names the API field it shows. */
const figure = (term, field, value) => el('div', {}, el('dt', {}, term), el('dd', {'data-field': field}, value));

/** A breakdown ({key: {revenue, orders}}) as a table. */
function breakdown(caption, names, tallies, currency) {
  return table(caption, ['', 'Revenue', 'Orders'], Object.entries(tallies).map(([key, tally]) => row(key, [
    names[key], {field: 'revenue', text: money(tally.revenue, currency)}, {field: 'orders', text: String(tally.orders)},
  ])), {'data-breakdown': caption});
}

function overTime(points, currency, granularity) {
  const captionId = `chart-${currency}`;
  return el('figure', {class: 'over-time'},
    el('figcaption', {id: captionId}, `Revenue over time in ${currency}, by ${granularity}: total and chat-attributed`),
    el('p', {class: 'legend', 'aria-hidden': 'true'},
      el('span', {class: 'key key-total'}), 'total ', el('span', {class: 'key key-chat'}), 'chat-attributed'),
    revenueChart(points, currency, captionId),
    el('details', {},
      el('summary', {}, 'The same as a table'),
      table(`Revenue over time in ${currency}`, ['Period', 'Revenue', 'Orders', 'Chat-attributed revenue', 'Chat-attributed orders'],
        points.map(p => row(p.period, [p.period, money(p.revenue, currency), String(p.orders),
          money(p.chatAttributedRevenue, currency), String(p.attributedOrders)])))));
}

function currencySection(currency, figures, granularity) {
  return el('article', {class: 'currency', 'data-currency': currency, 'aria-labelledby': `currency-${currency}`},
    el('h3', {id: `currency-${currency}`}, currency),
    el('dl', {class: 'figures'},
      figure('Revenue (net of refunds)', 'totalRevenue', money(figures.totalRevenue, currency)),
      figure('Chat-attributed revenue', 'chatAttributedRevenue', money(figures.chatAttributedRevenue, currency)),
      figure('Orders', 'totalOrders', String(figures.totalOrders)),
      figure('Chat-attributed orders', 'attributedOrders', String(figures.attributedOrders)),
      figure('Average order value', 'averageOrderValue', money(figures.averageOrderValue, currency)),
      figure('Refunds', 'refunds', money(figures.refunds, currency))),
    el('div', {class: 'breakdowns'},
      breakdown('By platform', PLATFORMS, figures.revenueByPlatform, currency),
      breakdown('By attribution confidence', CONFIDENCE, figures.revenueByConfidence, currency)),
    topProducts(figures.topProducts ?? [], currency),
    overTime(figures.revenueOverTime, currency, granularity));
}

/** The products chat-attributed orders bought most, as the API ranks them (by revenue). */
function topProducts(products, currency) {
  if (products.length === 0) {
    return null;
  }
  return table(`Top products in chat-attributed orders, ${currency}`, ['Product', 'Quantity', 'Revenue'],
    products.map(p => row(p.productKey, [p.name ?? p.productKey, {field: 'quantity', text: String(p.quantity)},
      {field: 'revenue', text: money(p.revenue, currency)}])), {'data-top-products': currency});
}

/**
 * GET /api/analytics/revenue: the chat summary (conversations have no currency), then one block per currency.
 * The conversion rate is a JSON number (a percentage, not money), shown with its two decimals.
 */
export function revenue(report) {
  const currencies = Object.entries(report.currencies);
  return [
    el('dl', {class: 'figures summary'},
      figure('Conversations', 'conversationCount', String(report.conversationCount)),
      figure('Chat-attributed orders', 'attributedOrders', String(report.attributedOrders)),
      figure('Conversion rate (attributed orders per conversation)', 'conversionRate', `${Number(report.conversionRate).toFixed(2)} %`)),
    ...(currencies.length === 0 ? [el('p', {}, 'No orders in this range.')]
      : currencies.map(([currency, figures]) => currencySection(currency, figures, report.granularity))),
  ];
}

/** GET /api/orders: each order with how it was attributed and why; More loads the next page. */
export function orders(page, storeName, nextPage, api) {
  if (page.items.length === 0) {
    return el('p', {}, 'No orders in this range.');
  }
  const rows = next => next.items.map(o => row(o.id, [
    o.orderNumber ?? o.orderId,
    storeName(o.storeId),
    when(o.orderedAt),
    {field: 'net', text: money(o.net, o.currency)},
    [o.status, o.test ? ' (test)' : ''].join(''),
    {field: 'method', text: label(o.attribution.method)},
    {field: 'confidence', text: o.attribution.confidence},
    {field: 'reasoning', text: o.attribution.reasoning},
  ]));
  return paged(table('Newest first', ['Order', 'Store', 'Ordered', 'Net', 'Status', 'Attribution', 'Confidence', 'Reasoning'],
    rows(page)), page, nextPage, rows, 'orders', api);
}

/** GET /api/customers?sort=ltv: lifetime value per store and currency; More loads the next page. */
export function customers(page, storeName, nextPage, api) {
  if (page.items.length === 0) {
    return el('p', {}, 'No customers yet.');
  }
  const rows = next => next.items.map(c => row(`${c.storeId} ${c.email} ${c.currency}`, [
    c.email,
    storeName(c.storeId),
    {field: 'lifetimeValue', text: money(c.lifetimeValue, c.currency)},
    String(c.paidOrders),
    c.returning ? 'yes' : 'no',
    String(c.conversations),
    String(c.attributedOrders),
    when(c.lastPurchaseAt),
  ]));
  return paged(table('Highest lifetime value first', ['Customer', 'Store', 'Lifetime value', 'Paid orders', 'Returning',
    'Conversations', 'Chat-attributed orders', 'Last purchase'], rows(page)), page, nextPage, rows, 'customers', api);
}
