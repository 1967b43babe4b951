#!/usr/bin/env python3
"""ts_syntax_check must accept valid Python and name the first ERROR or
MISSING node of a broken file (file:row:col, exit 1), so the golden tests'
tree-sitter check can fail.

usage: test_syntax_check.py path/to/ts_syntax_check
"""

import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = None

CASES = {
    "valid.py": ("async def f():\n    await g(1)\n    return [x async for x in h()]\n", 0, ""),
    "missing.py": ("x = 1\ndef f(:\n    pass\n", 1, "MISSING"),
    "stray.py": ("x = 1\ny = (await) )\n", 1, "ERROR"),
    "deep_error.py": ("def f():\n    if a:\n        if b:\n            x = = 2\n", 1, "ERROR"),
}


class SyntaxCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.paths = {}
        for name, (text, _, _) in CASES.items():
            path = os.path.join(self.tmp, name)
            with open(path, "w") as f:
                f.write(text)
            self.paths[name] = path

    def tearDown(self):
        for path in self.paths.values():
            os.unlink(path)
        os.rmdir(self.tmp)

    def check(self, *names):
        return subprocess.run([CHECKER, *(self.paths[n] for n in names)], capture_output=True,
                              text=True)

    def test_valid_file_passes(self):
        r = self.check("valid.py")
        self.assertEqual((r.returncode, r.stdout), (0, ""))

    def test_missing_node_is_named_with_its_position(self):
        r = self.check("missing.py")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "%s:2:7: MISSING\n" % self.paths["missing.py"])

    def test_error_node_is_named(self):
        r = self.check("stray.py")
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r"^%s:2:\d+: ERROR\n$" % self.paths["stray.py"])

    def test_error_deep_in_the_tree(self):
        r = self.check("deep_error.py")
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r"^%s:4:\d+: ERROR\n$" % self.paths["deep_error.py"])

    def test_every_broken_file_is_reported(self):
        r = self.check("valid.py", "missing.py", "stray.py")
        self.assertEqual(r.returncode, 1)
        named = [line.split(":")[0] for line in r.stdout.splitlines()]
        self.assertEqual(named, [self.paths["missing.py"], self.paths["stray.py"]])

    def test_unreadable_file(self):
        r = subprocess.run([CHECKER, os.path.join(self.tmp, "absent.py")], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read", r.stderr)


if __name__ == "__main__":
    CHECKER = sys.argv.pop(1)
    unittest.main()
