import { useId } from 'react';

/** Small dependency-free charts, each with a text alternative: an SVG column chart and HTML bars. */

export function ColumnChart({ data, title, format = String, height = 220 }) {
  if (!data.length) return null;
  const max = Math.max(...data.map((d) => Number(d.value) || 0), 1);
  const barW = 36;
  const gap = 14;
  const left = 8;
  const top = 24;
  const bottom = 40;
  const width = Math.max(320, left * 2 + data.length * (barW + gap));
  const inner = height - top - bottom;
  const id = title.replace(/\W+/g, '-').toLowerCase();
  return (
    <div className="chart-scroll">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{data.map((d) => `${d.label}: ${format(d.value)}`).join('; ')}</desc>
        <line x1={left} x2={width - left} y1={top + inner} y2={top + inner} className="axis" />
        {data.map((d, i) => {
          const h = ((Number(d.value) || 0) / max) * inner;
          const x = left + gap / 2 + i * (barW + gap);
          return (
            <g key={d.label}>
              <rect x={x} y={top + inner - h} width={barW} height={h} rx="3" className="bar" />
              <text x={x + barW / 2} y={top + inner - h - 6} textAnchor="middle" className="chart-value">
                {format(d.value)}
              </text>
              <text x={x + barW / 2} y={height - bottom + 16} textAnchor="middle" className="chart-label">
                {d.short || d.label}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/**
 * Horizontal bars as HTML, not SVG: the text keeps the page's font size at any width (a scaled SVG
 * shrank it to about 6 px on a phone). The list reads as "label: value" to a screen reader; the
 * bars themselves are decoration.
 */
export function BarChart({ data, title, format = String }) {
  const id = useId();
  if (!data.length) return null;
  const max = Math.max(...data.map((d) => Number(d.value) || 0), 1);
  return (
    <figure className="barchart" aria-labelledby={id}>
      <figcaption id={id} className="sr-only">
        {title}
      </figcaption>
      <ul>
        {data.map((d, i) => (
          <li key={`${d.label}-${i}`}>
            <span className="barchart-label" title={d.label}>
              {d.label}
              <span className="sr-only">: </span>
            </span>
            <span className="barchart-track" aria-hidden="true">
              <span className="barchart-bar" style={{ width: `${Math.max(((Number(d.value) || 0) / max) * 100, 0.5)}%` }} />
            </span>
            <span className="barchart-value">{format(d.value)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
