"""Email subscriptions to a tag, summit, project or author: sign-up, confirmation, unsubscribe.

Double opt-in: the form on a subject's page (includes/subscribe.html) makes an unconfirmed
subscription and emails its confirmation link; following the link shows a button, and only that
button's POST confirms (mail scanners fetch every link in a message, they do not press buttons).
The digests themselves are composed and sent by reports.digest_mail (`manage.py send_digests`).

No address is ever shown on a public page, echoed back or told apart: the sign-up answers the
same "check your inbox" page whether the address is new, waiting for confirmation or already
subscribed (then nothing new is sent). An address's unsubscribe link (its Subscriber.token)
forgets the address and everything it subscribed to, with one POST and no cookie (RFC 8058).
"""

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from summitblog.client_ip import client_ip

from .models import Subscriber, Subscription
from .subjects import AUTHOR, PROJECT, SUMMIT, TAG

log = logging.getLogger(__name__)

# Where each kind of subscription finds its subject (reports.subjects: the same rules as its page).
SUBJECTS = {
    Subscription.Kind.TAG: TAG,
    Subscription.Kind.SUMMIT: SUMMIT,
    Subscription.Kind.PROJECT: PROJECT,
    Subscription.Kind.AUTHOR: AUTHOR,
}
# One confirmation email per subscription in this time, however often the form is sent for it:
# the form cannot be used to fill someone's inbox from many addresses.
CONFIRMATION_EMAIL_INTERVAL = timedelta(minutes=10)
# A sign-up nobody confirmed is forgotten (address included) after this (by send_digests).
UNCONFIRMED_DAYS = 7


def subject_label(kind, subject):
    """How a subject is named in pages and emails: "#ceph", "OpenStack Summit Boston 2017"."""
    return f"#{subject.name}" if kind == Subscription.Kind.TAG else str(subject)


def subject_of(subscription):
    """The tag, summit, project or author a subscription is about, or None if it was deleted."""
    return SUBJECTS[subscription.kind].model.objects.filter(pk=subscription.subject_id).first()


def site_url(request=None):
    """The site's address for links in emails: SITE_URL, else the address this request came to."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is None:
        return ""
    return request.build_absolute_uri("/").rstrip("/")


class SubscribeForm(forms.Form):
    """What the form on a subject's page sends: the address, how often, and (hidden) the subject."""

    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    frequency = forms.ChoiceField(
        label="How often", choices=Subscriber.Frequency.choices, initial=Subscriber.Frequency.WEEKLY
    )
    kind = forms.ChoiceField(choices=Subscription.Kind.choices, widget=forms.HiddenInput)
    slug = forms.SlugField(max_length=200, widget=forms.HiddenInput)


def sign_up_allowed(request):
    """At most SUBSCRIBE_RATE_PER_HOUR sign-ups an hour from one client address (valid or not)."""
    key = f"subscribe:{client_ip(request)}:{int(timezone.now().timestamp() // 3600)}"
    cache.add(key, 0, 3700)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache lost the key (or is down): do not refuse the reader
        return True
    return count <= settings.SUBSCRIBE_RATE_PER_HOUR


