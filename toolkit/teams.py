"""Teams: which surveys and engagements a member of staff may see and change.

Admins see everything. Everyone else sees the work of the teams they are in. A staff URL names
its object by a path argument (`survey_id`, `engagement_id`, `session_id`); `SCOPES` says how to
find that object's team, and `role_required` refuses (404, so nothing about other teams' work
leaks) a URL whose object belongs to another team. A new kind of staff URL argument must be
added here: the role × team test over the URL map fails until it is."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from toolkit import audit, db
from toolkit.schema import Engagement, StaffUser, Survey, Team, TeamMember, WorkshopSession

DEFAULT_TEAM = "Default team"  # the team migration 0040 put existing work into

# How to find the team of the object a staff URL argument names: None when there is no such object.
Resolver = Callable[[int], "int | NoTeam | None"]


class NoTeam:
    """The object exists but belongs to no team: only admins may reach it."""


NO_TEAM = NoTeam()


def _team_of(model: type[Survey] | type[Engagement]) -> Resolver:
    def resolve(object_id: int) -> int | NoTeam | None:
        row = db.session.execute(select(model.team_id).where(model.id == object_id)).first()
        if row is None:
            return None
        return row[0] if row[0] is not None else NO_TEAM

    return resolve


def _team_of_workshop(session_id: int) -> int | NoTeam | None:
    query = select(Engagement.team_id).join(WorkshopSession).where(WorkshopSession.id == session_id)
    row = db.session.execute(query).first()
    if row is None:
        return None
    return row[0] if row[0] is not None else NO_TEAM


SCOPES: dict[str, Resolver] = {
    "survey_id": _team_of(Survey),
    "engagement_id": _team_of(Engagement),
    "session_id": _team_of_workshop,
}


def register_scope(argument: str, resolver: Resolver) -> None:
    """For a new area whose staff URLs name their own kind of object."""
    SCOPES[argument] = resolver


def team_ids_of(user: StaffUser) -> set[int]:
    query = select(TeamMember.team_id).where(TeamMember.staff_user_id == user.id)
    return set(db.session.scalars(query))


def may_reach(user: StaffUser, view_args: dict[str, object]) -> bool:
    """Whether the objects a staff URL names all belong to one of the user's teams."""
    if user.role == "admin":
        return True
    mine: set[int] | None = None
    for argument, value in view_args.items():
        resolver = SCOPES.get(argument)
        if resolver is None or not isinstance(value, int):
            continue
        team = resolver(value)
        if team is None:
            continue  # no such object: the view says 404 itself
        mine = team_ids_of(user) if mine is None else mine
        if isinstance(team, NoTeam) or team not in mine:
            return False
    return True


def visible_team_ids(user: StaffUser) -> set[int] | None:
    """None for an admin (every team); otherwise the user's teams."""
    return None if user.role == "admin" else team_ids_of(user)


# --- storing teams ------------------------------------------------------------------------------


def default_team_id(session: Session | None = None) -> int:
    """The default team, made if missing: work created without a team (scripts, demo) goes there."""
    current = session or db.session()
    found = current.scalars(select(Team.id).where(Team.name == DEFAULT_TEAM)).first()
    if found is not None:
        return found
    team = Team(name=DEFAULT_TEAM)
    current.add(team)
    current.flush()
    return team.id


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def teams_by_id(ids: Iterable[int]) -> list[Team]:
    wanted = set(ids)
    return [team for team in all_teams() if team.id in wanted]


def find_team(name: str) -> Team | None:
    return db.session.scalars(select(Team).where(Team.name == name.strip())).first()


def create_team(name: str, staff_user_id: int | None) -> Team:
    name = " ".join(name.split())
    if not name or find_team(name) is not None:
        raise ValueError("taken")
    with db.transaction() as session:
        team = Team(name=name)
        session.add(team)
        session.flush()
        audit.record(session, staff_user_id, "create", "team", team.id, {"name": name})
    return team


def set_membership(session: Session, user_id: int, team_ids: Iterable[int]) -> None:
    """Make the user a member of exactly these teams (inside the caller's transaction)."""
    session.execute(delete(TeamMember).where(TeamMember.staff_user_id == user_id))
    for team_id in sorted(set(team_ids)):
        session.add(TeamMember(team_id=team_id, staff_user_id=user_id))


def members_by_user() -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    for row in db.session.scalars(select(TeamMember)):
        members.setdefault(row.staff_user_id, []).append(row.team_id)
    return members


def choices_for(user: StaffUser) -> list[tuple[int, str]]:
    """The teams this person may put new work into: theirs (every team, for an admin)."""
    mine = visible_team_ids(user)
    return [(team.id, team.name) for team in all_teams() if mine is None or team.id in mine]
