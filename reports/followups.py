"""Follow-ups: the action items writers mark in their sections, kept as data.

A follow-up is a line that starts with `Follow-up:` (also bold, `**Follow-up:**`, or as a list
item) or a task-list item, `- [ ] …` (open) or `- [x] …` (done). It may name a project (any
project's name in its text) and a person (`@name`). A follow-up's text runs on over the lines
that follow it until a blank line or the next list item, as Markdown's paragraphs do.

Each save of a section brings its follow-ups in line with its text: new lines are added, removed
ones deleted, kept ones keep what the admin recorded about them (marked done, by whom, when).
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .rendering import plain_text

LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
TASK = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*)$")
FOLLOW_UP = re.compile(r"^(?:\*\*|__)?follow[- ]?up(?::(?:\*\*|__)?|(?:\*\*|__):)\s*(.*)$", re.IGNORECASE)
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#|>|```|\|)")
MENTION = re.compile(r"(?<![\w@])@([A-Za-z][\w.-]{0,60}[A-Za-z0-9])")
MAX_TEXT = 500


@dataclass
class MarkedItem:
    """One follow-up as the text marks it."""

    text: str
    done: bool
    person: str


def item_start(line):
    """(first words, done) when `line` opens a follow-up, else None."""
    task = TASK.match(line)
    if task:
        return task.group(2), task.group(1) != " "
    marked = FOLLOW_UP.match(LIST_MARKER.sub("", line, count=1).lstrip("> "))
    if marked:
        return marked.group(1), False
    return None


def marked_items(markdown_text):
    """The follow-ups a Markdown text marks, in the order they appear."""
    lines = (markdown_text or "").splitlines()
    items, index, in_code = [], 0, False
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.lstrip().startswith("```"):
            in_code = not in_code
        start = None if in_code else item_start(line)
        if start is None:
            continue
        words = [start[0]]
        while index < len(lines) and lines[index].strip() and not BLOCK_START.match(lines[index]):
            words.append(lines[index].strip())
            index += 1
        text = plain_text(" ".join(words))[:MAX_TEXT]
        if text:
            mention = MENTION.search(text)
            items.append(MarkedItem(text=text, done=start[1], person=mention.group(1) if mention else ""))
    return items


def project_named(text, projects):
    """The project whose name the text mentions (the longest name wins: "Neutron LBaaS" over "Neutron")."""
    for project_id, name in projects:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            return project_id
    return None


def project_names():
    from .models import Project

    names = Project.objects.values_list("pk", "name")
    return sorted(names, key=lambda pair: -len(pair[1]))


def sync_follow_ups(section):
    """Bring the section's follow-ups in line with its text; return how many it marks."""
    from .models import FollowUp

    items = marked_items(section.body)
    existing = list(FollowUp.objects.filter(section=section))
    if not items:
        if existing:
            FollowUp.objects.filter(pk__in=[row.pk for row in existing]).delete()
        return 0
    projects = project_names()
    by_text = {}
    for row in existing:
        by_text.setdefault(row.text, []).append(row)
    kept, added = [], []
    for position, item in enumerate(items):
        rows = by_text.get(item.text)
        row = rows.pop(0) if rows else FollowUp(report_id=section.report_id, section=section, text=item.text)
        changed = refresh_row(row, item, position, project_named(item.text, projects))
        if row.pk is None:
            added.append(row)
        elif changed:
            row.save()
        if row.pk:
            kept.append(row.pk)
    FollowUp.objects.filter(Q(section=section) & ~Q(pk__in=kept)).delete()
    FollowUp.objects.bulk_create(added)
    return len(items)


def refresh_row(row, item, position, project_id):
    """Update a follow-up from its line; return whether anything changed.

    A tick in the text (`[x]`) marks it done; one marked done in the admin stays done whatever
    the text says, and one the text alone had marked done opens again when the tick goes.
    """
    before = (row.position, row.project_id, row.person, row.done, row.report_id)
    row.position, row.project_id, row.person, row.report_id = position, project_id, item.person, row.section.report_id
    marked_in_admin = row.done and row.done_by_id is not None
    if item.done and not row.done:
        row.done, row.done_at = True, timezone.now()
    elif not item.done and row.done and not marked_in_admin:
        row.done, row.done_at = False, None
    return before != (row.position, row.project_id, row.person, row.done, row.report_id)
