#!/usr/bin/env python3
"""Golden tests of asyncradar's fixes, through the language server.

usage: run_golden.py path/to/asyncradar CASES_DIR path/to/ts_syntax_check

Each case is CASES_DIR/NAME.py with its exact expected result in
CASES_DIR/NAME.expected.py. Directives in the case's leading comments say
what to do, in order:

  # golden: apply TITLE       apply the first code action titled TITLE
  # golden: apply-each TITLE  apply it, re-diagnose, until none is offered
  # golden: apply-each-suffix S  apply-each for any action title ending in S
  # golden: fix-all           apply the source.fixAll.asyncradar action
  # golden: absent TITLE      no diagnostic may offer TITLE (checked first)
  # golden: crlf              run the case with CRLF line endings

Every case runs once per position encoding (utf-8, utf-16, utf-32); every
expected file must compile, and so must every case after `asyncradar check
--fix --unsafe-fixes` applied all its fixes at once (both checked with
`python3 -m py_compile`, Debian's /usr/bin/python3 when present, and with
ts_syntax_check, the server's tree-sitter grammar, which must find no ERROR
or MISSING node).
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lsp"))
from lspclient import Server  # noqa: E402
from workspace_edit import apply_workspace_edit  # noqa: E402

FIX_ALL = "source.fixAll.asyncradar"


def directives(text):
    out = []
    for line in text.splitlines():
        if line.startswith("# golden:"):
            word, _, rest = line[len("# golden:"):].strip().partition(" ")
            out.append((word, rest.strip()))
    return out


class Case:
    def __init__(self, server, uri, data):
        self.s, self.uri, self.data, self.version = server, uri, data, 1
        server.open(uri, data.decode("utf-8"), 1)

    def diagnostics(self):
        return self.s.wait_publish(self.uri, self.version)["diagnostics"]

    def actions(self, diag=None, only=None):
        context = {"diagnostics": [diag] if diag else []}
        if only:
            context["only"] = only
        rng = diag["range"] if diag else {"start": {"line": 0, "character": 0},
                                          "end": {"line": 0, "character": 0}}
        return self.s.request("textDocument/codeAction", {
            "textDocument": {"uri": self.uri}, "range": rng, "context": context})

    def titled(self, title, suffix=False):
        for d in self.diagnostics():
            for a in self.actions(d):
                if a["title"] == title or (suffix and a["title"].endswith(title)):
                    return a
        return None

    def apply(self, action):
        assert "edit" in action, "action without edit: %r" % (action,)
        self.data = apply_workspace_edit(self.data, action["edit"], self.uri, self.s.encoding)
        self.version += 1
        self.s.change(self.uri, self.version, [{"text": self.data.decode("utf-8")}])


def run_case(server, name, source, expected):
    uri = "file:///golden/%s/%s.py" % (server.encoding, name)
    case = Case(server, uri, source)
    steps = directives(source.decode("utf-8"))
    for word, arg in steps:
        if word == "absent":
            found = case.titled(arg)
            assert found is None, "%s: %r must not be offered" % (name, arg)
        elif word == "apply":
            action = case.titled(arg)
            assert action, "%s: no action %r among %r" % (name, arg, all_titles(case))
            case.apply(action)
        elif word in ("apply-each", "apply-each-suffix"):
            applied = 0
            while True:
                action = case.titled(arg, suffix=word == "apply-each-suffix")
                if not action:
                    break
                case.apply(action)
                applied += 1
                assert applied < 50, "%s: %r keeps being offered" % (name, arg)
            assert applied, "%s: no action %r among %r" % (name, arg, all_titles(case))
        elif word == "fix-all":
            case.diagnostics()
            actions = [a for a in case.actions(only=[FIX_ALL]) if a["kind"] == FIX_ALL]
            assert len(actions) == 1, "%s: fix-all actions: %r" % (name, actions)
            case.apply(actions[0])
        elif word != "crlf":
            raise AssertionError("%s: unknown directive %r" % (name, word))
    server.close(uri)
    if case.data != expected:
        raise AssertionError("%s (%s): result differs from the expected file\n--- got ---\n%s--- expected ---\n%s"
                             % (name, server.encoding, case.data.decode("utf-8", "replace"),
                                expected.decode("utf-8", "replace")))


def all_titles(case):
    return sorted({a["title"] for d in case.diagnostics() for a in case.actions(d)})


PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def compile_error(path):
    """py_compile's complaint about the file at path, or None."""
    r = subprocess.run([PYTHON, "-m", "py_compile", path], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return None if r.returncode == 0 else (r.stderr or r.stdout).strip()


def syntax_errors(checker, paths):
    """ts_syntax_check's complaints about the files, one line each."""
    r = subprocess.run([checker, *paths], capture_output=True, text=True)
    if r.returncode not in (0, 1) or (r.returncode == 1) != bool(r.stdout.strip()):
        return ["ts_syntax_check failed (%d): %s" % (r.returncode, r.stderr)]
    return r.stdout.splitlines()


def check_all_fixes_compile(binary, checker, names, loaded):
    """Every expected file and every case with all its fixes applied
    together parse without error for both Python and tree-sitter."""
    failures = []
    tmp = tempfile.mkdtemp()
    paths = []
    try:
        for name in names:
            source, expected = loaded[name]
            for label, data in (("expected", expected), ("all fixes", source)):
                path = os.path.join(tmp, "%s_%s.py" % (name, label.replace(" ", "_")))
                with open(path, "wb") as f:
                    f.write(data)
                if label == "all fixes":
                    r = subprocess.run([binary, "check", "--fix", "--unsafe-fixes", path],
                                       capture_output=True, text=True)
                    if r.returncode not in (0, 1):
                        failures.append("%s: check --fix failed: %s" % (name, r.stderr))
                paths.append(path)
                err = compile_error(path)
                if err:
                    with open(path) as f:
                        failures.append("%s (%s) does not compile: %s\n%s" % (name, label, err, f.read()))
        for line in syntax_errors(checker, paths):
            failures.append("tree-sitter: " + line)
        assert len(paths) == 2 * len(names)
    finally:
        shutil.rmtree(tmp)
    return failures


def main():
    binary, cases_dir, checker = sys.argv[1], sys.argv[2], sys.argv[3]
    names = sorted(f[:-3] for f in os.listdir(cases_dir)
                   if f.endswith(".py") and not f.endswith(".expected.py"))
    assert names, "no golden cases in " + cases_dir
    failures = []
    loaded = {}
    for name in names:
        with open(os.path.join(cases_dir, name + ".py"), "rb") as f:
            source = f.read()
        with open(os.path.join(cases_dir, name + ".expected.py"), "rb") as f:
            expected = f.read()
        if ("crlf", "") in directives(source.decode("utf-8")):
            source = source.replace(b"\n", b"\r\n")
            expected = expected.replace(b"\n", b"\r\n")
        loaded[name] = (source, expected)
    failures.extend(check_all_fixes_compile(binary, checker, names, loaded))
    for enc in ("utf-8", "utf-16", "utf-32"):
        server = Server(binary)
        try:
            server.initialize(encodings=[enc])
            assert server.encoding == enc
            for name in names:
                try:
                    run_case(server, name, *loaded[name])
                except AssertionError as e:
                    failures.append(str(e))
        finally:
            server.finish()
    for f in failures:
        print("FAIL", f)
    print("%d golden cases x 3 encodings: %d failures" % (len(names), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
