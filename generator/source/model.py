"""Typed records for every YAML file kind in ``source/``.

Each field's docstring is its documentation: it is exported into the JSON Schemas that
editors see as hover text, and into the README's editor guide.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
LABEL_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
"""A Prometheus label name."""

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="A lowercase slug: letters a-z, digits and single hyphens."),
]


def _not_blank(value: str) -> str:
    """Text that is only spaces, tabs or line breaks shows as nothing: a title nobody sees, a contact nobody reaches."""
    if value and not value.strip():
        raise PydanticCustomError("blank_text", "text is only whitespace")
    return value


Text = Annotated[
    str,
    StringConstraints(min_length=1, strip_whitespace=False),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"pattern": r"\S"}),
]

AlertName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_not_blank),
    Field(
        json_schema_extra={"pattern": r"\S"},
        description="An alert's name as its rule files spell it: Prometheus 'alert:', Grafana 'title:'.",
    ),
]
"""An alert's name; ``runbook check`` refuses line breaks and spaces around it (generator/checks/alertlist.py)."""


class Record(BaseModel):
    """Base of every record: unknown keys are errors and no type is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- source/runbook.yaml -------------------------------------------------------------


class Answer(Record):
    """One possible answer to a triage question."""

    id: Slug = Field(description="Slug used in severity criteria and on the command line.")
    label: Text = Field(description="The answer as staff read it.")


class TriageDimension(Record):
    """A question staff answer to place a problem on the severity scale."""

    id: Slug = Field(description="Slug used in severity criteria, e.g. 'data-loss'.")
    name: Text = Field(description="Short name, e.g. 'Data loss'.")
    question: Text = Field(description="The question staff answer during triage.")
    answers: list[Answer] = Field(min_length=2, description="Possible answers, mildest first.")


class Responsibility(Record):
    """A column of the escalation matrix: a step that someone must own at every level."""

    id: Slug = Field(description="Slug used in each severity level's owners mapping.")
    name: Text = Field(description="Short name, e.g. 'Lead the incident'.")
    description: Text = Field(description="What owning this step means in practice.")


class EvidenceField(Record):
    """One item a report must capture."""

    id: Slug = Field(description="Slug of the field.")
    label: Text = Field(description="Field label in the report template.")
    hint: Text = Field(description="Where to find it or how to write it.")


class UpdateField(Record):
    """One line of the update template."""

    label: Text = Field(description="Line label in the template, e.g. 'Workaround'.")
    hint: Text = Field(description="What to write on the line, shown as its placeholder.")
    fill: Literal["level", "first-update", "update-cadence"] | None = Field(
        default=None,
        description=(
            "Filled in per severity level: level (its name), first-update (its first-update target) "
            "or update-cadence (its update cadence)."
        ),
    )


class CommunicationStandard(Record):
    """What every update to the people affected contains, and what it never contains."""

    includes: list[Text | UpdateField] = Field(
        min_length=1,
        description="What every update states: plain text, or a template line with label, hint and fill.",
    )
    never_share: list[Text] = Field(min_length=1, description="What no update may contain.")


class Words(Record):
    """The words pages use for the team's own things and for the concepts teams name differently.

    Each has a default in the runbook's language (its message catalog). ``first_update``,
    ``update``, ``checklist`` and ``support_report`` are written as they read inside a sentence:
    pages capitalise the first letter where a heading or a table column begins with them. Every
    other word is a label or heading, shown exactly as written; sentences that need the concept
    take their own grammatical forms from the catalog.
    """

    level: Literal["severity", "priority"] = Field(
        default="severity",
        description=(
            "The noun for a level: 'severity' ('Severity levels', 'Severity: P1') or 'priority' "
            "('Priority levels', 'Priority: P1', 'the highest-priority answer'), in every sentence and heading "
            "the tool writes, in the runbook's language; page addresses stay the same."
        ),
    )
    first_update: Text | None = Field(
        default=None,
        description="What the first-update target is called: 'first customer update within 30 minutes'.",
    )
    update: Text | None = Field(
        default=None,
        description="What one update is called, after a level's name: 'P1 Critical customer update'.",
    )
    update_subject: Text | None = Field(
        default=None,
        description=(
            "Label of each update template's first line (the level and a summary; default 'Subject'); "
            "null leaves the line out."
        ),
    )
    checklist: Text | None = Field(
        default=None,
        description=(
            "Heading of every page's checklist, and of the lines a category adds to it ('production checklist')."
        ),
    )
    support_report: Text | None = Field(
        default=None,
        description="What the report built from 'evidence' is called: 'Support report template'.",
    )
    escalation_matrix: Text | None = Field(
        default=None, description="Heading and page title of the escalation matrix ('Escalation matrix')."
    )
    page_first: Text | None = Field(
        default=None, description="Label before the role to page first at a level ('Page first')."
    )
    not_sure: Text | None = Field(
        default=None, description="The answer every triage question offers besides its own ('Not sure')."
    )
    triage: Text | None = Field(default=None, description="Title of the triage page ('Triage').")
    owners: Text | None = Field(default=None, description="Title of the owners page ('Owners').")
    acceptance_checks: Text | None = Field(
        default=None, description="Heading of every page's acceptance checks ('Acceptance checks')."
    )
    common_mistakes: Text | None = Field(
        default=None, description="Heading of every page's common mistakes ('Common mistakes')."
    )
    related_operations: Text | None = Field(
        default=None, description="Heading of the pages a page links to ('Related operations')."
    )
    owner_and_cadence: Text | None = Field(
        default=None, description="Heading of a page's owner, cadence and escalation lines ('Owner and cadence')."
    )
    referenced_by: Text | None = Field(
        default=None, description="Heading of the pages that link to a page ('Referenced by')."
    )


def upper_first(text: str) -> str:
    """Text with its first letter upper-cased and the rest kept as written ('first update to the NHS')."""
    return text[:1].upper() + text[1:]


class SecretScan(Record):
    """Extra secret-scanner rules for one platform, on top of the generic ones."""

    rule_sets: list[Literal["envato-purchase-codes", "wordpress"]] = Field(
        default_factory=list,
        description=(
            "Rule sets to switch on: envato-purchase-codes (any UUID is reported as a marketplace "
            "purchase code) or wordpress (wp-config.php keys and salts; WordPress and "
            "WooCommerce login and session cookies)."
        ),
    )


class RunbookPaging(Record):
    """Where the team's paging tool lives, so that pages link each schedule and policy into it."""

    pagerduty_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = Field(
        default=None,
        description=(
            "The PagerDuty account's web address, e.g. 'https://acme.pagerduty.com': schedules and escalation "
            "policies named in owners.yaml and severities.yaml then link into it."
        ),
    )


