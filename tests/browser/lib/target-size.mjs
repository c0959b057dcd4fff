// Checker: target size (WCAG 2.5.8).

/** Links and buttons smaller than min x min CSS px, unless inline in a sentence. */
export async function checkTargetSize(page, { min = 24 } = {}) {
  return page.evaluate((min) => {
    const SENTENCE_BLOCKS = new Set(['P', 'LI', 'DD', 'DT', 'TD', 'TH', 'FIGCAPTION', 'BLOCKQUOTE', 'ADDRESS', 'CAPTION']);
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40);
      const href = el.getAttribute('href');
      return `${s}${href ? `[href="${href}"]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const inlineInSentence = (el) => {
      if (getComputedStyle(el).display !== 'inline') return false;
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      if (!block || !SENTENCE_BLOCKS.has(block.tagName)) return false;
      const own = (el.textContent || '').replace(/\s+/g, ' ').trim();
      const all = (block.textContent || '').replace(/\s+/g, ' ').trim();
      return /[\p{L}\p{N}]/u.test(all.replace(own, ''));
    };
    const size = (el) => {
      const rects = [...el.getClientRects()].filter((r) => r.width > 0 || r.height > 0);
      if (rects.length === 0) return null;
      if (rects.length === 1) return { w: rects[0].width, h: rects[0].height };
      return { w: Math.max(...rects.map((r) => r.width)), h: Math.max(...rects.map((r) => r.height)) };
    };
    const offenders = [];
    const targets = document.querySelectorAll(
      'a[href], button, input[type=button], input[type=submit], input[type=reset], input[type=image], summary, [role=button], [role=link]',
    );
    for (const el of targets) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[inert], [hidden]')) continue;
      let s = size(el);
      if (!s) continue;
      if (s.w <= 1 || s.h <= 1) {
        // Visually hidden until focused (a skip link): measure it focused.
        el.focus({ preventScroll: true });
        s = size(el);
        el.blur();
        if (!s || s.w <= 1 || s.h <= 1) continue;
      }
      if (s.w + 0.01 >= min && s.h + 0.01 >= min) continue;
      if (inlineInSentence(el)) continue;
      offenders.push(`${describe(el)}: ${s.w.toFixed(1)}×${s.h.toFixed(1)} px`);
    }
    return offenders;
  }, min);
}
