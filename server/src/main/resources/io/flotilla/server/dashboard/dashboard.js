// Flotilla dashboard: fetches the server-rendered view for the address, refreshes its live part
// every few seconds, and sends actions to the same ARM REST API the CLI uses. The session is an
// HttpOnly cookie this script never sees; every request says it comes from the dashboard (the
// header below), without which the service ignores the cookie. Text from the API only ever reaches
// the page as textContent here; fragments arrive already escaped by the server.
(() => {
  'use strict';
  const THEME = 'flotilla.theme';
  const POLL_MS = 5000;
  const FLUX_API = '2025-04-01';
  const DASHBOARD = { 'X-Flotilla-Dashboard': '1' };
  const root = document.documentElement;
  const view = document.getElementById('view');
  const flash = document.getElementById('flash');
  const live = document.getElementById('live');

  const saved = localStorage.getItem(THEME);
  if (saved) root.dataset.theme = saved;
  document.getElementById('theme').addEventListener('click', () => {
    const dark = root.dataset.theme
      ? root.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    localStorage.setItem(THEME, root.dataset.theme);
  });

  const here = () => location.pathname + location.search;
  const toLogin = () => location.replace('/login?next=' + encodeURIComponent(here()));

  document.getElementById('logout').addEventListener('click', async () => {
    try { await fetch('/dashboard/logout', { method: 'POST', headers: DASHBOARD }); } catch (e) { /* offline */ }
    location.assign('/login');
  });

  if (location.pathname === '/login') {
    const params = new URLSearchParams(location.search);
    const raw = params.get('next');
    const next = raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
    const error = document.getElementById('login-error');
    const show = (text) => { error.textContent = text; error.hidden = !text; };
    if (params.get('error')) show(params.get('error'));
    const oidc = document.getElementById('oidc');
    if (oidc) oidc.href = '/login/oidc?next=' + encodeURIComponent(next);
    document.getElementById('login').addEventListener('submit', async (e) => {
      e.preventDefault();
      const value = document.getElementById('token').value.trim();
      let r;
      try {
        r = await fetch('/dashboard/session', {
          method: 'POST',
          headers: Object.assign({ Authorization: 'Bearer ' + value }, DASHBOARD),
        });
      } catch (err) {
        show('The service could not be reached.');
        return;
      }
      if (r.ok) { location.replace(next); return; }
      let message = 'HTTP ' + r.status;
      try { const j = await r.json(); message = j.error.message || message; } catch (err) { /* not JSON */ }
      show('Not signed in: ' + message);
    });
    return;
  }

  function fragmentUrl() {
    if (location.pathname.toLowerCase().startsWith('/ui/')) {
      return '/dashboard/resource?id=' + encodeURIComponent(location.pathname.slice(3));
    }
    return '/dashboard/fleet' + location.search;
  }

  function say(text, tone) {
    flash.textContent = text;
    flash.className = tone || '';
  }

  let generation = 0;
  async function load(whole) {
    const mine = ++generation;
    let r;
    try {
      r = await fetch(fragmentUrl(), { headers: DASHBOARD });
    } catch (e) {
      live.textContent = 'offline — retrying';
      return;
    }
    if (mine !== generation) return;
    if (r.status === 401) { toLogin(); return; }
    const html = await r.text();
    if (mine !== generation) return;
    live.textContent = 'updated ' + new Date().toLocaleTimeString();
    const current = view.querySelector('[data-live]');
    if (!whole && current) {
      const t = document.createElement('template');
      t.innerHTML = html;
      const next = t.content.querySelector('[data-live]');
      if (next && next.innerHTML !== current.innerHTML) current.replaceWith(next);
      return;
    }
    view.innerHTML = html;
    const h1 = view.querySelector('h1');
    document.title = (h1 ? h1.textContent + ' · ' : '') + 'Flotilla';
  }

  function go(url) {
    history.pushState(null, '', url);
    say('');
    load(true);
  }

  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[href]');
    if (a && a.origin === location.origin && !e.ctrlKey && !e.metaKey && !e.shiftKey
        && (a.pathname === '/' || a.pathname.toLowerCase().startsWith('/ui/'))) {
      e.preventDefault();
      go(a.pathname + a.search);
      return;
    }
    const b = e.target.closest('button[data-action]');
    if (b) act(b);
  });

  function filterUrl(form) {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) p.set(k, v);
    const s = p.toString();
    return '/' + (s ? '?' + s : '');
  }
  view.addEventListener('submit', (e) => {
    if (e.target.id !== 'fleet-filter') return;
    e.preventDefault();
    history.pushState(null, '', filterUrl(e.target));
    load(false);
  });
  let typing;
  view.addEventListener('input', (e) => {
    const form = e.target.closest('#fleet-filter');
    if (!form) return;
    clearTimeout(typing);
    typing = setTimeout(() => {
      history.replaceState(null, '', filterUrl(form));
      load(false);
    }, 250);
  });
  window.addEventListener('popstate', () => load(true));

  async function act(button) {
    const id = button.closest('[data-resource]').dataset.resource;
    const action = button.dataset.action;
    if (action === 'delete' && !confirm('Delete the flux configuration ' + id.split('/').pop()
        + '? Flux removes what it applied when prune is set.')) return;
    const url = id + '?api-version=' + FLUX_API;
    const patch = (properties) => ({
      method: 'PATCH',
      headers: Object.assign({ 'Content-Type': 'application/json' }, DASHBOARD),
      body: JSON.stringify({ properties }),
    });
    const request = {
      // An empty ARM patch: a write of the configuration, which the agent passes to the cluster
      // as reconcile.fluxcd.io/requestedAt; the source fetches now.
      reconcile: patch({}),
      suspend: patch({ suspend: true }),
      resume: patch({ suspend: false }),
      delete: { method: 'DELETE', headers: DASHBOARD },
    }[action];
    button.disabled = true;
    say(action + '…');
    try {
      const r = await fetch(url, request);
      if (r.status === 401) { toLogin(); return; }
      if (r.ok) {
        // after a delete the configuration is going: show its cluster, with the answer
        if (action === 'delete') go('/ui' + id.split('/providers/Microsoft.KubernetesConfiguration')[0]);
        say({ reconcile: 'Reconcile requested', suspend: 'Suspended', resume: 'Resumed',
              delete: 'Delete requested' }[action] + ' (' + r.status + ')', 'ok');
        if (action === 'delete') return;
      } else {
        let message = 'HTTP ' + r.status;
        try { const j = await r.json(); message = j.error.message || message; } catch (e) { /* not JSON */ }
        say((r.status === 403 ? 'Not allowed: ' : 'Failed: ') + message, 'bad');
      }
    } catch (e) {
      say('Failed: the service could not be reached.', 'bad');
    } finally {
      button.disabled = false;
    }
    load(false);
  }

  load(true);
  setInterval(() => { if (!document.hidden) load(false); }, POLL_MS);
})();
