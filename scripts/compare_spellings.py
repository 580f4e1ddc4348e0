#!/usr/bin/env python3
"""The corpus's comparer, reading the type spellings its answer keys copy from the pages (issue 11).

`../shared/corpus/compare_transcription.py` is the definition of "matches its answer key", and stays it. Its
`classify()` knows the recent layout's spellings only (`String`, `Array of X objects`, `Map<String,X>`, …), so on
a field typed `Array of objects`, `list` or `Dictionary data structure. …` it stops: "unknown type spelling", and
nothing below that field is compared. This script runs that comparer unchanged (imported, not copied) with
`classify()` extended by the general rules below, so what is wrong below such fields is seen. It is a second
reading, reported beside the official one ("matched (+spellings)" in `scripts/corpus-match`), never instead of it.

    compare_spellings.py ANSWER_JSON SPEC_YAML [--operation NAME] [--quiet]      (the comparer's arguments)

The comparer is found in `$CORPUS` (default: `../shared/corpus` next to the checkout). A spelling the comparer
already reads keeps its reading (but for the replacements named below: `Array of Volume object`, `Array of arrays
of X objects`); the rules only add readings for spellings it returns nothing for. Kinds are the
comparer's (`string`, `integer`, `long`, `boolean`, `number`, `object`, `any` = an object or an untyped schema,
`array:K`, `map:string`, `map:any`) plus three the pages need, which `check_scalar` is extended for (again only
for kinds it does not know):
- `anything`: any schema at all (the elements of a list whose page gives no element type);
- `binary`: a `string` of `format: binary`, OpenAPI 3.0's spelling of a file (spec/README.md: `File` → `string`
  of `format: binary`);
- `map:string` / `map:any` as array elements (`list<map<String,String>>`).

Spellings added (case-insensitive unless said; each with why):
- Scalars in any case and their short names: `string`, `integer`/`int`/`int32`, `long`/`int64`,
  `boolean`/`bool`, `double`/`float`/`number`: the older layouts' tables write `string`, `Int`, `Bool`, `Int64`
  for the same JSON types the recent layout capitalises. `datetime`: a `string` (JSON has no date type; the
  value is text).
- Lists whose elements the page does not type: `Array`, `List`, `list`, `array`, `JSONArray`, `Json Array`
  -> `array:anything` (the elements are described by a table, or not at all).
- Lists of objects: `Array of objects|Objects|Object`, `List of objects`, `List data structure. …`,
  `Array. For details, see Table N.`, `X structure array`, `Array of X Object` (either case of `object`),
  `List<X>` / `Set<X>` / `Array<X>` / `List(X)` with X not a scalar (`List<resource_tag>`, `List(Dict)`)
  -> `array:object`: each names (or points at) the table describing one element.
- Lists of scalars: `Array of string|Strings`, `List<String>`, `Set<String>`, `String array`, `String list`
  -> `array:<scalar>`: as `Array of strings`, in other words.
- Lists of maps: `list<map<String,String>>` (with or without spaces) -> `array:map:string`; `List<Map<String,X>>`
  -> `array:map:any`.
- Objects: `object`, `Objects`, `JSONObject`, `Dict`/`dict`, `Dictionary data structure…` (any sentence
  after it), `Table N` (the object that table describes), `X structure` and `X Object` (a table's name, either
  case of `object`) -> `object`: each is a JSON object, free-form or described by a table.
- `Map` alone -> `map:any`: a map whose value type the page does not give.
- `json` -> `any`: a JSON value of no stated shape (like `AnyType`).
- `File` / `file` -> `binary`.
- `Null` / `None` -> `any`: a member that carries no value (an action sent as `{}` or `null`), as `AnyType`.

One reading of the comparer is replaced: `Array of Volume object` (a singular `object` after `Array of`), which
its `X object` pattern reads as an object although the first words say a list (cce `dataVolumes`, ces
`resources`, vpc `firewall_policies`: the pages' examples give lists), reads as `array:object`.

One reading of a spelling the comparer does know is added too: `Map<String, Array of objects>` (a map whose
values are lists, ECS `addresses`). The comparer checks it as a map and descends into the map's value, which is
the list, so the key's fields of one element are never found; here the value must be an array and the fields
are compared with its elements (`Comparer.type_ok` is wrapped for this spelling, and for the lists of lists and
maps of scalars below).

Lists of lists, at any depth, in both spellings: `Array<Array<AvailabilityZone>>` (`List<List<String>>`…) and
`Array of arrays of Dimension objects` (`Array of Array of numbers`, `Array of arrays of arrays of …`) read as
`array:array:object` (`array:array:string`, …): one `array:` per level. The comparer reads the second spelling as
`Array of X objects` (one level: its `X` is `arrays of Dimension`), which the pages' examples contradict
(`"resources": [[{"name": …}]]`), and does not read the first. The key lists the fields of the innermost
elements one level down (`resources[].name`): the wrapped `Comparer.type_ok` checks every level is an array and
compares those fields with the innermost elements.

`X objects` without `Array of` (CCE `MasterSpec objects`, `items objects`) reads as `array:object`: the plural
says several, the pages' examples give lists (`"masters": [{…}, …]`, `"items": [{…}]`; where one gives an object
instead, CCE DeleteCluster's `endpoints`, the transcriber notes the example as contradicting its table), the same
page's response table spells the same field `Array of MasterSpec objects`, and spec/README.md reads it so.

The fields of a map of scalars (`Map<String,String>` with a nested table, ECS `metadata` / `admin_pass`) are its
entries, not members of its values (a string has none): the key lists them as the field's children, and spec/
README.md makes them the map schema's `properties` beside `additionalProperties` (`map-entries-table`). The
comparer compares them with the values' schema (`{type: string}`, no properties); here `Comparer.type_ok`
returns the map schema itself as the container for a map whose value spelling reads as a scalar. A map of objects
(`Map<String,ResponseInfo>`) keeps the comparer's reading: its children are the values' members.

Not read (left to the comparer's "unknown type spelling"): cells that are not types at all (`No`, `-`: a
Mandatory cell in the Type column, a defect of the page the key copies).
"""

