"""Foreign datasets: CSV, JSON or JSON Lines written elsewhere, read into entries through a
mapping file (the shape DESIGN.md gives; more keys are allowed where listed here).

```json
{
  "description": "for people: what this mapping is for",
  "where": {"category": "stretching"},
  "fields": {
    "name": "name",
    "instructions": {"from": "instructions", "split": "|"},
    "targets": {"from": ["primaryMuscles", "secondaryMuscles"],
                "map": {"lower back": "lower-back"}},
    "goals": [{"value": ["mobility"]},
              {"from": "force", "map": {"static": "cool-down"}, "default": null}],
    "position": {"from": "name", "contains": {"seated": "seated", "standing": "standing"}},
    "status": {"value": "draft"},
    "source": {"value": {"title": "free-exercise-db", "license": "Unlicense"}},
    "source.url": {"template": "https://example.org/exercises/{id}"},
    "media": {"from": "images", "base_url": "https://example.org/images/",
              "role": ["start", "end"], "alt": "{name}: {role} position",
              "license": "unknown"}
  }
}
```

* `where` keeps only the records that pass every test: `{"field": value}` (the field equals
  the value), `{"field": [values]}` (equals one of them) or `{"field": {"contains": "word"}}`
  (holds the word or phrase as whole words, ignoring case; a list of words: any of them).
  A field holding a list (a JSON array) passes when one of its items does.
* `fields` maps an entry field to a rule. Nested parts of `dosage` and `source` may be named
  with a dot (`dosage.sides`, `source.url`). The id comes from the name unless `id` is mapped.
* A rule is:
  - a source field name (a CSV column or a JSON key): its value;
  - `{"from": field or [fields], ...}` with optional `split` (separator of a delimited text),
    `map` (source value -> entry value; a list gives several values, null drops the value),
    `default` (what a value missing from `map` becomes; without it the value is kept as it
    is) and `contains` (an ordered object: the value of each key found as a whole word in the
    text, ignoring case; a single-valued field takes the first match);
  - `{"value": ...}`: a fixed value;
  - `{"template": "text {field} text"}`: text with each `{field}` replaced by the record's;
  - a list of rules: a list field gets all their values, a single field the first value any
    of them gives.
  Every rule object may carry a `description` for people.
* `media` takes a media rule: `from` names the field holding picture paths (a list, or text
  cut at `split`), and exactly one of `base_url` (an https address the paths are appended to:
  each picture stays a remote link) or `folder` (a folder, relative to the foreign file's own
  folder, the paths are read from: each picture is checked and normalised as `media add` does
  and stored with the entry when the import is applied). A path must stay below its base (no
  `..`, no leading `/`). The other keys are the items' fields: `kind` (image, the default, or
  video, links only), `role` (a role, or a list of roles given to the items in order, the
  last repeating), and `alt`, `caption`, `author`, `source_url` as templates (`{field}` from
  the record, `{role}` the item's place: main, start, end) and `license` (an id of the licence
  vocabulary). A missing or refused picture is a problem of its record, like a bad value.
* Source values: empty cells and nulls count as missing (the entry keeps its default); text is
  stripped of surrounding spaces; a text mapped to a list field is split at `split`, else at
  line breaks; empty items are dropped.

Reading is all or nothing: every bad record is reported with its row number (CSV, header =
row 1) or JSON path (`$[12]`) and the entry field at fault.
"""

from __future__ import annotations

import json
import os
import re
import types
import typing
import urllib.parse
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from stretchkit.errors import (
    EntryError,
    MappingError,
    Problem,
    ReadError,
    UsageError,
    VocabularyError,
)
from stretchkit.fileio import expand_paths
from stretchkit.formats.records import (
    json_records,
    jsonl_records,
    load_json,
    read_csv_rows,
    read_text,
)
from stretchkit.model.entry import (
    MEDIA_KINDS,
    MEDIA_ROLES,
    Dosage,
    Exercise,
    Source,
    validate_entry,
)
from stretchkit.model.licenses import license_of, licenses
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store import media as media_files

RULE_KEYS = {"from", "split", "map", "default", "contains", "value", "template", "description"}
MEDIA_RULE_KEYS = {"from", "split", "base_url", "folder", "kind", "role", "alt", "caption",
                   "license", "author", "source_url", "description"}
