/** Small dependency-free SVG charts; each also has a text alternative via <title>/<desc>. */

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

export function BarChart({ data, title, format = String }) {
  if (!data.length) return null;
  const max = Math.max(...data.map((d) => Number(d.value) || 0), 1);
  const rowH = 30;
  const labelW = 150;
  const valueW = 110;
  const width = 560;
  const barMax = width - labelW - valueW;
  const height = data.length * rowH + 8;
  const id = title.replace(/\W+/g, '-').toLowerCase();
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{data.map((d) => `${d.label}: ${format(d.value)}`).join('; ')}</desc>
      {data.map((d, i) => {
        const w = ((Number(d.value) || 0) / max) * barMax;
        const y = 4 + i * rowH;
        const label = d.label.length > 20 ? `${d.label.slice(0, 19)}…` : d.label;
        return (
          <g key={`${d.label}-${i}`}>
            <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="chart-label">
              {label}
            </text>
            <rect x={labelW} y={y + 4} width={Math.max(w, 1)} height={rowH - 10} rx="3" className="bar" />
            <text x={labelW + w + 6} y={y + rowH / 2 + 4} className="chart-value">
              {format(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