import importlib.util
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCALARS = {"string": "string", "integer": "integer", "int": "integer", "int32": "integer", "long": "long",
           "int64": "long", "boolean": "boolean", "bool": "boolean", "double": "number", "float": "number",
           "number": "number", "datetime": "string"}
UNTYPED_LISTS = {"array", "list", "jsonarray", "json array"}
OBJECT_LISTS = {"array of objects", "array of object", "list of objects"}
OBJECTS = {"object", "objects", "jsonobject", "dict"}
# `List<X>`, `Set<X>`, `Array<X>`, `List(X)`: a collection of X.
GENERIC_RE = re.compile(r"^(?:list|set|array)\s*[<(]\s*(.+?)\s*[>)]$", re.IGNORECASE)
# `Array of Strings`, `Array of string`: a list of a scalar, singular or plural, any case.
ARRAY_OF_RE = re.compile(r"^array of (\w+?)s?$", re.IGNORECASE)
# `Tags structure array`, `String list`, `Resource_tag structure array`.
SUFFIX_LIST_RE = re.compile(r"^(.+?)\s+(?:array|list)$", re.IGNORECASE)
# `Array of firewall_rules_link Object`: the comparer's `Array of X objects`, either case, singular or plural.
ARRAY_OF_TABLE_RE = re.compile(r"^array of \S.* objects?$", re.IGNORECASE)
# `deleteOption Object`, `Resource_tag structure`, `Versions structure`: the table named X.
NAMED_OBJECT_RE = re.compile(r"^\S.* (?:object|structure)$", re.IGNORECASE)
TABLE_NUMBER_RE = re.compile(r"^table \d+$", re.IGNORECASE)
# `MasterSpec objects`: a plural of a table's objects without `Array of`.
PLURAL_OBJECTS_RE = re.compile(r"^\S.* objects$", re.IGNORECASE)
# `Array of arrays of Dimension objects`, `Array of Array of numbers`: a list whose elements are lists of the
# rest (`Array of` + rest).
ARRAYS_OF_RE = re.compile(r"^array of arrays? of (\S.*)$", re.IGNORECASE)
# The kinds of a single JSON value (what a map of scalars holds: its table lists entries, not members).
SCALAR_KINDS = {"string", "integer", "long", "boolean", "number"}
# `Map<String,String>`, any case of `map` and `string`.
MAP_RE = re.compile(r"^map<\s*string\s*,\s*(.+?)\s*>$", re.IGNORECASE)


