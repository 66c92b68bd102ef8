"""The Word file attached to a submission: only from GitHub's own upload host, only .docx or
.odt, never larger than vocabulary.yml allows, saved under its plain file name."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from wijs.errors import WijsError
from wijs.limits import Limits
from wijs.submission import messages
from wijs.submission.common import refused

#: Where GitHub stores what is dragged into an issue. Anything else is refused; a test passes
#: its own local server explicitly, never through the environment.
UPLOAD_PREFIXES = (
    "https://github.com/user-attachments/files/",
    "https://github.com/user-attachments/assets/",
    "https://user-images.githubusercontent.com/",
)
#: GitHub answers an upload's address with a redirect to its storage, on these hosts only.
STORAGE_HOST = re.compile(r"^([a-z0-9-]+\.)*githubusercontent\.com$")
DOCUMENT_TYPES = ("docx", "odt")
TIMEOUT = 60
_LINK = re.compile(r"\[([^\]\n]*)\]\((\S+?)\)|<?(https?://[^\s<>)]+)>?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Attachment:
    url: str
    name: str  # the plain file name, e.g. rapport.docx


def find_attachment(text: str) -> str:
    """The one link in the document field; refused when there is none or more than one."""
    urls = list(dict.fromkeys(m.group(2) or m.group(3) for m in _LINK.finditer(text)))
    if not urls:
        raise refused(messages.NO_ATTACHMENT, messages.NO_ATTACHMENT_ADVICE)
    if len(urls) > 1:
        raise refused(
            messages.SEVERAL_ATTACHMENTS.format(count=len(urls)),
            messages.SEVERAL_ATTACHMENTS_ADVICE,
        )
    return urls[0]


def check_attachment(
    url: str,
    limits: Limits,
    *,
    repository: str = "",
    upload_prefixes: Sequence[str] = UPLOAD_PREFIXES,
) -> Attachment:
    """The attachment at ``url`` when it is an upload to GitHub of an allowed document type."""
    prefixes = [*upload_prefixes]
    if repository:  # older uploads: https://github.com/OWNER/REPO/files/123/name.docx
        prefixes.append(f"https://github.com/{repository}/files/")
    if not any(url.startswith(prefix) for prefix in prefixes):
        host = urlsplit(url).hostname or url[:60]
        raise refused(messages.FOREIGN_HOST.format(host=host), messages.FOREIGN_HOST_ADVICE)
    path = unquote(urlsplit(url).path)
    raw = PurePosixPath(path).name
    if ".." in PurePosixPath(path).parts or not _plain_name(raw):
        raise refused(
            messages.BAD_NAME.format(name=_CONTROL.sub("?", path)[-80:]),
            messages.BAD_NAME_ADVICE,
        )
    kind = raw.rsplit(".", 1)[-1].lower() if "." in raw else ""
    allowed = [t for t in DOCUMENT_TYPES if t in limits.attachment_types]
    if kind not in allowed:
        raise refused(
            messages.BAD_TYPE.format(kind=(kind or "onbekend").upper()), messages.BAD_TYPE_ADVICE
        )
    return Attachment(url, raw)


def _plain_name(name: str) -> bool:
    return (
        0 < len(name) <= 150
        and not name.startswith(".")
        and not any(c in name for c in '/\\:*?"<>|')
        and ".." not in name
        and not _CONTROL.search(name)
    )


class _StorageRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to GitHub's storage (or back to an allowed upload address)."""

    def __init__(self, prefixes: Sequence[str]) -> None:
        self.prefixes = prefixes

    def redirect_request(  # type: ignore[no-untyped-def]
        self, req, fp, code, msg, headers, newurl
    ):
        parts = urlsplit(newurl)
        storage = parts.scheme == "https" and STORAGE_HOST.match(parts.hostname or "")
        if not storage and not any(newurl.startswith(p) for p in self.prefixes):
            host = parts.hostname or newurl[:60]
            raise refused(messages.FOREIGN_HOST.format(host=host), messages.FOREIGN_HOST_ADVICE)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(
    attachment: Attachment,
    folder: Path,
    limits: Limits,
    *,
    upload_prefixes: Sequence[str] = UPLOAD_PREFIXES,
) -> Path:
    """Save the attachment as ``folder/<name>``, refusing it once it passes the size limit."""
    opener = urllib.request.build_opener(_StorageRedirects(upload_prefixes))
    limit = limits.file_bytes
    too_big = refused(messages.TOO_BIG.format(limit=f"{limits.file_mb:g}"), messages.TOO_BIG_ADVICE)
    target = folder / attachment.name
    request = urllib.request.Request(attachment.url, headers={"User-Agent": "wijs-indienen"})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise too_big
            received = 0
            with target.open("wb") as out:
                while chunk := response.read(1 << 16):
                    received += len(chunk)
                    if received > limit:
                        raise too_big
                    out.write(chunk)
    except WijsError:
        target.unlink(missing_ok=True)
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        raise refused(
            messages.DOWNLOAD_FAILED.format(error=exc), messages.DOWNLOAD_FAILED_ADVICE
        ) from exc
    return target
