"""The course environment's JupyterLab defaults: Danish, no news toast, no teacher tools."""

from __future__ import annotations

import gettext
import json
import os
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
    for domain in lab_danish.DOMAINS:
        for msgid, text in lab_danish.course_translations(domain).items():
            forms = text if isinstance(text, list) else [text]
            assert len(forms) in (1, 2) and all(isinstance(f, str) and f for f in forms), msgid
            # A counted label keeps its placeholder (Lab fills in the number).
            assert msgid.count("%1") <= forms[0].count("%1") + forms[-1].count("%1"), msgid


def test_counted_labels_get_both_forms_even_over_an_older_single_form(tmp_path):
    """Lab skips a one-form entry for _n("Run Selected Cell", "Run Selected Cells", n)."""
    path = tmp_path / "jupyterlab.json"
    path.write_text(json.dumps({"": {"domain": "jupyterlab"},
                                "Run Selected Cell": ["Kør den valgte celle"],
                                "Run": ["Kør (pakkens)"]}), encoding="utf-8")
    lab_danish._merge_json(path, {"Run Selected Cell": ["Kør den valgte celle",
                                                        "Kør de valgte celler"],
                                  "Run": "Kør"})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["Run Selected Cell"] == data["menu\x04Run Selected Cell"] == \
        ["Kør den valgte celle", "Kør de valgte celler"]
    assert data["Run"] == ["Kør (pakkens)"]  # the pack's own single form is kept
    assert not list(tmp_path.glob(".*.tmp"))


def test_participants_see_no_english_nbgrader_or_interface_switch(tmp_path):
    participant = labconfig.page_config(teacher=False)["disabledExtensions"]
    teacher = labconfig.page_config(teacher=True)["disabledExtensions"]
    for plugin in ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment",
                   "@jupyter/nbgrader:menu"):
        assert participant[plugin] is True and teacher[plugin] is False
    for plugin in labconfig.HIDDEN_PLUGINS:
        assert participant[plugin] is True and teacher[plugin] is True


def test_the_kernel_gets_a_danish_name_only_where_ipykernel_put_one(tmp_path):
    kernel = tmp_path / "env/share/jupyter/kernels/python3/kernel.json"
    kernel.parent.mkdir(parents=True)
    kernel.write_text(json.dumps({"argv": ["python"], "display_name": "Python 3 (ipykernel)",
                                  "language": "python"}), encoding="utf-8")
    labconfig.configure(tmp_path / "env", custom_dir=tmp_path / "custom")
    spec = json.loads(kernel.read_text(encoding="utf-8"))
    assert spec == {"argv": ["python"], "display_name": "Python 3 (kursus)",
                    "language": "python"}
    labconfig.configure(tmp_path / "other", custom_dir=tmp_path / "custom")
    assert not (tmp_path / "other/share/jupyter/kernels").exists()


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


def test_lab_and_voila_get_the_same_accessibility_rules(tmp_path):
    """Links underlined (not colour alone), a visible focus ring on the course's widgets and
    the "Vis som tabel" style in Lab's custom.css and in the Voila template (which includes
    a11y.css); in Voila also charts that shrink."""
    labconfig.configure(tmp_path / "env", custom_dir=tmp_path / "custom")
    css = (tmp_path / "custom/custom.css").read_text(encoding="utf-8")
    template = tmp_path / "env/share/jupyter/voila/templates/digileder"
    index = (template / "index.html.j2").read_text(encoding="utf-8")
    assert "{% include 'a11y.css' %}" in index
    # Voila only (in Lab's custom.css it stalled Run All): charts that shrink.
    assert ".digileder-chart svg" in index and "max-width: 100%" in index
    for rules in (css, (template / "a11y.css").read_text(encoding="utf-8")):
        assert "text-decoration: underline" in rules
        assert "body .jupyter-widgets button:focus-visible" in rules
        assert "outline: 3px solid #0b57d0 !important" in rules
        assert ".digileder-chart-table summary" in rules


def test_the_set_up_says_in_words_whether_the_teacher_tools_are_on():
    """Semester walk #2: eight 'skrevet' lines, but never whether the tools are on."""
    assert "slået TIL" in labconfig.done_message(teacher=True)
    assert "slået fra" in labconfig.done_message(teacher=False)
    assert all("Genstart JupyterLab" in labconfig.done_message(t) for t in (True, False))


def _page(prefix):
    return json.loads((prefix / "etc/jupyter/labconfig/page_config.json").read_text())


def _server(prefix):
    return json.loads((prefix / "etc/jupyter/jupyter_server_config.json").read_text())


