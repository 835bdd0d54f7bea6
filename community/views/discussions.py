"""Thread list, a thread with its replies, starting a thread, replying, editing and deleting a
post, its history, the preview, following, the helpful answer and flagging."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ..forms import EditPostForm, FlagForm, ReplyForm, ThreadForm
from ..models.discussions import FlagReason, PostRevision, Reply, ThreadFollow, ThreadKind
from ..permissions import request_access
from ..services import CommunityError, discussions, membership, moderation, radar_actions
from ..services.markup import render_markdown, source_of_stored_html
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
    membership.mark_visited(page, request.user)
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
    window_start = timezone.now() - discussions.edit_window()
    paginator = Paginator(replies, REPLIES_PER_PAGE)
    number = request.GET.get("pagina")
    page_obj = paginator.get_page(paginator.num_pages if number == "last" else number)
    following = (
        access.is_member and ThreadFollow.objects.filter(user=request.user, thread=thread).exists()
    )
    mark_total, marked = radar_actions.mark_state(thread, request.user)
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
        "mark_total": mark_total,
        "marked": marked,
        "is_asker": request.user.is_authenticated and thread.author_id == request.user.pk,
        "reply_form": reply_form
        or (ReplyForm() if access.is_member and not thread.is_locked else None),
        "flag_reasons": FlagReason.choices,
        # Own posts younger than this may be edited by their author (managers: any post).
        "edit_window_start": window_start,
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


def me_too(page, request, thread_id):
    """The member's "ik ook" on a question, or taking it back."""
    try:
        thread = _thread_or_error(page, request, thread_id)
    except CommunityError as exc:
        return error(page, request, exc)
    if request.method != "POST":
        return _redirect(thread.get_url(request))
    try:
        if request.POST.get("actie") == "weghalen":
            radar_actions.unmark_question(thread, request.user)
            messages.success(request, _("Je ‘ik ook’ is weggehaald."))
        else:
            radar_actions.mark_question(thread, request.user)
            messages.success(request, _("Genoteerd: jij wilt dit ook weten. Het loket ziet het."))
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


def _own_post(page, request, kind, post_id):
    """The post and its thread, readable by the visitor; ``CommunityError`` otherwise."""
    post = moderation.find_post(page, kind, post_id)
    thread = post if kind == "vraag" else post.thread
    discussions.readable_thread(page, request.user, thread.pk)
    if kind == "reactie" and post.is_hidden and not request_access(request, page).is_manager:
        raise CommunityError(_("Dit bericht bestaat niet (meer)."), "not_found")
    return post, thread


def _post_url(request, thread, kind, post):
    anchor = "" if kind == "vraag" else f"#reactie-{post.pk}"
    return f"{thread.get_url(request)}{anchor}"


def edit_post(page, request, kind, post_id):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    try:
        post, thread = _own_post(page, request, kind, post_id)
        if request.method != "POST":
            # Refuse before showing a form the member cannot send.
            discussions._check_edit(post, request.user)
    except CommunityError as exc:
        return error(page, request, exc)
    initial = {"body": post.source or source_of_stored_html(post.body)}
    if kind == "vraag":
        initial["title"] = post.title
    form = EditPostForm(request.POST or None, initial=initial, with_title=kind == "vraag")
    context = {"form": form, "post": post, "thread": thread, "kind": kind}
    if request.method != "POST":
        return render(page, request, "community/post_edit.html", context)
    if not form.is_valid():
        return render(page, request, "community/post_edit.html", context, status=400)
    try:
        discussions.edit_post(
            post,
            request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title") if kind == "vraag" else None,
        )
    except CommunityError as exc:
        if exc.status == 400:
            form.add_error(None, exc.message)
            return render(page, request, "community/post_edit.html", context, status=400)
        return error(page, request, exc, back_url=_post_url(request, thread, kind, post))
    messages.success(request, _("Je bericht is bijgewerkt."))
    return _redirect(_post_url(request, thread, kind, post))


def delete_post(page, request, kind, post_id):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    try:
        post, thread = _own_post(page, request, kind, post_id)
        if not discussions.may_delete(post, request.user):
            raise CommunityError(_("Je kunt alleen je eigen berichten verwijderen."), "forbidden")
    except CommunityError as exc:
        return error(page, request, exc)
    context = {"post": post, "thread": thread, "kind": kind}
    if request.method != "POST":
        return render(page, request, "community/post_delete.html", context)
    try:
        gone = discussions.delete_post(post, request.user)
    except CommunityError as exc:
        return error(page, request, exc, back_url=thread.get_url(request))
    messages.success(request, _("Je bericht is verwijderd."))
    if gone and kind == "vraag":
        return _redirect(page.url_for("threads", request))
    return _redirect(thread.get_url(request))


def post_history(page, request, kind, post_id):
    try:
        post, thread = _own_post(page, request, kind, post_id)
        if not request_access(request, page).is_manager:
            raise CommunityError(
                _("Alleen communitymanagers zien eerdere versies van berichten."), "forbidden"
            )
    except CommunityError as exc:
        return error(page, request, exc)
    revisions = PostRevision.objects.filter(
        thread=thread, reply=post if kind == "reactie" else None
    ).select_related("replaced_by")
    return render(
        page,
        request,
        "community/post_history.html",
        {"post": post, "thread": thread, "kind": kind, "revisions": revisions, "noindex": True},
    )


def preview(page, request):
    """The HTML a text would show as a post: the same renderer, for the "Voorbeeld" button."""
    if request.method != "POST":
        return HttpResponse(_("Alleen voor het voorbeeld van een bericht."), status=405)
    if not request_access(request, page).is_member and not request_access(request, page).is_manager:
        return HttpResponse(_("Alleen leden van de community zien een voorbeeld."), status=403)
    text = request.POST.get("body", "")
    if len(text) > discussions.MAX_BODY_CHARS * 2:
        return HttpResponse(
            _("Je tekst is te lang: hooguit %(max)s tekens.") % {"max": discussions.MAX_BODY_CHARS},
            status=400,
        )
    html = render_markdown(text) or "<p><em>{}</em></p>".format(_("Nog geen tekst."))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