class Runbook(Record):
    """Site facts, triage questions and escalation responsibilities (source/runbook.yaml)."""

    title: Text = Field(description="Site title, shown in the header of every page.")
    product: Text | None = Field(
        default=None,
        description="The product this runbook supports, if one: shown on the home page and in the support report.",
    )
    summary: Text = Field(description="One paragraph on what the runbook covers, for the home page.")
    audience: Text = Field(description="Who reads this runbook and when.")
    triage: list[TriageDimension] = Field(
        min_length=1, description="Triage dimensions: the questions that decide a severity level."
    )
    responsibilities: list[Responsibility] = Field(
        min_length=1, description="Columns of the escalation matrix; every level owns each one."
    )
    evidence: list[EvidenceField] = Field(
        default_factory=list, description="Fields every report to an outside party captures."
    )
    redaction_rules: list[Text] = Field(
        default_factory=list, description="What to remove from evidence before it leaves the team."
    )
    communication: CommunicationStandard | None = Field(
        default=None, description="The standard every update to the people affected follows."
    )
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = Field(
        default="en",
        description=(
            "The runbook's language, a BCP 47 tag ('en', 'de', 'ja', 'pt-BR'): every word the tool writes, "
            "the site's interface (Material's theme.language), its search and <html lang>. The tool ships "
            "English, German (de) and Japanese (ja); another language is a check warning, and the tool's words "
            "stay English while the interface and search use the language."
        ),
    )
    words: Words = Field(
        default_factory=Words, description="Words pages use for the team's own things and the level concept."
    )
    messages: dict[
        Annotated[str, StringConstraints(min_length=1)], Text | Annotated[list[Text], Field(min_length=1)]
    ] = Field(
        default_factory=dict,
        description=(
            "Any message of the tool by its id (its English text, as in the catalog "
            "generator/i18n/locale/runbook.pot), with the text to show instead in this runbook; keep its "
            "%(name)s placeholders. A plural message takes a list of forms (English: one, other)."
        ),
    )
    secret_scan: SecretScan = Field(
        default_factory=SecretScan, description="Platform rule sets the secret scanner adds to its generic rules."
    )
    alert_levels: dict[str, Slug] = Field(
        default_factory=dict,
        description=(
            "The severity level each value of the alerts' severity label means, e.g. "
            "{critical: sev-1, warning: sev-3}: the alerts page shows each alert's level and whom it pages first, "
            "and 'runbook alerts check' reports a label value with no level here."
        ),
    )
    alert_severity_label: Annotated[str, StringConstraints(pattern=LABEL_NAME_PATTERN)] = Field(
        default="severity",
        description="The alert label whose value alert_levels maps (default 'severity').",
    )
    alert_rules: list[Text] = Field(
        default_factory=list,
        description=(
            "Alert rule files or folders of them (Prometheus, Thanos, Mimir, Loki, Kubernetes PrometheusRule, "
            "Grafana provisioning), relative to the folder holding mkdocs.yml: CI checks them with "
            "'runbook alerts check', and the alerts page shows their severity labels."
        ),
    )
    repo_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = Field(
        default=None,
        description=(
            "The repository's web address for editing files, up to the branch, e.g. "
            "'https://github.com/team/runbook/edit/main': each page then links to its YAML file as 'Edit this page'."
        ),
    )
    paging: RunbookPaging | None = Field(
        default=None, description="The paging tool's web address, for links from the pages into it."
    )


