"""Write a synthetic runbook of N operations: one per client site and workflow, like an agency's.

``python -m bench.synth --operations 1000 --out bench/work/1000/source`` writes a source tree
with the schema of ``source/``: the bundled runbook.yaml, owners.yaml and severities.yaml (so
triage, levels and owners are the real ones), a generated categories.yaml, and one file per
operation of about the bundled pages' size (3-6 KB), each with about eight related operations,
inline ``[[references]]``, several severity levels and owner overrides. The same N always
writes the same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

BUNDLED_SOURCE = Path(__file__).resolve().parent.parent / "source"
SHARED_FILES = ("runbook.yaml", "owners.yaml", "severities.yaml")

ADJECTIVES = (
    "amber",
    "birch",
    "cedar",
    "coral",
    "crimson",
    "dawn",
    "ember",
    "fern",
    "golden",
    "granite",
    "harbor",
    "hazel",
    "indigo",
    "ivory",
    "juniper",
    "lantern",
    "linen",
    "maple",
    "meadow",
    "north",
    "oak",
    "olive",
    "pebble",
    "pine",
    "quartz",
    "river",
    "rowan",
    "saffron",
    "silver",
    "slate",
    "spruce",
    "stone",
    "summit",
    "thistle",
    "tidal",
    "umber",
    "velvet",
    "willow",
    "winter",
    "zephyr",
)
NOUNS = (
    "atelier",
    "bakery",
    "boutique",
    "candles",
    "ceramics",
    "coffee",
    "cycles",
    "denim",
    "florist",
    "foods",
    "games",
    "garden",
    "gear",
    "goods",
    "home",
    "jewelry",
    "kitchen",
    "leather",
    "lighting",
    "market",
    "outfitters",
    "paper",
    "pets",
    "pharmacy",
    "prints",
    "provisions",
    "records",
    "running",
    "skincare",
    "soap",
    "spices",
    "sports",
    "studio",
    "supply",
    "tea",
    "textiles",
    "tools",
    "toys",
    "vintage",
    "wines",
)


@dataclass(frozen=True)
class Workflow:
    slug: str
    title: str
    category: str
    purpose: str


WORKFLOWS = (
    Workflow(
        "checkout-recovery",
        "Checkout recovery",
        "incidents",
        "restore cart, checkout and order creation when a SophMate change blocks them",
    ),
    Workflow(
        "product-description-run",
        "Product description run",
        "ai-generation",
        "run, review and publish AI product descriptions for the catalogue",
    ),
    Workflow(
        "catalogue-sync",
        "Catalogue sync",
        "integrations",
        "keep products, stock and prices in step with the client's supplier feed",
    ),
    Workflow(
        "support-intake",
        "Support intake",
        "support",
        "take a support request from the client, place it on a level and route it",
    ),
    Workflow(
        "plugin-update",
        "Plugin update",
        "releases",
        "update SophMate, WooCommerce and the theme on staging, then on production",
    ),
    Workflow(
        "provider-key-rotation",
        "Provider key rotation",
        "configuration",
        "rotate the AI and payment provider keys and confirm nothing still uses the old ones",
    ),
    Workflow(
        "search-reindex",
        "Search reindex",
        "integrations",
        "rebuild the SophMate search and recommendation index after a bulk change",
    ),
    Workflow(
        "theme-assistant-review",
        "Theme assistant review",
        "storefront",
        "review theme assistant changes before they reach shoppers",
    ),
    Workflow(
        "backup-and-restore",
        "Backup and restore",
        "incidents",
        "take, verify and restore backups of the store and its SophMate data",
    ),
    Workflow(
        "monthly-health-check",
        "Monthly health check",
        "governance",
        "check queues, logs, usage and spend once a month and record what changed",
    ),
)

CATEGORIES = (
    ("incidents", "Incidents"),
    ("ai-generation", "AI generation"),
    ("integrations", "Integrations"),
    ("support", "Support"),
    ("releases", "Releases"),
    ("configuration", "Configuration"),
    ("storefront", "Storefront"),
    ("governance", "Governance"),
)

SUBJECTS = (
    "the site administrator",
    "the support lead",
    "the provider owner",
    "the hosting owner",
    "whoever is on shift",
    "the rollback owner",
    "the client's store manager",
    "internal operations",
)
VERBS = (
    "checks",
    "records",
    "pauses",
    "confirms",
    "reviews",
    "exports",
    "compares",
    "restarts",
    "notes",
    "clears",
    "verifies",
    "screenshots",
)
OBJECTS = (
    "the Action Scheduler queue under Tools → Scheduled Actions",
    "the WooCommerce system status report",
    "the provider's usage dashboard and rate limits",
    "the staging copy of the store",
    "the last full backup",
    "the webhook delivery log",
    "the SophMate job history",
    "the wp_options autoload size",
    "the PHP error log around the reported time",
    "the order notes of order #1042",
    "the checkout page with a test card",
    "the product feed import log",
    "the *Generated* badge on drafts",
    "the head markup of the product template",
    "the cache plugin's purge history",
    "the support code shown on the error notice",
    "the WP-Cron events list",
    "the spend limit | budget alert",
)
TAILS = (
    "before anything is changed on production",
    "and writes the time in the incident thread",
    "after every SophMate update",
    "within 30 minutes of the report",
    "on staging first",
    "and keeps a copy in the client's folder",
    "before telling the client it is fixed",
    "so the next shift can pick it up",
    "and compares it with last month's figures",
    "while the workflow stays paused",
    "and removes keys, e-mail addresses and paths from it",
)
SECTION_TITLES = (
    "Before you start",
    "Steps",
    "Check the result",
    "If it fails",
    "Tell the client",
    "Hand over",
    "Clean up",
    "What changed last time",
)
MISTAKES = (
    "Running the workflow on production before it has been tried on staging.",
    "Pasting a provider key or the purchase code into the ticket to speed things up.",
    "Forgetting to resume paused jobs, so the client's queue silently grows for days.",
    "Telling the client it is fixed before the checkout test order has gone through.",
    "Attaching the full debug.log instead of the redacted lines around the timestamp.",
    "Changing two settings at once, so nobody knows which one fixed or broke the store.",
)


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def client_name(index: int) -> tuple[str, str]:
    """The slug and display name of client number ``index`` (unique for any index)."""
    adjective = ADJECTIVES[index % len(ADJECTIVES)]
    noun = NOUNS[(index // len(ADJECTIVES)) % len(NOUNS)]
    rounds = index // (len(ADJECTIVES) * len(NOUNS))
    suffix = f"-{rounds + 1}" if rounds else ""
    return f"{adjective}-{noun}{suffix}", f"{adjective.title()} {noun.title()}{' ' + str(rounds + 1) if rounds else ''}"


def operation_id(index: int) -> str:
    client, _ = client_name(index // len(WORKFLOWS))
    return f"{client}-{WORKFLOWS[index % len(WORKFLOWS)].slug}"


def _related(index: int, total: int, rng: random.Random) -> list[int]:
    """About eight other operations: the same client's workflows, and the same workflow nearby."""
    client, workflow = divmod(index, len(WORKFLOWS))
    siblings = [client * len(WORKFLOWS) + w for w in range(len(WORKFLOWS)) if w != workflow]
    siblings = [s for s in siblings if s < total]
    chosen = rng.sample(siblings, min(len(siblings), 5))
    for step in (1, -1, 2):
        neighbour = index + step * len(WORKFLOWS)
        if 0 <= neighbour < total:
            chosen.append(neighbour)
    # A ring through every page, so no page is an orphan.
    ring = (index + 1) % total
    if ring != index and ring not in chosen:
        chosen.append(ring)
    return chosen