def test_plugins_nobody_in_the_course_uses_are_off_for_a_faster_start(tmp_path):
    """Issue 18: the debugger, the language servers and the extension and plugin managers are
    off (and the two notebook/editor plugins that need the language servers, or Lab logs
    'failed to activate'); what participants and teachers use stays."""
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    disabled = _page(tmp_path)["disabledExtensions"]
    for plugin in ("@jupyterlab/debugger-extension", "@jupyterlab/lsp-extension",
                   "@jupyterlab/notebook-extension:language-server",
                   "@jupyterlab/fileeditor-extension:language-server",
                   "@jupyterlab/extensionmanager-extension",
                   "@jupyterlab/pluginmanager-extension"):
        assert disabled[plugin] is True, plugin
    # The teacher's guide uses the terminal; participants use the table of contents.
    for kept in ("@jupyterlab/terminal-extension", "@jupyterlab/toc-extension",
                 "@jupyterlab/translation-extension", "@jupyterlab/running-extension",
                 "@jupyterlab/hub-extension", "@jupyterlab/celltags-extension"):
        assert not any(key == kept or key.startswith(kept + ":") for key in disabled), kept
    assert _server(tmp_path)["ServerApp"]["jpserver_extensions"] == {
        "jupyter_lsp": False, "digileder.prestart": True, "digileder.kernel_socket": True}
    # No page asks the server whether Lab needs a rebuild (about 0.4 s of CPU each).
    assert _page(tmp_path)["buildCheck"] is False
    assert _page(tmp_path)["buildAvailable"] is False


def test_lab_and_voila_send_kernel_messages_without_delay(tmp_path):
    """Issue 18: Lab's server loads digileder.kernel_socket, and Voila (no server extensions)
    names its class; the name is one Voila's Type trait loads."""
    from voila.app import Voila

    from digileder.kernel_socket import NoDelayConnection

    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    assert _server(tmp_path)["ServerApp"]["jpserver_extensions"]["digileder.kernel_socket"]
    voila = json.loads((tmp_path / "etc/jupyter/voila.json").read_text())
    app = Voila()
    app.kernel_websocket_connection_class = voila["Voila"]["kernel_websocket_connection_class"]
    assert app.kernel_websocket_connection_class is NoDelayConnection


def test_a_connection_class_an_admin_chose_for_voila_is_kept(tmp_path):
    voila = tmp_path / "etc/jupyter/voila.json"
    voila.parent.mkdir(parents=True)
    own = "my_hub.sockets.Connection"
    voila.write_text(json.dumps({"Voila": {"kernel_websocket_connection_class": own}}))
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    assert json.loads(voila.read_text())["Voila"]["kernel_websocket_connection_class"] == own


def test_teacher_mode_keeps_the_faster_start(tmp_path):
    labconfig.configure(tmp_path, teacher=True, custom_dir=tmp_path / "custom")
    disabled = _page(tmp_path)["disabledExtensions"]
    assert disabled["@jupyterlab/debugger-extension"] is True
    assert disabled["@jupyter/nbgrader:formgrader"] is False


def test_a_second_run_changes_nothing(tmp_path):
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    files = [tmp_path / "share/jupyter/lab/settings/overrides.json",
             tmp_path / "etc/jupyter/labconfig/page_config.json",
             tmp_path / "etc/jupyter/voila.json",
             tmp_path / "etc/jupyter/jupyter_server_config.json"]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files} == before
    assert not list(tmp_path.rglob(".*.tmp"))


def test_settings_someone_else_wrote_are_kept(tmp_path):
    """An admin who turned the debugger back on, enabled another server extension or
    disabled a plugin of their own keeps that after the course's set-up runs again."""
    page = tmp_path / "etc/jupyter/labconfig/page_config.json"
    server = tmp_path / "etc/jupyter/jupyter_server_config.json"
    page.parent.mkdir(parents=True)
    page.write_text(json.dumps({"disabledExtensions": {"@jupyterlab/debugger-extension": False,
                                                       "my-ext:plugin": True},
                                "other": 1, "buildCheck": True}), encoding="utf-8")
    server.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {"my_ext": True},
                                                "ip": "0.0.0.0"}}), encoding="utf-8")
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    disabled = _page(tmp_path)["disabledExtensions"]
    assert disabled["@jupyterlab/debugger-extension"] is False
    assert disabled["my-ext:plugin"] is True and _page(tmp_path)["other"] == 1
    assert _page(tmp_path)["buildCheck"] is True
    assert disabled["@jupyterlab/lsp-extension"] is True
    app = _server(tmp_path)["ServerApp"]
    assert app["jpserver_extensions"] == {"my_ext": True, "jupyter_lsp": False,
                                          "digileder.prestart": True,
                                          "digileder.kernel_socket": True}
    assert app["ip"] == "0.0.0.0"


