"""Cheap prefilters and the line rule that the secret detectors are built from.

Running dozens of regular expressions over every character of thousands of pages is too slow
in Python, so each rule names literal anchors or a gate; the full pattern then runs only on the
lines they hit. The prefilters then became the scan's largest cost (a ``str.find`` pass per
anchor, a ``\\d`` class checked character by character), so anchors of all rules are found
together (``AnchorIndex``) and gates run over the text's bytes or a byte mask (``ByteGate``).
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from generator.secretscan.kinds import KIND_DESCRIPTIONS, Candidate

LineBounds = tuple[int, int]
AnchorKey = tuple[str, bool]
"""An anchor and whether it is matched ignoring case."""

# Whole values that stand for a secret kept elsewhere: <your key>, {{ var }}, ${VAR}, %VAR%.
TEMPLATE_RE = re.compile(r"^(?:<[^<>]*>|\{\{.*\}\}|\$\{[^{}]*\}|%\w+%)$")
# Masks, ellipses and stand-in words anywhere in a value: sk-xxxxxxxx, ****, …, YOUR_KEY.
STAND_IN_RE = re.compile(r"x{4}|\*{3}|\.{3}|…|•|redacted|placeholder|your[_-]|_here$|^example", re.IGNORECASE)
REPEATED_CHAR_RE = re.compile(r"^(.)\1*$")

# The only character outside ASCII that lower-cases to an ASCII letter ('k'); see ScanText.folded.
_KELVIN_SIGN = "\u212a"


def is_template(value: str) -> bool:
    """Whether the whole value is a template or variable reference."""
    return bool(TEMPLATE_RE.match(value))


def is_placeholder(value: str) -> bool:
    """Whether a value is a template, a mask or a stand-in instead of a real secret."""
    return is_template(value) or bool(STAND_IN_RE.search(value) or REPEATED_CHAR_RE.match(value))


def byte_mask(classify: Callable[[str], str]) -> bytes:
    """A ``bytes.translate`` table mapping each Latin-1 character to the one-character class `classify` gives.

    '?' also stands for every character outside Latin-1 (see ScanText.latin1), so `classify`
    must put it in a class that holds all of those.
    """
    return bytes(ord(classify(chr(code))) for code in range(256))


@dataclass(frozen=True)
class ByteGate:
    """A gate that finds a shape in the text's bytes (ScanText.latin1) or in a byte mask of them.

    Regular expressions run faster over bytes than over text, and a shape of ASCII characters
    matches the bytes exactly where it would match the text. A mask (`table`, see
    ``byte_mask``) turns a character class such as ``\\d``, which the regex engine checks
    character by character, into one byte that it skips to at C speed. Characters outside
    Latin-1 all share the byte of '?', so a shape may then pick more lines than wanted; `exact`,
    when given, must also match on the line.
    """

    shape: re.Pattern[bytes]
    table: bytes | None = None
    exact: re.Pattern[str] | None = None


Gate = re.Pattern[str] | ByteGate


@dataclass(frozen=True)
class _Probe:
    """One pass over a haystack, for one anchor or for several that share a needle.

    The needle is a whole anchor, a pivot (an anchor's rarest character, see ``_pivot``) or the
    first two characters of anchors without one. A whole anchor, or a pivot rare enough to try
    each of its occurrences against `pattern`, is found with ``bytes.find`` (memchr beats a
    regular expression's scan). Otherwise `pattern` is searched for (`scan`): it starts with the
    needle, which the regex engine skips to at about the speed of ``bytes.find``.
    """

    ignore_case: bool
    needle: bytes
    pattern: re.Pattern[bytes] | None
    scan: bool
    anchors: tuple[tuple[AnchorKey, bytes, int], ...]
    """(anchor key, anchor as searched for, offset of the needle in it)"""

    @property
    def whole(self) -> bool:
        """Whether the needle is the one anchor itself, so that its hits need no check."""
        return len(self.anchors) == 1 and self.needle == self.anchors[0][1]


# Characters rare in runbook prose: an anchor holding one is looked for where it occurs. Digits
# and these punctuation marks are rare enough to try each occurrence; capitals and the less
# common small letters (by English letter frequency) are skipped to by a regular expression.
_RARE_CHARACTERS = string.digits + "_@$=/#"
_UNCOMMON_LETTERS = "zqxjkvbpygfw"


def _pivot(anchor: str) -> int | None:
    """Where the anchor's rarest character is, or None when it has no rare one."""

    def rarity(index: int) -> tuple[int, int]:
        char = anchor[index]
        if char in _RARE_CHARACTERS:
            return 0, _RARE_CHARACTERS.index(char)
        if char in string.ascii_uppercase:
            return 1, index
        if char in _UNCOMMON_LETTERS:
            return 2, _UNCOMMON_LETTERS.index(char)
        return 3, index

    pivot = min(range(len(anchor)), key=rarity)
    return None if rarity(pivot)[0] == 3 else pivot


class AnchorIndex:
    """Finds every occurrence of many literal anchors with few passes over a text.

    A ``str.find`` pass per anchor and rule cost more than all the rules' patterns together, so
    anchors that share their rarest character, or else their first two characters, share a
    pass (see ``_Probe``). Anchors that ignore case are looked for in ScanText.folded, the others
    in ScanText.latin1.
    """

    def __init__(self, anchors: Iterable[AnchorKey]) -> None:
        self.keys = frozenset(anchors)
        grouped: dict[tuple[bool, bool, str], list[tuple[AnchorKey, bytes, int]]] = defaultdict(list)
        for key in sorted(self.keys):
            anchor, ignore_case = key
            # The haystacks hold one byte per character and '?' for each outside Latin-1.
            if not anchor or not anchor.isascii() or "?" in anchor:
                raise ValueError(f"an anchor must be ASCII text without '?': {anchor!r}")
            if ignore_case and anchor != anchor.lower():
                raise ValueError(f"an anchor that ignores case must be written in lower case: {anchor!r}")
            pivot = _pivot(anchor)
            if pivot is None:
                grouped[ignore_case, False, anchor[:2]].append((key, anchor.encode(), 0))
            else:
                grouped[ignore_case, True, anchor[pivot]].append((key, anchor.encode(), pivot))
        self._probes = tuple(
            self._probe(ignore_case, needle, tuple(found)) for (ignore_case, _, needle), found in grouped.items()
        )
        # The probes as plain tuples: find() unpacks them faster than it reads attributes.
        self._plan = tuple(
            (probe.ignore_case, probe.needle, probe.pattern, probe.scan, probe.whole, probe.anchors)
            for probe in self._probes
        )

    @staticmethod
    def _probe(ignore_case: bool, needle: str, anchors: tuple[tuple[AnchorKey, bytes, int], ...]) -> _Probe:
        rare = needle in _RARE_CHARACTERS
        if len(anchors) == 1:
            if rare:
                return _Probe(ignore_case, needle.encode(), None, False, anchors)
            key, anchor, _ = anchors[0]
            return _Probe(ignore_case, anchor, None, False, ((key, anchor, 0),))
        # After the needle, the rest of an anchor; when the needle is inside the anchor, a look
        # back over the whole of it.
        branches = "|".join(
            re.escape(anchor[offset + len(needle) :].decode())
            + (f"(?<={re.escape(anchor.decode())})" if offset else "")
            for _, anchor, offset in anchors
        )
        pattern = re.compile(f"{re.escape(needle)}(?:{branches})".encode())
        return _Probe(ignore_case, needle.encode(), pattern, not rare, anchors)

    def find(self, scan: ScanText) -> dict[AnchorKey, list[int]]:
        """The offsets where each anchor occurs in the scanned text, in text order.

        This runs for every text, so it is written for speed: most passes find nothing.
        """
        found: dict[AnchorKey, list[int]] = {key: [] for key in self.keys}
        latin1, folded = scan.latin1, scan.folded
        for ignore_case, needle, pattern, scan_pattern, whole, anchors in self._plan:
            haystack = folded if ignore_case else latin1
            hits = []
            if pattern is not None and scan_pattern:
                # A search from just after each hit, as a match may hide another anchor.
                match = pattern.search(haystack)
                while match is not None:
                    hits.append(match.start())
                    match = pattern.search(haystack, match.start() + 1)
            else:
                pos = haystack.find(needle)
                while pos != -1:
                    if pattern is None or pattern.match(haystack, pos):
                        hits.append(pos)
                    pos = haystack.find(needle, pos + 1)
            if not hits:
                continue
            if whole:
                found[anchors[0][0]] = hits
                continue
            for hit in hits:
                for key, anchor, offset in anchors:
                    start = hit - offset
                    if start >= 0 and haystack.startswith(anchor, start):
                        found[key].append(start)
        return found


_NO_ANCHORS = AnchorIndex(())


class ScanText:
    """A text being scanned, with the lookups the detectors share computed once.

    `anchors` names every anchor the detectors will ask for, so that they are all found in one
    go; an anchor missing from it is still found, on its own.
    """

    def __init__(self, text: str, anchors: AnchorIndex = _NO_ANCHORS) -> None:
        self.text = text
        # One byte per character, '?' for each outside Latin-1, so offsets are the text's: byte
        # strings are searched and translated several times faster than text.
        self.latin1 = text.encode("latin-1", "replace")
        self._anchors = anchors
        # Several detectors share one gate (e.g. every number-shaped rule): scan for it once.
        self._gated_lines: dict[Gate, list[LineBounds]] = {}
        self._masks: dict[bytes, bytes] = {}

    @cached_property
    def lowered(self) -> str:
        """Lower-cased text with the same offsets as the original."""
        lowered = self.text.lower()
        if len(lowered) == len(self.text):
            return lowered
        # A few characters (e.g. 'İ') lower to two; keep those as they are so offsets hold.
        return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.text)

    @cached_property
    def folded(self) -> bytes:
        """``latin1`` lower-cased: ASCII text is found in it where ``lowered`` holds it.

        ``bytes.lower`` changes ASCII letters only. The one other character that lowers to an
        ASCII letter, the Kelvin sign, is rare enough that a text holding it takes the slower
        path through ``lowered``.
        """
        if _KELVIN_SIGN in self.text:
            return self.lowered.encode("latin-1", "replace")
        return self.latin1.lower()

    def mask(self, table: bytes | None) -> bytes:
        """``latin1`` translated through `table` (see ``byte_mask``), made once per table."""
        if table is None:
            return self.latin1
        mask = self._masks.get(table)
        if mask is None:
            mask = self._masks[table] = self.latin1.translate(table)
        return mask

    @cached_property
    def _anchor_hits(self) -> dict[AnchorKey, list[int]]:
        return self._anchors.find(self)

    def anchor_offsets(self, anchor: str, *, ignore_case: bool = False) -> list[int]:
        """Where the literal anchor starts in the text, in text order."""
        key = (anchor, ignore_case)
        found = self._anchor_hits.get(key)
        if found is None:
            found = self._anchor_hits[key] = AnchorIndex([key]).find(self)[key]
        return found

    def line_bounds(self, offset: int) -> LineBounds:
        """Start and end offsets of the line holding `offset`, without its newline."""
        text = self.text
        end = text.find("\n", offset)
        return text.rfind("\n", 0, offset) + 1, len(text) if end == -1 else end

    def lines_at(self, offsets: Iterable[int]) -> list[LineBounds]:
        """The lines holding the offsets, each once, in text order."""
        lines: list[LineBounds] = []
        line_end = -1
        for offset in sorted(offsets):
            if offset > line_end:
                lines.append(self.line_bounds(offset))
                line_end = lines[-1][1]
        return lines

    def lines_with(self, anchors: Iterable[str], *, ignore_case: bool = False) -> list[LineBounds]:
        """Lines that contain at least one of the literal anchors, in text order."""
        hits = self._anchor_hits
        offsets: list[int] = []
        for anchor in anchors:
            found = hits.get((anchor, ignore_case))
            offsets += self.anchor_offsets(anchor, ignore_case=ignore_case) if found is None else found
        return self.lines_at(offsets) if offsets else []

    def lines_matching(self, gate: Gate) -> list[LineBounds]:
        """Lines on which the gate matches, in text order."""
        cached = self._gated_lines.get(gate)
        if cached is not None:
            return cached
        if isinstance(gate, ByteGate):
            found = self._byte_gate_lines(gate)
        else:
            found = []
            match = gate.search(self.text)
            while match:
                bounds = self.line_bounds(match.start())
                found.append(bounds)
                match = gate.search(self.text, bounds[1])
        self._gated_lines[gate] = found
        return found

    def _byte_gate_lines(self, gate: ByteGate) -> list[LineBounds]:
        mask = self.mask(gate.table)
        found: list[LineBounds] = []
        match = gate.shape.search(mask)
        while match:
            bounds = self.line_bounds(match.start())
            if gate.exact is None or gate.exact.search(self.text, *bounds):
                found.append(bounds)
            match = gate.shape.search(mask, bounds[1])
        return found


Detector = Callable[[ScanText], Iterable[Candidate]]


@dataclass(frozen=True)
class LineRule:
    """A pattern run on the lines its anchors or its gate point at; one candidate per match.

    `reach` lets a match that starts on such a line run on into the next `reach` characters,
    for blocks such as a private key or a stack trace.
    """

    kind: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...] = ()
    gate: Gate | None = None
    ignore_case_anchors: bool = False
    group: str | int = 0
    reach: int = 0
    description: str = ""
    accept: Callable[[re.Match[str]], bool] | None = None
    describe: Callable[[re.Match[str]], str] | None = None

    @property
    def anchor_keys(self) -> tuple[AnchorKey, ...]:
        """The anchors as an AnchorIndex takes them."""
        return tuple((anchor, self.ignore_case_anchors) for anchor in self.anchors)

    def lines(self, scan: ScanText) -> list[LineBounds]:
        """The lines worth running the full pattern on."""
        if self.gate is not None:
            return scan.lines_matching(self.gate)
        return scan.lines_with(self.anchors, ignore_case=self.ignore_case_anchors)

    def __call__(self, scan: ScanText) -> list[Candidate]:
        lines = self.lines(scan)
        if not lines:
            return []  # the common case, so it comes first
        default = self.description or KIND_DESCRIPTIONS[self.kind]
        text_length = len(scan.text)
        candidates = []
        for start, end in lines:
            stop = min(text_length, end + self.reach)
            for match in self.pattern.finditer(scan.text, start, stop):
                if match.start() >= end:
                    break
                if self.accept is not None and not self.accept(match):
                    continue
                description = self.describe(match) if self.describe is not None else default
                candidates.append(Candidate(match.start(self.group), match.end(self.group), self.kind, description))
        return candidates


def has_letter_and_digit(value: str) -> bool:
    """Real keys mix letters and digits; words, slugs and numbers do not."""
    return bool(_DIGIT_RE.search(value)) and bool(_LETTER_RE.search(value))


_DIGIT_RE = re.compile(r"\d")
_LETTER_RE = re.compile(r"[A-Za-z]")
