"""HTML rendered once per process for each state it can be in."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import Markup


class KeptRenders:
    """HTML rendered by key, kept in this process; past ``size`` the least recently used
    goes. Only for HTML that follows from its key alone."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._renders: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Markup]) -> Markup:
        with self._lock:
            html = self._renders.get(key)
            if html is not None:
                self._renders.move_to_end(key)
                return html
        html = render()
        with self._lock:
            self._renders[key] = html
            while len(self._renders) > self.size:
                self._renders.popitem(last=False)
        return html