#: The item fields a media rule fills from templates.
MEDIA_TEMPLATES = ("alt", "caption", "author", "source_url")
_NESTED: dict[str, type[BaseModel]] = {"dosage": Dosage, "source": Source}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MISSING = object()


def _is_list_type(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        return True
    return origin in (typing.Union, types.UnionType) and any(
        _is_list_type(a) for a in typing.get_args(annotation))


def _targets() -> dict[str, bool]:
    """Every field a mapping may fill -> whether it holds a list."""
    out = {name: _is_list_type(info.annotation) for name, info in Exercise.model_fields.items()}
    for parent, model in _NESTED.items():
        for name, info in model.model_fields.items():
            out[f"{parent}.{name}"] = _is_list_type(info.annotation)
    return out


TARGETS = _targets()


@dataclass(frozen=True)
class Rule:
    sources: tuple[str, ...] = ()
    split: str | None = None
    map: dict[str, Any] | None = None
    default: Any = _MISSING
    contains: tuple[tuple[str, Any], ...] = ()
    value: Any = _MISSING
    template: str | None = None

    def fields_used(self) -> set[str]:
        used = set(self.sources)
        if self.template:
            used |= set(_PLACEHOLDER.findall(self.template))
        return used


@dataclass(frozen=True)
class MediaRule:
    """Where a record's pictures are (remote links under `base_url`, or files in `folder`)
    and the fields each item gets."""

    sources: tuple[str, ...]
    split: str | None = None
    base_url: str | None = None
    folder: str | None = None
    kind: str = "image"
    roles: tuple[str, ...] = ("main",)
    templates: tuple[tuple[str, str], ...] = ()
    license: str | None = None

    def fields_used(self) -> set[str]:
        used = set(self.sources)
        for _, template in self.templates:
            used |= set(_PLACEHOLDER.findall(template))
        return used - {"role"}

    def items(self, record: MappingABC[str, Any], base: Path, where: str,
              problems: list[Problem]) -> tuple[list[dict[str, Any]],
                                                list[media_files.StoredImage]]:
        """The media items of a record, and the normalised pictures read from `folder`
        (relative to `base`, the foreign file's folder). Problems name the record and item."""
        rule = Rule(sources=self.sources, split=self.split)
        paths = [str(p) for s in self.sources for p in _items(record.get(s), rule, True)]
        items: list[dict[str, Any]] = []
        pictures: list[media_files.StoredImage] = []
        for n, path in enumerate(paths):
            at = f"media[{n}]"
            role = self.roles[min(n, len(self.roles) - 1)]
            if "\\" in path or path.startswith("/") or ".." in path.split("/") or \
                    re.match(r"^[a-z][a-z0-9+.-]*:", path, re.IGNORECASE):
                problems.append(Problem(where, at, "expected a relative path below the "
                                        "mapping's base (no '..', no leading '/', no scheme), "
                                        f"got {path!r}"))
                continue
            item: dict[str, Any] = {"kind": self.kind, "role": role}
            if self.license is not None:
                item["license"] = self.license
            for key, template in self.templates:
                text = _fill(template, record, {"role": role})
                if text:
                    item[key] = text
            if self.base_url is not None:
                item["url"] = self.base_url + urllib.parse.quote(path, safe="/")
            else:
                folder = base / (self.folder or ".")
                try:
                    image = media_files.read_image_file(folder / path)
                except UsageError as exc:
                    problems.append(Problem(where, at, str(exc)))
                    continue
                pictures.append(image)
                item["file"] = image.name
            items.append(item)
        return items, pictures


@dataclass(frozen=True)
class FieldMapping:
    """A parsed, checked mapping file."""

    fields: dict[str, tuple[Rule, ...]]
    where: dict[str, Any] = field(default_factory=dict)
    name: str = "mapping"
    media: MediaRule | None = None

    def source_fields(self) -> set[str]:
        used = set(self.where)
        for rules in self.fields.values():
            for rule in rules:
                used |= rule.fields_used()
        if self.media is not None:
            used |= self.media.fields_used()
        return used

    def targets(self) -> set[str]:
        """The entry fields this mapping fills (their first part: `source` for `source.url`)."""
        return {t.partition(".")[0] for t in self.fields} | ({"media"} if self.media else set())

    def keeps(self, record: MappingABC[str, Any]) -> bool:
        for key, wanted in self.where.items():
            value = record.get(key)
            values = value if isinstance(value, list) else [value]
            if isinstance(wanted, dict):
                words = wanted["contains"]
                words = [words] if isinstance(words, str) else words
                if not any(_has_words(v, w) for v in values if v is not None for w in words):
                    return False
                continue
            options = wanted if isinstance(wanted, list) else [wanted]
            if not any(_same(v, option) for v in values for option in options):
                return False
        return True

    def entry_data(self, record: MappingABC[str, Any], where: str,
                   problems: list[Problem]) -> dict[str, Any]:
        """The entry data a record maps to (problems for a field that cannot take it)."""
        data: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {}
        for target, rules in self.fields.items():
            is_list = TARGETS[target]
            values = _apply_all(rules, record, is_list)
            if is_list:
                result: Any = values
            elif not values:
                continue
            elif len(values) > 1 and len({json.dumps(v, sort_keys=True) for v in values}) > 1:
                problems.append(Problem(where, target, f"expected one value, got {len(values)}: "
                                        f"{', '.join(repr(v) for v in values[:5])}"))
                continue
            else:
                result = values[0]
            parent, _, part = target.partition(".")
            if part:
                nested.setdefault(parent, {})[part] = result
            else:
                data[target] = result
        for parent, parts in nested.items():
            base = data.get(parent)
            data[parent] = {**(base if isinstance(base, dict) else {}), **parts}
        return data


def _has_words(text: Any, words: str) -> bool:
    """Whether `words` appear in `text` as whole words, ignoring case (as `contains` does)."""
    return re.search(rf"(?<!\w){re.escape(words.casefold())}(?!\w)",
                     str(text).casefold()) is not None


def _fill(template: str, record: MappingABC[str, Any], extra: dict[str, str]) -> str | None:
    """`template` with each `{field}` replaced; None when a field it names is missing."""
    values = {name: extra[name] if name in extra else record.get(name)
              for name in _PLACEHOLDER.findall(template)}
    if any(v is None or v == "" for v in values.values()):
        return None
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


def _same(value: Any, wanted: Any) -> bool:
    if isinstance(value, str) and not isinstance(wanted, str):
        return value == json.dumps(wanted)  # a CSV cell holds text: true -> "true", 3 -> "3"
    return value == wanted


# -- applying rules ---------------------------------------------------------------------------
def _apply_all(rules: Sequence[Rule], record: MappingABC[str, Any], is_list: bool) -> list[Any]:
    out: list[Any] = []
    for rule in rules:
        values = _apply(rule, record, is_list)
        if is_list:
            out += values
        elif values:
            return values
    return out


def _items(raw: Any, rule: Rule, is_list: bool) -> list[Any]:
    """A source value as a list of items: missing and empty values give none."""
    if raw is None:
        return []
    if isinstance(raw, list):
        parts = raw
    elif isinstance(raw, str) and rule.split:
        parts = raw.split(rule.split)
    elif isinstance(raw, str) and is_list:
        parts = _LINE_BREAK.split(raw)
    else:
        parts = [raw]
    items = []
    for part in parts:
        if isinstance(part, str):
            part = part.strip()
            if not part:
                continue
        elif part is None:
            continue
        items.append(part)
    return items


def _add(out: list[Any], mapped: Any) -> None:
    if mapped is None:
        return
    if isinstance(mapped, list):
        out.extend(v for v in mapped if v is not None)
    else:
        out.append(mapped)


def _lookup(table: dict[str, Any], item: Any) -> Any:
    if not isinstance(item, str):
        item = json.dumps(item)
    if item in table:
        return table[item]
    folded = item.casefold()
    for key, value in table.items():
        if key.casefold() == folded:
            return value
    return _MISSING


def _apply(rule: Rule, record: MappingABC[str, Any], is_list: bool) -> list[Any]:
    out: list[Any] = []
    if rule.value is not _MISSING:
        if isinstance(rule.value, list) and is_list:
            out.extend(rule.value)
        else:
            _add(out, rule.value)
        return out
    if rule.template is not None:
        text = _fill(rule.template, record, {})
        if text is not None:
            out.append(text)
        return out
    items = [item for source in rule.sources
             for item in _items(record.get(source), rule, is_list)]
    for item in items:
        if rule.contains:
            text = str(item)
            for key, value in rule.contains:
                if _has_words(text, key):
                    _add(out, value)
                    if not is_list:
                        return out
            continue
        _add(out, _mapped(rule, item))
    return out


def _mapped(rule: Rule, item: Any) -> Any:
    """What one source item becomes through the rule's `map` (and `default`)."""
    if rule.map is None:
        return item
    mapped = _lookup(rule.map, item)
    if mapped is _MISSING:
        return item if rule.default is _MISSING else rule.default
    return mapped


# -- loading a mapping ------------------------------------------------------------------------
def _parse_rule(spec: Any, where: str) -> tuple[Rule, ...]:
    if isinstance(spec, str):
        return (Rule(sources=(spec,)),)
    if isinstance(spec, list):
        if not spec:
            raise MappingError(f"{where}: expected at least one rule, got an empty list")
        return tuple(r for i, item in enumerate(spec) for r in _parse_rule(item, f"{where}[{i}]"))
    if not isinstance(spec, dict):
        raise MappingError(f"{where}: expected a source field name, a rule object or a list "
                           f"of rules, got {json.dumps(spec)}")
    unknown = sorted(set(spec) - RULE_KEYS)
    if unknown:
        raise MappingError(f"{where}: unknown key {unknown[0]!r} (expected some of "
                           f"{', '.join(sorted(RULE_KEYS))})")
    kinds = [k for k in ("from", "value", "template") if k in spec]
    if len(kinds) != 1:
        raise MappingError(f"{where}: expected exactly one of 'from', 'value' or 'template', "
                           f"got {', '.join(kinds) or 'none'}")
    if "value" in spec or "template" in spec:
        extra = sorted(set(spec) - {"value", "template", "description"})
        if extra:
            raise MappingError(f"{where}: {extra[0]!r} only goes with 'from'")
        if "template" in spec and not isinstance(spec["template"], str):
            raise MappingError(f"{where}.template: expected text, got {spec['template']!r}")
        return (Rule(value=spec.get("value", _MISSING), template=spec.get("template")),)
    sources = spec["from"]
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not sources or \
            not all(isinstance(s, str) and s for s in sources):
        raise MappingError(f"{where}.from: expected a field name or a list of them, "
                           f"got {json.dumps(spec['from'])}")
    split = spec.get("split")
    if split is not None and (not isinstance(split, str) or not split):
        raise MappingError(f"{where}.split: expected a separator (text), got {split!r}")
    table = spec.get("map")
    if table is not None and not isinstance(table, dict):
        raise MappingError(f"{where}.map: expected an object (source value -> entry value), "
                           f"got {json.dumps(table)}")
    contains = spec.get("contains", {})
    if not isinstance(contains, dict) or not all(k.strip() for k in contains):
        raise MappingError(f"{where}.contains: expected an object (word -> entry value), "
                           f"got {json.dumps(contains)}")
    if contains and table is not None:
        raise MappingError(f"{where}: give 'map' or 'contains', not both")
    return (Rule(sources=tuple(sources), split=split, map=table,
                 default=spec.get("default", _MISSING), contains=tuple(contains.items())),)


def _parse_media_rule(spec: dict[str, Any], where: str) -> MediaRule:
    unknown = sorted(set(spec) - MEDIA_RULE_KEYS)
    if unknown:
        raise MappingError(f"{where}: unknown key {unknown[0]!r} in a media rule (expected some "
                           f"of {', '.join(sorted(MEDIA_RULE_KEYS))})")
    bases = [k for k in ("base_url", "folder") if k in spec]
    if len(bases) != 1:
        raise MappingError(f"{where}: expected exactly one of 'base_url' (remote links) or "
                           f"'folder' (files read and stored), got {' and '.join(bases)}")
    sources = spec.get("from")
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not sources or \
            not all(isinstance(s, str) and s for s in sources):
        raise MappingError(f"{where}.from: expected the field holding the picture paths, got "
                           f"{json.dumps(sources)}")
    split = spec.get("split")
    if split is not None and (not isinstance(split, str) or not split):
        raise MappingError(f"{where}.split: expected a separator (text), got {split!r}")
    base_url = spec.get("base_url")
    if base_url is not None and (not isinstance(base_url, str) or
                                 not re.fullmatch(r"https://[^\s/?#@]+\.[^\s?#@]*/", base_url)):
        raise MappingError(f"{where}.base_url: expected an https:// address ending in '/', "
                           f"got {json.dumps(base_url)}")
    folder = spec.get("folder")
    if folder is not None and (not isinstance(folder, str) or not folder):
        raise MappingError(f"{where}.folder: expected a folder (relative to the foreign "
                           f"file's folder), got {json.dumps(folder)}")
    kind = spec.get("kind", "image")
    if kind not in MEDIA_KINDS:
        raise MappingError(f"{where}.kind: expected one of {', '.join(MEDIA_KINDS)}, got "
                           f"{json.dumps(kind)}")
    if kind == "video" and folder is not None:
        raise MappingError(f"{where}: a video is a link: give 'base_url', not 'folder'")
    roles = spec.get("role", "main")
    roles = [roles] if isinstance(roles, str) else roles
    if not isinstance(roles, list) or not roles or any(r not in MEDIA_ROLES or r == "step"
                                                       for r in roles):
        raise MappingError(f"{where}.role: expected one of main, start, end, or a list of "
                           f"them, got {json.dumps(spec.get('role'))}")
    license_id = spec.get("license")
    if license_id is not None and license_of(license_id) is None:
        raise MappingError(f"{where}.license: expected a licence id ({', '.join(licenses())}), "
                           f"got {json.dumps(license_id)}")
    templates = []
    for key in MEDIA_TEMPLATES:
        if key in spec:
            if not isinstance(spec[key], str):
                raise MappingError(f"{where}.{key}: expected text (with {{field}} from the "
                                   f"record, {{role}} for the item's place), got "
                                   f"{json.dumps(spec[key])}")
            templates.append((key, spec[key]))
    return MediaRule(sources=tuple(sources), split=split, base_url=base_url, folder=folder,
                     kind=kind, roles=tuple(roles), templates=tuple(templates),
                     license=license_id)


def _check_where(test: Any, where: str) -> None:
    if isinstance(test, list) and not test:
        raise MappingError(f"{where}: expected at least one allowed value, got []")
    if not isinstance(test, dict):
        return  # a value, or a list of values
    words = test.get("contains")
    if set(test) != {"contains"} or not (
            (isinstance(words, str) and words.strip()) or
            (isinstance(words, list) and words and
             all(isinstance(w, str) and w.strip() for w in words))):
        raise MappingError(f"{where}: expected a value, a list of values or "
                           f'{{"contains": "word" or ["words"]}}, got {json.dumps(test)}')


def parse_mapping(data: Any, name: str = "mapping") -> FieldMapping:
    """Check parsed mapping JSON and build a FieldMapping; MappingError names the key."""
    if not isinstance(data, dict):
        raise MappingError(f"{name}: expected a JSON object with 'fields', got "
                           f"{type(data).__name__}")
    unknown = sorted(set(data) - {"description", "where", "fields", "$schema"})
    if unknown:
        raise MappingError(f"{name}: unknown key {unknown[0]!r} (expected description, where, "
                           "fields)")
    fields = data.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise MappingError(f"{name}: fields: expected an object mapping entry fields to rules")
    where = data.get("where", {})
    if not isinstance(where, dict):
        raise MappingError(f"{name}: where: expected an object (source field -> value), got "
                           f"{json.dumps(where)}")
    for key, test in where.items():
        _check_where(test, f"{name}: where.{key}")
    rules: dict[str, tuple[Rule, ...]] = {}
    media = None
    for target, spec in fields.items():
        if target == "media" and isinstance(spec, dict) and \
                set(spec) & (MEDIA_RULE_KEYS - RULE_KEYS):  # a media rule, not a plain one
            media = _parse_media_rule(spec, f"{name}: fields.media")
            continue
        if target not in TARGETS:
            close = [t for t in TARGETS if t.split(".")[-1] == target.split(".")[-1]]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise MappingError(f"{name}: fields.{target}: not an entry field{hint}; expected "
                               f"one of {', '.join(TARGETS)}")
        rules[target] = _parse_rule(spec, f"{name}: fields.{target}")
    return FieldMapping(rules, where, name, media)


def load_mapping(mapping: str | os.PathLike[str] | MappingABC[str, Any] | FieldMapping
                 ) -> FieldMapping:
    """A mapping from a file path, parsed JSON, or an already loaded FieldMapping."""
    if isinstance(mapping, FieldMapping):
        return mapping
    if isinstance(mapping, MappingABC):
        return parse_mapping(dict(mapping))
    path = Path(mapping)
    if not path.is_file():
        raise MappingError(f"{path}: no such mapping file")
    problems: list[Problem] = []
    data = load_json(read_text(path), str(path), problems)
    if problems:
        raise MappingError(str(problems[0]))
    return parse_mapping(data, str(path))


# -- reading foreign files --------------------------------------------------------------------
def _csv_records(path: Path, mapping: FieldMapping,
                 problems: list[Problem]) -> list[tuple[str, dict[str, Any]]]:
    rows = read_csv_rows(path, problems)
    if rows is None:
        return []
    missing = sorted(mapping.source_fields() - set(rows.header))
    for column in missing:
        problems.append(Problem(mapping.name, column, f"the mapping reads column {column!r}, "
                                f"but {path} has no such column (columns: "
                                f"{', '.join(c for c in rows.header if c)})"))
    if missing:
        return []
    return [(rows.where(i), record) for i, record in enumerate(rows.records())]


def _json_like_records(path: Path, fmt: str, mapping: FieldMapping,
                       problems: list[Problem]) -> list[tuple[str, dict[str, Any]]]:
    found = (json_records if fmt == "json" else jsonl_records)(path, problems)
    records = []
    for where, item in found:
        if not isinstance(item, dict):
            problems.append(Problem(where, "", f"expected a JSON object, got "
                                               f"{type(item).__name__}"))
            continue
        records.append((where, item))
    if records:
        seen = set().union(*(r.keys() for _, r in records))
        for name in sorted(mapping.source_fields() - seen):
            problems.append(Problem(mapping.name, name, f"the mapping reads field {name!r}, "
                                    f"but no record in {path} has it"))
    return records


def read_mapped(paths: Sequence[str | os.PathLike[str]], fmt: str,
                mapping: str | os.PathLike[str] | MappingABC[str, Any] | FieldMapping,
                vocabulary: Vocabulary | None = None,
                pictures: dict[str, list[media_files.StoredImage]] | None = None
                ) -> list[tuple[str, Exercise]]:
    """Entries from foreign `fmt` files (csv, json or jsonl) through `mapping`, as
    (where, entry) pairs. Raises ReadError listing every bad record (nothing is kept).

    A media rule with a `folder` reads and normalises each picture; they are put in
    `pictures` by entry id, for the import to store with the entries (`apply_import`)."""
    if fmt not in ("csv", "json", "jsonl"):
        raise MappingError(f"a mapping reads csv, json or jsonl files, not {fmt!r}")
    vocabulary = vocabulary or Vocabulary.default()
    rules = load_mapping(mapping)
    problems: list[Problem] = []
    entries: list[tuple[str, Exercise]] = []
    # A folder of foreign files: every *.csv (or *.json, *.jsonl) in it.
    for path in expand_paths(paths, f".{fmt}"):
        records = (_csv_records(path, rules, problems) if fmt == "csv"
                   else _json_like_records(path, fmt, rules, problems))
        for where, record in records:
            if not rules.keeps(record):
                continue
            before = len(problems)
            data = rules.entry_data(record, where, problems)
            images: list[media_files.StoredImage] = []
            if rules.media is not None:
                data["media"], images = rules.media.items(record, path.parent, where, problems)
            try:
                entry = validate_entry(data, vocabulary, where)
            except EntryError as exc:
                problems.extend(_without_derived_id(exc.problems, data, rules))
                continue
            if len(problems) == before:
                entries.append((where, entry))
                if images and pictures is not None:
                    pictures.setdefault(entry.id, []).extend(images)
    if problems:
        raise ReadError(problems, entries)
    return entries


# -- surveying a file before an import ---------------------------------------------------------
#: Entry fields whose values must come from a list, and where the list is.
CONTROLLED = {"goals": "goals", "targets": "targets", "position": "positions", "kind": "kinds",
              "level": "levels", "equipment": "equipment"}


@dataclass
class Unmapped:
    """Source values one rule passes to a controlled field that the field does not know."""

    target: str
    sources: tuple[str, ...]
    counts: dict[str, int]  # value as in the source -> records holding it
    allowed: list[str]


@dataclass
class Survey:
    """What a mapping leaves out of a file: the columns (or keys) no rule reads, and the
    values that will not map, so a coach can write the `map` in one go."""

    unread: list[str] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.unread:
            out.append(f"columns no rule reads: {', '.join(self.unread)}")
        for u in self.unmapped:
            values = ", ".join(f"{value!r} ({count} {'record' if count == 1 else 'records'})"
                               for value, count in u.counts.items())
            out.append(f'values that will not map: {u.target} from {", ".join(u.sources)}: '
                       f'{values}; add them to its "map" (allowed: {", ".join(u.allowed)})')
        return out


def survey_mapped(paths: Sequence[str | os.PathLike[str]], fmt: str,
                  mapping: str | os.PathLike[str] | MappingABC[str, Any] | FieldMapping,
                  vocabulary: Vocabulary | None = None) -> Survey:
    """The source columns no rule of `mapping` reads, and each distinct source value a rule
    would put in a controlled field (goals, targets, level, ...) that the vocabulary does
    not know, with how many records (kept by `where`) hold it. Problems reading are left to
    the import itself, which reports them."""
    vocabulary = vocabulary or Vocabulary.default()
    rules = load_mapping(mapping)
    used = rules.source_fields()
    survey = Survey()
    found: dict[tuple[str, int], Unmapped] = {}
    for path in expand_paths(paths, f".{fmt}"):
        problems: list[Problem] = []
        columns: list[str] = []
        if fmt == "csv":
            rows = read_csv_rows(path, problems)
            if rows is None:
                continue
            columns = [c for c in rows.header if c]
            records = [r for _, r in _csv_records(path, rules, problems)]
        else:
            records = [r for _, r in _json_like_records(path, fmt, rules, problems)]
            columns = list(dict.fromkeys(k for r in records for k in r))
        survey.unread += [c for c in columns if c not in used and c not in survey.unread]
        for record in records:
            if not rules.keeps(record):
                continue
            for target, target_rules in rules.fields.items():
                section = CONTROLLED.get(target)
                if section is None:
                    continue
                for number, rule in enumerate(target_rules):
                    if not rule.sources or rule.contains:
                        continue  # fixed values are checked on import; `contains` searches
                    for source in rule.sources:
                        for item in _items(record.get(source), rule, TARGETS[target]):
                            values: list[Any] = []
                            _add(values, _mapped(rule, item))
                            if all(_known(vocabulary, section, v) for v in values):
                                continue
                            entry = found.setdefault((target, number), Unmapped(
                                target, rule.sources, {}, vocabulary.ids(section)))
                            key = item if isinstance(item, str) else json.dumps(item)
                            entry.counts[key] = entry.counts.get(key, 0) + 1
    order = {target: i for i, target in enumerate(rules.fields)}  # as the mapping lists them
    survey.unmapped = [found[k] for k in sorted(found, key=lambda k: (order[k[0]], k[1]))]
    return survey


def _known(vocabulary: Vocabulary, section: str, value: Any) -> bool:
    try:
        vocabulary.normalise(section, value)
    except VocabularyError:
        return False
    return True


def _without_derived_id(problems: list[Problem], data: dict[str, Any],
                        rules: FieldMapping) -> list[Problem]:
    """When the id is derived from the name, a missing id only repeats the name's problem."""
    name_is_at_fault = any(p.field == "name" for p in problems)
    if "id" in rules.fields or not name_is_at_fault:
        return problems
    return [p for p in problems if p.field != "id"]
