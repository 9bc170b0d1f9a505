#!/usr/bin/env python3
"""Gives a storage-only benchmark library the events and map summaries of a
fully analysed one, N times over, so that `dossier bench --queries-only`
can time the timeline and map at a million articles without hours of
analysis (BENCHMARKS.md, "Scale", says how the figures were made).

usage: replicate_annotations.py TARGET.sqlite SOURCE.sqlite N

SOURCE is a library filled by `dossier bench --no-storage-only` (the
generated corpus imported with full analysis); TARGET one filled by
`dossier bench --storage-only` with N times as many articles of the same
corpus generator, so over the same days. Every copy of SOURCE's events
keeps its dates, places, actors and figures (a library N times larger over
the same years has N times as many events per day), under new ids; the
per-place, per-day and per-entity summaries the map reads are the source's
with every count multiplied by N, which is what the write path would have
counted for N copies of the same annotations. Places and entities are
SOURCE's (ids kept); entity counts are multiplied by N.

Not product code: it writes derived tables directly, and only into a
library made for benchmarking.
"""
import sqlite3
import sys
import time

SUMMARIES = {
    # table: (key columns, count columns)
    "place_days": (["day", "place_id"], ["mentions", "articles"]),
    "place_totals": (["place_id"], ["mentions", "articles"]),
    "event_place_days": (["first_day", "last_day", "place_id"], ["events"]),
    "event_place_totals": (["place_id"], ["events"]),
    "entity_places": (["entity_id", "place_id"], ["mentions", "articles"]),
    "entity_place_days": (["entity_id", "day", "place_id"], ["mentions", "articles"]),
    "entity_event_places": (["entity_id", "place_id"], ["events"]),
    "entity_event_place_days": (["entity_id", "first_day", "last_day", "place_id"], ["events"]),
}


def columns(conn, schema, table):
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def main():
    target, source, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("ATTACH DATABASE ? AS src", (source,))
    started = time.time()
    conn.execute("BEGIN")
    if conn.execute("SELECT count(*) FROM events").fetchone()[0]:
        sys.exit(f"{target} already has events")
    for table in ("places", "entities", "entity_aliases"):
        conn.execute(f"DELETE FROM main.{table}")
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
    conn.execute(f"UPDATE entities SET mention_count = mention_count * {n}, article_count = article_count * {n}")
    for table, (keys, counts) in SUMMARIES.items():
        cols = columns(conn, "src", table)
        select = ", ".join(f"{c} * {n}" if c in counts else c for c in cols)
        conn.execute(f"DELETE FROM main.{table}")
        conn.execute(f"INSERT INTO main.{table} ({', '.join(cols)}) SELECT {select} FROM src.{table}")
    conn.execute("COMMIT")
    offset = conn.execute("SELECT max(id) FROM src.events").fetchone()[0]
    event_cols = columns(conn, "src", "events")
    select = ", ".join(
        "id + :shift" if c == "id" else "anchor || '#' || :copy" if c == "anchor" else c for c in event_cols
    )
    for copy in range(n):
        conn.execute("BEGIN")
        shift = copy * offset
        conn.execute(
            f"INSERT INTO main.events ({', '.join(event_cols)}) SELECT {select} FROM src.events ORDER BY id",
            {"shift": shift, "copy": copy},
        )
        conn.execute(
            "INSERT INTO main.event_entities (event_id, entity_id, role) "
            "SELECT event_id + :shift, entity_id, role FROM src.event_entities",
            {"shift": shift},
        )
        conn.execute("COMMIT")
        if copy % 10 == 9:
            print(f"{copy + 1} of {n} copies, {time.time() - started:.0f} s", file=sys.stderr)
    conn.execute("PRAGMA main.wal_checkpoint(TRUNCATE)")
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"{events} events, {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
