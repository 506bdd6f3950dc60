"""Drive a page with the keyboard alone, and check at every step that focus can be seen.

Only keys: Tab, Shift+Tab, Enter, Space, arrow keys and typed text. No mouse, no
element.click(), no element.focus(). After every key the focused element must show a focus
ring (outline or box-shadow) with at least 3:1 contrast against what is behind it (WCAG 2.4.7
and 1.4.11), and be on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What has the focus and how it looks. The ring's contrast is measured against the nearest
# opaque background of the element's parents (an outline is drawn outside the element).
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rgb = text => {
    const m = (text || '').match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = c => [c.r, c.g, c.b].map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = {r: 255, g: 255, b: 255, a: 1};
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c && c.a > 0.5) { behind = c; break; }
  }
  let ring = null, how = 'none';
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) {
    ring = rgb(style.outlineColor);
    how = `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
  } else if (style.boxShadow && style.boxShadow !== 'none') {
    ring = rgb(style.boxShadow);
    how = `box-shadow ${style.boxShadow}`;
  }
  const ratio = ring ? (Math.max(lum(ring), lum(behind)) + 0.05)
                       / (Math.min(lum(ring), lum(behind)) + 0.05) : 0;
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const name = el.getAttribute('aria-label') || el.getAttribute('title') || el.placeholder || label
               || (['TEXTAREA', 'INPUT', 'SELECT'].includes(el.tagName) ? '' : el.innerText) || '';
  const tidy = text => (text || '').trim().replace(/\\s+/g, ' ').slice(0, 70);
  return {tag: el.tagName.toLowerCase(), name: tidy(name), text: tidy(el.innerText),
          classes: String(el.className), ring: how, contrast: Math.round(ratio * 10) / 10,
          on_screen: box.width > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


@dataclass
class Keyboard:
    """Presses keys on a page and notes every step where focus was lost or not visible."""

    page: object
    problems: list[str] = field(default_factory=list)
    steps: int = 0
    tabs: int = 0  # Tab and Shift+Tab presses: how many stops the keyboard passed

    def focus(self) -> dict | None:
        return self.page.evaluate(FOCUS_STATE)

    def press(self, key: str, settle_ms: int = 0) -> dict | None:
        self.page.keyboard.press(key)
        self.steps += 1
        self.tabs += key in ("Tab", "Shift+Tab")
        if settle_ms:
            self.page.wait_for_timeout(settle_ms)
        state = self.focus()
        # The page may still be scrolling to it. Outputs that arrive above it and push it away
        # are the page's fault (keep_focus.js brings it back before the next paint), so the
        # margin is short: 0.5 s, for a 2-core machine that runs two test processes.
        for _ in range(5):
            if not state or state["on_screen"]:
                break
            self.page.wait_for_timeout(100)
            state = self.focus()
        self.check(state, key)
        return state

    def check(self, state: dict | None, after: str) -> None:
        if state is None:
            self.problems.append(f"after {after}: focus is lost (on the page itself)")
        elif state["contrast"] < 3 or not state["on_screen"]:
            self.problems.append(
                f"after {after}: focus on <{state['tag']} class='{state['classes'][:60]}'> "
                f"'{state['name']}' is not visible: {state['ring']}, contrast "
                f"{state['contrast']}:1, on screen {state['on_screen']}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def tab_to(self, matches, what: str, limit: int = 80, backwards: bool = False) -> dict:
        """Tab (or Shift+Tab) until matches(focus state) is true; fails after `limit` keys."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            state = self.press(key)
            if state and matches(state):
                return state
        raise AssertionError(f"{what} cannot be reached with {key} in {limit} steps "
                             f"(last focus: {state})")


def named(text: str, tag: str | None = None):
    """A matcher for tab_to: the focused element's name or visible text contains text (and
    it has this tag)."""
    return lambda state: ((text in state["name"] or text in state["text"])
                          and (tag is None or state["tag"] == tag))


def widget_focus_problems(page, scope: str) -> list[str]:
    """The course's widget controls show a visible focus ring when reached with the keyboard
    (for JupyterLab, whose own focus styles are not ours): from each kind of control,
    Shift+Tab away and Tab back, then check the ring."""
    keyboard = Keyboard(page)
    for kind in ("button", "input", "textarea", "select"):
        controls = page.locator(f"{scope} .jupyter-widgets {kind}:not([disabled])")
        if not controls.count():
            continue
        controls.first.focus()  # a starting point; what is checked is reached by keys
        page.keyboard.press("Shift+Tab")
        keyboard.press("Tab")
    return keyboard.problems