# --- source/owners.yaml --------------------------------------------------------------


_CONTACT_LABELS = {"email": "e-mail", "url": "web", "other": ""}
"""How a method reads before its value, where it differs from the method's id; ``other`` has no label."""


class Contact(Record):
    """One way to reach an owner."""

    method: Literal["email", "phone", "chat", "ticket", "url", "pager", "other"] = Field(
        description="How: email, phone, chat, ticket, url, pager or other."
    )
    value: Text = Field(description="Where: the address, channel, queue or page.")
    note: Text | None = Field(default=None, description="When to use it, hours, or what to include.")

    @property
    def label(self) -> str:
        """The words staff read before the value ("e-mail", "web"); empty for ``other``."""
        return _CONTACT_LABELS.get(self.method, self.method)


class PagingTarget(Record):
    """Who a paging tool pages for an owner: an on-call schedule, or one user. Give one of the two."""

    schedule: Text | None = Field(default=None, description="Id of the on-call schedule that holds this role.")
    user: Text | None = Field(default=None, description="Id of the one user who holds this role.")


class OwnerPaging(Record):
    """This owner's identity in each paging tool the team uses."""

    pagerduty: PagingTarget | None = Field(
        default=None, description="PagerDuty: {schedule: ID} or {user: ID}, e.g. {schedule: PI7DH85}."
    )
    grafana_oncall: PagingTarget | None = Field(
        default=None, description="Grafana OnCall: {schedule: ID} or {user: ID}, e.g. {user: U4DNY931HHJS5}."
    )


class Owner(Record):
    """A role that owns escalation steps and runbook pages."""

    id: Slug = Field(description="Slug that severity levels and pages use to name this owner.")
    title: Text = Field(description="Role title, e.g. 'On-call engineer'.")
    summary: Text = Field(description="Who holds this role.")
    decides: list[Text] = Field(min_length=1, description="What this owner can decide alone.")
    contact: list[Contact] = Field(min_length=1, description="How to reach this owner, first choice first.")
    backup: Slug | None = Field(default=None, description="Owner id to reach when this one is unavailable.")
    paging: OwnerPaging | None = Field(
        default=None,
        description="Who paging tools page for this role: 'runbook paging export' and 'runbook paging check' read it.",
    )


class OwnersFile(Record):
    """Owners as roles (source/owners.yaml)."""

    owners: list[Owner] = Field(min_length=1, description="Every owner role.")


# --- source/severities.yaml ----------------------------------------------------------

Criterion = dict[Slug, list[Slug]]


class ResponseTargets(Record):
    """How fast each step of the response happens at a severity level."""

    acknowledge_within: Text = Field(description="Time to acknowledge the problem, e.g. '15 minutes'.")
    first_update_within: Text = Field(description="Time to the first update to the people affected.")
    update_cadence: Text = Field(description="How often the people affected hear from us until recovery.")


