import { Fragment } from 'react';

/**
 * The one table of the SPA: a caption, one header row and one row per item, each cell with
 * its column label (`data-label`, used by the phone layout in styles.css).
 *  columns: [{ label, render(row), num?, testid?, className?(row), hideLabel? }]
 *  rowLabel(row): the row's accessible name (e.g. the product), rowClass(row): extra classes,
 *  detail(row): optional full-width row under it (an expanded order).
 */
export default function DataTable({ caption, captionVisible = false, columns, rows, rowKey = (r) => r.id, rowLabel, rowClass, detail, compact = false }) {
  return (
    <div className="table-wrap">
      <table className={compact ? 'table compact' : 'table'}>
        <caption className={captionVisible ? undefined : 'sr-only'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.hideLabel ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const extra = detail?.(row);
            return (
              <Fragment key={rowKey(row, i)}>
                <tr aria-label={rowLabel?.(row)} className={rowClass?.(row) || undefined}>
                  {columns.map((c) => (
                    <td
                      key={c.label}
                      data-label={c.hideLabel ? undefined : c.label}
                      data-testid={c.testid}
                      className={[c.num ? 'num' : '', typeof c.className === 'function' ? c.className(row) : c.className || ''].join(' ').trim() || undefined}
                    >
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
                {extra && (
                  <tr className="detail-row">
                    <td colSpan={columns.length}>{extra}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
