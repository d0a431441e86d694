import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import api from './api/client';
import { useAuth } from './auth/AuthContext';

/** The number of units in the caller's cart, for the header; pages call refresh() after a change. */
const CartContext = createContext(null);
const NOOP = { count: null, refresh: () => {}, setFromCart: () => {} };

export const unitsIn = (cart) => (cart?.items || []).reduce((n, i) => n + Number(i.cantidad), 0);

export function CartProvider({ children }) {
  const { user } = useAuth();
  const [count, setCount] = useState(null);
  const isClient = user?.rol === 'CLIENT';

  const refresh = useCallback(async () => {
    if (!isClient) return;
    try {
      const { data } = await api.get('/carrito/');
      setCount(unitsIn(data));
    } catch {
      // The header count is a convenience: the cart page shows the real error.
    }
  }, [isClient]);
  const setFromCart = useCallback((cart) => setCount(unitsIn(cart)), []);

  useEffect(() => {
    if (isClient) refresh();
    else setCount(null);
  }, [isClient, refresh]);

  const value = useMemo(() => ({ count, refresh, setFromCart }), [count, refresh, setFromCart]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCartCount() {
  return useContext(CartContext) || NOOP;
}
