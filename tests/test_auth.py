"""Password hashing, the secrets file, throttling and the set-password command."""
import subprocess
import sys

import pytest

from disparities import auth, cli
from disparities.config import ROOT


def test_hash_checks_the_right_password_only():
    stored = auth.hash_password("correct horse battery")
    assert stored.startswith("scrypt$16384$8$1$")
    assert auth.check_password("correct horse battery", stored)
    assert not auth.check_password("correct horse batterY", stored)
    assert "correct horse" not in stored


def test_same_password_gets_a_different_salt():
    assert auth.hash_password("same password!") != auth.hash_password("same password!")


@pytest.mark.parametrize("stored", ["", "plain-text-password", "scrypt$x$8$1$AAAA$BBBB", "bcrypt$1$2$3$AA$BB",
                                    "scrypt$16384$8$1$not base64!$zz"])
def test_malformed_hash_matches_nothing(stored):
    assert not auth.check_password("anything", stored)


@pytest.mark.parametrize("password, problem", [("short", "at least 10"), (" padded password ", "space"),
                                               ("long enough pass", None)])
def test_password_rules(password, problem):
    found = auth.password_problem(password)
    assert (found is None) if problem is None else (problem in found)


def test_write_hash_keeps_other_secrets_and_replaces_the_old_hash(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('other = "kept"\nofficer_password_hash = "old"\n')
    auth.write_hash(secrets, "scrypt$1$2$3$AA$BB")
    assert secrets.read_text() == 'other = "kept"\nofficer_password_hash = "scrypt$1$2$3$AA$BB"\n'
    assert secrets.stat().st_mode & 0o777 == 0o600
    assert auth.configured_hash(secrets) == "scrypt$1$2$3$AA$BB"


def test_environment_overrides_the_file_and_nothing_configured_is_none(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPARITIES_OFFICER_PASSWORD_HASH", raising=False)
    assert auth.configured_hash(tmp_path / "missing.toml") is None
    monkeypatch.setenv("DISPARITIES_OFFICER_PASSWORD_HASH", "scrypt$from$env$1$A$B")
    assert auth.configured_hash(tmp_path / "missing.toml") == "scrypt$from$env$1$A$B"


def test_throttle_waits_longer_after_repeated_failures_and_resets_on_success():
    stored = auth.hash_password("the right one!")
    throttle, waits = auth.Throttle(), []
    for _ in range(6):
        assert not throttle.attempt("wrong", stored, sleep=waits.append)
    assert waits == [0, 0, 0, 1, 2, 4]
    assert throttle.attempt("the right one!", stored, sleep=waits.append)
    assert throttle.failures == 0 and throttle.delay() == 0


def test_throttle_delay_is_capped():
    assert auth.Throttle(failures=50).delay() == auth.MAX_DELAY_SECONDS


def test_set_password_command_writes_only_the_hash(tmp_path):
    secrets = tmp_path / "secrets.toml"
    done = subprocess.run([sys.executable, "-m", "disparities", "set-password", "--secrets-file", str(secrets)],
                          input="a long officer password\n", capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "a long officer password" not in done.stdout + done.stderr + secrets.read_text()
    assert auth.check_password("a long officer password", auth.configured_hash(secrets))


def test_set_password_refuses_a_short_password(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert cli.main(["set-password", "--secrets-file", str(tmp_path / "s.toml")]) == 1
    assert "at least 10" in capsys.readouterr().err
    assert not (tmp_path / "s.toml").exists()


def test_parallel_wrong_guesses_wait_as_they_would_in_a_row():
    """Eight wrong guesses sent at once take turns: each waits the delay its place in the row earns."""
    import threading
    stored, throttle, waits = auth.hash_password("correct horse battery"), auth.Throttle(), []
    guesses = [threading.Thread(target=throttle.attempt, args=(f"guess {n}", stored, waits.append))
               for n in range(8)]
    for guess in guesses:
        guess.start()
    for guess in guesses:
        guess.join()
    assert waits == [0.0, 0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 16.0] and throttle.failures == 8
