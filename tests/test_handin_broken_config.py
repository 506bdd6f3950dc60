"""A broken nbgrader_config.py is not "no hub": "Dine opgaver" says the settings are broken
and who fixes them (the teacher or the hub's administrator), in Danish (issue 15)."""

from __future__ import annotations

import re

import pytest

from digileder import handin
from digileder.handin import exchange

BROKEN = {
    "syntaksfejl": "c = get_config()  # noqa: F821\nc.Exchange.root = '/tmp/x\n",
    "fejl ved kørsel": "raise RuntimeError('boom')\n",
    "tal som mappe": "c = get_config()  # noqa: F821\nc.Exchange.root = 5\n",
    "liste som kursus": "c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = ['a']\n",
    "sys.exit": "import sys\nsys.exit(3)\n",
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_nbgrader_config_is_named_with_who_fixes_it(case, tmp_path, monkeypatch,
                                                             capfd):
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "nbgrader_config.py").write_text(BROKEN[case], encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("DIGILEDER_HANDIN_ROOT", str(tmp_path))
    monkeypatch.setenv("JPY_SESSION_NAME", "modules/00-kom-godt-i-gang.ipynb")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(exchange.HandinError) as raised:
        exchange.list_assignments()
    assert not isinstance(raised.value, exchange.NoExchange)
    panel = handin.show()
    said = " ".join(re.sub(r"<[^>]+>", " ", panel.message.value).split())
    assert str(etc / "nbgrader_config.py") in said and "underviser" in said and "hub" in said
    rows = " ".join(getattr(row, "value", "") for row in panel.rows.children)
    assert "ingen opgaver at hente" not in rows  # only the one message that is true
    assert "kører ikke på en hub" not in said
    assert "Traceback" not in said and "boom" not in said
    assert "Traceback" not in capfd.readouterr().err