def test_a_broken_settings_file_is_not_overwritten_and_gets_a_danish_message(tmp_path, capsys,
                                                                              monkeypatch):
    page = tmp_path / "etc/jupyter/labconfig/page_config.json"
    page.parent.mkdir(parents=True)
    broken = '{\n  "disabledExtensions": {,\n}'
    page.write_text(broken, encoding="utf-8")
    monkeypatch.setattr(labconfig.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(labconfig, "_default_custom_dir", lambda: tmp_path / "custom")
    assert labconfig.main([]) == 1
    err = capsys.readouterr().err
    assert str(page) in err and "ikke gyldig JSON" in err and "Traceback" not in err
    assert page.read_text(encoding="utf-8") == broken
    # Where the error is, in Danish, not Python's English parser text ("Expecting ...").
    assert "linje 2, tegn 26" in err and "Expecting" not in err and "line" not in err, err


def test_digileder_start_reports_a_broken_settings_file_in_danish(monkeypatch):
    from digileder import start

    def broken(*args, **kwargs):
        raise labconfig.LabConfigError("Filen x.json er ikke gyldig JSON.")

    monkeypatch.setattr(labconfig, "configure", broken)
    said = []
    start._apply_lab_settings(said.append)
    assert said and "x.json er ikke gyldig JSON" in said[0] and "Kurset virker" in said[0]


def test_an_older_list_of_disabled_plugins_is_kept(tmp_path):
    """page_config.json may list disabled plugins (the older form Lab still reads)."""
    page = tmp_path / "etc/jupyter/labconfig/page_config.json"
    page.parent.mkdir(parents=True)
    page.write_text(json.dumps({"disabledExtensions": ["my-ext:plugin"]}), encoding="utf-8")
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    disabled = _page(tmp_path)["disabledExtensions"]
    assert disabled["my-ext:plugin"] is True and disabled["@jupyterlab/lsp-extension"] is True


def test_a_custom_css_the_course_did_not_write_is_left_alone(tmp_path, capsys, monkeypatch):
    """Lab reads one custom.css; one that someone else put there (a hub's own style) is not
    overwritten: the set-up stops and says what to do, and writes nothing else."""
    custom = tmp_path / "custom" / "custom.css"
    custom.parent.mkdir(parents=True)
    custom.write_text("/* the hub's own style */\nbody { color: red; }\n", encoding="utf-8")
    monkeypatch.setattr(labconfig.sys, "prefix", str(tmp_path / "env"))
    monkeypatch.setattr(labconfig, "_default_custom_dir", lambda: tmp_path / "custom")
    assert labconfig.main([]) == 1
    err = capsys.readouterr().err
    assert str(custom) in err and "ikke lavet af kurset" in err and "Traceback" not in err
    assert custom.read_text(encoding="utf-8").startswith("/* the hub's own style */")
    assert not (tmp_path / "env" / "etc").exists()
    # The course's own custom.css (from an earlier set-up) is updated as before.
    custom.write_text(labconfig.CUSTOM_CSS, encoding="utf-8")
    assert labconfig.main([]) == 0
    assert "Skjult kode" in custom.read_text(encoding="utf-8")
    # The hub's rules, moved under the line the message names, survive the next set-ups.
    assert "egne regler under denne linje" in err
    custom.write_text(custom.read_text(encoding="utf-8") + "body { color: red; }\n",
                      encoding="utf-8")
    assert labconfig.main([]) == 0 and labconfig.main([]) == 0
    text = custom.read_text(encoding="utf-8")
    assert text.count("body { color: red; }") == 1 and "Skjult kode" in text
    assert text.index(labconfig.OWN_RULES_MARK) < text.index("body { color: red; }")


def test_a_broken_kernel_spec_gets_a_danish_message_and_is_kept(tmp_path, capsys, monkeypatch):
    kernel = tmp_path / "env/share/jupyter/kernels/python3/kernel.json"
    kernel.parent.mkdir(parents=True)
    kernel.write_text('{"argv": [', encoding="utf-8")
    monkeypatch.setattr(labconfig.sys, "prefix", str(tmp_path / "env"))
    monkeypatch.setattr(labconfig, "_default_custom_dir", lambda: tmp_path / "custom")
    assert labconfig.main([]) == 1
    err = capsys.readouterr().err
    assert str(kernel) in err and "ikke gyldig JSON" in err and "Traceback" not in err
    assert kernel.read_text(encoding="utf-8") == '{"argv": ['


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    page = tmp_path / "etc/jupyter/labconfig/page_config.json"
    before = page.read_text(encoding="utf-8")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    try:
        labconfig.configure(tmp_path, teacher=True, custom_dir=tmp_path / "custom")
    except OSError:
        pass
    assert page.read_text(encoding="utf-8") == before
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".") and
                 p.name.endswith(".tmp")]
    assert leftovers == []