def private(response):
    """Pages reached by a secret link or a POST: never kept by a cache, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# The form sits on public pages that are cached whole for everyone (reports.caching), so it cannot
# carry a per-visitor CSRF token. A forged sign-up is harmless: nothing is sent to an address but a
# confirmation link, at most once per CONFIRMATION_EMAIL_INTERVAL, and sign-ups are rate-limited.
@csrf_exempt
@require_POST
def subscribe(request):
    if not sign_up_allowed(request):
        response = render(request, "reports/subscription_limited.html", status=429)
        response["Retry-After"] = str(3600 - int(timezone.now().timestamp()) % 3600)
        return private(response)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return private(form_errors(request, form))
    kind, frequency = form.cleaned_data["kind"], form.cleaned_data["frequency"]
    subject = SUBJECTS[kind].get(slug=form.cleaned_data["slug"])  # an unknown subject is a 404
    subscription = pending_subscription(form.cleaned_data["email"], kind, subject, frequency)
    if subscription is not None:
        send_confirmation(request, subscription, subject_label(kind, subject))
    return private(render(request, "reports/subscription_sent.html", {"label": subject_label(kind, subject)}))


def form_errors(request, form):
    """The form again with what was wrong (400), without the address that was typed."""
    kind, slug = form.cleaned_data.get("kind"), form.cleaned_data.get("slug")
    subscription = {"kind": kind, "slug": slug} if kind and slug else None
    errors = [error for field in form for error in field.errors] + list(form.non_field_errors())
    context = {"errors": errors, "email_subscription": subscription}
    return render(request, "reports/subscription_form.html", context, status=400)


def pending_subscription(email, kind, subject, frequency):
    """The subscription waiting for its confirmation, made if need be; None when the address is
    already subscribed to this subject (nothing is sent again)."""
    with transaction.atomic():
        # One subscriber per address, whatever the case it is typed in.
        subscriber, _ = Subscriber.objects.get_or_create(email__iexact=email, defaults={"email": email})
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber, kind=kind, subject_id=subject.pk, defaults={"frequency": frequency}
        )
        if subscription.confirmed_at is not None:
            return None
        if not created and subscription.frequency != frequency:
            Subscription.objects.filter(pk=subscription.pk).update(frequency=frequency)
            subscription.frequency = frequency
    return subscription


def send_confirmation(request, subscription, label):
    """Email the confirmation link, at most once per CONFIRMATION_EMAIL_INTERVAL for a subscription.
    A failed send is logged; the page says the same as ever (it must not tell addresses apart)."""
    key = f"subscribe-confirmation:{subscription.pk}"
    if not cache.add(key, 1, int(CONFIRMATION_EMAIL_INTERVAL.total_seconds())):
        return
    link = site_url(request) + reverse("reports:subscription-confirm", kwargs={"token": subscription.token})
    context = {"label": label, "link": link, "frequency": subscription.get_frequency_display().lower()}
    try:
        send_mail(
            f"Confirm your subscription to {' '.join(label.split())}",  # a header: one line
            render_to_string("reports/email/confirm_subscription.txt", context),
            None,
            [subscription.subscriber.email],
        )
    except Exception:
        log.exception("the confirmation email of subscription %s could not be sent", subscription.pk)
        cache.delete(key)  # the next try may send it


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET: what the link would confirm, with a Confirm button. POST (the button): confirmed."""
    subscription = get_object_or_404(Subscription.objects.select_related("subscriber"), token=token)
    subject = subject_of(subscription)
    if subject is None:
        raise Http404("That subject is gone.")
    context = {"subscription": subscription, "label": subject_label(subscription.kind, subject)}
    if request.method != "POST":
        return private(render(request, "reports/subscription_confirm.html", context))
    if subscription.confirmed_at is None:
        with transaction.atomic():
            confirmed = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
                confirmed_at=timezone.now()
            )
            if confirmed:  # the address's digests now come as often as this, its latest choice, says
                Subscriber.objects.filter(pk=subscription.subscriber_id).update(frequency=subscription.frequency)
    context.update(
        confirmed=True,
        frequency=subscription.get_frequency_display().lower(),
        subject_url=SUBJECTS[subscription.kind].url(subject),
        unsubscribe_url=reverse("reports:unsubscribe", kwargs={"token": subscription.subscriber.token}),
    )
    return private(render(request, "reports/subscription_confirm.html", context))


# The unsubscribe link's token is its secret, and RFC 8058's one-click POST
# ("List-Unsubscribe=One-Click") comes from a mail provider with no cookie and no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: a button. POST (any body): the address and its subscriptions are forgotten. A POST
    answers the same 200 again and again (mail providers retry), so it says nothing about a token."""
    if request.method == "POST":
        Subscriber.objects.filter(token=token).delete()
        return private(render(request, "reports/unsubscribe.html", {"done": True}))
    get_object_or_404(Subscriber, token=token)
    return private(render(request, "reports/unsubscribe.html", {"done": False}))


def forget_unconfirmed():
    """Delete sign-ups nobody confirmed within UNCONFIRMED_DAYS, and addresses left with nothing
    subscribed; returns how many subscriptions went."""
    cutoff = timezone.now() - timedelta(days=UNCONFIRMED_DAYS)
    count, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    Subscriber.objects.filter(created_at__lt=cutoff, subscriptions__isnull=True).delete()
    return count
