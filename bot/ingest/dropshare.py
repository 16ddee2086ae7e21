"""A drop folder watched by several processes: each file claimed by one of them, by a lease in the database.

The processes (on one machine or several sharing the folder and the database) scan the folder alike. Before
reading, a process claims the ready files it listed (:mod:`bot.store.dropclaims`); what another holds is
left to it. The claims are renewed while the files are read, stored and moved out (a heartbeat), and
deleted afterwards; those of a process killed mid-file run out after ``DROP_LEASE``, and the file, still in
the folder (files leave it only after their articles are committed), is claimed by another then. Claims are
keyed by the folder's resolved path and the file's name relative to it: machines sharing a folder mount it
at the same path.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta

from bot.clock import Clock
from bot.ingest.dropfolder import DropFile, DropFolder
from bot.ingest.leases import heartbeat
from bot.ingest.textsafe import shown
from bot.store import dropclaims
from bot.store.db import Database

log = logging.getLogger(__name__)

# Files claimed at a time: several processes share a folder's files, while each claim is one round trip.
CLAIM_BATCH = 100


def claim_key(relative: str) -> str:
    """Return the name a claim stores for a file: its relative name, or one that any database text can hold.

    A name that is not valid UTF-8 (its bytes kept as surrogates) becomes ``/`` and its bytes in hex: no
    relative name starts with ``/``, so two files never share a key.
    """
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return "/" + os.fsencode(relative).hex()
    return relative


def groups(files: Sequence[DropFile]) -> list[list[DropFile]]:
    """Split the listed files into the groups claimed (and then worked on) one at a time."""
    return [list(files[i : i + CLAIM_BATCH]) for i in range(0, len(files), CLAIM_BATCH)]


@contextlib.asynccontextmanager
async def claimed(
    db: Database, drop: DropFolder, files: Sequence[DropFile], *, worker: str, clock: Clock, lease: timedelta
) -> AsyncIterator[list[DropFile]]:
    """Claim the files for ``worker``; yield those it got that are still as listed; free them all afterwards.

    Files another worker holds are left out; so are files gone or changed since they were listed (another
    worker moved them out, or a writer is at work): the next scan sees them as they are then. The claims are
    renewed while the block runs and deleted when it ends, whatever became of the files.

    Raises:
        StoreError: if the database refuses the claim (nothing is claimed; the files stay for the next scan).
    """
    key, where = drop.location, shown(str(drop.folder))
    by_name = {claim_key(f.relative): f for f in files}
    names = await dropclaims.claim_files(db, key, list(by_name), worker, clock.now(), lease)
    if not names:
        yield []
        return
    mine = [by_name[name] for name in names]

    async def renew() -> None:
        held = await dropclaims.renew_claims(db, key, worker, clock.now(), lease)
        if held < len(names):  # stalled for a whole lease: another worker may be reading the same files now
            log.warning(
                "%s: %d of %d claimed file(s) were taken over by another process (this one stalled longer than"
                " DROP_LEASE); a file read twice is stored once",
                where,
                len(names) - held,
                len(names),
            )

    try:
        async with heartbeat(renew, lease, clock, f"the files claimed in {where}"):
            present = await asyncio.to_thread(lambda: [f for f in mine if drop.still_listed(f)])
            if len(present) < len(mine):
                log.debug("%s: %d claimed file(s) gone or changed since listed", where, len(mine) - len(present))
            yield present
    finally:
        try:
            await dropclaims.release_claims(db, key, names, worker)
        except Exception as exc:  # they run out by themselves within DROP_LEASE
            log.warning("%s: could not free %d claim(s) (%s); they run out by themselves", where, len(names), exc)
