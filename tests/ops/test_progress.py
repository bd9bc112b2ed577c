"""Long work shows progress: a bar with counts on a terminal (or when asked), silence
elsewhere, and the work itself unchanged."""

from __future__ import annotations

import io

import pytest

from marketplace.progress import counter, progress, shown


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Printed:
    """What went to standard error so far (pytest's capsys)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.text = ""

    def getvalue(self) -> str:
        self.text += self.capsys.readouterr().err
        return self.text


@pytest.fixture
def stderr(capsys) -> Printed:
    return Printed(capsys)


def test_a_forced_bar_counts_every_item(monkeypatch, stderr):
    monkeypatch.setenv("BUURTHULP_PROGRESS", "1")
    assert list(progress(range(250), "Demo: oproepen", unit="oproepen")) == list(range(250))
    printed = stderr.getvalue()
    assert "Demo: oproepen" in printed
    assert "250/250" in printed


def test_a_counter_counts_batches(monkeypatch, stderr):
    monkeypatch.setenv("BUURTHULP_PROGRESS", "1")
    with counter("clients.notes", total=1200) as bar:
        for _ in range(3):
            bar.update(400)
    assert "clients.notes" in stderr.getvalue()
    assert "1200/1200" in stderr.getvalue()


def test_nothing_is_printed_when_not_a_terminal(monkeypatch, stderr):
    monkeypatch.delenv("BUURTHULP_PROGRESS", raising=False)
    assert list(progress([1, 2, 3], "Adreslijst")) == [1, 2, 3]
    assert stderr.getvalue() == ""


def test_a_terminal_gets_the_bar_outside_tests(monkeypatch):
    monkeypatch.delenv("BUURTHULP_PROGRESS", raising=False)
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    assert shown(Terminal())
    assert not shown(io.StringIO())


def test_the_demo_loader_and_key_rotation_print_their_counts(app, session, monkeypatch, stderr):
    import sqlalchemy as sa

    from marketplace.demo.data import load_demo_data
    from marketplace.encryption import fernet
    from marketplace.key_rotation import encrypted_columns, rotate_column

    monkeypatch.setenv("BUURTHULP_PROGRESS", "1")
    summary = load_demo_data(session)
    session.commit()
    assert summary is not None
    assert f"{summary.postings}/{summary.postings}" in stderr.getvalue()

    column, stored = next(
        (column, count)
        for column in encrypted_columns()
        if (count := session.scalar(
            sa.select(sa.func.count()).select_from(column.table).where(column.is_not(None))
        ))
    )  # fmt: skip
    assert rotate_column(session, column, fernet(), batch_size=5) == stored
    assert f"{column.table.name}.{column.name}" in stderr.getvalue()
    assert f"{stored}/{stored}" in stderr.getvalue()
