#!/usr/bin/env python3
"""CLI / server parity: every Python file under examples/ and tests/fixtures/
(found with a glob at run time), plus generated files with astral-plane
characters, CRLF, lone CR, a BOM and invalid UTF-8, gives the same findings
from `asyncradar check --output-format json` as from the server's
diagnostics: same codes, messages and start / end positions once the
server's positions (in each of the three encodings) are converted to the
CLI's 1-based code-point rows and columns.

usage: test_cli_parity.py [path/to/asyncradar [repo-root]] [unittest options]
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, Text  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PATTERNS = ["examples/**/*.py", "tests/fixtures/**/*.py"]

GENERATED = {
    "astral.py": 'import time\nasync def f():\n    s = "🙂é中𝄞"; time.sleep(1); t = "😀"; open("x")\n',
    "crlf.py": 'import time\r\nimport requests\r\n\r\nasync def f(u):\r\n    x = "🙂"; requests.get(u)\r\n'
               '    time.sleep(1)\r\n',
    "lone_cr.py": 'import time\r\rasync def f():\r    s = "é🙂"; time.sleep(1)\r    input()\r',
    "bom.py": '\ufeffimport time\nasync def f():\n    time.sleep(1)\n',
    "bom_one_line.py": '\ufeffimport time; exec("")\nasync def f(): s = "🙂"; time.sleep(1)\n',
    "no_newline.py": 'import os\nasync def f():\n    os.path.exists("🙂")',
    "many.py": "import time\nasync def f():\n    " + "; ".join('time.sleep(%d); x = "%s"' % (i, "🙂" * i)
                                                       for i in range(40)) + "\n",
}
GENERATED_BYTES = {
    "invalid_utf8.py": b'import time\nasync def f():\n    s = "\xff\xe2\x82 \xf0\x9f\x99\x82 \xed\xa0\x80"; time.sleep(1)\n'
                       b"    b = '\x80\x80'; open('f')\n",
}


def repo_files(root):
    files = set()
    for pattern in PATTERNS:
        files.update(glob.glob(os.path.join(root, pattern), recursive=True))
    return sorted(f for f in files if os.path.isfile(f))


def cli_findings(binary, paths):
    """{path: sorted [(code, row, col, end_row, end_col, message)]}"""
    out = subprocess.run([binary, "check", "--output-format", "json", *paths],
                         capture_output=True, timeout=300)
    if out.returncode not in (0, 1):
        raise AssertionError("asyncradar check exited %d: %s" % (out.returncode, out.stderr.decode()[-2000:]))
    found = {p: [] for p in paths}
    for item in json.loads(out.stdout.decode("utf-8")):
        loc, end = item["location"], item["end_location"]
        found.setdefault(item["filename"], []).append(
            (item["code"], loc["row"], loc["column"], end["row"], end["column"], item["message"]))
    return {p: sorted(v) for p, v in found.items()}


def server_as_cli(text, diags, enc):
    """Server diagnostics in the CLI's terms: 1-based rows, code-point
    columns, via byte offsets in the client's model."""
    out = []
    for d in diags:
        r = d["range"]
        a = text.position(text.offset(r["start"], enc), "utf-32")
        b = text.position(text.offset(r["end"], enc), "utf-32")
        out.append((d["code"], a["line"] + 1, a["character"] + 1, b["line"] + 1, b["character"] + 1, d["message"]))
    return sorted(out)


class CliParity(ServerTestCase):

    def test_parity(self):
        files = repo_files(ROOT)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        for name, text in GENERATED.items():
            with open(os.path.join(tmp.name, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        for name, data in GENERATED_BYTES.items():
            with open(os.path.join(tmp.name, name), "wb") as f:
                f.write(data)
        generated = sorted(os.path.join(tmp.name, n) for n in list(GENERATED) + list(GENERATED_BYTES))
        paths = files + generated
        sys.stderr.write("[%d repository files, %d generated] " % (len(files), len(generated)))
        self.assertGreater(len(files), 0, "no files matched %s under %s" % (PATTERNS, ROOT))
        cli = cli_findings(lspclient.default_binary(), paths)
        self.assertGreater(sum(len(v) for v in cli.values()), 0, "the CLI found nothing at all")

        for enc, pull in (("utf-32", True), ("utf-16", False), ("utf-8", True)):
            s = self.server()
            s.initialize(encodings=[enc], pull=pull)
            self.assertEqual(s.encoding, enc)
            for i, path in enumerate(paths):
                with self.subTest(file=os.path.relpath(path, ROOT) if path in files else os.path.basename(path),
                                  enc=enc):
                    with open(path, "rb") as f:
                        data = f.read()
                    uri = "file://%s?%s" % (path, enc)
                    s.open_raw(uri, data, 1)
                    diags = s.pull(uri) if pull else s.wait_publish(uri, 1)["diagnostics"]
                    got = server_as_cli(Text(data), diags, enc)
                    self.assertEqual(got, cli[path])
                    if enc == "utf-32":
                        # No conversion needed: the numbers themselves match.
                        direct = sorted((d["code"], d["range"]["start"]["line"] + 1,
                                         d["range"]["start"]["character"] + 1, d["range"]["end"]["line"] + 1,
                                         d["range"]["end"]["character"] + 1, d["message"]) for d in diags)
                        self.assertEqual(direct, cli[path])
            self.assertEqual(s.shutdown_and_exit(), 0)
            s.finish()


if __name__ == "__main__":
    lspclient.binary_from_argv()
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        ROOT = os.path.abspath(sys.argv.pop(1))
    import unittest
    unittest.main(verbosity=2)
