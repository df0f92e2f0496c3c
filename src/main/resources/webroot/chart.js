// Revenue over time as an inline SVG bar chart: total and chat-attributed revenue side by side per period.

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const HEIGHT = 240;
const PAD = {top: 22, right: 8, bottom: 26, left: 8};

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/**
 * The chart for one currency's points ({period, revenue, chatAttributedRevenue, orders}). Amounts become numbers
 * here only to size the bars; every label and tooltip shows the API's decimal string as it is.
 */
export function revenueChart(points, currency, labelledBy) {
  const amounts = points.flatMap(p => [Number(p.revenue), Number(p.chatAttributedRevenue)]);
  const high = Math.max(0, ...amounts);
  const low = Math.min(0, ...amounts);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const y = amount => PAD.top + (high - amount) / ((high - low) || 1) * plotHeight;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(points.length, 1);
  const barWidth = Math.max(1, slot * 0.4);
  const bar = (x, amount, kind) => svg('rect', {
    class: kind, x, width: barWidth,
    y: Math.min(y(Number(amount)), y(0)), height: Math.abs(y(Number(amount)) - y(0)),
  });
  const chart = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': labelledBy, class: 'chart'});
  const peak = points.reduce((best, p) => best === null || Number(p.revenue) > Number(best.revenue) ? p : best, null);
  if (peak !== null) {
    chart.append(svg('text', {x: PAD.left, y: PAD.top - 8, class: 'axis'}, `highest: ${peak.revenue} ${currency} (${peak.period})`));
  }
  chart.append(svg('line', {x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: 'baseline'}));
  points.forEach((p, i) => {
    const x = PAD.left + i * slot + slot * 0.1;
    chart.append(svg('g', {},
      svg('title', {}, `${p.period}: revenue ${p.revenue} ${currency} from ${p.orders} orders, `
        + `chat-attributed ${p.chatAttributedRevenue} ${currency}`),
      bar(x, p.revenue, 'bar-total'),
      bar(x + barWidth, p.chatAttributedRevenue, 'bar-chat')));
  });
  const ends = points.length > 1 ? [points[0], points[points.length - 1]] : points;
  ends.forEach((p, i) => chart.append(svg('text', {
    x: i === 0 ? PAD.left : WIDTH - PAD.right, y: HEIGHT - 8, class: 'axis', 'text-anchor': i === 0 ? 'start' : 'end',
  }, p.period)));
  return chart;
}
