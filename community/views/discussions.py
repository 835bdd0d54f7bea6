"""Thread list, a thread with its replies, starting a thread, replying, following, the helpful
answer and flagging."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ..forms import FlagForm, ReplyForm, ThreadForm
from ..models.discussions import FlagReason, Reply, ThreadFollow, ThreadKind
from ..permissions import request_access
from ..services import CommunityError, discussions, moderation
from .common import error, login_url, render
from .communities import thread_listing

THREADS_PER_PAGE = 20
REPLIES_PER_PAGE = 50


def _redirect(url):
    return HttpResponseRedirect(url, status=303)


def thread_list(page, request):
    access = request_access(request, page)
    if not access.can_read:
        return error(
            page,
            request,
            CommunityError(
                _("De discussies zijn alleen voor leden van de community."), "not_member"
            ),
        )
    threads = thread_listing(page)
    kind = request.GET.get("soort", "")
    if kind in ThreadKind.values:
        threads = threads.filter(kind=kind)
    else:
        kind = ""
    if request.GET.get("open") == "1":
        threads = threads.filter(kind=ThreadKind.QUESTION, helpful_reply__isnull=True)
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        page,
        request,
        "community/thread_list.html",
        {
            "threads": page_obj.object_list,
            "page_obj": page_obj,
            "kind": kind,
            "kinds": ThreadKind.choices,
        },
    )


def new_thread(page, request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    access = request_access(request, page)
    if not access.is_member:
        return error(
            page,
            request,
            CommunityError(
                _("Word eerst lid van deze community om een bericht te plaatsen."), "not_member"
            ),
        )
    form = ThreadForm(request.POST or None)
    if request.method != "POST":
        return render(page, request, "community/thread_form.html", {"form": form})
    if not form.is_valid():
        return render(page, request, "community/thread_form.html", {"form": form}, status=400)
    try:
        thread = discussions.start_thread(page, request.user, **form.cleaned_data)
    except CommunityError as exc:
        form.add_error(None, exc.message)
        return render(
            page, request, "community/thread_form.html", {"form": form}, status=exc.status
        )
    messages.success(request, _("Je bericht staat erop. Je krijgt een mail bij elke reactie."))
    return _redirect(thread.get_url(request))


def _thread_context(page, request, thread, *, reply_form=None):
    access = request_access(request, page)
    replies = (
        Reply.objects.filter(thread=thread).select_related("author").order_by("created_at", "pk")
    )
    if not access.is_manager:
        replies = replies.filter(is_hidden=False)
    paginator = Paginator(replies, REPLIES_PER_PAGE)
    number = request.GET.get("pagina")
    page_obj = paginator.get_page(paginator.num_pages if number == "last" else number)
    following = (
        access.is_member and ThreadFollow.objects.filter(user=request.user, thread=thread).exists()
    )
    helpful = None
    if thread.helpful_reply_id:
        helpful = (
            Reply.objects.filter(pk=thread.helpful_reply_id, is_hidden=False)
            .select_related("author")
            .first()
        )
    return {
        "thread": thread,
        "replies": page_obj.object_list,
        "page_obj": page_obj,
        "helpful": helpful,
        "following": following,
        "is_asker": request.user.is_authenticated and thread.author_id == request.user.pk,
        "reply_form": reply_form
        or (ReplyForm() if access.is_member and not thread.is_locked else None),
        "flag_reasons": FlagReason.choices,
        "meta_title": thread.title,
        "meta_description": thread.summary,
        "canonical_url": thread.get_full_url() if page.is_public else "",
        "noindex": not page.is_public,
    }


def _thread_or_error(page, request, thread_id):
    return discussions.readable_thread(page, request.user, thread_id)


def thread_detail(page, request, thread_id):
    try:
        thread = _thread_or_error(page, request, thread_id)
    except CommunityError as exc:
        return error(page, request, exc)
    return render(
        page, request, "community/thread_detail.html", _thread_context(page, request, thread)
    )


def reply(page, request, thread_id):
    try:
        thread = _thread_or_error(page, request, thread_id)
    except CommunityError as exc:
        return error(page, request, exc)
    if request.method != "POST":
        return _redirect(thread.get_url(request))
    form = ReplyForm(request.POST)
    if not form.is_valid():
        context = _thread_context(page, request, thread, reply_form=form)
        return render(page, request, "community/thread_detail.html", context, status=400)
    try:
        new_reply = discussions.post_reply(thread, request.user, form.cleaned_data["body"])
    except CommunityError as exc:
        if exc.status in (400, 429):
            form.add_error(None, exc.message)
            context = _thread_context(page, request, thread, reply_form=form)
            return render(page, request, "community/thread_detail.html", context, status=exc.status)
        return error(page, request, exc, back_url=thread.get_url(request))
    messages.success(request, _("Dank je wel voor je reactie!"))
    return _redirect(f"{thread.get_url(request)}?pagina=last#reactie-{new_reply.pk}")


def follow(page, request, thread_id):
    try:
        thread = _thread_or_error(page, request, thread_id)
    except CommunityError as exc:
        return error(page, request, exc)
    if request.method != "POST":
        return _redirect(thread.get_url(request))
    try:
        if request.POST.get("actie") == "ontvolgen":
            discussions.unfollow_thread(thread, request.user)
            messages.success(request, _("Je volgt deze discussie niet meer."))
        else:
            discussions.follow_thread(thread, request.user)
            messages.success(
                request, _("Je volgt deze discussie: nieuwe reacties krijg je per mail.")
            )
    except CommunityError as exc:
        return error(page, request, exc, back_url=thread.get_url(request))
    return _redirect(thread.get_url(request))


def mark_helpful(page, request, thread_id):
    try:
        thread = _thread_or_error(page, request, thread_id)
    except CommunityError as exc:
        return error(page, request, exc)
    if request.method != "POST":
        return _redirect(thread.get_url(request))
    try:
        chosen = discussions.mark_helpful(thread, request.user, request.POST.get("reactie"))
    except CommunityError as exc:
        return error(page, request, exc, back_url=thread.get_url(request))
    if chosen:
        messages.success(
            request, _("Gemarkeerd als nuttigste antwoord. Fijn dat je geholpen bent!")
        )
    else:
        messages.success(request, _("Het nuttigste antwoord is niet meer gemarkeerd."))
    return _redirect(thread.get_url(request))


def flag(page, request, kind, post_id):
    try:
        post = moderation.find_post(page, kind, post_id)
        thread = post if kind == "vraag" else post.thread
        discussions.readable_thread(page, request.user, thread.pk)
    except CommunityError as exc:
        return error(page, request, exc)
    if request.method != "POST":
        return _redirect(thread.get_url(request))
    form = FlagForm(request.POST)
    if not form.is_valid():
        return error(
            page,
            request,
            CommunityError(_("Kies waarom je dit bericht meldt.")),
            back_url=thread.get_url(request),
        )
    try:
        moderation.flag_post(post, request.user, **form.cleaned_data)
    except CommunityError as exc:
        return error(page, request, exc, back_url=thread.get_url(request))
    messages.success(request, _("Dank je wel voor je melding; een communitymanager kijkt ernaar."))
    return _redirect(thread.get_url(request))
