import { AxiosError } from 'axios';
import api from '../api/client';

/**
 * Replaces the axios adapter of the app's instance with `handler(config)`, which returns
 * [status, body, headers?] (or a promise of it). Non-2xx statuses reject like the real adapter.
 */
export function mockApi(handler) {
  const calls = [];
  const original = api.defaults.adapter;
  api.defaults.adapter = async (config) => {
    calls.push(config);
    const [status, data, headers = {}] = await handler(config, calls);
    const response = { data, status, statusText: String(status), headers, config, request: {} };
    if (status >= 200 && status < 300) return response;
    throw new AxiosError(`Request failed with status code ${status}`, AxiosError.ERR_BAD_RESPONSE, config, {}, response);
  };
  return {
    calls,
    restore() {
      api.defaults.adapter = original;
    },
  };
}

export const pathOf = (config) => config.url.replace(/^\/api/, '');
export const authOf = (config) => config.headers?.Authorization || config.headers?.get?.('Authorization');
export const bodyOf = (config) => (typeof config.data === 'string' ? JSON.parse(config.data) : config.data);
