// Checker: the skip link, with the keyboard.

/** The skip link's words in each language of the site (templates/locales/*.ftl, `skip-link`). */
const SKIP_LINK = { en: 'skip to content', es: 'saltar al contenido principal' };

/** First Tab must reach "Skip to content" (#main-content); Enter must move focus there. */
export async function checkSkipLink(page) {
  const problems = [];
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const lang = document.documentElement.lang;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
      href: el.getAttribute('href'),
      lang,
      visible: r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 && r.left < innerWidth && r.top < innerHeight,
    };
  });
  if (!first) return ['the first Tab press focused nothing'];
  const words = SKIP_LINK[first.lang] || SKIP_LINK.en;
  if (first.tag !== 'a' || first.text.toLowerCase() !== words || first.href !== '#main-content') {
    return [`the first Tab press focused <${first.tag} href="${first.href}">${first.text}</${first.tag}>, not <a href="#main-content">Skip to content</a>`];
  }
  if (!first.visible) problems.push('the skip link is not visible in the viewport when focused');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main-content', null, { timeout: 2000 }).catch(() => {});
  const after = await page.evaluate(() => {
    const main = document.getElementById('main-content');
    const active = document.activeElement;
    return {
      exists: Boolean(main),
      tag: main?.tagName.toLowerCase(),
      tabindex: main?.getAttribute('tabindex'),
      inside: Boolean(main && active && (active === main || main.contains(active))),
      hash: location.hash,
      active: active ? active.tagName.toLowerCase() + (active.id ? `#${active.id}` : '') : 'none',
    };
  });
  if (!after.exists) problems.push('there is no element with id="main-content"');
  else if (!(after.inside || (after.hash === '#main-content' && after.tabindex === '-1'))) {
    problems.push(`after Enter on the skip link, focus is on ${after.active} (hash ${after.hash || 'empty'}), not in #main-content; give <${after.tag} id="main-content"> tabindex="-1"`);
  }
  return problems;
}
