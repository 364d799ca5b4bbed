"""Validation of OParl output against the OParl 1.1 JSON schemas (draft-07 branch).

The schema files name themselves `https://schema.oparl.org/1.1/<Type>` but refer to each
other as `Body.json`, `File.json` … (and once as plain `Organization`), so the registry
holds every schema under both URIs. The spec has no schema for list pages; LIST_PAGE
encodes its section "Objektlisten und Paginierung" and each item is checked against the
schema of its type.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
BASE = "https://schema.oparl.org/1.1/"

LIST_PAGE = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "properties": {
        "data": {"type": "array", "items": {"type": "object", "required": ["id", "type"]}},
        "pagination": {
            "type": "object",
            "properties": {
                "totalElements": {"type": "integer", "minimum": 0},
                "elementsPerPage": {"type": "integer", "minimum": 1},
                "currentPage": {"type": "integer", "minimum": 1},
                "totalPages": {"type": "integer", "minimum": 1},
            },
        },
        "links": {
            "type": "object",
            "properties": {
                name: {"type": "string"}
                for name in ("first", "prev", "self", "next", "last", "web")
            },
        },
    },
}


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        name = path.stem
        resources += [(f"{BASE}{name}", resource), (f"{BASE}{name}.json", resource)]
    return Registry().with_resources(resources)


@cache
def validator(type_name: str) -> Draft7Validator:
    schema = registry().contents(f"{BASE}{type_name}")
    return Draft7Validator(schema, registry=registry())


def type_name(obj: dict) -> str:
    return str(obj.get("type", "")).removeprefix(BASE)


def object_errors(obj: dict) -> list[str]:
    name = type_name(obj)
    if not (SCHEMA_DIR / f"{name}.json").exists():
        return [f"unknown type {obj.get('type')!r} at {obj.get('id')}"]
    return [
        f"{name} {obj.get('id')}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(obj)
    ]


def list_page_errors(page: dict) -> list[str]:
    errors = [f"list page: {e.message}" for e in Draft7Validator(LIST_PAGE).iter_errors(page)]
    for item in page.get("data", []):
        errors += object_errors(item)
    return errors
