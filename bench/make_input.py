"""Builds a benchmark input of about N lines from whole real Python files.

Usage: make_input.py LINES OUT SOURCE_DIR...
Files are taken in sorted order and never cut, so the result parses.
"""
import pathlib
import sys


def main():
    want, out, roots = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
    parts, total = [], 0
    for root in roots:
        for path in sorted(pathlib.Path(root).glob("*.py")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if not text.endswith("\n"):
                text += "\n"
            parts.append(text)
            total += text.count("\n")
            if total >= want:
                out.write_text("".join(parts), encoding="utf-8")
                print(f"{out}: {total} lines from {len(parts)} files")
                return 0
    sys.exit(f"only {total} lines under {roots}")


if __name__ == "__main__":
    sys.exit(main())
