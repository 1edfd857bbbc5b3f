"""The API reference page, drawn from the app's own OpenAPI document (no script, no CDN)."""

from __future__ import annotations

from typing import Any


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list[{_type(schema.get('items', {}))}]"
    return str(schema.get("type", "any"))


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI document, flattened for the docs template."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            body_type = ", ".join(
                f"{kind}: {_type(content.get('schema', {}))}" for kind, content in body.items()
            )
            out.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": body_type,
                    "responses": [
                        (code, r.get("description", "")) for code, r in op["responses"].items()
                    ],
                }
            )
    return out


def schemas(spec: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each component schema with its fields and their types."""
    found = spec.get("components", {}).get("schemas", {})
    return [
        (name, [f"{k}: {_type(v)}" for k, v in schema.get("properties", {}).items()])
        for name, schema in sorted(found.items())
    ]


def docs_data(spec: dict[str, Any]) -> dict[str, Any]:
    """The docs page's data."""
    info = spec.get("info", {})
    return {
        "title": info.get("title", ""),
        "version": info.get("version", ""),
        "openapi": spec.get("openapi", ""),
        "operations": operations(spec),
        "schemas": schemas(spec),
    }
