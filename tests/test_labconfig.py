"""The course environment's JupyterLab defaults: Danish, no news toast, no teacher tools."""

from __future__ import annotations

import gettext
import json
import shutil

from digileder import lab_danish, labconfig


def test_configure_writes_danish_locale_and_disables_announcements(tmp_path):
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    overrides = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "da_DK"
    page = json.loads((tmp_path / "etc/jupyter/labconfig/page_config.json").read_text())
    disabled = page["disabledExtensions"]
    assert disabled["@jupyterlab/apputils-extension:announcements"] is True
    assert disabled["@jupyter/nbgrader:create-assignment"] is True


def test_hidden_code_placeholder_gets_a_danish_label(tmp_path):
    labconfig.configure(tmp_path / "env", custom_dir=tmp_path / "custom")
    server = json.loads((tmp_path / "env/etc/jupyter/jupyter_server_config.json").read_text())
    assert server["LabApp"]["custom_css"] is True
    css = (tmp_path / "custom/custom.css").read_text(encoding="utf-8")
    assert ".jp-InputPlaceholder" in css and "Skjult kode" in css


def test_teacher_mode_enables_nbgrader_teacher_tools(tmp_path):
    labconfig.configure(tmp_path, teacher=True, custom_dir=tmp_path / "custom")
    page = json.loads((tmp_path / "etc/jupyter/labconfig/page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is False


def test_course_translations_fill_the_language_pack(tmp_path):
    source = lab_danish._pack_messages_dir()
    assert source is not None, "jupyterlab-language-pack-da-DK is not installed"
    shutil.copy(source / "jupyterlab.json", tmp_path / "jupyterlab.json")
    shutil.copy(source / "jupyterlab.mo", tmp_path / "jupyterlab.mo")
    translations = {"Run All Cells": "Kør alle celler", "Run": "Kør"}
    lab_danish._merge_json(tmp_path / "jupyterlab.json", translations)
    lab_danish._merge_mo(tmp_path / "jupyterlab.mo", translations)
    data = json.loads((tmp_path / "jupyterlab.json").read_text(encoding="utf-8"))
    assert data["Run All Cells"] == ["Kør alle celler"]
    with (tmp_path / "jupyterlab.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.pgettext("menu", "Run") == "Kør"
    assert catalog.gettext("Run All Cells") == "Kør alle celler"


def test_every_course_translation_is_danish_text():
    translations = lab_danish.course_translations()
    assert len(translations) > 100
    assert translations["Run All Cells"] == "Kør alle celler"
    assert all(isinstance(v, str) and v for v in translations.values())


def test_voila_template_is_installed_without_cdn_links(tmp_path):
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    template = tmp_path / "share/jupyter/voila/templates/digileder"
    index = (template / "index.html.j2").read_text(encoding="utf-8")
    assert "extends 'lab/index.html.j2'" in index
    assert "cdn.jsdelivr.net" not in index and "https://" not in index
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"


def test_voila_uses_the_course_template_and_skips_lab_only_extensions(tmp_path):
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    config = json.loads((tmp_path / "etc/jupyter/voila.json").read_text())["VoilaConfiguration"]
    assert config["template"] == "digileder"
    assert "@jupyter/nbgrader" in config["extension_denylist"]
