"""Which source files each operation page is rendered from, as one digest per page.

An operation page shows its own file, the titles of the pages it links to, the pages that link
to it (with their conditions), and the shared files (runbook, owners, severities, categories).
Its key digests all of those, so editing one operation re-renders that page, the pages it links
to and the pages that link to it; every other page is taken from the cache (generator/runtime/memo.py).
A category page or map page drawn from a part of a category is keyed by its operations' keys and
its place among the parts. Keys hold whole files, never chosen fields: a key cannot go stale
when a template starts to show another field.

The key also holds the generator's code version, so a template that starts to show more of
another page empties the cache; ``generate --check`` renders without it, so CI never trusts it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from generator.pages.parts import Part
from generator.pages.view import RenderedPage
from generator.runtime.memo import RunCache, code_version, digest
from generator.runtime.parallel import jobs as parallel_jobs
from generator.runtime.parallel import parallel_map
from generator.source.project import Project

SHARED_FILES = ("runbook.yaml", "owners.yaml", "severities.yaml", "categories.yaml")


def _file_digest(project: Project, name: str) -> str | None:
    source = project.files.get(name)
    return None if source is None else source.digest


def operation_page_keys(project: Project, cache: RunCache) -> dict[str, str]:
    """A key per operation id; empty when the cache is off or a file's digest is unknown."""
    if not cache.enabled:
        return {}
    shared = [_file_digest(project, name) for name in SHARED_FILES]
    own = {op_id: _file_digest(project, f"operations/{op_id}.yaml") for op_id in project.operations}
    if any(d is None for d in shared) or any(d is None for d in own.values()):
        return {}
    # A page shows the titles of the pages it links to, and of those that link to it ("Referenced by").
    neighbours = {op_id: project.graph.neighbours(op_id) & project.operations.keys() for op_id in project.operations}
    base = digest(code_version(), project.root.resolve().name, *[d or "" for d in shared])
    return {
        op_id: _page_key(base, op_id, own[op_id] or "", tuple(sorted(f"{n}:{own[n]}" for n in neighbours[op_id])))
        for op_id in project.operations
    }


@functools.lru_cache(maxsize=1 << 16)
def _page_key(base: str, op_id: str, own: str, neighbours: tuple[str, ...]) -> str:
    """One page's key; ``runbook serve`` asks again for every page after each save, and most are unchanged."""
    return digest(base, op_id, own, *neighbours)


@dataclass(frozen=True)
class PageJob:
    """A page to render, and the cache key it is remembered under (None: always rendered)."""

    key: str | None
    render: Callable[[], RenderedPage]


def part_key(keys: Mapping[str, str], page: str, part: Part, linked: Iterable[str] = ()) -> str | None:
    """The key of a page drawn from one part's operations (a category page, a map page).

    It holds the keys of those operations (each covering its own file, its neighbours and the
    shared files), of the ``linked`` pages whose titles it shows (``[[id]]`` in the category's
    text), and the part's place among its category's parts.
    """
    shown = [*part.operations, *sorted(set(linked))]
    if not keys or any(op_id not in keys for op_id in shown):
        return None
    return digest(page, f"{part.number}/{part.of}/{part.total}", *(keys[op_id] for op_id in shown))


def remembered_renders(
    jobs: Mapping[str, PageJob], cache: RunCache, before_sharing: Callable[[], None] | None = None
) -> dict[str, RenderedPage]:
    """Each page as rendered before under its key, else rendered now (then remembered).

    The pages to render are shared among the machine's cores (generator/runtime/parallel.py), after
    ``before_sharing`` has computed what all of them need; a few pages are rendered here alone.
    """
    store = cache.memo("pages") if cache.enabled else None
    found: dict[str, RenderedPage] = {}
    missing: list[str] = []
    for name, job in jobs.items():
        page = store.get(job.key) if store is not None and job.key is not None else None
        if page is None:
            missing.append(name)
        else:
            found[name] = page
    if before_sharing is not None and parallel_jobs(len(missing)) > 1:
        before_sharing()
    for name, page in zip(missing, parallel_map(_render, [jobs[n] for n in missing]), strict=True):
        found[name] = page
        key = jobs[name].key
        if store is not None and key is not None:
            store.put(key, page)
    return found


def _render(job: PageJob) -> RenderedPage:
    return job.render()
