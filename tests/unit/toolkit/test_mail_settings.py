"""Where mail goes, from the configuration: nothing configured means nothing is sent."""

import pytest

from toolkit.mail_settings import SmtpSettings, smtp_settings


def test_no_smtp_server_configured_means_nothing_is_sent():
    assert smtp_settings({"SMTP_URL": "", "SMTP_HOST": ""}) is None


def test_smtp_url_gives_host_port_user_and_starttls():
    config = {"SMTP_URL": "smtp://mailer:p%40ss@mail.example.org:2525", "MAIL_FROM": "toolkit@example.org"}
    assert smtp_settings(config) == SmtpSettings(
        "mail.example.org", 2525, "mailer", "p@ss", "starttls", "toolkit@example.org", 30
    )


def test_smtps_url_is_implicit_tls_on_465_and_a_local_relay_can_skip_tls():
    assert smtp_settings({"SMTP_URL": "smtps://mail.example.org"}).port == 465
    assert smtp_settings({"SMTP_URL": "smtps://mail.example.org"}).tls == "ssl"
    assert smtp_settings({"SMTP_URL": "smtp://127.0.0.1:25?tls=none"}).tls == "none"


def test_host_and_port_variables_when_there_is_no_url():
    settings = smtp_settings({"SMTP_HOST": "relay", "SMTP_PORT": 25, "SMTP_TLS": "none", "SMTP_USER": ""})
    assert (settings.host, settings.port, settings.tls, settings.user) == ("relay", 25, "none", "")


@pytest.mark.parametrize("config", [{"SMTP_URL": "http://mail.example.org"}, {"SMTP_HOST": "x", "SMTP_TLS": "maybe"}])
def test_a_mistyped_setting_is_refused_with_a_clear_message(config):
    with pytest.raises(ValueError, match="SMTP"):
        smtp_settings(config)
