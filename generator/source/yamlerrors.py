"""YAML syntax errors in words an editor understands: what was found, what was expected, the fix.

libyaml reports a ``problem`` (where it gave up) and often a ``context`` (where the construct
it was reading began). Each known problem is mapped to a message, and to the place where the
fix belongs: for an unclosed quote that is the opening quote, not the end of the file.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from generator.diagnostics import Diagnostic, line_column

Mark = yaml.error.Mark | None


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _char_at(text: str, mark: Mark) -> str:
    if mark is None or mark.index >= len(text):
        return ""
    return text[mark.index]


def _word_at(text: str, mark: Mark) -> str:
    if mark is None:
        return ""
    match = re.match(r"[^\s,\[\]{}]*", text[mark.index :])
    return match.group(0) if match else ""


_LONGEST_KEY = 1024
"""YAML's limit on a key written without '?': a longer one is not read as a key at all."""


def _explain(text: str, problem: str, context: str, problem_mark: Mark, context_mark: Mark) -> tuple[str, Mark]:
    """The message for one libyaml error and the mark it belongs at."""
    if problem == "mapping values are not allowed in this context":
        return (
            "found ': ' inside a value; quote a value that contains ': ' (\"like: this\"), "
            "or, if a new key starts here, put it on its own line lined up with the keys above",
            problem_mark,
        )
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        quote = _char_at(text, context_mark) or '"'
        return (
            f"the quote {quote} opened here is never closed (the file ends inside it); "
            f"add the closing {quote} at the end of the value",
            context_mark,
        )
    if problem == "could not find expected ':'" and "simple key" in context:
        found = _line_text(text, context_mark.line + 1) if context_mark else ""
        key, colon, _ = found.partition(": ")
        if colon and len(key.strip()) > _LONGEST_KEY:
            return (
                f"this key is {len(key.strip()):,} characters long, and YAML reads a key of more than "
                f"{_LONGEST_KEY:,} as text without a ':'; use a short key (the long text belongs in its value)",
                context_mark,
            )
        return (
            f"expected 'key: value', found '{found}' with no ': ' after the key; add the colon, "
            "or indent this line further to continue the value above",
            context_mark,
        )
    if problem == "did not find expected '-' indicator":
        return (
            "expected a list item starting with '- ' lined up with the items above, found a line "
            "indented differently; line up each item's '- ' and each of its keys with the ones above",
            problem_mark,
        )
    if problem == "did not find expected key":
        if _char_at(text, problem_mark) == "-":
            return (
                "found a list item ('- ') where a key was expected; put the list under its key "
                "('key:' on the line above, items indented below it)",
                problem_mark,
            )
        return (
            "expected a key lined up with the keys above, found something else here: a line "
            "indented differently, or text after a closing quote; fix the indentation, "
            "or put the whole value in quotes",
            problem_mark,
        )
    if problem == "found undefined alias":
        alias = _word_at(text, problem_mark)
        return (
            f"found the alias '{alias}' but no anchor '&{alias[1:]}' above it; "
            "to write text that starts with '*', put the value in quotes",
            problem_mark,
        )
    if problem == "found character that cannot start any token":
        char = _char_at(text, problem_mark)
        return (
            f"a value cannot start with '{char}' unquoted (YAML reserves it); put the value in quotes",
            problem_mark,
        )
    if problem == "found unknown escape character":
        escape = text[problem_mark.index : problem_mark.index + 2] if problem_mark else "\\"
        return (
            f"'{escape}' is not a valid escape in double-quoted text; use single quotes instead "
            "('like \\this'), or write the backslash twice (\\\\)",
            problem_mark,
        )
    if problem.startswith("did not find expected ',' or"):
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        return (
            f"the '{bracket}' opened here is not closed with '{close}', or two of its items lack a comma "
            f"between them; close it, or put the value in quotes if '{bracket}' is part of the text",
            context_mark or problem_mark,
        )
    if problem == "but found another document":
        return (
            "found a second YAML document ('---'); a runbook file holds one document: remove this line "
            "and either merge what follows or move it to its own file",
            problem_mark,
        )
    if problem == "did not find expected <document start>":
        return "found content after the end-of-document marker ('...'); remove the '...' line", problem_mark
    if problem == "block sequence entries are not allowed in this context":
        return (
            "a list item ('- ') cannot follow a key on the same line; start the list on the next line, "
            "indented, or quote the value if '- ' is part of the text",
            problem_mark,
        )
    if problem == "did not find expected comment or line break" and "block scalar" in context:
        return (
            "text cannot follow '|' or '>' on the same line; start the text on the next line, indented",
            problem_mark,
        )
    if problem == "did not find expected alphabetic or numeric character":
        sign, what = ("*", "an alias") if "alias" in context else ("&", "an anchor")
        return (
            f"'{sign}' starts {what} in YAML; to write text starting with '{sign}', put the value in quotes",
            context_mark or problem_mark,
        )
    if problem == "exceeded maximum nesting depth":
        return (
            "values are nested more than 1,000 levels deep; runbook files need only a few levels: "
            "remove the extra nesting",
            problem_mark,
        )
    words = f"{problem} {context}".strip()
    return (
        f"YAML syntax error: {words}; check the indentation, colons and quotes on this line",
        problem_mark or context_mark,
    )


