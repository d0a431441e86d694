import { useState } from 'react';

/**
 * A product's photo (the API's `miniatura` for lists, `imagen` for the product page) at a fixed
 * size so the page does not jump while it loads, lazy-loaded, or a neutral placeholder when the
 * product has none. The product's name is always written next to it, so the image is decorative.
 */
export default function ProductImage({ src, size = 'thumb', className = '' }) {
  const [w, h] = size === 'large' ? [480, 360] : size === 'tiny' ? [48, 48] : [240, 180];
  // A photo that cannot be loaded (file gone, media not served) shows the placeholder too.
  const [failed, setFailed] = useState(null);
  if (!src || failed === src) {
    return (
      <span className={`product-img placeholder ${size} ${className}`} style={{ aspectRatio: `${w} / ${h}` }} aria-hidden="true">
        <svg viewBox="0 0 24 24" width="32" height="32" focusable="false">
          <path d="M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v8.6l3.3-3.3a1 1 0 0 1 1.4 0L13 15.6l2.3-2.3a1 1 0 0 1 1.4 0L19 15.6V7H5zm10.5 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z" fill="currentColor" />
        </svg>
      </span>
    );
  }
  return (
    <img
      className={`product-img ${size} ${className}`}
      src={src}
      alt=""
      loading="lazy"
      decoding="async"
      width={w}
      height={h}
      onError={() => setFailed(src)}
    />
  );
}
