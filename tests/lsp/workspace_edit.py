"""Applying an LSP WorkspaceEdit to one document's text, as a client does:
every range is read against the original text, and edits that start at the
same position are applied in the order the array gives them."""

from lspclient import Text


def text_edits_for(edit, uri):
    """The TextEdits for uri in a WorkspaceEdit (changes or documentChanges)."""
    if "documentChanges" in edit:
        out = []
        for change in edit["documentChanges"]:
            assert "textDocument" in change, "only text document edits expected: %r" % (change,)
            if change["textDocument"]["uri"] == uri:
                out.extend(change["edits"])
        return out
    return list(edit.get("changes", {}).get(uri, []))


def apply_text_edits(data, edits, enc):
    """data (bytes) with the TextEdits applied; AssertionError on overlap."""
    text = Text(data)
    spans = []
    for i, e in enumerate(edits):
        start = text.offset(e["range"]["start"], enc)
        end = text.offset(e["range"]["end"], enc)
        assert start <= end, "edit with start after end: %r" % (e,)
        spans.append((start, end, i, e["newText"].encode("utf-8")))
    spans.sort(key=lambda s: (s[0], s[1] != s[0], s[2]))
    out, at = bytearray(), 0
    for start, end, _, new in spans:
        assert start >= at, "overlapping edits: %r" % (edits,)
        out += text.data[at:start] + new
        at = end
    out += text.data[at:]
    return bytes(out)


def apply_workspace_edit(data, edit, uri, enc):
    return apply_text_edits(data, text_edits_for(edit, uri), enc)
