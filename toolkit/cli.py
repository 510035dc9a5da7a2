"""Command-line tasks: `flask --app wsgi <command>`."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app

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
@click.option("--password", default=None, help="Leave out to generate one.")
def create_admin_command(email: str, name: str, password: str | None) -> None:
    """Create the first admin account."""
    from toolkit.auth import users

    password = password or secrets.token_urlsafe(12)
    try:
        users.create_user(email, name, password, "admin")
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created admin {email} with password {password}")


@click.command("demo")
@click.option("--responses", default=300, show_default=True)
def demo_command(responses: int) -> None:
    """Load the demo survey (/s/demo) and a demo staff login, once."""
    from toolkit.demo import load_demo

    login_file = Path(current_app.instance_path) / "demo_login.txt"
    for line in load_demo(responses, login_file):
        click.echo(line)


@click.command("purge")
def purge_command() -> None:
    """Delete responses past their survey's retention period and unsent drafts past theirs."""
    from surveys import retention
    from toolkit import db

    with db.transaction() as session:
        report = retention.purge_expired(
            session,
            utcnow(),
            response_days=current_app.config["RESPONSE_RETENTION_DAYS"],
            draft_hours=current_app.config["DRAFT_RETENTION_HOURS"],
        )
    click.echo(str(report))


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
