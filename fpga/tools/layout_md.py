#!/usr/bin/env python3
"""Render the frame layout of fpga/pairgate.map as a Markdown table into fpga/README.md.

The table goes between the markers <!-- BEGIN GENERATED FRAME LAYOUT --> and
<!-- END GENERATED FRAME LAYOUT -->. Offsets are given for the default shape (the RTL
parameter defaults) and for the place-and-route shape of `make synth-ice40`.

  layout_md.py MAP README            rewrite README in place
  layout_md.py --check MAP README    exit 1 when README's table is stale (run by `make lint`)
"""
import re
import sys

BEGIN = "<!-- BEGIN GENERATED FRAME LAYOUT (make -C fpga gen; do not edit) -->"
END = "<!-- END GENERATED FRAME LAYOUT -->"
SHAPES = [("default W=2 D=2 K=8 B=256", dict(W=2, D=2, K=8, B=256)),
          ("ice40 W=1 D=1 K=1 B=256", dict(W=1, D=1, K=1, B=256))]


def frame_fields(map_path):
    fields = []
    for line in open(map_path, encoding="utf-8"):
        m = re.match(r"^frame\s+(\w+)\s+(.+?)\s+--\s*(.*)$", line.rstrip("\n"))
        if m:
            fields.append((m.group(1), m.group(2).strip(), m.group(3).strip()))
    return fields


def evaluate(expr, shape):
    if not re.fullmatch(r"[0-9WDKB*+<() ]+", expr):
        raise SystemExit(f"layout_md: unexpected size expression {expr!r}")
    return int(eval(expr, {"__builtins__": {}}, dict(shape)))


def table(fields):
    head = "| field | words | " + " | ".join(f"offset ({n})" for n, _ in SHAPES) + " | meaning |"
    rows = [head, "|---|---|" + "---|" * len(SHAPES) + "---|"]
    offs = [0] * len(SHAPES)
    for name, size, meaning in fields:
        cells = []
        for i, (_, shape) in enumerate(SHAPES):
            cells.append(str(offs[i]))
            offs[i] += evaluate(size, shape)
        meaning = meaning.replace("|", "\\|")
        rows.append(f"| {name} | `{size}` | " + " | ".join(cells) + f" | {meaning} |")
    rows.append("| (FRAME_WORDS) | | " + " | ".join(str(o) for o in offs) + " | words per frame |")
    return "\n".join(rows)


def main(argv):
    check = argv[:1] == ["--check"]
    if check:
        argv = argv[1:]
    map_path, readme = argv
    text = open(readme, encoding="utf-8").read()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"layout_md: markers missing in {readme}")
    pre, rest = text.split(BEGIN, 1)
    _, post = rest.split(END, 1)
    new = pre + BEGIN + "\n" + table(frame_fields(map_path)) + "\n" + END + post
    if check:
        if new != text:
            print(f"layout_md: {readme} frame layout is stale: run make -C fpga gen", file=sys.stderr)
            return 1
        print(f"layout_md: {readme} frame layout up to date")
        return 0
    if new != text:
        open(readme, "w", encoding="utf-8").write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
