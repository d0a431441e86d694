// End-to-end tests: headless Debian Chromium driven by playwright-core against the Django
// server that serves the built SPA. Usage: `npm run e2e` (see README.md for the variables).
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.E2E_BASE_URL || 'http://127.0.0.1:8000').replace(/\/$/, '');
const SHOTS = process.env.E2E_SCREENSHOTS || join(here, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ADMIN = { user: process.env.E2E_ADMIN_USER || 'admin', pass: process.env.E2E_ADMIN_PASSWORD || process.env.DEMO_ADMIN_PASSWORD };
const EMPLOYEE = {
  user: process.env.E2E_EMPLOYEE_USER || 'empleado',
  pass: process.env.E2E_EMPLOYEE_PASSWORD || process.env.DEMO_EMPLOYEE_PASSWORD,
};
const CUPON = process.env.E2E_CUPON || 'BIENVENIDA10';
const SEARCH = process.env.E2E_SEARCH || 'Café';
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15000);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Accessibility violations (axe-core, impact serious or critical) of every page shot, by page.
const a11y = [];

mkdirSync(SHOTS, { recursive: true });
for (const f of readdirSync(SHOTS)) if (f.endsWith('.png')) rmSync(join(SHOTS, f));

// What the scenarios hand to each other (the client's order feeds the staff scenarios).
const shared = {
  client: { user: `cliente_e2e_${Date.now().toString(36)}`, pass: 'Compra-Segura-2026!', email: '' },
  productA: null,
  productB: null,
  ventaId: null,
};
shared.client.email = `${shared.client.user}@example.com`;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exact = (s) => new RegExp(`^\\s*${escape(s)}\\s*$`);

/** axe-core on the page as it is: serious and critical violations are collected (and fail the run). */
async function axe(page, name) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  found.forEach((v) => a11y.push(`${name} @${page.viewportSize().width}px: ${v}`));
}

/** A full-page screenshot at desktop (1280 px) and phone (390 px) widths, each checked with axe-core. */
async function shot(page, name) {
  const vp = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: vp.height });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    await axe(page, name);
  }
  await page.setViewportSize(vp);
}

/** The element is inside the visible window (feedback the person can see without scrolling). */
async function assertOnScreen(page, locator, what) {
  await locator.waitFor();
  const box = await locator.boundingBox();
  const vp = page.viewportSize();
  assert.ok(box && box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width, `${what} is drawn off screen (${JSON.stringify(box)})`);
}

async function login(page, { user, pass }) {
  assert.ok(pass, `no password for ${user}: set the E2E_*_PASSWORD variables`);
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Usuario').fill(user);
  await page.getByLabel('Contraseña').fill(pass);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('heading', { level: 1, name: 'Catálogo' }).waitFor();
}

