"""Command-line tasks: `flask --app wsgi <command>`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from flask import current_app

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
def demo_command(responses: int) -> None:
    """Load the demo survey (/s/demo), the demo workshop and one staff login per role, once."""
    from toolkit.demo import load_demo

    login_file = Path(current_app.instance_path) / "demo_login.txt"
    for line in load_demo(responses, login_file):
        click.echo(line)


@click.command("purge")
def purge_command() -> None:
    """Delete unsent answers older than the retention limit."""
    from surveys import repository

    hours = current_app.config["DRAFT_RETENTION_HOURS"]
    count = repository.purge_expired_drafts(utcnow() - timedelta(hours=hours))
    click.echo(f"Deleted {count} unsent drafts older than {hours} hours.")


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


commands = [migrate_command, create_admin_command, demo_command, purge_command, backup_command, restore_command]
