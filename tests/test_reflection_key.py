"""The key of a reflection box is written by the course author in a notebook (issue 15)."""

from __future__ import annotations

import pytest

from digileder import reflection


def test_a_key_too_long_for_a_file_name_is_a_danish_message(answers_dir):
    """`reflection.show("x"*300, …)` gave OSError 'File name too long'."""
    with pytest.raises(ValueError, match=r"er for lang \(300 tegn\). Brug en kort nøgle"):
        reflection.show("x" * 300, "Hvad tænker du?")
    assert not answers_dir.exists() or not any(answers_dir.rglob("*.json"))
    assert reflection.show("x" * 80, "Hvad tænker du?").box.value == ""