def operation(index: int, total: int, levels: list[str], owners: list[str], *, reports: bool) -> dict[str, object]:
    """The data of operation ``index`` of ``total``: the same arguments give the same page."""
    rng = random.Random(f"operation-{index}")
    workflow = WORKFLOWS[index % len(WORKFLOWS)]
    _, client = client_name(index // len(WORKFLOWS))
    related = _related(index, total, rng)
    references = [operation_id(r) for r in related[:3]]
    sections = []
    for number, title in enumerate(rng.sample(SECTION_TITLES, 4)):
        paragraphs = [_paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 2))]
        if number < len(references):
            paragraphs[-1] += f" If that does not settle it, follow [[{references[number]}]]."
        section: dict[str, object] = {"title": title, "body": "\n\n".join(paragraphs)}
        if reports and number == 0 and index % 10 == 3:  # only a runbook with evidence fields has a report
            section["embed"] = "support-report"
        sections.append(section)
    data: dict[str, object] = {
        "title": f"{client}: {workflow.title}",
        "category": workflow.category,
        "summary": f"How to {workflow.purpose} for {client}. {_sentence(rng)}",
        "use_when": [
            f"when {client} reports a problem with {workflow.title.lower()}",
            f"before the scheduled {workflow.title.lower()} for {client}",
        ],
        "applies_to": sorted(rng.sample(levels, rng.randint(1, len(levels))), key=levels.index),
        "last_reviewed": datetime.date(2026, 1, 1) + datetime.timedelta(days=index % 300),
        "sections": sections,
    }
    if index % 4 == 0:
        data["owner"] = {
            "primary_owner": owners[index % len(owners)],
            "review_cadence": f"every {rng.choice(('month', 'quarter', 'release'))}",
        }
    data["checklist"] = [_sentence(rng) for _ in range(rng.randint(3, 5))]
    data["acceptance_checks"] = [_sentence(rng) for _ in range(rng.randint(2, 3))]
    data["common_mistakes"] = rng.sample(MISTAKES, 3)
    data["related"] = [{"operation": operation_id(r), "when": f"when {_sentence(rng)[:-1].lower()}"} for r in related]
    return data