class PagerDutyPolicy(Record):
    """The PagerDuty escalation policy that pages this level."""

    escalation_policy: Text = Field(description="Id of the live escalation policy, e.g. 'PANZZEQ'.")


class LevelPaging(Record):
    """This level's escalation policy in each paging tool."""

    pagerduty: PagerDutyPolicy | None = Field(default=None, description="PagerDuty: {escalation_policy: ID}.")


class Severity(Record):
    """A ranked severity level, most severe first in the file."""

    id: Slug = Field(description="Slug, e.g. 'p1'.")
    name: Text = Field(description="Display name, e.g. 'P1 Critical'.")
    summary: Text = Field(description="One sentence: what this level means.")
    criteria: list[Criterion] = Field(
        min_length=1,
        description=(
            "Rules, any of which places a problem at this level. A rule maps triage dimension ids "
            "to the answers it accepts; a dimension left out accepts any answer."
        ),
    )
    examples: list[Text] = Field(min_length=1, description="Concrete problems that belong here.")
    response: ResponseTargets = Field(description="Response targets for this level.")
    owners: dict[Slug, Slug] = Field(description="Owner id for every responsibility id declared in runbook.yaml.")
    page_first: Slug | None = Field(
        default=None,
        description=(
            "Owner id of the role that leads the response at this level and is paged first; shown first, "
            "with its pager (else phone, else first) contact, on the triage verdict, home and severity pages."
        ),
    )
    page_by: Literal["email", "phone", "chat", "ticket", "url", "pager", "other"] | None = Field(
        default=None,
        description=(
            "How to reach the page_first role at this level: one of its contact methods. "
            "Default: its pager, else its phone, else its first contact."
        ),
    )
    escalate_to: list[Slug] = Field(
        default_factory=list,
        description=(
            "Owner ids paged next, in order, when nobody acknowledges. Default: the page_first owner's backup "
            "(one step; its own backup is not followed)."
        ),
    )
    escalate_after: Text | None = Field(
        default=None,
        description=(
            "How long each step of the escalation waits for an acknowledgement, e.g. '10 minutes' or '1 hour'. "
            "Default: response.acknowledge_within, when that is a clock duration."
        ),
    )
    paging: LevelPaging | None = Field(
        default=None, description="The live escalation policy of this level in the paging tool."
    )
    open_first: list[Slug] = Field(
        default_factory=list,
        description=(
            "Operation ids to open first at this level, most useful first; the pages whose applies_to "
            "names the level follow."
        ),
    )


class SeveritiesFile(Record):
    """Severity levels (source/severities.yaml)."""

    levels: list[Severity] = Field(min_length=1, description="Severity levels, most severe first.")


# --- source/categories.yaml ----------------------------------------------------------


OwnerId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    Field(json_schema_extra={"pattern": SLUG_PATTERN}),
]
"""An owner id from owners.yaml. Typed as text so that ``runbook check`` can answer a free-text owner
with the list of owner ids (a slug error would come a run before that list); the schema keeps the slug
pattern for editors."""

Cleared = Annotated[list[str], Field(max_length=0)]
"""``[]``: in a page's ``owner``, drops what the category gives and shows nothing."""

OwnerIds = OwnerId | list[OwnerId]
"""One owner id, or a list of them: shown as 'Support lead or Site administrator'."""

_CLEAR = "In a page's owner, [] shows none (drops the category's value); null or no key inherits it."


class OwnerAndCadence(Record):
    """Who owns a page, how often it is reviewed, and when to escalate.

    On a page, a key left out (or null) inherits the category's value; an empty list [] clears it.
    """

    primary_owner: OwnerIds | None = Field(
        default=None,
        description=f"Owner id of the primary owner, or a list of ids (any of them may own the page). {_CLEAR}",
    )
    alternate_owner: OwnerIds | None = Field(
        default=None,
        description=f"Owner id who may act instead, or a list of ids. {_CLEAR}",
    )
    responsible_for: Text | Cleared | None = Field(
        default=None, description=f"What the primary owner handles. {_CLEAR}"
    )
    review_cadence: Text | Cleared | None = Field(default=None, description=f"When this page is reviewed. {_CLEAR}")
    review_every_days: Annotated[int, Field(gt=0, le=3660)] | Cleared | None = Field(
        default=None,
        description=(f"Days between reviews; a page is overdue this many days after its last_reviewed date. {_CLEAR}"),
    )
    escalate_when: list[Text] | None = Field(default=None, description=f"Conditions that call for escalation. {_CLEAR}")


