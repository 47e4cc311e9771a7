"""Atomic writes: a reader sees the old file or the new one, and a failed write leaves no trace."""

from pathlib import Path

import pytest

from kmkit.core.files import atomic_path, write_atomic


def test_text_and_bytes_replace_the_old_file(tmp_path: Path):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    assert write_atomic(out, "new é") == out
    assert out.read_text(encoding="utf-8") == "new é"
    write_atomic(out, b"\x00bytes")
    assert out.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_failing_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the deck that was")
    with pytest.raises(RuntimeError, match="disk full"), atomic_path(out) as tmp:
        tmp.write_bytes(b"half a de")
        raise RuntimeError("disk full")
    assert out.read_bytes() == b"the deck that was"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_a_failing_write_of_a_new_file_leaves_nothing(tmp_path: Path):
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "index.html", 42)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_is_in_the_same_folder(tmp_path: Path):
    with atomic_path(tmp_path / "export.xlsx") as tmp:
        assert tmp.parent == tmp_path
        tmp.write_bytes(b"sheet")
    assert (tmp_path / "export.xlsx").read_bytes() == b"sheet"