async function nav(page, label) {
  // The cart entry carries the number of units ("Carrito 3 unidades").
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: new RegExp(`^${escape(label)}( \\d+ unidad(es)?)?$`) }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('a client registers, searches, adds two products, applies the coupon, checks out, sees the order and rates it', async (page) => {
  const { client } = shared;
  await page.goto(`${BASE}/registro`);
  await shot(page, '01-registro');
  await page.getByLabel('Usuario').fill(client.user);
  await page.getByLabel('Correo electrónico').fill(client.email);
  await page.getByLabel('Contraseña', { exact: true }).fill(client.pass);
  await page.getByLabel('Repite la contraseña').fill(client.pass);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await page.getByRole('heading', { level: 1, name: 'Catálogo' }).waitFor();
  await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor();
  await page.getByRole('list', { name: 'Productos' }).waitFor();
  await shot(page, '02-catalogo');

  // Search, then open the first hit.
  await page.getByLabel('Buscar').fill(SEARCH);
  await page.getByRole('button', { name: 'Aplicar filtros' }).click();
  await page.waitForURL(/search=/);
  const hits = page.getByRole('list', { name: 'Productos' }).getByRole('heading', { level: 2 });
  await hits.first().waitFor();
  const names = await hits.allInnerTexts();
  assert.ok(names.length > 0, 'the search found nothing');
  shared.productA = names[0].trim();
  await shot(page, '03-busqueda');
  // Another search, then Back: the results AND the search box return to the first search.
  await page.getByLabel('Buscar').fill('zzz-nada');
  await page.getByRole('button', { name: 'Aplicar filtros' }).click();
  await page.waitForURL(/zzz-nada/);
  await page.goBack();
  await page.waitForURL((url) => url.searchParams.get('search') === SEARCH);
  await page.getByRole('link', { name: shared.productA, exact: true }).waitFor();
  assert.equal(await page.getByLabel('Buscar').inputValue(), SEARCH, 'Back did not restore the search box');
  await page.getByRole('link', { name: shared.productA, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: shared.productA }).waitFor();
  await page.getByLabel('Cantidad').fill('2');
  await page.getByRole('button', { name: 'Añadir al carrito' }).click();
  await page.getByText(`Añadido al carrito: 2 × ${shared.productA}.`).waitFor();
  await shot(page, '04-producto');

  // A second product: cheapest in stock that is not the first one.
  await page.goto(`${BASE}/?en_stock=true&ordering=precio`);
  await hits.first().waitFor();
  const cheap = (await hits.allInnerTexts()).map((s) => s.trim()).filter((n) => n !== shared.productA);
  assert.ok(cheap.length > 0, 'no second product in stock');
  // The last one of the page: the confirmation must be seen down there, not drawn at the top.
  shared.productB = cheap[cheap.length - 1];
  await page.getByRole('button', { name: `Añadir ${shared.productB} al carrito` }).click();
  await assertOnScreen(page, page.getByText(`«${shared.productB}» añadido al carrito.`), 'the "añadido al carrito" message');
  const count = page.getByRole('navigation', { name: 'Principal' }).getByTestId('cart-count');
  await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent.trim().startsWith('3'));
  assert.match(await count.innerText(), /^3/, 'the header does not count the 3 units in the cart');

  // Cart with both lines.
  await nav(page, 'Carrito');
  const table = page.getByRole('table');
  await table.waitFor();
  await table.getByRole('link', { name: shared.productA, exact: true }).waitFor();
  await table.getByRole('link', { name: shared.productB, exact: true }).waitFor();
  assert.equal(await page.getByLabel(`Cantidad de ${shared.productA}`).inputValue(), '2');
  assert.match(await page.getByTestId('cart-total').innerText(), /€/);
  await shot(page, '05-carrito');
  // Enter, Enter again, then leaving the box: ONE update.
  const patches = [];
  page.on('request', (r) => r.method() === 'PATCH' && r.url().includes('/api/carrito-item/') && patches.push(r.url()));
  const qtyA = page.getByLabel(`Cantidad de ${shared.productA}`);
  await qtyA.fill('3');
  await qtyA.press('Enter');
  await qtyA.press('Enter').catch(() => {});
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent.trim().startsWith('4'));
  await page.waitForTimeout(400);
  assert.equal(patches.length, 1, `Enter then blur sent ${patches.length} updates`);
  // A refused quantity (over the stock) is explained on its line and the box shows what the cart holds.
  await qtyA.fill('5000');
  await qtyA.press('Enter');
  await assertOnScreen(page, page.locator('.line-error'), 'the refusal of the quantity');
  await page.waitForFunction((label) => {
    const input = [...document.querySelectorAll('input.qty')].find((i) => i.labels[0]?.textContent.includes(label));
    return input && input.value === '3' && !input.disabled;
  }, shared.productA);
  await shot(page, '05b-carrito-rechazo');

  // Checkout with the coupon.
  await page.getByRole('link', { name: 'Tramitar pedido' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tramitar pedido' }).waitFor();
  const amounts = page.getByRole('definition').last();
  await amounts.waitFor();
  const before = await amounts.innerText();
  await page.getByLabel('Cupón').fill(CUPON);
  await page.getByRole('button', { name: 'Aplicar cupón' }).click();
  await page.getByText(`Cupón «${CUPON}» aplicado`).waitFor();
  await page.waitForFunction(
    (prev) => {
      const dd = [...document.querySelectorAll('.amount-total dd')].pop();
      return dd && dd.textContent !== prev;
    },
    before,
    { timeout: TIMEOUT },
  ).catch(() => {
    throw new Error(`the coupon ${CUPON} did not change the previewed total (${before})`);
  });
  await shot(page, '06-checkout');
  await page.getByRole('button', { name: 'Confirmar compra' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pedido confirmado' }).waitFor();
  const text = await page.locator('main').innerText();
  const m = text.match(/Pedido #(\d+)/);
  assert.ok(m, 'no order number on the confirmation page');
  shared.ventaId = Number(m[1]);
  assert.match(text, /Descuento/);
  assert.match(text, /Pendiente de pago/);
  await shot(page, '07-pedido-confirmado');

  // The order in the history, then a rating.
  await page.getByRole('link', { name: 'Ver mis pedidos' }).click();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Pedido #${shared.ventaId}`, exact: true }) });
  await card.waitFor();
  await card.getByText(shared.productA).first().waitFor();
  await card.getByText(shared.productB).first().waitFor();
  await card.getByText('Pendiente de pago', { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Enviar calificación' }).click();
  await card.getByText('Elige de 1 a 5 estrellas.').first().waitFor();
  await card.getByLabel('5 estrellas').check();
  assert.equal(await card.getByText('Elige de 1 a 5 estrellas.').count(), 0, 'the star reminder stays after choosing');
  await card.getByLabel('Comentario').fill('Todo perfecto, gracias.');
  await card.getByRole('button', { name: 'Enviar calificación' }).click();
  await page.getByText(`Gracias por calificar el pedido #${shared.ventaId}.`).waitFor();
  await card.getByText('Tu calificación:').waitFor();
  // Reloaded from the API, the rating is still there and cannot be given twice.
  await page.reload();
  await card.getByText('Tu calificación:').waitFor();
  assert.equal(await card.getByRole('button', { name: 'Enviar calificación' }).count(), 0);
  await shot(page, '08-mis-pedidos');
  // The product page shows the average of the ratings of the orders that contain it.
  await page.goto(`${BASE}/?search=${encodeURIComponent(shared.productA)}`);
  await page.getByRole('link', { name: shared.productA, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: shared.productA }).waitFor();
  await page.getByText(/5,0 de 5/).waitFor();
  await page.getByText(/cuenta para cada producto/).waitFor();
});

test('an employee adjusts stock and moves the order to ENVIADA', async (page) => {
  assert.ok(shared.ventaId, 'needs the order of the client scenario');
  await login(page, EMPLOYEE);
  await nav(page, 'Inventario');
  const row = page.getByRole('row', { name: shared.productA, exact: true });
  await row.waitFor();
  const before = Number((await row.getByTestId('cantidad').innerText()).trim());
  await row.getByRole('button', { name: `Ajustar stock de ${shared.productA}` }).click();
  await row.getByLabel('Nueva cantidad').fill(String(before + 5));
  await row.getByRole('button', { name: 'Guardar' }).click();
  await page.getByText(`Stock de «${shared.productA}» ajustado a ${before + 5}.`).waitFor();
  await page.waitForFunction(
    ({ name, want }) => {
      const tr = document.querySelector(`tr[aria-label="${CSS.escape(name)}"] [data-testid="cantidad"]`);
      return tr && tr.textContent.trim() === String(want);
    },
    { name: shared.productA, want: before + 5 },
  );
  await shot(page, '10-inventario');

  await row.getByRole('link', { name: `Movimientos de ${shared.productA}` }).click();
  await page.getByRole('heading', { level: 1, name: 'Movimientos de inventario' }).waitFor();
  await page.getByRole('cell', { name: '+5', exact: true }).first().waitFor();
  await page.getByRole('cell', { name: 'Ajuste manual', exact: true }).first().waitFor();
  assert.equal(await page.getByRole('cell', { name: 'AJUSTE', exact: true }).count(), 0, 'raw movement codes');
  await shot(page, '11-movimientos');

  await nav(page, 'Ventas');
  const venta = page.getByRole('row', { name: `Pedido #${shared.ventaId}`, exact: true });
  await venta.waitFor();
  for (const estado of ['PAGADA', 'CANCELADA', 'ENVIADA']) {
    await venta.getByLabel(`Nuevo estado del pedido #${shared.ventaId}`).selectOption(estado);
    const asked = new Promise((resolve) => {
      page.once('dialog', async (dialog) => {
        // Cancelling is only looked at (and declined): it says it returns stock and refunds.
        if (estado === 'CANCELADA') await dialog.dismiss();
        else await dialog.accept();
        resolve(dialog.message());
      });
    });
    await venta.getByRole('button', { name: `Cambiar estado del pedido #${shared.ventaId}` }).click();
    const question = await asked;
    if (estado === 'CANCELADA') {
      assert.match(question, /stock/);
      assert.match(question, /reembolsar/);
      await venta.getByTestId('estado').getByText('Pagado', { exact: true }).waitFor();
      continue;
    }
    const palabras = { PAGADA: 'Pagado', ENVIADA: 'Enviado' }[estado];
    await page.getByText(`Pedido #${shared.ventaId} pasado a «${palabras}».`).waitFor();
    await venta.getByTestId('estado').getByText(palabras, { exact: true }).waitFor();
  }
  await venta.getByRole('button', { name: `#${shared.ventaId}`, exact: true }).click();
  await page.getByText('Historial de estados').first().waitFor();
  await shot(page, '12-ventas');

  // A product that was sold cannot be deleted: the API's 409 is shown as a clear message.
  await nav(page, 'Productos');
  // What was said on Ventas stays there: no toast of that page over this one.
  assert.equal(await page.getByTestId('toast').count(), 0, 'a toast of Ventas is shown on Productos');
  await page.getByRole('table').waitFor();
  await page.getByLabel('Buscar producto').fill(shared.productA);
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: `Eliminar ${shared.productA}`, exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: `No se puede eliminar «${shared.productA}»` });
  await alert.waitFor();
  const refusal = await alert.innerText();
  assert.equal(refusal.split(`«${shared.productA}»`).length - 1, 1, `the refusal names the product more than once: ${refusal}`);
  await page.getByRole('cell', { name: shared.productA, exact: true }).waitFor();
  await shot(page, '13-gestion-productos');
  // A price typed the Spanish way: "12,5" is 12,50 €, never 125; "1.234,5" is refused as ambiguous.
  await page.getByRole('button', { name: 'Nuevo producto' }).click();
  const nuevo = page.getByRole('form', { name: 'Nuevo producto' });
  const maceta = `Maceta e2e ${Date.now().toString(36)}`;
  await nuevo.getByLabel('Nombre', { exact: true }).fill(maceta);
  await nuevo.getByLabel('Precio (€)').fill('1.234,5');
  await nuevo.getByText(/separador de miles/).first().waitFor();
  await nuevo.getByLabel('Precio (€)').fill('12,5');
  await nuevo.getByText('Se guardará: 12,50 €').waitFor();
  await nuevo.getByLabel('Stock', { exact: true }).fill('4');
  await nuevo.getByLabel('Categoría').selectOption({ index: 1 });
  await shot(page, '13b-producto-coma');
  await nuevo.getByRole('button', { name: 'Guardar' }).click();
  await page.getByText(`Producto «${maceta}» creado.`).waitFor();
  await page.getByLabel('Buscar producto').fill(maceta);
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  const fila = page.getByRole('row').filter({ has: page.getByRole('cell', { name: maceta, exact: true }) });
  await fila.getByRole('cell', { name: /^12,50\s€$/ }).waitFor();
  // A photo uploaded from the product form becomes its main photo; a price edit is saved with If-Match.
  const png = Buffer.from(
    (
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 64;
        c.height = 48;
        const g = c.getContext('2d');
        g.fillStyle = '#2a7';
        g.fillRect(0, 0, 64, 48);
        return c.toDataURL('image/png');
      })
    ).split(',')[1],
    'base64',
  );
  await fila.getByRole('button', { name: `Editar ${maceta}` }).click();
  const edicion = page.getByRole('form', { name: 'Editar producto' });
  await edicion.getByLabel(/Añadir fotos/).setInputFiles({ name: 'maceta.png', mimeType: 'image/png', buffer: png });
  await edicion.getByText('Foto añadida.').waitFor();
  await edicion.getByText('Principal', { exact: true }).waitFor();
  await shot(page, '13c-producto-foto');
  await edicion.getByLabel('Precio (€)').fill('13.75');
  await edicion.getByText('Se guardará: 13,75 €').waitFor();
  const edits = [];
  page.on('request', (r) => r.method() === 'PATCH' && r.url().includes('/api/productos/') && edits.push({ ifMatch: r.headers()['if-match'], body: r.postDataJSON() }));
  await edicion.getByRole('button', { name: 'Guardar' }).click();
  await page.getByText(`Producto «${maceta}» guardado.`).waitFor();
  assert.equal(edits.length, 1);
  assert.match(String(edits[0].ifMatch), /^".+"$/, 'the product edit is not sent with If-Match');
  assert.equal(edits[0].body.precio, '13.75');
  assert.ok(!('stock' in edits[0].body), 'the product edit sends the stock it did not change');
  await fila.getByRole('cell', { name: /^13,75\s€$/ }).waitFor();

  await nav(page, 'Cupones');
  await page.getByRole('cell', { name: CUPON, exact: true }).waitFor();
  // A new coupon starts valid from now for a month.
  await page.getByRole('button', { name: 'Nuevo cupón' }).click();
  const desde = await page.getByLabel('Válido desde').inputValue();
  const hasta = await page.getByLabel('Válido hasta').inputValue();
  assert.ok(desde && hasta && hasta > desde, `coupon dates start empty (${desde} – ${hasta})`);
  await shot(page, '14-cupones');
  // Employees have no admin pages.
  assert.equal(await page.getByRole('link', { name: 'Reportes' }).count(), 0);
});

test('the client finds the order notifications behind the bell and asks for a password reset', async (page) => {
  assert.ok(shared.ventaId, 'needs the order of the client scenario');
  await login(page, shared.client);
  const bell = page.getByTestId('campana');
  await bell.getByTestId('no-leidas').waitFor();
  await bell.click();
  await page.getByRole('heading', { level: 1, name: 'Notificaciones' }).waitFor();
  await page.getByText(`Pedido #${shared.ventaId} confirmado`).first().waitFor();
  await page.getByText(`Tu pedido #${shared.ventaId} está enviado`).first().waitFor();
  await shot(page, '14-notificaciones');
  await page.getByRole('button', { name: 'Marcar todas como leídas' }).click();
  await bell.getByTestId('no-leidas').waitFor({ state: 'hidden' });

  // Forgot password: the same answer whatever the address (the email itself is proven by the API tests).
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.goto(`${BASE}/olvide-contrasena`);
  await page.getByLabel('Correo electrónico').fill(shared.client.email);
  await page.getByRole('button', { name: 'Enviarme un enlace' }).click();
  await page.getByText(/te hemos enviado un enlace/).waitFor();
  await shot(page, '15-olvide-contrasena');
});

test('an admin sees the sale in the reports', async (page) => {
  assert.ok(shared.ventaId, 'needs the order of the client scenario');
  await login(page, ADMIN);
  await nav(page, 'Reportes');
  // A range that surely holds today's sale whatever the server's time zone.
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  // The menu of an administrator fits on one line at 1280 px.
  const tops = await page.evaluate(() => [...document.querySelectorAll('#menu-principal li')].map((li) => li.offsetTop));
  assert.equal(new Set(tops).size, 1, `the staff menu wraps onto ${new Set(tops).size} lines`);
  // An end before the start is said, not answered with "0 ventas".
  await page.getByLabel('Desde').fill(day(1));
  await page.getByLabel('Hasta').fill(day(-7));
  await page.getByRole('button', { name: 'Actualizar' }).click();
  await page.getByRole('alert').filter({ hasText: 'es anterior a' }).waitFor();
  assert.equal(await page.getByTestId('numero-ventas').count(), 0, 'figures shown for an empty range');
  await page.getByLabel('Desde').fill(day(-7));
  await page.getByLabel('Hasta').fill(day(1));
  await page.getByRole('button', { name: 'Actualizar' }).click();
  const n = page.getByTestId('numero-ventas');
  await n.waitFor();
  assert.ok(Number(await n.innerText()) >= 1, 'the sales report counts no sale');
  const productos = page.getByRole('table', { name: 'Productos más vendidos' });
  await productos.getByRole('cell', { name: shared.productA, exact: true }).waitFor();
  await productos.getByRole('cell', { name: shared.productB, exact: true }).waitFor();
  const clientes = page.getByRole('table', { name: 'Ventas por cliente' });
  await clientes.getByRole('cell', { name: shared.client.user, exact: true }).waitFor();
  await page.getByRole('img', { name: 'Total vendido por día' }).waitFor();
  // The bar charts' names and figures keep a readable size on a phone (a scaled SVG made them ~6 px).
  await page.setViewportSize({ width: 390, height: 844 });
  const barras = page.getByRole('figure', { name: 'Unidades vendidas por producto' });
  await barras.getByRole('listitem').filter({ hasText: shared.productA }).waitFor();
  const tamanos = await barras.locator('.barchart-label, .barchart-value').evaluateAll((els) =>
    els.map((e) => parseFloat(getComputedStyle(e).fontSize)),
  );
  assert.ok(Math.min(...tamanos) >= 12, `bar chart text at 390 px: ${tamanos.join(', ')} px`);
  await page.setViewportSize({ width: 1280, height: 860 });
  await shot(page, '20-reportes');

  await nav(page, 'Usuarios');
  await page.getByRole('table').waitFor();
  await shot(page, '21-usuarios');

  // Ventas at phone width: the filters fit, and the client filter lists clients only.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/gestion/ventas`);
  await page.getByRole('heading', { level: 1, name: 'Ventas' }).waitFor();
  await page.getByLabel('Cliente').locator('option', { hasText: shared.client.user }).waitFor({ state: 'attached' });
  const opciones = await page.getByLabel('Cliente').locator('option').allInnerTexts();
  for (const staff of [ADMIN.user, EMPLOYEE.user]) assert.ok(!opciones.includes(staff), `the client filter lists ${staff}`);
  const spill = await page.evaluate(() => {
    const f = document.querySelector('form.filters');
    return { form: f.scrollWidth - f.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth };
  });
  assert.ok(spill.form <= 1 && spill.page <= 1, `the sales filters overflow at 390 px (${JSON.stringify(spill)})`);
  await shot(page, '22-ventas-movil');
});

test('a client cannot reach the staff pages', async (page) => {
  await login(page, shared.client);
  const menu = page.getByRole('navigation', { name: 'Principal' });
  for (const label of ['Inventario', 'Ventas', 'Reportes', 'Usuarios']) {
    assert.equal(await menu.getByRole('link', { name: label, exact: true }).count(), 0, `a client sees ${label} in the menu`);
  }
  for (const path of ['/gestion/inventario', '/gestion/ventas', '/gestion/reportes', '/gestion/usuarios']) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole('heading', { level: 1, name: 'No autorizado' }).waitFor();
  }
  await shot(page, '30-no-autorizado');
  // The API refuses too, whatever the SPA shows.
  const status = await page.evaluate(async () => {
    // The access token lives only in the SPA's memory: get one through the HttpOnly refresh cookie.
    const refresh = await fetch('/api/token/refresh/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const { access } = await refresh.json();
    const r = await fetch('/api/inventario/', { headers: { Authorization: `Bearer ${access}` } });
    return r.status;
  });
  assert.equal(status, 403);
});

test('no token is readable by scripts, a reload keeps the session through the cookie, the CSP holds', async (page) => {
  const violations = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  const first = await page.goto(`${BASE}/login`);
  const csp = first.headers()['content-security-policy'] || '';
  assert.match(csp, /script-src 'self'/, 'the SPA page has no strict Content-Security-Policy');
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `the CSP allows inline or eval: ${csp}`);
  await page.getByLabel('Usuario').fill(shared.client.user);
  await page.getByLabel('Contraseña').fill('no-es-la-contraseña');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByText('El usuario o la contraseña no son correctos.').first().waitFor();
  await shot(page, '31-login-rechazo');
  await login(page, shared.client);
  // The password change refuses two different new passwords on the field, before asking the API.
  await nav(page, 'Mi perfil');
  await page.getByLabel('Contraseña actual').fill(shared.client.pass);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('Una-2026-larga');
  await page.getByLabel('Repite la contraseña nueva').fill('Otra-2026-larga');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await page.getByText('Las dos contraseñas nuevas no coinciden.').first().waitFor();
  await shot(page, '32-perfil-password');
  await nav(page, 'Catálogo');
  const readable = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(!/eyJ/.test(readable), `a token is readable by scripts: ${readable.slice(0, 120)}`);
  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === 'tienda_refresh');
  assert.ok(refresh && refresh.httpOnly && refresh.secure && refresh.sameSite === 'Strict', `refresh cookie: ${JSON.stringify(refresh)}`);
  assert.equal(refresh.path, '/api/token/refresh/');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Catálogo' }).waitFor();
  await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor();
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  assert.equal((await page.context().cookies()).filter((c) => c.name.startsWith('tienda_refresh')).length, 0, 'logout leaves the refresh cookie');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
  assert.deepEqual(violations, [], 'Content-Security-Policy violations');
});

