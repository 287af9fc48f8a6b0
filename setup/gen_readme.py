# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Generates the addon's README.rst from its readme/ fragments, in OCA's layout.

OCA generates an addon's README.rst with ``oca-gen-addon-readme`` (package
oca-maintainers-tools, which no package registry serves, and which converts
Markdown fragments with pandoc). This script renders the same layout: the
title, a "generated" note with a digest of the sources, badges, DESCRIPTION, a
table of contents, Configuration, Usage, then Guarantees (this addon's own
fragment), Bug Tracker and Credits (authors from the manifest, CONTRIBUTORS).
The fragments are Markdown; the subset they use (headings, paragraphs, nested
bullet and numbered lists, emphasis, inline code, links) is converted here.

    python setup/gen_readme.py           writes the README.rst of every addon at the root
    python setup/gen_readme.py --check   exits 1 when a README.rst is not up to date

``tests/test_readme.py`` fails when README.rst is not what this script renders.
"""

import ast
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON = ROOT / "account_collections_automation"


def addons():
    """The addons at the repository's root that have readme/ fragments."""
    return sorted(path.parent.parent for path in ROOT.glob("*/readme/DESCRIPTION.md")
                  if (path.parent.parent / "__manifest__.py").exists())
# (fragment, section title); the order of OCA's template, Guarantees after Usage.
SECTIONS = [
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("GUARANTEES", None),  # the fragment starts with its own "## Guarantees" heading
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
MANIFEST_KEYS = ("name", "license", "author", "website", "maintainers")
# Markdown heading level -> RST underline; "=" is the sections' own underline.
UNDERLINES = {1: "=", 2: "-", 3: "~", 4: "^"}
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+\.) +(?P<text>.*)$")
HEADING = re.compile(r"^(?P<hashes>#{1,6}) +(?P<text>.+?) *#*$")


def _inline(text):
    """Markdown inline markup as RST: code and links; emphasis is the same.
    Inline code touching a letter gets an escaped space (RST wants a boundary)."""
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # inline code
            before = "\\ " if out and re.search(r"\w$", out[-1]) else ""
            after = "\\ " if index + 1 < len(parts) and re.match(r"\w", parts[index + 1]) else ""
            out.append(f"{before}``{part[1:-1]}``{after}")
        else:
            out.append(re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"`\1 <\2>`__", part))
    return "".join(out)


def markdown_to_rst(markdown):
    """The Markdown of a fragment as reStructuredText."""
    lines = markdown.strip("\n").splitlines()
    out = []
    previous_indent = None  # indentation of the last list item, None outside lists
    paragraph = []

    def flush():
        if paragraph:
            out.extend(_inline("\n".join(paragraph)).splitlines())
            paragraph.clear()

    for line in lines:
        heading = HEADING.match(line)
        item = LIST_ITEM.match(line)
        if not line.strip():
            flush()
            if out and out[-1] != "":
                out.append("")
            previous_indent = None
        elif heading:
            flush()
            text = _inline(heading["text"])
            if out and out[-1] != "":
                out.append("")
            out.extend([text, UNDERLINES[min(len(heading["hashes"]), 4)] * len(text), ""])
            previous_indent = None
        elif item:
            flush()
            indent = len(item["indent"])
            # A list, and a nested list, stand apart from what precedes them.
            if out and out[-1] != "" and previous_indent != indent:
                out.append("")
            paragraph.append(f"{item['indent']}{item['marker']} {item['text']}")
            previous_indent = indent
        else:
            if previous_indent is not None and line.startswith(" ") is False and paragraph:
                # A line back at the margin after a list: a new paragraph.
                flush()
                out.append("")
                previous_indent = None
            paragraph.append(line)
    flush()
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _manifest(addon=ADDON):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def _fragments(addon=ADDON):
    folder = addon / "readme"
    return {path.stem: path.read_text() for path in sorted(folder.glob("*.md"))}


def source_digest(manifest, fragments):
    """A digest of what README.rst is made of: the fragments and the manifest
    keys it shows (another manifest change leaves README.rst up to date)."""
    digest = hashlib.sha256()
    for key in MANIFEST_KEYS:
        digest.update(f"{key}={manifest.get(key)!r}".encode())
    for name in sorted(fragments):
        digest.update(name.encode())
        digest.update(fragments[name].encode())
    return "sha256:" + digest.hexdigest()


def _section(title, body, underline="="):
    return f"{title}\n{underline * len(title)}\n\n{body}\n"


def render(addon=ADDON):
    """README.rst's text of ``addon`` (a folder)."""
    manifest = _manifest(addon)
    fragments = _fragments(addon)
    digest = source_digest(manifest, fragments)
    name = manifest["name"]
    license_badge = manifest["license"].replace("-", "--")
    blocks = [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        "..",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated by setup/gen_readme.py     !!",
        "   !! from readme/: changes here will be overwritten.   !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! source digest: {digest}",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
        ".. |badge1| image:: https://img.shields.io/badge/maturity-Beta-yellow.png",
        "    :target: https://odoo-community.org/page/development-status",
        "    :alt: Beta",
        f".. |badge2| image:: https://img.shields.io/badge/license-{license_badge}-blue.png",
        "    :target: http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
        f"    :alt: License: {manifest['license']}",
        "",
        "|badge1| |badge2|",
        "",
    ]
    if "DESCRIPTION" in fragments:
        blocks += [markdown_to_rst(fragments["DESCRIPTION"]), ""]
    blocks += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for fragment, title in SECTIONS:
        if fragment not in fragments:
            continue
        body = markdown_to_rst(fragments[fragment])
        if title is None:  # the fragment's own top heading is the section's title
            body = re.sub(r"^(.+)\n-+\n", lambda m: f"{m[1]}\n{'=' * len(m[1])}\n", body,
                          count=1)
            blocks.append(body + "\n")
        else:
            blocks.append(_section(title, body))
    blocks.append(_section(
        "Bug Tracker",
        f"Bugs are tracked on the project's issues ({manifest['website']}).\n"
        "In case of trouble, please check there if your issue has already been reported.",
    ))
    blocks += ["Credits", "=======", ""]
    authors = "\n".join(f"* {author.strip()}" for author in manifest["author"].split(","))
    blocks.append(_section("Authors", authors, "-"))
    if "CONTRIBUTORS" in fragments:
        blocks.append(_section("Contributors", markdown_to_rst(fragments["CONTRIBUTORS"]), "-"))
    if "CREDITS" in fragments:
        blocks.append(_section("Other credits", markdown_to_rst(fragments["CREDITS"]), "-"))
    maintainers = "\n".join(f"* {m}" for m in manifest.get("maintainers", [])) or (
        "This module is maintained by its authors.")
    blocks.append(_section("Maintainers", maintainers + "\n\nYou are welcome to contribute.",
                           "-"))
    return "\n".join(blocks).rstrip("\n") + "\n"


def main(argv):
    status = 0
    for addon in addons():
        target = addon / "README.rst"
        text = render(addon)
        if "--check" in argv:
            if not target.exists() or target.read_text() != text:
                print(f"{target} is not up to date: run python setup/gen_readme.py",
                      file=sys.stderr)
                status = 1
            continue
        target.write_text(text)
        print(f"wrote {target}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