def load_comparer(corpus=None):
    """Imports the shared comparer module from `corpus` (or `$CORPUS`, or `../shared/corpus`), unchanged."""
    corpus = Path(corpus or os.environ.get("CORPUS") or ROOT.parent / "shared" / "corpus")
    spec = importlib.util.spec_from_file_location("compare_transcription", corpus / "compare_transcription.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spelling_kind(spelling):
    """The kind of a key spelling the comparer does not read, by the rules of this module's docstring; None for
    a spelling they do not cover."""
    s = " ".join(str(spelling).split())
    low = s.lower()
    if low in SCALARS:
        return SCALARS[low]
    if low in UNTYPED_LISTS:
        return "array:anything"
    if low in OBJECT_LISTS or low.startswith("list data structure") or low.startswith("array. "):
        return "array:object"
    if low in OBJECTS or low.startswith("dictionary data structure") or TABLE_NUMBER_RE.match(s):
        return "object"
    if low == "map":
        return "map:any"
    if low == "json":
        return "any"
    if low == "file":
        return "binary"
    if low in ("null", "none"):
        return "any"
    m = MAP_RE.match(s)
    if m:
        return "map:string" if m.group(1).lower() == "string" else "map:any"
    m = GENERIC_RE.match(s)
    if m:
        return "array:" + element_kind(m.group(1))
    m = ARRAY_OF_RE.match(s)
    if m and m.group(1).lower() in SCALARS:
        return "array:" + SCALARS[m.group(1).lower()]
    if ARRAY_OF_TABLE_RE.match(s) or PLURAL_OBJECTS_RE.match(s):
        return "array:object"
    m = SUFFIX_LIST_RE.match(s)
    if m:
        inner = m.group(1)
        if inner.lower() in SCALARS:
            return "array:" + SCALARS[inner.lower()]
        if NAMED_OBJECT_RE.match(inner):
            return "array:object"
        return None
    if NAMED_OBJECT_RE.match(s):
        return "object"
    return None


def element_kind(inner):
    """The kind of the elements of `List<inner>`: a scalar, a map, else the object a table describes."""
    low = inner.lower()
    if low in SCALARS:
        return SCALARS[low]
    m = MAP_RE.match(inner)
    if m:
        return "map:string" if m.group(1).lower() == "string" else "map:any"
    m = GENERIC_RE.match(inner)
    if m:
        return "array:" + element_kind(m.group(1))  # a list of lists, one `array:` per level
    if low in UNTYPED_LISTS:
        return "array:anything"
    return "object"


def extend(c):
    """Patches the comparer module `c` in place: `classify` and `check_scalar` gain the readings above, each only
    where the original returns nothing (`classify`) or does not know the kind (`check_scalar`)."""
    original_classify = c.classify
    original_check = c.check_scalar

    def classify(spelling):
        s = " ".join(str(spelling).split())
        # A list of lists: one `array:` more than its elements' reading (the comparer reads one level only).
        m = ARRAYS_OF_RE.match(s)
        if m:
            inner = classify("Array of " + m.group(1))
            return None if inner is None else "array:" + inner
        kind = original_classify(spelling)
        # The one reading replaced: the comparer's `X object` pattern also takes `Array of Volume object`
        # (singular), a list by its first words; read it as `Array of Volume objects`.
        if kind == "object" and ARRAY_OF_TABLE_RE.match(s):
            kind = "array:object"
        if kind is None:
            kind = spelling_kind(spelling)
        return kind

    def check_scalar(kind, s):
        if kind == "anything":
            return True, ""
        if kind == "binary":
            return (c.eff_type(s) == "string" and s.get("format") == "binary",
                    "want string of format binary, got %s" % c.describe(s))
        if kind in ("map:string", "map:any"):
            ap = s.get("additionalProperties")
            if c.eff_type(s) != "object" or ap is None or ap is False:
                return False, "want object with additionalProperties, got %s" % c.describe(s)
            if kind == "map:any":
                return True, ""
            # An element's map values are written inline (`{type: string}`): no resolver reaches here.
            return (isinstance(ap, dict) and c.eff_type(ap) == "string",
                    "additionalProperties must be {type: string}, got %r" % (ap,))
        return original_check(kind, s)

    original_type_ok = c.Comparer.type_ok

    def arrays(self, kind, s, what):
        """Checks the resolved schema `s` against `kind`, one array level per `array:`, and returns (ok, detail,
        the innermost elements' schema): the container of the fields the key lists below a list of lists."""
        while kind.startswith("array:"):
            if c.eff_type(s) != "array":
                return False, "%swant array, got %s" % (what, c.describe(s)), None
            try:
                s = self.r.flatten(s.get("items") or {})
            except KeyError as e:
                return False, "%sarray items: %s" % (what, e), None
            kind = kind[len("array:"):]
            what += "array items: "
        ok, detail = check_scalar(kind, s)
        return ok, (what + detail) if not ok else "", s

    def type_ok(self, spelling, schema_node):
        kind = classify(spelling) or ""
        if kind.startswith("array:array:"):
            try:
                return arrays(self, kind, self.r.flatten(schema_node), "")
            except KeyError as e:
                return False, str(e), None
        ok, detail, container = original_type_ok(self, spelling, schema_node)
        m = MAP_RE.match(" ".join(str(spelling).split()))
        if not ok or not m:
            return ok, detail, container
        value = classify(m.group(1)) or ""
        if value in SCALAR_KINDS:
            # A map of scalars: the key's fields below it are its entries, the map schema's `properties`.
            try:
                return ok, detail, self.r.flatten(schema_node)
            except KeyError as e:
                return False, str(e), None
        if not value.startswith("array:"):
            return ok, detail, container
        # A map of lists: the fields are those of the lists' (innermost) elements.
        return arrays(self, value, container or {}, "additionalProperties: ")

    c.classify = classify
    c.check_scalar = check_scalar
    c.Comparer.type_ok = type_ok
    return c


def main(argv=None, corpus=None):
    """Runs the extended comparer with the comparer's command line; returns its exit status."""
    return extend(load_comparer(corpus)).main(argv)


if __name__ == "__main__":
    sys.exit(main())