test('the catalogue works at phone width', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, shared.client);
  await page.getByRole('list', { name: 'Productos' }).waitFor();
  const menuButton = page.getByRole('button', { name: 'Menú' });
  await menuButton.click();
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Mis pedidos' }).waitFor();
  await shot(page, '40-movil-menu');
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Mis pedidos' }).waitFor({ state: 'hidden' });
  assert.equal(await menuButton.getAttribute('aria-expanded'), 'false');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone screen`);
  await shot(page, '41-movil-catalogo');
  await page.goto(`${BASE}/pedidos`);
  await page.getByRole('heading', { level: 2, name: `Pedido #${shared.ventaId}`, exact: true }).waitFor();
  await shot(page, '42-movil-pedidos');
});

test('a client pays an order with the simulated provider and sees it PAGADA', async (page) => {
  await login(page, shared.client);
  await page.goto(`${BASE}/?en_stock=true&ordering=precio`);
  const hits = page.getByRole('list', { name: 'Productos' }).getByRole('heading', { level: 2 });
  await hits.first().waitFor();
  const nombre = (await hits.first().innerText()).trim();
  await page.getByRole('button', { name: `Añadir ${nombre} al carrito` }).click();
  await page.getByText(`«${nombre}» añadido al carrito.`).waitFor();
  await nav(page, 'Carrito');
  await page.getByRole('link', { name: 'Tramitar pedido' }).click();
  await page.getByRole('button', { name: 'Confirmar compra' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pedido confirmado' }).waitFor();
  const id = Number((await page.locator('main').innerText()).match(/Pedido #(\d+)/)[1]);
  await page.getByRole('link', { name: 'Pagar ahora' }).click();
  await page.getByRole('heading', { level: 1, name: `Pagar el pedido #${id}` }).waitFor();
  await page.getByRole('button', { name: 'Pago simulado' }).click();
  await page.getByRole('button', { name: 'Pagar', exact: true }).click();
  await page.getByText(/Pago recibido/).waitFor();
  await shot(page, '50-pago-simulado');
  await page.goto(`${BASE}/pedidos`);
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Pedido #${id}`, exact: true }) });
  await card.getByText('Pagado', { exact: true }).first().waitFor();
  await card.getByTestId('estado-pago').getByText('Pagado', { exact: true }).waitFor();
  await shot(page, '51-pedido-pagado');
});

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let passed = 0;
  let failed = 0;
  console.log(`E2E against ${BASE} (${tests.length} scenarios)`);
  for (const t of tests) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'es-ES' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const started = Date.now();
    try {
      await t.fn(page);
      assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
      passed += 1;
      console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`  ✗ ${t.name} (${Date.now() - started} ms)\n      ${String(err?.stack || err).split('\n').slice(0, 6).join('\n      ')}`);
      await page.screenshot({ path: join(SHOTS, `FALLO-${tests.indexOf(t) + 1}.png`), fullPage: true }).catch(() => {});
    } finally {
      await context.close();
    }
  }
  await browser.close();
  if (a11y.length) {
    failed += 1;
    console.log(`  ✗ accessibility (axe-core): ${a11y.length} serious or critical violations\n      ${a11y.join('\n      ')}`);
  } else {
    passed += 1;
    console.log('  ✓ accessibility (axe-core): no serious or critical violations on the pages shot');
  }
  console.log(`Screenshots in ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
