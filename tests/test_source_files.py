"""source/ is read only through regular files inside it: links out, pipes and devices are errors.

Case folders hold regular files only, so these build the tree in the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run

_OUTSIDE = "title: Not part of this runbook\ncategory: support\nsummary: SECRET-FIRST-LINE of another file.\n"


def _check_fails_with(expected: str) -> None:
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == f"{expected}\nrunbook check failed: 1 error, 0 warnings in source\n"
    assert "SECRET-FIRST-LINE" not in result.stderr


def test_link_to_a_yaml_file_outside_source_is_an_error(base_source: Path) -> None:
    Path("elsewhere.yaml").write_text(_OUTSIDE)
    (base_source / "operations" / "elsewhere.yaml").symlink_to(Path("elsewhere.yaml").resolve())
    _check_fails_with(
        "source/operations/elsewhere.yaml:1:1: error: this is a symbolic link to a file outside the source folder, "
        "not a file; runbook reads only files inside the source folder: replace the link with a copy of the file"
    )
    assert run("generate").exit_code == 1
    assert not Path("docs").exists()


def test_link_to_a_system_file_never_quotes_it(base_source: Path) -> None:
    Path("system.conf").write_text("SECRET-FIRST-LINE root:x:0:0\n")
    (base_source / "owners.yaml").unlink()
    (base_source / "owners.yaml").symlink_to(Path("system.conf").resolve())
    _check_fails_with(
        "source/owners.yaml:1:1: error: this is a symbolic link to a file outside the source folder, not a file; "
        "runbook reads only files inside the source folder: replace the link with a copy of the file"
    )


def test_link_to_a_folder_outside_source_is_an_error(base_source: Path) -> None:
    Path("shared").mkdir()
    Path("shared/elsewhere.yaml").write_text(_OUTSIDE)
    operations = base_source / "operations"
    for page in operations.iterdir():
        page.rename(Path("shared") / page.name)
    operations.rmdir()
    operations.symlink_to(Path("shared").resolve())
    result = run("check")
    assert result.exit_code == 1
    assert "source/operations/elsewhere.yaml:1:1: error: this is a symbolic link to a file outside" in result.stderr
    assert "SECRET-FIRST-LINE" not in result.stderr


def test_link_inside_source_is_read(base_source: Path) -> None:
    (base_source / "shared.yaml").write_text((base_source / "owners.yaml").read_text())
    (base_source / "owners.yaml").unlink()
    (base_source / "owners.yaml").symlink_to("shared.yaml")
    assert run("check").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_an_error_and_never_opened(base_source: Path) -> None:
    os.mkfifo(base_source / "operations" / "pipe.yaml")
    # Opening the pipe would block this test forever: finishing at all shows it is not read.
    _check_fails_with(
        "source/operations/pipe.yaml:1:1: error: this is a named pipe, not a file; "
        "an operation page must be a regular YAML file: remove it, or replace it with the file"
    )


def test_link_to_a_device_is_an_error(base_source: Path) -> None:
    (base_source / "categories.yaml").unlink()
    (base_source / "categories.yaml").symlink_to("/dev/zero")
    _check_fails_with(
        "source/categories.yaml:1:1: error: this is a symbolic link to a file outside the source folder, not a file; "
        "runbook reads only files inside the source folder: replace the link with a copy of the file"
    )
