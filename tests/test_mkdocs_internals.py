"""The one door to MkDocs', Material's and static-i18n's private names (hooks/mkdocs_internals.py): each name it
uses still exists and still means what the door says, so an upgrade that moves one fails here, not in a build."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import mkdocs_internals as internals
from mkdocs.commands import build as mkdocs_build
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import pages

HOOKS = Path(__file__).resolve().parents[1] / "hooks"


def test_mkdocs_page_steps_take_what_the_door_passes():
    assert list(inspect.signature(mkdocs_build._populate_page).parameters)[:3] == ["page", "config", "files"]
    parameters = list(inspect.signature(mkdocs_build._build_page).parameters)
    assert parameters[:5] == ["page", "config", "doc_files", "nav", "env"]
    assert "self._title_from_render" in inspect.getsource(pages.Page)


def test_the_live_reload_versions_move_as_the_door_says(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        assert internals.watched_paths(server) == {str(tmp_path): 1}
        internals.want_new_version(server)
        assert server._wanted_epoch > server._visible_epoch  # requests wait: a version is being built
        internals.show_built_version(server)
        assert server._wanted_epoch == server._visible_epoch  # the version counts as finished
    finally:
        server.server_close()


def test_a_save_during_a_build_is_seen_through_the_door(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert not internals.saved_during_build(server)
        with server._rebuild_cond:
            server._want_rebuild = True  # what the server's watcher sets when a watched file changes
        assert internals.saved_during_build(server)
    finally:
        server.server_close()


def test_a_newer_save_is_taken_by_the_running_builder(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        with server._rebuild_cond:
            server._want_rebuild = True  # a save the server's loop would build again for
        before = server._wanted_epoch
        internals.take_newer_save(server)
        assert not internals.saved_during_build(server)  # the loop has nothing left to build for it
        assert server._wanted_epoch > before  # a new version is being built: requests wait for it
    finally:
        server.server_close()


def test_what_static_i18n_leaves_after_a_stopped_pass_is_undone():
    import logging

    from mkdocs import utils
    from mkdocs_static_i18n.plugin import I18nLoggingFilter

    original = utils.clean_directory
    logger = logging.getLogger("mkdocs.commands.build")
    leftover = I18nLoggingFilter()
    utils.clean_directory = lambda folder: folder  # as static-i18n's on_post_build leaves them
    logger.addFilter(leftover)
    try:
        internals.undo_unfinished_i18n_passes()
        assert utils.clean_directory is original
        assert leftover not in logger.filters
    finally:
        utils.clean_directory = original
        logger.removeFilter(leftover)


def test_static_i18n_and_material_still_keep_the_state_the_door_reads():
    import mkdocs_static_i18n.plugin as i18n
    from material.plugins.search import plugin as search

    i18n_source = inspect.getsource(i18n)
    assert "self.current_language" in i18n_source and "self.building" in i18n_source
    search_source = inspect.getsource(search)
    assert "self.search_index" in search_source and "self.entries" in search_source


def test_no_hook_but_the_door_touches_a_private_name_of_mkdocs_or_its_plugins():
    private = re.compile(
        r"\b(?:_populate_page|_build_page|_epoch_cond|_visible_epoch|_wanted_epoch|_watched_paths"
        r"|_title_from_render|_timestamp|_want_rebuild|\.search_index\b|\.is_modified\s*=|\.building\b"
        r"|\.current_language\s*=)"
    )
    for path in sorted(HOOKS.glob("*.py")):
        if path.name == "mkdocs_internals.py":
            continue
        found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if private.search(line)]
        assert found == [], f"{path.name}: lines {found} use a private name; go through hooks/mkdocs_internals.py"


PROPERDOCS = Path(__file__).resolve().parents[1] / ".venv" / "properdocs"  # installed by scripts/setup.sh


def test_the_door_holds_under_properdocs_too():
    """The checks above again with ProperDocs (the maintained MkDocs 1.x fork) standing in for every `mkdocs`
    import, as `make build-properdocs` runs the build: the door's names exist in both."""
    assert (PROPERDOCS / "properdocs").is_dir(), "ProperDocs is missing: run scripts/setup.sh"
    code = (
        "import sys, properdocs.replacement, pytest, mkdocs_internals\n"
        "assert mkdocs_internals.mkdocs_build.__name__ == 'properdocs.commands.build', mkdocs_internals.mkdocs_build\n"
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '-k', 'not properdocs', sys.argv[1]]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROPERDOCS), str(HOOKS)])}
    result = subprocess.run(
        [sys.executable, "-c", code, __file__], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    others = sum(1 for name in globals() if name.startswith("test_")) - 1  # every test of this file but this one
    assert f"{others} passed" in result.stdout, result.stdout[-3000:]
