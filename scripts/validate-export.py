#!/usr/bin/env python3
"""Validates JSON run exports against docs/records-export.schema.json (JSON Schema 2020-12).

Usage: scripts/validate-export.py EXPORT.json...   (needs `pip install jsonschema`)
"""
import json
import pathlib
import sys

import jsonschema

schema_path = pathlib.Path(__file__).resolve().parent.parent / "docs" / "records-export.schema.json"
schema = json.loads(schema_path.read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = False
for name in sys.argv[1:]:
    errors = sorted(validator.iter_errors(json.loads(pathlib.Path(name).read_text())), key=lambda e: list(e.path))
    for error in errors:
        failed = True
        print(f"{name}: {'/'.join(map(str, error.path)) or '(top)'}: {error.message}", file=sys.stderr)
    if not errors:
        print(f"{name}: valid")
sys.exit(1 if failed else 0)
