"""Build the POST data the Django admin's report form sends, inlines included."""

from reports.forms import ReportAdminForm, WriteUpForm
from reports.models import Report, WriteUp


def loaded_version(obj):
    """The version token the admin's form carries for `obj`, as the page the browser loaded has it."""
    form_class = ReportAdminForm if isinstance(obj, Report) else WriteUpForm
    return form_class(instance=obj).fields["loaded_version"].initial


def formset_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = "" if value is None else str(value)
    return data


def report_form_data(summit, authors, writeups=(), report=None, **fields):
    """POST data for the report add form, or the change form when `report` is given.

    `authors` are Author objects in byline order; `writeups` are dicts of session, body, tags
    (and optionally author, id for existing rows).
    """
    attended = fields.pop("attended", ())
    data = {
        "summit": summit.pk,
        "title": fields.pop("title", report.title if report else "A trip report"),
        "slug": fields.pop("slug", report.slug if report else "a-trip-report"),
        "summary": fields.pop("summary", ""),
        "tags": fields.pop("tags", ""),
        "introduction": fields.pop("introduction", "Intro."),
        "takeaways": fields.pop("takeaways", ""),
        "cover_caption": "",
        "original_url": "",
        "status": fields.pop("status", Report.Status.DRAFT),
    }
    if report is not None:
        data["loaded_version"] = loaded_version(report)
    data.update({key: "" if value is None else value for key, value in fields.items()})
    existing_links = list(report.report_authors.order_by("order")) if report else []
    author_rows = []
    for order, author in enumerate(authors):
        link = next((link for link in existing_links if link.author_id == author.pk), None)
        author_rows.append(
            {"author": author.pk, "order": order, "id": link.pk if link else "", "report": report.pk if report else ""}
        )
    # Existing links come first in a formset; keep them in place and delete the ones dropped.
    kept = {row["id"] for row in author_rows if row["id"]}
    ordered_rows = [row for row in author_rows if row["id"]] + [row for row in author_rows if not row["id"]]
    for link in existing_links:
        if link.pk not in kept:
            ordered_rows.insert(
                0, {"author": link.author_id, "order": link.order, "id": link.pk, "report": report.pk, "DELETE": "on"}
            )
    initial_authors = sum(1 for row in ordered_rows if row["id"])
    data.update(formset_data("report_authors", ordered_rows, initial=initial_authors))

    writeup_rows = []
    for order, item in enumerate(writeups):
        writeup_rows.append(
            {
                "session": item["session"].pk if hasattr(item.get("session"), "pk") else item.get("session", ""),
                "heading": item.get("heading", ""),
                "day": item.get("day", ""),
                "verdict": item.get("verdict", ""),
                "author": item.get("author").pk if item.get("author") else "",
                "order": item.get("order", order),
                "body": item.get("body", "Notes."),
                "tags": item.get("tags", ""),
                "id": item.get("id", ""),
                "report": report.pk if report else "",
                "loaded_version": loaded_version(WriteUp.objects.get(pk=item["id"])) if item.get("id") else "",
                **({"DELETE": "on"} if item.get("DELETE") else {}),
            }
        )
    initial_writeups = sum(1 for row in writeup_rows if row["id"])
    data.update(formset_data("writeups", writeup_rows, initial=initial_writeups))
    data.update(attendance_data(report, attended))
    data.update(formset_data("attendees", [], initial=0))
    return data


def attendance_data(report, attended):
    """The sessions-also-attended inline: the report's existing entries kept, `attended` added."""
    existing = list(report.attendances.all()) if report else []
    rows = [
        {
            "session": a.session_id,
            "author": a.author_id or "",
            "note": a.note,
            "order": a.order,
            "id": a.pk,
            "report": report.pk,
        }
        for a in existing
    ]
    rows += [
        {"session": session.pk, "note": note, "order": 0, "id": "", "report": report.pk if report else ""}
        for session, note in attended
    ]
    return formset_data("attendances", rows, initial=len(existing))
