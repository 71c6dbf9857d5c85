"""The officer's password: scrypt hashing (OpenSSL's, through hashlib), constant-time checks, throttling.

Only a hash is ever stored: `scrypt$N$r$p$salt$key`, salt and key in base64.
`python -m disparities set-password` writes it to `.streamlit/secrets.toml`;
the environment variable DISPARITIES_OFFICER_PASSWORD_HASH overrides the file.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# RFC 7914's interactive-use parameters: about 50 ms and 16 MB per check on this machine.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES, SALT_BYTES = 2 ** 14, 8, 1, 32, 16
MIN_PASSWORD_LENGTH = 10
SECRETS_KEY = "officer_password_hash"


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def check_password(password: str, stored_hash: str) -> bool:
    """True when `password` matches `stored_hash`; a malformed hash matches nothing."""
    try:
        scheme, n, r, p, salt, key = stored_hash.strip().split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = KEY_BYTES) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024,
                          dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if password.strip() != password:
        return "The password must not begin or end with a space."
    return None


# ---- where the hash lives --------------------------------------------------------------------------

_LINE = re.compile(rf"^[ \t]*{SECRETS_KEY}[ \t]*=[ \t]*[\"']([^\"'\n]*)[\"'][ \t]*$", re.MULTILINE)


def configured_hash(secrets_file: Path) -> str | None:
    """The hash from $DISPARITIES_OFFICER_PASSWORD_HASH, else from the secrets file; None when neither has one."""
    from_env = os.environ.get("DISPARITIES_OFFICER_PASSWORD_HASH", "").strip()
    if from_env:
        return from_env
    if secrets_file.exists():
        found = _LINE.search(secrets_file.read_text(encoding="utf-8"))
        if found and found.group(1).strip():
            return found.group(1).strip()
    return None


def write_hash(secrets_file: Path, password_hash: str) -> None:
    """Set the hash in the secrets file, keeping every other line; readable by the owner only."""
    secrets_file.parent.mkdir(parents=True, exist_ok=True)
    text = secrets_file.read_text(encoding="utf-8") if secrets_file.exists() else ""
    line = f'{SECRETS_KEY} = "{password_hash}"'
    if _LINE.search(text):
        text = _LINE.sub(line, text, count=1)
    else:
        text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    secrets_file.write_text(text, encoding="utf-8")
    secrets_file.chmod(0o600)


# ---- throttling ---------------------------------------------------------------------------------------

FREE_ATTEMPTS, MAX_DELAY_SECONDS = 3, 30.0


@dataclass
class Throttle:
    """After FREE_ATTEMPTS failed sign-ins in a row, each attempt waits 1, 2, 4... up to 30 seconds.

    One per server process, shared by every browser session: guessing from many tabs is no faster. Attempts
    take turns (wait, check, count), so eight sent at once wait as eight in a row would. A success resets it.
    """
    failures: int = 0
    _turn: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def delay(self) -> float:
        extra = self.failures - FREE_ATTEMPTS
        return 0.0 if extra < 0 else min(2.0 ** extra, MAX_DELAY_SECONDS)

    def attempt(self, password: str, stored_hash: str, sleep=time.sleep) -> bool:
        with self._turn:
            sleep(self.delay())
            ok = check_password(password, stored_hash)
            self.failures = 0 if ok else self.failures + 1
        return ok


THROTTLE = Throttle()
