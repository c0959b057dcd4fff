// Checker: reflow at 320 CSS px (WCAG 1.4.10).

/** document.documentElement.scrollWidth must not exceed the viewport width. */
export async function checkReflow(page, width) {
  return page.evaluate((width) => {
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return { scrollWidth, width, offenders: [] };
    const offenders = [];
    const listed = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || r.width === 0) continue;
      if (listed.some((p) => p.contains(el))) continue;
      listed.push(el);
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      offenders.push(`${s} reaches x=${Math.round(r.right)} px (width ${Math.round(r.width)} px)`);
      if (offenders.length >= 10) break;
    }
    return { scrollWidth, width, offenders };
  }, width);
}
