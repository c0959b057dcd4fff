// Checker: a visible focus indicator on everything the keyboard reaches.

/**
 * Tabs through the whole page. Every element that takes keyboard focus must be
 * visible and show a focus indicator: a change in outline (>= 2px, not
 * transparent), box-shadow, background or border against its unfocused style.
 * Returns { problems, count }.
 */
export async function checkFocusVisible(page, { maxSteps = 600 } = {}) {
  await page.evaluate(() => {
    const PROPS = [
      'outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow', 'backgroundColor',
      'backgroundImage', 'borderTopStyle', 'borderRightStyle', 'borderBottomStyle', 'borderLeftStyle',
      'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderTopColor',
      'borderRightColor', 'borderBottomColor', 'borderLeftColor',
    ];
    const snap = (el) => {
      const out = {};
      for (const pseudo of ['', '::before', '::after']) {
        const cs = getComputedStyle(el, pseudo || null);
        if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
        for (const p of PROPS) out[pseudo + p] = cs[p];
      }
      return out;
    };
    const before = new Map();
    for (const el of document.querySelectorAll('body *')) before.set(el, snap(el));
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40);
      const href = el.getAttribute('href');
      return `${s}${href ? `[href="${href}"]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const transparent = (c) => c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c) || /\/\s*0\)$/.test(c);
    window.__focusCheck = { before, snap, describe, transparent, seen: new Set() };
  });
  const problems = [];
  let count = 0;
  for (let step = 0; step < maxSteps; step++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const { before, snap, describe, transparent, seen } = window.__focusCheck;
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { done: true };
      if (seen.has(el)) return { done: true };
      seen.add(el);
      for (const a of el.getAnimations()) a.finish();
      const now = snap(el);
      const was = before.get(el) || {};
      const changed = (keys) => keys.filter((k) => now[k] !== was[k]);
      const reasons = [];
      for (const pseudo of ['', '::before', '::after']) {
        if (!(`${pseudo}outlineStyle` in now)) continue;
        const outline = changed(['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset'].map((k) => pseudo + k));
        if (
          outline.length &&
          now[`${pseudo}outlineStyle`] !== 'none' &&
          parseFloat(now[`${pseudo}outlineWidth`]) >= 2 &&
          !transparent(now[`${pseudo}outlineColor`])
        ) reasons.push(`${pseudo}outline`);
        if (now[`${pseudo}boxShadow`] !== 'none' && changed([`${pseudo}boxShadow`]).length) reasons.push(`${pseudo}box-shadow`);
        if (changed([`${pseudo}backgroundColor`, `${pseudo}backgroundImage`]).length) reasons.push(`${pseudo}background`);
        if (changed(Object.keys(now).filter((k) => k.startsWith(`${pseudo}border`))).length) reasons.push(`${pseudo}border`);
      }
      const rect = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        done: false,
        what: describe(el),
        reasons,
        outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
        visible: rect.width >= 1 && rect.height >= 1 && cs.visibility !== 'hidden' && cs.opacity !== '0',
      };
    });
    if (r.done) break;
    count += 1;
    if (!r.visible) problems.push(`${r.what}: takes keyboard focus but is not visible when focused`);
    else if (r.reasons.length === 0) {
      problems.push(`${r.what}: no visible focus indicator (focused outline: ${r.outline}; no change in box-shadow, background or border)`);
    }
  }
  return { problems, count };
}
