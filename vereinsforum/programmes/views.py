from django.shortcuts import render

from vereinsforum.accounts.scoping import login_with_role
from vereinsforum.programmes.models import Programme


@login_with_role
def team(request):
    programme = Programme.current()
    members = (
        programme.team.select_related("person", "organisation").order_by(
            "role", "organisation__name"
        )
        if programme
        else []
    )
    return render(request, "programmes/team.html", {"programme": programme, "members": members})
