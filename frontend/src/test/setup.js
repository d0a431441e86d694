import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// How long findBy*/waitFor wait for the page before failing (Testing Library's default is 1 s). On a
// loaded CI machine one role query in jsdom can take over a second: with the Vitest workers sharing a
// CPU with other jobs, waits that end well took up to 2 s and tests failed on the 1 s limit. A wait
// still ends as soon as what it waits for is there.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
