"""Fingerprinted static files: names follow content, references inside CSS and JavaScript follow
the files they point at, and each file is also compressed once at build time."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import brotli

from toolkit.assets import compress
from toolkit.fingerprints import FINGERPRINTED, MANIFEST, fingerprint, fingerprinted_name


def make_static(folder: Path) -> dict[str, Path]:
    files = {
        "css/site.css": ".tick{background:url(/assets/tick.svg)}.cross{background:url('../img/cross.svg')}",
        "img/cross.svg": "<svg>cross</svg>",
        "nhsuk/assets/tick.svg": "<svg>tick</svg>",
        "js/app.mjs": "import { post } from './post.js'\nconst more = await import('../nhsuk/lib.js')\n",
        "js/post.js": "export function post () {}\n",
        "nhsuk/lib.js": "export const lib = 1\n",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return {"/static": folder}


def built(tmp_path: Path) -> tuple[dict[str, Path], Path, dict[str, str]]:
    roots = make_static(tmp_path / "src")
    dist = tmp_path / "dist"
    return roots, dist, fingerprint(roots, dist)["/static"]


def test_fingerprinted_name_carries_a_hash_of_the_content() -> None:
    name = fingerprinted_name("toolkit.css", b"body{}")
    assert FINGERPRINTED.search(name) and name.startswith("toolkit.") and name.endswith(".css")
    assert fingerprinted_name("toolkit.css", b"body{color:red}") != name


def test_fingerprint_changes_when_the_file_changes(tmp_path: Path) -> None:
    roots, dist, before = built(tmp_path)
    (roots["/static"] / "js/post.js").write_text("export function post () { return 1 }\n")
    after = fingerprint(roots, dist)["/static"]
    assert after["js/post.js"] != before["js/post.js"]
    # The module importing it names it, so its own fingerprint changes too; others keep theirs.
    assert after["js/app.mjs"] != before["js/app.mjs"]
    assert after["css/site.css"] == before["css/site.css"]
    assert after["nhsuk/lib.js"] == before["nhsuk/lib.js"]


def test_a_changed_icon_changes_the_stylesheet_that_uses_it(tmp_path: Path) -> None:
    roots, dist, before = built(tmp_path)
    (roots["/static"] / "nhsuk/assets/tick.svg").write_text("<svg>new tick</svg>")
    after = fingerprint(roots, dist)["/static"]
    assert after["css/site.css"] != before["css/site.css"]


def test_references_inside_css_and_javascript_point_at_fingerprinted_files(tmp_path: Path) -> None:
    _roots, dist, names = built(tmp_path)
    css = (dist / "static" / names["css/site.css"]).read_text()
    assert f"url(/static/{names['nhsuk/assets/tick.svg']})" in css  # the /assets alias, made absolute
    assert f"url('../{names['img/cross.svg']}')" in css  # relative stays relative
    script = (dist / "static" / names["js/app.mjs"]).read_text()
    assert f"from './{Path(names['js/post.js']).name}'" in script
    assert f"import('../{names['nhsuk/lib.js']}')" in script
    # The plain names are kept too, unchanged, for anything that asks for them.
    assert (dist / "static/css/site.css").read_text().startswith(".tick{background:url(/assets/tick.svg)}")


def test_manifest_records_names_and_source_hashes(tmp_path: Path) -> None:
    _roots, dist, names = built(tmp_path)
    manifest = json.loads((dist / MANIFEST).read_text())
    assert manifest["files"]["/static"] == names
    assert set(manifest["sources"]) == {f"/static/{name}" for name in names}


def test_files_are_compressed_once_at_build_time(tmp_path: Path) -> None:
    _roots, dist, _names = built(tmp_path)
    (dist / "static/css/big.css").write_text(".a{color:red}" * 200)
    compress(dist)
    original = (dist / "static/css/big.css").read_bytes()
    assert gzip.decompress((dist / "static/css/big.css.gz").read_bytes()) == original
    assert brotli.decompress((dist / "static/css/big.css.br").read_bytes()) == original
    assert not (dist / f"{MANIFEST}.gz").exists()
