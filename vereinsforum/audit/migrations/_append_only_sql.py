"""SQL for the append-only triggers, shared by the migrations and the `flush` command.

`forward`/`reverse` are what migration 0002 ran (frozen); 0003 adds the PostgreSQL guard
against TRUNCATE, which row triggers do not see. `lift`/`restore` take all of them off and
put them back, for the one sanctioned wipe of the whole database (`flush`, `load_demo --reset`).
"""

SQLITE = [
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
    """CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_auditentry_append_only();",
]
POSTGRES_TRUNCATE = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_no_truncate() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_no_truncate();""",
]
POSTGRES_TRUNCATE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_auditentry_no_truncate();",
]


def forward(vendor: str) -> list[str]:
    return {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, [])


def reverse(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, [])


def truncate_forward(vendor: str) -> list[str]:
    return POSTGRES_TRUNCATE if vendor == "postgresql" else []


def truncate_reverse(vendor: str) -> list[str]:
    return POSTGRES_TRUNCATE_REVERSE if vendor == "postgresql" else []


def lift(vendor: str) -> list[str]:
    return [*truncate_reverse(vendor), *reverse(vendor)]


def restore(vendor: str) -> list[str]:
    return [*forward(vendor), *truncate_forward(vendor)]
