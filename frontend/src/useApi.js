import { useCallback, useEffect, useRef, useState } from 'react';
import api from './api/client';
import { parseApiError } from './api/errors';

/** GETs `url` with `params` whenever they change; returns {data, loading, error, reload}. */
export default function useApi(url, params) {
  const [state, setState] = useState({ data: null, loading: Boolean(url), error: null });
  const key = JSON.stringify(params || {});
  const seq = useRef(0);

  const load = useCallback(async () => {
    if (!url) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const clean = Object.fromEntries(
        Object.entries(JSON.parse(key)).filter(([, v]) => v !== '' && v !== null && v !== undefined && v !== false),
      );
      const { data } = await api.get(url, { params: clean });
      if (mine === seq.current) setState({ data, loading: false, error: null });
    } catch (err) {
      if (mine === seq.current) setState({ data: null, loading: false, error: parseApiError(err) });
    }
  }, [url, key]);

  useEffect(() => {
    load();
  }, [load]);

  return { ...state, reload: load };
}

/** Every item of a small paginated collection (categories, suppliers) for a <select>. */
export function useOptions(url) {
  const { data, loading, error } = useApi(url, { page_size: 100 });
  const list = data?.results || [];
  return { list, loading, error };
}