_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s:/])")
"""A line that starts like a key but has no space after its colon ('title:Contacting Support')."""


def _key_without_space(text: str, line_index: int) -> tuple[str, Mark] | None:
    """A 'key:value' with no space on the line at ``line_index`` or the nearest written one above.

    YAML reads 'title:Contacting Support' as text, which runs on into the next line, so the
    error comes later (the next line's ': ') or names the wrong thing (a key without a colon);
    the mistake is the missing space.
    """
    lines = text.split("\n")
    number = min(line_index, len(lines) - 1)
    while number >= 0 and not lines[number].strip():
        number -= 1
    if number < 0:
        return None
    line = lines[number]
    match = _KEY_WITHOUT_SPACE.match(line)
    if match is None or ": " in line or line.rstrip().endswith(":"):
        return None
    key = match.group(2)
    rest = line[match.end() :].strip()
    column = match.end()
    message = (
        f"no space after the colon of '{key}:'; YAML reads the whole line as text that runs on into the next "
        f"line: write '{key}: {rest}'"
    )
    return message, yaml.error.Mark("", 0, number, column, "", 0)


_DASH_WITHOUT_SPACE = re.compile(r"^([ \t]*)(-[^\s-].*)$")
"""A line that starts like a list item but has no space after its dash ('-before')."""


DASH_ITEM = re.compile(r"-(?=[^\s-])")
"""Text that starts as a list item written without the space after its dash."""


def dash_fix(text: str) -> str:
    """The advice for text written as a list item without the space after its dash ('-before')."""
    item = " ".join(text[1:].split())
    return f"put a space after the dash: '- {item if len(item) <= 40 else item[:39] + '…'}'"


def _dash_without_space(text: str, problem_mark: Mark) -> tuple[str, Mark] | None:
    """A '-item' with no space after the dash on the line where parsing failed or the written one above.

    YAML reads '-before' as text, not as a list item, so the error comes on the next line (its
    ': ' or its indentation) or names the wrong thing; the mistake is the missing space.
    """
    if problem_mark is None:
        return None
    lines = text.split("\n")
    candidates = [problem_mark.line]
    above = problem_mark.line - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0:
        candidates.append(above)
    for number in candidates:
        match = _DASH_WITHOUT_SPACE.match(lines[number]) if number < len(lines) else None
        if match is None:
            continue
        column = len(match.group(1))
        # Only where the dash starts a plain value: not inside a block of text ('|') or a quoted value.
        if not _plain_value_starts_at(text, number, column):
            continue
        written = match.group(2).rstrip()
        message = f"no space after the dash of this list item, so YAML reads '{written}' as text; {dash_fix(written)}"
        return message, yaml.error.Mark("", 0, number, column, "", 0)
    return None


