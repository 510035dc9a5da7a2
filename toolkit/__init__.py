"""The engagement toolkit: a Flask app factory. Wiring only."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader

from toolkit import (
    chart_files,
    config,
    db,
    delivery,
    errors,
    forms,
    i18n,
    observability,
    queue,
    ratelimit,
    security,
    templating,
)
from toolkit.text import neutralise_bidi


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder="static")
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    # The NHS.UK macros read deeply nested optional parameters: ChainableUndefined. Autoescaping
    # is on for every template whatever its extension: Flask's default escapes only .html/.xml, and
    # the NHS.UK macros are .jinja files, so their `text` parameters would otherwise go out raw.
    # Every value shown drops directional formatting characters (see `toolkit.text.neutralise_bidi`).
    app.jinja_options = {
        **app.jinja_options,
        "undefined": ChainableUndefined,
        "autoescape": True,
        "finalize": neutralise_bidi,
    }
    app.jinja_env.loader = ChoiceLoader([app.create_global_jinja_loader(), PackageLoader("nhsuk_frontend_jinja")])
    app.jinja_env.globals.update(field_params=forms.field_params, field_macro_name=forms.macro_name)
    templating.init_app(app)
    db.bind(db.make_engine(app.config["DATABASE_URL"]))
    app.teardown_appcontext(lambda _exc: db.session.remove())
    queue.configure(app)

    observability.init_app(app)
    security.register_converters(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_tasks()
    chart_files.init_app(app)
    delivery.init_app(app)  # after the blueprints: it fingerprints their static files too
    ratelimit.init_app(app)  # after the blueprints: limits attach to their endpoints
    _register_commands(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from engagements.views_all import engagements
    from panel.views import panel_bp
    from panel.views_invitations import invitations as panel_invitations
    from reports.views_all import reports
    from surveys.builder.views import builder
    from surveys.builder.views_address import address
    from surveys.builder.views_preview import preview
    from surveys.equality.views import equality_staff
    from surveys.paper.views import paper_staff
    from surveys.respond.views_easy_read import easy_read_public
    from surveys.respond.views_public import public
    from surveys.results.views import results
    from surveys.translations.views import translations
    from toolkit.auth.views import auth
    from toolkit.health import health
    from toolkit.home import home
    from toolkit.jobs.views import jobs
    from toolkit.notifications_views import notification_settings
    from toolkit.outbox_views import outbox_staff
    from workshops.views import workshops

    blueprints = (home, health, auth, builder, public, results, translations, workshops, easy_read_public, paper_staff)
    for blueprint in (
        *blueprints,
        address,
        preview,
        equality_staff,
        engagements,
        reports,
        panel_bp,
        panel_invitations,
        jobs,
        outbox_staff,
        notification_settings,
    ):
        app.register_blueprint(blueprint)
    # The NHS.UK stylesheet looks for its icons under /assets.
    app.add_url_rule(
        "/assets/<path:filename>",
        endpoint="nhsuk_assets",
        view_func=lambda filename: app.send_static_file(f"nhsuk/assets/{filename}"),
    )


# What the queue runs: importing each registers its kinds of job and its scheduled tasks.
TASK_MODULES = (
    "toolkit.mailer",
    "toolkit.bounces",
    "toolkit.notifications",
    "surveys.results.jobs",
    "surveys.paper.jobs",
    "surveys.schedule.tasks",
    "surveys.equality.tasks",  # audits the representativeness tables soon after each day's blocks complete
    "surveys.equality.jobs",  # weighted results for views too large to weigh in a request
    "workshops.jobs",
    "workshops.tasks",  # closes sessions a day after they end
    "panel.tasks",
    "reports.jobs",
    "panel.invitation_tasks",
    "workshops.retention",  # registers with toolkit.retention: the daily purge runs it
)


def _register_tasks() -> None:
    for name in TASK_MODULES:
        importlib.import_module(name)


def _register_commands(app: Flask) -> None:
    from toolkit.cli import commands

    for command in commands:
        app.cli.add_command(command)