def categories(owners: list[str], levels: list[str]) -> dict[str, object]:
    """The categories, each owned by two of the runbook's owners in turn."""
    listed = []
    for number, (slug, name) in enumerate(CATEGORIES):
        primary, alternate = owners[number % len(owners)], owners[(number + 1) % len(owners)]
        rng = random.Random(f"category-{slug}")
        listed.append(
            {
                "id": slug,
                "name": name,
                "description": f"{name} work for every client store. {_paragraph(rng, 2)}",
                "defaults": {
                    "primary_owner": primary,
                    "alternate_owner": alternate,
                    "responsible_for": f"{name.lower()} across client stores",
                    "review_cadence": f"every quarter, and after any incident at level {' or '.join(levels[:2])}",
                    "escalate_when": [_sentence(rng), _sentence(rng)],
                },
                "standard_checklist": [_sentence(rng)],
                "standard_acceptance_checks": [_sentence(rng)],
            }
        )
    return {"categories": listed}


def _dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_source(total: int, out: Path) -> list[Path]:
    """Write the whole tree under ``out`` (replacing its operations) and return the operation files."""
    out.mkdir(parents=True, exist_ok=True)
    for name in SHARED_FILES:
        shutil.copyfile(BUNDLED_SOURCE / name, out / name)
    severities = yaml.safe_load((out / "severities.yaml").read_text())
    # The bundled levels' open_first name bundled pages, which the synthetic tree does not have.
    for level in severities["levels"]:
        level.pop("open_first", None)
    (out / "severities.yaml").write_text(_dump(severities), encoding="utf-8")
    levels = [level["id"] for level in severities["levels"]]
    owners = [owner["id"] for owner in yaml.safe_load((out / "owners.yaml").read_text())["owners"]]
    reports = bool(yaml.safe_load((out / "runbook.yaml").read_text()).get("evidence"))
    (out / "categories.yaml").write_text(_dump(categories(owners, levels)), encoding="utf-8")
    folder = out / "operations"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    written = []
    for index in range(total):
        path = folder / f"{operation_id(index)}.yaml"
        path.write_text(_dump(operation(index, total, levels, owners, reports=reports)), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, required=True, help="how many operation pages")
    parser.add_argument("--out", type=Path, required=True, help="source folder to write")
    options = parser.parse_args(argv)
    if options.operations < 2:
        parser.error("--operations must be at least 2")
    written = write_source(options.operations, options.out)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} operations ({size / len(written) / 1024:.1f} KB each) to {options.out}")


if __name__ == "__main__":
    main()


def edit_summary(path: Path, label: str) -> None:
    """Mark an operation's summary with ``label`` instead of any earlier mark, as an editor would.

    A label never used before gives a text no cache has seen.
    """
    text = path.read_text(encoding="utf-8")
    # At the start: a summary may run over several lines, and the mark must land in it, whole.
    text = re.sub(r"^summary: (\(edit [^()]*\) )?", rf"summary: (edit {label}) ", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
