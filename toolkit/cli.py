"""Command-line tasks: `flask --app wsgi <command>`."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo

from toolkit import config
from toolkit import migrate as migrations
from toolkit.timeutil import utcnow


@click.command("migrate")
def migrate_command() -> None:
    """Bring the database schema up to date."""
    migrations.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", default="Administrator")
def create_admin_command(email: str, name: str) -> None:
    """Create the first admin account. The password is typed (hidden, twice) or read from
    CREATE_ADMIN_PASSWORD; never from the command line."""
    from toolkit.auth import users
    from toolkit.auth.forms import PASSWORD_PROBLEMS

    if users.find_by_email(email) is not None:
        raise click.ClickException(f"There is already a staff account for {email}")
    password = config.create_admin_password() or click.prompt(
        "Password (at least 12 characters)", hide_input=True, confirmation_prompt=True
    )
    try:
        users.create_user(email, name, password, "admin")
    except users.AccountError as error:
        raise click.ClickException(str(PASSWORD_PROBLEMS.get(error.key, error.key))) from error
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created admin {email}. They set up two-factor sign-in the first time they sign in.")


@click.command("demo")
@click.option("--responses", default=300, show_default=True)
@click.option(
    "--address",
    default=None,
    help="Where the site is served, for the sign-in link it prints (default PUBLIC_BASE_URL, else http://127.0.0.1:5000).",
)
def demo_command(responses: int, address: str | None) -> None:
    """Load the demo survey (/s/demo), the demo workshop and one staff login per role, once."""
    from toolkit.demo import load_demo

    login_file = Path(current_app.instance_path) / "demo_login.txt"
    address = address or current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    for line in load_demo(responses, login_file, address.rstrip("/")):
        click.echo(line)


@click.command("purge")
def purge_command() -> None:
    """Delete what is past its retention period: responses, unsent drafts, workshop notes, ideas and
    workshop equality answers."""
    from surveys.schedule import tasks

    for done in tasks.purge_everything():
        click.echo(done)


@click.command("recount")
def recount_command() -> None:
    """Count the results and equality tallies again from the stored responses: after a bulk load
    by hand, or after an upgrade whose migration counted them while the previous release still
    took responses (docs/operations.md)."""
    from surveys.results import tally_repository
    from toolkit import db

    with db.engine().begin() as connection:
        counted = tally_repository.rebuild(connection)
    click.echo(f"Tallies counted again from {counted:,} responses.")


@click.command("worker")
@click.option("--workers", type=int, default=None, help="Threads running jobs (default QUEUE_WORKERS).")
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Run the scheduled work (purge, survey dates, notifications). With several consumers, one is enough.",
)
def worker_command(workers: int | None, periodic: bool) -> None:
    """Run a job queue consumer: jobs, emails and the scheduled work. Ctrl+C stops it."""
    from toolkit import queue

    if queue.huey.immediate:
        raise click.ClickException("QUEUE_IMMEDIATE is set: jobs run in the web process, there is no queue to consume.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo(f"Consuming the job queue ({queue.describe()}).")
    count = workers or current_app.config["QUEUE_WORKERS"]
    consumer = queue.huey.create_consumer(
        workers=count, worker_type="thread", periodic=periodic, check_worker_health=True
    )
    consumer.run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def serve_command(host: str, port: int) -> None:
    """Serve the site and run one queue consumer beside it (development); Ctrl+C stops both."""
    from werkzeug.serving import run_simple

    app_path = click.get_current_context().find_object(ScriptInfo).app_import_path  # type: ignore[union-attr]
    consumer = subprocess.Popen([sys.executable, "-m", "flask", "--app", app_path or "wsgi", "worker"])  # noqa: S603
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]
    finally:
        _stop(consumer)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # the consumer finishes the jobs in hand, then stops
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (default: instance/backups/toolkit-<UTC time>.sqlite3 or .dump).",
)
def backup_command(output: Path | None) -> None:
    """Back up the whole database while the site keeps serving."""
    from toolkit import backup

    url = current_app.config["DATABASE_URL"]
    if output is None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        output = Path(current_app.instance_path) / "backups" / f"toolkit-{stamp}{backup.suffix_for(url)}"
    try:
        backup.backup(url, output)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {output} ({output.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Restore over a database that already has tables.")
def restore_command(source: Path, replace: bool) -> None:
    """Restore a backup made by `flask backup` (stop the app first)."""
    from toolkit import backup, db

    url = current_app.config["DATABASE_URL"]
    db.session.remove()
    db.engine().dispose()
    try:
        backup.restore(url, source, replace=replace)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    tables = backup.fingerprint(db.engine())
    click.echo(f"Restored {source}: {len(tables)} tables, {sum(t.rows for t in tables.values()):,} rows.")


commands = [
    migrate_command,
    create_admin_command,
    demo_command,
    purge_command,
    recount_command,
    backup_command,
    restore_command,
    worker_command,
    serve_command,
]
