"""Every positive sample is caught at its exact position; no negative sample is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.secretscan import KINDS, Finding, scan_text

CORPUS = Path(__file__).parent
ALLOWED = frozenset(line.strip() for line in (CORPUS / "allowed-contacts.txt").read_text().splitlines() if line.strip())
ANNOTATION_RE = re.compile(r"^(?P<indent>[ \t]*)\^ (?P<kind>[a-z0-9-]+)[ \t]*$")
Expected = tuple[int, int, str]


@dataclass(frozen=True)
class Sample:
    """A positive corpus file with its annotation lines taken out."""

    path: Path
    text: str
    expected: frozenset[Expected]


def load_sample(path: Path) -> Sample:
    lines: list[str] = []
    expected: set[Expected] = set()
    for raw in path.read_text(encoding="utf-8").split("\n"):
        annotation = ANNOTATION_RE.match(raw)
        if annotation:
            expected.add((len(lines), len(annotation.group("indent")) + 1, annotation.group("kind")))
        else:
            lines.append(raw)
    return Sample(path, "\n".join(lines), frozenset(expected))


POSITIVE_SAMPLES = [load_sample(path) for path in sorted((CORPUS / "positive").glob("*.txt"))]
NEGATIVE_PATHS = sorted(path for path in (CORPUS / "negative").iterdir() if path.suffix in {".txt", ".yaml"})
EXPECTED_CASES = [
    pytest.param(sample, expected, id=f"{sample.path.name}:{expected[0]}:{expected[1]}:{expected[2]}")
    for sample in POSITIVE_SAMPLES
    for expected in sorted(sample.expected)
]


def positions(findings: list[Finding]) -> set[Expected]:
    return {(finding.line, finding.column, finding.kind) for finding in findings}


def describe(text: str, found: set[Expected]) -> str:
    lines = text.split("\n")
    return "\n".join(
        f"{line}:{column} {kind}: {lines[line - 1][column - 1 :][:60]!r}" for line, column, kind in sorted(found)
    )


def test_corpus_is_present() -> None:
    assert len(POSITIVE_SAMPLES) >= 5 and len(NEGATIVE_PATHS) >= 5
    assert sum(len(sample.expected) for sample in POSITIVE_SAMPLES) >= 60


@pytest.mark.parametrize(("sample", "expected"), EXPECTED_CASES)
def test_positive_sample_is_caught(sample: Sample, expected: Expected) -> None:
    assert expected[2] in KINDS, f"annotation names unknown kind {expected[2]!r}"
    found = positions(scan_text(sample.text, allowed=ALLOWED))
    assert expected in found, f"not caught; found instead:\n{describe(sample.text, found)}"


@pytest.mark.parametrize("sample", POSITIVE_SAMPLES, ids=lambda sample: sample.path.name)
def test_positive_file_has_no_unexpected_findings(sample: Sample) -> None:
    extra = positions(scan_text(sample.text, allowed=ALLOWED)) - sample.expected
    assert not extra, f"unexpected findings:\n{describe(sample.text, extra)}"


@pytest.mark.parametrize("sample", POSITIVE_SAMPLES, ids=lambda sample: sample.path.name)
def test_previews_never_show_the_secret(sample: Sample) -> None:
    lines = sample.text.split("\n")
    for finding in scan_text(sample.text, allowed=ALLOWED):
        shown, _, rest = finding.preview.partition("… (")
        length = int(rest.removesuffix(" chars)"))
        matched_start = lines[finding.line - 1][finding.column - 1 :]
        assert len(shown) <= 4 and len(shown) <= length // 4
        assert matched_start.startswith(shown)
        assert matched_start[: len(shown) + 1] not in finding.preview
        assert re.fullmatch(r"[0-9a-f]{16}", finding.fingerprint)


@pytest.mark.parametrize("path", NEGATIVE_PATHS, ids=lambda path: path.name)
def test_negative_sample_is_clean(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = positions(scan_text(text, allowed=ALLOWED))
    assert not found, f"false positives:\n{describe(text, found)}"
