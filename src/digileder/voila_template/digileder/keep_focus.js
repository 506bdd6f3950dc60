/* 2.4.7 and 2.4.11: the browser draws a chart a moment after the kernel sent it, so its
   "Vis som tabel" (the next output) can get the focus first and then be pushed below the
   window as the chart takes its height. The same happens to "Start forfra" when a scenario's
   ending appears above it. When content moves the focused element out of view, it is
   scrolled back into view. If the participant scrolled it out of view themselves, it stays
   where they put it: with the wheel or keys, or with no input event at all, as a screen
   reader's browse mode and the find bar scroll. Included by index.html.j2. */
(() => {
  let keepInView = false;  // the focused element should be in view
  let userScrolls = false;  // the participant scrolled since the focus last moved
  let last = null;
  let watched = null;
  // The browser scrolls by itself for a moment after the focus moved or content changed
  // size (focus scrolling, scroll anchoring, our own scrollIntoView); any other scroll is
  // the participant's, also one without an input event.
  let settling = 0;
  const settle = () => {
    const mine = ++settling;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (settling === mine) settling = 0;
    }));
  };
  const focused = () => {
    const el = document.activeElement;
    return el && el !== document.body && el !== document.documentElement ? el : null;
  };
  const isInView = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
  };
  const keep = () => {
    const el = focused();
    if (el && keepInView && !isInView(el)) el.scrollIntoView({block: 'nearest'});
  };
  const resized = new ResizeObserver(() => { settle(); keep(); });
  // Voila's cells are in one box inside the scrolling #rendered_cells; it grows with them.
  const watch = () => {
    const box = document.querySelector('#rendered_cells > *') || document.body;
    if (box !== watched) { resized.observe(box); watched = box; }
  };
  // Focus that moves to another element brings it into view, as the browser does; content
  // the same update adds above it may push it out again before the next frame. Focus that
  // comes back to the same element, as when the window is shown again, changes nothing.
  document.addEventListener('focusin', event => {
    watch();
    if (event.target === last) return;
    last = event.target;
    keepInView = true;
    userScrolls = false;
    settle();
    requestAnimationFrame(keep);
  }, true);
  // A scroll the participant made decides; a scroll from content that moved does not.
  // Wheel, touch and scroll keys decide even while the page settles.
  const SCROLL_KEYS = ['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' '];
  const intent = () => { userScrolls = true; };
  for (const type of ['wheel', 'touchmove', 'pointerdown']) {
    document.addEventListener(type, intent, {capture: true, passive: true});
  }
  document.addEventListener('keydown', event => {
    if (SCROLL_KEYS.includes(event.key)) intent();
  }, true);
  document.addEventListener('scroll', () => {
    const el = focused();
    if (el && (userScrolls || !settling)) keepInView = isInView(el);
  }, {capture: true, passive: true});
})();
