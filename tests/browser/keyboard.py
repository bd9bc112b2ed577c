"""Using a page with the keyboard only, and checking that focus can always be seen."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page

# What has focus, whether it can be seen, and whether it came after the previous one.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {what: 'nothing', visible: false, forward: true};
  const marked = (style) => style && (
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
    (style.boxShadow && style.boxShadow !== 'none') ||
    (style.textDecorationLine && style.textDecorationLine.includes('underline') &&
     parseFloat(style.textDecorationThickness) >= 2));
  // A radio button or checkbox may show its focus on its label (or the label's ::before).
  const around = [el, ...(el.labels || [])];
  const visible = around.some(node => marked(getComputedStyle(node)) ||
    marked(getComputedStyle(node, '::before')) || marked(getComputedStyle(node, '::after')));
  const box = el.getBoundingClientRect();
  const previous = window.__previousFocus;
  // Tab moves between the day, month and year of a date field: Chromium marks that part.
  if (previous === el) return {what: 'same', visible: true, forward: true};
  const forward = !previous || !document.contains(previous) ||
    !!(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  window.__previousFocus = el;
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  return {
    what: `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''}` +
      `${el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : ''} ${text.slice(0, 40)}`,
    visible: visible && box.width > 0 && box.height > 0,
    forward,
  };
}"""


@dataclass
class Keyboard:
    """Moves through a page with Tab only, noting every focus that cannot be seen or that
    jumps backwards."""

    page: Page
    problems: list[str] = field(default_factory=list)
    max_tabs: int = 80

    def tab_to(self, selector: str) -> None:
        """Press Tab until the element matching ``selector`` has focus."""
        for _ in range(self.max_tabs):
            self.page.keyboard.press("Tab")
            state = self.page.evaluate(FOCUS_STATE)
            where = f"{self.page.url}: {state['what']}"
            if not state["visible"]:
                self.problems.append(f"focus not visible on {where}")
            if not state["forward"]:
                self.problems.append(f"focus went backwards to {where}")
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} not reached with Tab on {self.page.url}")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def choose(self, radio_name: str, value: str) -> None:
        """Tab into a group of radio buttons and move with the arrow keys to ``value``."""
        self.tab_to(f"input[name={radio_name}]")
        for _ in range(12):
            if self.page.evaluate("() => document.activeElement.value") == value:
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Space")
        assert self.page.evaluate("() => document.activeElement.value") == value

    def press_and_wait(self, selector: str, key: str = "Enter") -> int:
        """Tab to a link or button and press Enter; the status of the page that loads."""
        self.tab_to(selector)
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press(key)
        response = navigation.value
        assert response is not None
        self.page.evaluate("() => { window.__previousFocus = null; }")
        return response.status

    def submit(self) -> int:
        return self.press_and_wait("main form button[type=submit], main form input[type=submit]")
