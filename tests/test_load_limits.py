"""Hostile YAML is refused with bounded memory and a message that names the place.

How fast it is refused is timed by ``make bench`` (bench/hostile.py), never asserted here.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from generator.source.load import MAX_FILE_BYTES, MAX_NODES, parse_yaml, read_yaml
from tests.conftest import run


def _laughs(levels: int, width: int = 10) -> bytes:
    lines = ['lol0: &a0 ["lol"]']
    lines += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\n").encode()


def _measure(raw: bytes) -> tuple[list[str], int]:
    """The problems found and the peak memory Python allocated while parsing."""
    tracemalloc.start()
    try:
        _, problems = parse_yaml("laughs.yaml", raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return [str(p) for p in problems], peak


def test_billion_laughs_is_refused_without_expanding_it() -> None:
    """Nine levels of ten aliases is a 567-byte file of 2.3 billion values; expanding it would never end.

    Memory is the deterministic witness that nothing was expanded: 2.3 billion values would need
    gigabytes, the refusal needs well under 5 MB.
    """
    problems, peak = _measure(_laughs(9))
    assert problems == [
        "laughs.yaml:6:7: error: aliases make this file expand to 2,345,679,022 values, over the limit of "
        "200,000; this value is where the repetition explodes: write values out instead of repeating "
        "aliases (*name) of aliases"
    ]
    assert peak < 5_000_000, f"peaked at {peak:,} bytes"


def test_aliases_within_the_limit_are_expanded() -> None:
    source, problems = parse_yaml("ok.yaml", b"a: &x [one, two]\nb: *x\nc: *x\n")
    assert problems == []
    assert source.data == {"a": ["one", "two"], "b": ["one", "two"], "c": ["one", "two"]}


def test_expansion_limit_counts_every_alias_use() -> None:
    width = 2 * MAX_NODES // 1000
    items = ", ".join(["*x"] * width)
    raw = f"x: &x [{', '.join(['v'] * 999)}]\ny: [{items}]\n".encode()
    problems, peak = _measure(raw)
    assert len(problems) == 1 and "over the limit of 200,000" in problems[0]
    assert peak < 5_000_000, f"peaked at {peak:,} bytes"


def test_a_value_that_contains_itself_is_refused() -> None:
    _, problems = parse_yaml("loop.yaml", b"title: x\nchecklist: &loop\n  - a\n  - *loop\n")
    assert [str(p) for p in problems] == [
        "loop.yaml:2:12: error: this value contains itself through an alias (*name inside its own &name); "
        "remove the alias"
    ]


def test_file_over_the_size_limit_is_refused_without_reading_it(in_tmp: Path) -> None:
    big = in_tmp / "big.yaml"
    big.write_bytes(b"title: " + b"x" * MAX_FILE_BYTES + b"\n")
    _, problems = read_yaml(big, "source/big.yaml")
    assert [str(p) for p in problems] == [
        "source/big.yaml:1:1: error: file is 1,000,008 bytes, over the limit of 1,000,000; split it into smaller files"
    ]


def test_oversized_operation_file_through_the_cli(base_source: Path) -> None:
    page = base_source / "operations" / "error-reports.yaml"
    page.write_bytes(page.read_bytes() + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    size = page.stat().st_size
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"source/operations/error-reports.yaml:1:1: error: file is {size:,} bytes, over the limit of "
        "1,000,000; split it into smaller files"
    )


def test_nesting_beyond_what_libyaml_allows_is_a_clear_error() -> None:
    _, problems = parse_yaml("deep.yaml", b"title: " + b"[" * 2000 + b"]" * 2000 + b"\n")
    assert [str(p) for p in problems] == [
        "deep.yaml:1:1007: error: values are nested more than 1,000 levels deep; runbook files need only a few "
        "levels: remove the extra nesting"
    ]


def test_duplicate_key_in_a_flow_mapping() -> None:
    _, problems = parse_yaml("flow.yaml", b"owner: {primary_owner: a, primary_owner: b}\n")
    assert [str(p) for p in problems] == [
        "flow.yaml:1:27: error: duplicate key 'primary_owner' (first written on line 1); "
        "YAML would silently keep only the last one: remove or rename one"
    ]


def test_byte_order_mark_does_not_shift_columns() -> None:
    _, problems = parse_yaml("bom.yaml", b"\xef\xbb\xbftitle: a\ntitle: b\n")
    assert [(p.line, p.column) for p in problems] == [(2, 1)]