class Category(Record):
    """A group of operations and the defaults its pages inherit."""

    id: Slug = Field(description="Slug that operations use in their 'category' key.")
    name: Text = Field(description="Display name, e.g. 'Networking'.")
    description: Text = Field(description="What pages of this category cover.")
    defaults: OwnerAndCadence = Field(
        default_factory=OwnerAndCadence, description="Owner and cadence inherited by its pages."
    )
    standard_checklist: list[Text] = Field(
        default_factory=list, description="Lines appended to every page's checklist."
    )
    standard_acceptance_checks: list[Text] = Field(
        default_factory=list, description="Lines appended to every page's acceptance checks."
    )


class CategoriesFile(Record):
    """Categories of operations (source/categories.yaml)."""

    categories: list[Category] = Field(min_length=1, description="Every category.")


# --- source/operations/<id>.yaml -----------------------------------------------------


class Section(Record):
    """A prose section; [[operation-id]] in the body links to that operation."""

    title: Text = Field(description="Section heading.")
    anchor: Slug | None = Field(
        default=None,
        description=(
            "The section's address on its page (#anchor); default: derived from the title's text in any script, "
            "so it changes only when the title does."
        ),
    )
    body: Text = Field(description="Prose. Blank lines separate paragraphs; [[operation-id]] links another page.")
    embed: Literal["severity-levels", "escalation-matrix", "support-report", "customer-update"] | None = Field(
        default=None,
        description=(
            "Generated block to show after the prose: severity-levels, escalation-matrix, support-report "
            "(needs 'evidence' in runbook.yaml) or customer-update (needs 'communication' in runbook.yaml)."
        ),
    )


class RelatedOperation(Record):
    """A link to another operation and when to follow it."""

    operation: Slug = Field(description="Id (file stem) of the related operation.")
    when: Text | Annotated[list[Text], Field(min_length=1)] = Field(
        description="When to follow it, e.g. 'when the backup is older than a day'."
    )


class Operation(Record):
    """One runbook page (source/operations/<id>.yaml; its id is the file stem)."""

    title: Text = Field(description="Page title.")
    category: Slug = Field(description="Category id from categories.yaml.")
    summary: Text = Field(description="One or two sentences: what this page is for.")
    use_when: list[Text] = Field(
        default_factory=list, description="When to open this page, e.g. 'when the nightly backup fails'."
    )
    applies_to: list[Slug] = Field(default_factory=list, description="Severity level ids this page applies to.")
    alerts: list[AlertName] = Field(
        default_factory=list,
        description=(
            "The alerts this page answers, named as the rule files name them; an alert is listed by one page "
            "only, and its runbook_url leads here ('runbook alerts urls' prints the addresses)."
        ),
    )
    last_reviewed: datetime.date | None = Field(default=None, description="Date of the last review, YYYY-MM-DD.")
    sections: list[Section] = Field(default_factory=list, description="Prose sections, in order.")
    owner: OwnerAndCadence = Field(
        default_factory=OwnerAndCadence,
        description="Overrides the category's owner and cadence: a key left out inherits; [] shows none.",
    )
    checklist: list[Text] = Field(default_factory=list, description="Checklist; the category's lines follow.")
    acceptance_checks: list[Text] = Field(
        default_factory=list, description="Acceptance checks; the category's lines follow."
    )
    skip_standard: list[Literal["checklist", "acceptance_checks"]] = Field(
        default_factory=list,
        description=(
            "Category standard lines this page leaves out: checklist (standard_checklist), "
            "acceptance_checks (standard_acceptance_checks), or both."
        ),
    )
    search_boost: Annotated[float, Field(gt=0, le=10)] | None = Field(
        default=None,
        description=(
            "Weight of this page in site search (Material's search.boost; 1 is normal, 2 ranks it well above "
            "pages that use the same words): for the page a stressed reader must find first."
        ),
    )
    common_mistakes: list[Text] = Field(default_factory=list, description="Mistakes to avoid.")
    related: list[RelatedOperation] = Field(
        default_factory=list, description="Related operations and when to use each."
    )
