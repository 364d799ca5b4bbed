"""The events step of the demo (`load_demo`): the Wuppertal story, then its continuation.

demo_history.py replays the project's years (2007–2008), demo_continuation.py the forum's
present, dated from the day it is loaded. Each part is loaded once and kept on a second run.
"""

from __future__ import annotations

from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.events.demo_continuation import continuation_load, continuation_session
from vereinsforum.events.demo_history import history_load
from vereinsforum.events.mail import muted
from vereinsforum.events.models import Event, EventKind


def load(ctx: DemoContext) -> None:
    programme = ctx.programme
    if Event.objects.filter(programme=programme, kind=EventKind.KICK_OFF).exists():
        ctx.say("Events already loaded – kept as they are.")
    else:
        with muted():
            history_load(ctx)
        summary = programme.funnel()
        ctx.say(
            f"Events: {Event.objects.filter(programme=programme).count()} events, "
            f"funnel {summary['invited']}/{summary['attended']}/{summary['enrolled']}."
        )
    session = continuation_session(programme)
    if session is not None:
        if session.start <= timezone.now():
            ctx.say(
                "Continuation (dated from the day it was loaded) already loaded and now past: "
                "`load_demo --reset` dates it from today."
            )
        else:
            ctx.say("Continuation already loaded – kept as it is.")
        return
    today = timezone.localdate()
    with muted():
        continuation_load(ctx, today=today)
    ctx.say(f"Continuation: dated from {today:%Y-%m-%d}, the forum meets in three weeks.")
