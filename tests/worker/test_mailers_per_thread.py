"""Each thread of the worker's pool sends over SMTP connections of its own: one connection
carries one conversation at a time (two tasks on one mixed their commands)."""

from __future__ import annotations

import threading

from worker.notifications import process_mailers


def test_two_threads_never_share_an_smtp_connection(app, smtp_server):
    seen: dict[str, list[int]] = {}

    def take(name: str) -> None:
        with app.app_context():
            seen[name] = [id(mailer) for mailer in process_mailers()]

    threads = [threading.Thread(target=take, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(seen["a"]) & set(seen["b"])


def test_a_thread_keeps_its_connections_from_task_to_task(app, smtp_server):
    first = process_mailers()
    assert process_mailers() is first
