const SVG = 'http://www.w3.org/2000/svg';

export interface Bar {
  label: string;
  value: number;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  return el;
}

/**
 * A bar chart as plain SVG (no library, no inline style: CSP `style-src 'self'`). It carries a text
 * alternative, and every bar its own <title>, so the figures are readable without seeing the chart.
 */
export function barChart(bars: Bar[], caption: string): SVGSVGElement {
  const width = 640;
  const height = 220;
  const pad = { top: 12, right: 8, bottom: 36, left: 40 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const title = svg('title', {});
  title.textContent = `${caption}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ') || 'no data'}`;
  root.append(title);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  root.append(
    svg('line', {
      x1: pad.left,
      y1: pad.top + plotH,
      x2: width - pad.right,
      y2: pad.top + plotH,
      class: 'axis',
    }),
  );
  const maxLabel = svg('text', { x: pad.left - 6, y: pad.top + 10, 'text-anchor': 'end', class: 'tick' });
  maxLabel.textContent = String(max);
  root.append(maxLabel);
  const step = bars.length ? plotW / bars.length : plotW;
  bars.forEach((bar, i) => {
    const barH = (bar.value / max) * plotH;
    const rect = svg('rect', {
      x: pad.left + i * step + step * 0.15,
      y: pad.top + plotH - barH,
      width: Math.max(1, step * 0.7),
      height: barH,
      class: 'bar',
    });
    const tip = svg('title', {});
    tip.textContent = `${bar.label}: ${bar.value}`;
    rect.append(tip);
    root.append(rect);
    // Label every bar when few, otherwise about eight evenly spaced ones.
    if (bars.length <= 8 || i % Math.ceil(bars.length / 8) === 0) {
      const label = svg('text', {
        x: pad.left + i * step + step / 2,
        y: height - 14,
        'text-anchor': 'middle',
        class: 'tick',
      });
      label.textContent = bar.label;
      root.append(label);
    }
  });
  return root;
}