def _plain_value_starts_at(text: str, line: int, column: int) -> bool:
    """Whether YAML reads a plain (unquoted, not block) value starting at this place."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start = token.start_mark
            if (start.line, start.column) > (line, column):
                return False
            if (start.line, start.column) == (line, column) and isinstance(token, yaml.ScalarToken):
                return token.style is None
    except yaml.MarkedYAMLError as error:
        # Read as a key that never finds its ':' (the scanner stops there).
        mark = error.context_mark
        return mark is not None and (mark.line, mark.column) == (line, column)
    except yaml.YAMLError:
        pass
    return False


_CLOSED = re.compile(r"[ \t]*(?:$|:(?:[ \t]|$)|[,\]}])|[ \t]+#")
"""What may follow a value's closing quote on its line: nothing, a comment, ': ' (a key), or a flow separator."""


def _runaway_quote(text: str, problem_mark: Mark) -> tuple[str, Mark] | None:
    """A quoted value that ran over several lines up to the place where parsing failed.

    An unclosed quote is closed by the next quote character in the file, often an apostrophe
    lines below; parsing then fails just after it. The mistake is the opening quote.
    """
    if problem_mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= problem_mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    if last is None:
        return None
    start, end = last.start_mark, last.end_mark
    if start.line == end.line:
        return None
    # Parsing failed on the closing line, or the "closing" quote is really the opening quote of a
    # value further down, with that value's text right after it: either way YAML gave up after
    # the runaway value (up to several lines later), and the mistake is where it opened.
    line_end = text.find("\n", end.index)
    after = text[end.index : line_end if line_end >= 0 else len(text)]
    if end.line != problem_mark.line and _CLOSED.match(after):
        return None
    quote = last.style
    inside = "write it twice ('')" if quote == "'" else 'write it as \\"'
    return (
        f"the quote {quote} opened here is not closed on its line, so YAML reads on to line {end.line + 1}, "
        f"where the next {quote} closes it; add the closing {quote} at the end of this value "
        f"(a {quote} inside the text: {inside})",
        start,
    )


def syntax_diagnostic(path: str, text: str, error: yaml.YAMLError) -> Diagnostic:
    """One diagnostic for a YAML error raised while composing ``text``."""
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_diagnostic(path, text, error)
    if isinstance(error, yaml.MarkedYAMLError):
        problem = error.problem or ""
        found = _runaway_quote(text, error.problem_mark) or _dash_without_space(text, error.problem_mark)
        if found is None and problem == "mapping values are not allowed in this context" and error.problem_mark:
            found = _key_without_space(text, error.problem_mark.line - 1)
        if found is None and problem == "could not find expected ':'" and error.context_mark:
            found = _key_without_space(text, error.context_mark.line)
        if found is None:
            found = _explain(text, problem, error.context or "", error.problem_mark, error.context_mark)
        message, mark = found
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Diagnostic(path, line, column, "error", "yaml-syntax", message)
    return Diagnostic(path, 1, 1, "error", "yaml-syntax", f"YAML syntax error: {error}")


def _reader_diagnostic(path: str, text: str, error: yaml.reader.ReaderError) -> Diagnostic:
    position = min(max(error.position, 0), len(text))
    line, column = line_column(text, position)
    char = chr(error.character) if isinstance(error.character, int) else str(error.character)
    name = unicodedata.name(char, "control character")
    message = (
        f"found the invisible character U+{ord(char):04X} ({name}), which YAML does not allow; "
        "delete it (it often comes with copied text)"
    )
    return Diagnostic(path, line, column, "error", "yaml-character", message)
