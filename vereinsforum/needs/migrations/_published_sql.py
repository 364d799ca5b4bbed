"""SQL triggers that keep a published instrument version unchanged at the database.

Only UPDATE (and INSERT into a published version) is refused: DELETE stays possible so that
`flush` and `load_demo --reset` can wipe the database; no service deletes a version, and
waves protect the versions they use.
"""

MESSAGE = "published instrument versions are immutable"

SQLITE = [
    f"""CREATE TRIGGER needs_version_published_no_update BEFORE UPDATE ON needs_instrumentversion
       WHEN OLD.status = 'published'
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER needs_item_published_no_update BEFORE UPDATE ON needs_instrumentitem
       WHEN (SELECT status FROM needs_instrumentversion WHERE id = OLD.version_id) = 'published'
         OR (SELECT status FROM needs_instrumentversion WHERE id = NEW.version_id) = 'published'
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER needs_item_published_no_insert BEFORE INSERT ON needs_instrumentitem
       WHEN (SELECT status FROM needs_instrumentversion WHERE id = NEW.version_id) = 'published'
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER needs_field_published_no_update BEFORE UPDATE ON needs_instrumentfield
       WHEN (SELECT status FROM needs_instrumentversion WHERE id = OLD.version_id) = 'published'
         OR (SELECT status FROM needs_instrumentversion WHERE id = NEW.version_id) = 'published'
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER needs_field_published_no_insert BEFORE INSERT ON needs_instrumentfield
       WHEN (SELECT status FROM needs_instrumentversion WHERE id = NEW.version_id) = 'published'
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS needs_version_published_no_update;",
    "DROP TRIGGER IF EXISTS needs_item_published_no_update;",
    "DROP TRIGGER IF EXISTS needs_item_published_no_insert;",
    "DROP TRIGGER IF EXISTS needs_field_published_no_update;",
    "DROP TRIGGER IF EXISTS needs_field_published_no_insert;",
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION needs_version_published_guard() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'published' THEN
           RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER needs_version_published_guard BEFORE UPDATE ON needs_instrumentversion
       FOR EACH ROW EXECUTE FUNCTION needs_version_published_guard();""",
    f"""CREATE OR REPLACE FUNCTION needs_version_part_guard() RETURNS trigger AS $$
       BEGIN
         IF (SELECT status FROM needs_instrumentversion WHERE id = NEW.version_id) = 'published'
            OR (TG_OP = 'UPDATE' AND (SELECT status FROM needs_instrumentversion
                                      WHERE id = OLD.version_id) = 'published') THEN
           RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER needs_item_published_guard BEFORE INSERT OR UPDATE ON needs_instrumentitem
       FOR EACH ROW EXECUTE FUNCTION needs_version_part_guard();""",
    """CREATE TRIGGER needs_field_published_guard BEFORE INSERT OR UPDATE ON needs_instrumentfield
       FOR EACH ROW EXECUTE FUNCTION needs_version_part_guard();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS needs_item_published_guard ON needs_instrumentitem;",
    "DROP TRIGGER IF EXISTS needs_field_published_guard ON needs_instrumentfield;",
    "DROP TRIGGER IF EXISTS needs_version_published_guard ON needs_instrumentversion;",
    "DROP FUNCTION IF EXISTS needs_version_part_guard();",
    "DROP FUNCTION IF EXISTS needs_version_published_guard();",
]


def functions(vendor: str) -> list[str]:
    """Only the (replaceable) function bodies, for migrations that change them."""
    return [s for s in forward(vendor) if "CREATE OR REPLACE FUNCTION" in s]


def forward(vendor: str) -> list[str]:
    return {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, [])


def reverse(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, [])
