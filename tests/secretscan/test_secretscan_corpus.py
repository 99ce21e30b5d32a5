"""Every positive sample is caught at its exact position; no negative sample is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.secretscan import KINDS, RULE_SETS, Finding, scan_text

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

    @property
    def rule_sets(self) -> frozenset[str]:
        """A sample in positive/<rule-set>/ is scanned with that platform rule set switched on."""
        folder = self.path.parent.name
        return frozenset({folder}) if folder in RULE_SETS else frozenset()

    @property
    def name(self) -> str:
        return self.path.relative_to(CORPUS / "positive").as_posix()


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


POSITIVE_SAMPLES = [load_sample(path) for path in sorted((CORPUS / "positive").rglob("*.txt"))]
NEGATIVE_PATHS = sorted(path for path in (CORPUS / "negative").iterdir() if path.suffix in {".txt", ".yaml"})
GENERIC_NEGATIVE_PATHS = sorted((CORPUS / "negative" / "generic").glob("*.txt"))
EVERY_RULE_SET = frozenset(RULE_SETS)
EXPECTED_CASES = [
    pytest.param(sample, expected, id=f"{sample.name}:{expected[0]}:{expected[1]}:{expected[2]}")
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
    found = positions(scan_text(sample.text, allowed=ALLOWED, rule_sets=sample.rule_sets))
    assert expected in found, f"not caught; found instead:\n{describe(sample.text, found)}"


@pytest.mark.parametrize("sample", POSITIVE_SAMPLES, ids=lambda sample: sample.name)
def test_positive_file_has_no_unexpected_findings(sample: Sample) -> None:
    extra = positions(scan_text(sample.text, allowed=ALLOWED, rule_sets=sample.rule_sets)) - sample.expected
    assert not extra, f"unexpected findings:\n{describe(sample.text, extra)}"


@pytest.mark.parametrize("sample", POSITIVE_SAMPLES, ids=lambda sample: sample.name)
def test_previews_never_show_the_secret(sample: Sample) -> None:
    lines = sample.text.split("\n")
    for finding in scan_text(sample.text, allowed=ALLOWED, rule_sets=sample.rule_sets):
        shown, _, rest = finding.preview.partition("… (")
        length = int(rest.removesuffix(" chars)"))
        matched_start = lines[finding.line - 1][finding.column - 1 :]
        assert len(shown) <= 4 and len(shown) <= length // 4
        assert matched_start.startswith(shown)
        assert matched_start[: len(shown) + 1] not in finding.preview
        assert re.fullmatch(r"[0-9a-f]{16}", finding.fingerprint)


@pytest.mark.parametrize("path", NEGATIVE_PATHS, ids=lambda path: path.name)
def test_negative_sample_is_clean(path: Path) -> None:
    """Clean with every platform rule set switched on, and so with any fewer."""
    text = path.read_text(encoding="utf-8")
    found = positions(scan_text(text, allowed=ALLOWED, rule_sets=EVERY_RULE_SET))
    assert not found, f"false positives:\n{describe(text, found)}"


@pytest.mark.parametrize("path", GENERIC_NEGATIVE_PATHS, ids=lambda path: path.name)
def test_generic_negative_sample_is_clean_without_rule_sets(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = positions(scan_text(text, allowed=ALLOWED))
    assert not found, f"false positives:\n{describe(text, found)}"


def test_a_platform_rule_set_is_what_reports_its_secrets() -> None:
    """Every sample of a rule set has findings that the generic rules alone do not report."""
    for sample in POSITIVE_SAMPLES:
        if sample.rule_sets:
            generic = positions(scan_text(sample.text, allowed=ALLOWED))
            assert sample.expected - generic, sample.name


def test_generic_rule_set_reports_no_uuid() -> None:
    text = "Purchase code: 8f3c2a1b-4d5e-4f60-9a7b-1c2d3e4f5a6b\n"
    assert scan_text(text) == []
    (finding,) = scan_text(text, rule_sets=frozenset({"envato-purchase-codes"}))
    assert (finding.kind, finding.description) == ("purchase-code", "Envato purchase code")
