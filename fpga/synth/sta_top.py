#!/usr/bin/env python3
"""sta_top.py -- every endpoint of a synth_xilinx netlist, worst first (a developer's tool).

yosys 0.23's `sta` prints one path. This script runs the same static timing analysis over the
whole netlist and lists the N worst endpoints (flip-flop D/CE/R/S, RAM inputs), grouped by the
register they load, each with its path back to the launching register and the RTL lines it
passes. `make timing` prints the same worst arrival as `sta` (checked: the first line here
equals sta's "Latest arrival time").

The model is sta's: arrival at a cell output = max over its inputs of (input arrival + the arc's
delay from the specify block), clock-to-Q from the clocked arcs, the endpoint's $setup added;
primary inputs arrive at 0. Arcs guarded by "if (...)" all count (the largest wins), as in sta.

Usage: sta_top.py [-n N] [--per-reg] cells_sim.v netlist.json
  cells_sim.v   the cell library with specify blocks (as shipped, or build/timing/cells_sim_route.v
                for the estimate with the routing allowance)
  netlist.json  write_json of the synth_xilinx netlist (make timing writes build/timing/netlist.json)
"""

import argparse
import json
import re
import sys
from collections import defaultdict


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def parse_lib(path):
    """module -> {'comb': {(inport, inbit|None, outport, outbit|None): ps}, 'clk2q': {outport: ps},
    'setup': {(port, bit|None): ps}}"""
    raw = open(path).read()
    # drop `ifndef YOSYS ... `else / `endif regions (sta reads the file with YOSYS defined)
    out, skip = [], False
    for line in raw.split("\n"):
        s = line.strip()
        if s.startswith("`ifndef YOSYS"):
            skip = True
            continue
        if skip and (s.startswith("`else") or s.startswith("`endif")):
            skip = False
            continue
        if not skip:
            out.append(line)
    text = strip_comments("\n".join(out))
    lib = {}
    for m in re.finditer(r"\bmodule\s+([\\$\w]+)(.*?)\bendmodule", text, flags=re.S):
        name, body = m.group(1), m.group(2)
        t = {"comb": defaultdict(int), "clk2q": defaultdict(int), "setup": defaultdict(int)}
        for sp in re.finditer(r"\bspecify\b(.*?)\bendspecify", body, flags=re.S):
            blk = sp.group(1)
            for st in re.finditer(r"\$setup\s*\(\s*([\w]+)\s*(?:\[(\d+)\])?\s*,[^,]*,\s*(-?\d+)\s*\)", blk):
                k = (st.group(1), int(st.group(2)) if st.group(2) else None)
                t["setup"][k] = max(t["setup"][k], int(st.group(3)))
            for ck in re.finditer(r"\(\s*(?:posedge|negedge)\s+\w+\s*=>\s*\(\s*(\w+)[^)]*\)\s*\)\s*=\s*(\d+)", blk):
                t["clk2q"][ck.group(1)] = max(t["clk2q"][ck.group(1)], int(ck.group(2)))
            for cb in re.finditer(r"\(\s*(\w+)\s*(?:\[(\d+)\])?\s*[*=]>\s*(\w+)\s*(?:\[(\d+)\])?\s*\)\s*=\s*(\d+)", blk):
                k = (cb.group(1), int(cb.group(2)) if cb.group(2) else None,
                     cb.group(3), int(cb.group(4)) if cb.group(4) else None)
                t["comb"][k] = max(t["comb"][k], int(cb.group(5)))
        lib[name] = t
    return lib


def short_src(src):
    """the innermost RTL file:line of a src attribute (flattened cells carry the instance's line
    first, then the submodule's)"""
    out = ""
    for p in (src or "").split("|"):
        if "share/yosys" in p or "techlibs" in p or not p:
            continue
        p = p.rsplit("/", 1)[-1]
        out = re.sub(r"\.\d+-\d+\.\d+$", "", p)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=30, help="endpoint groups to list")
    ap.add_argument("--paths", type=int, default=5, help="print the full path of the first N groups")
    ap.add_argument("lib")
    ap.add_argument("netlist")
    a = ap.parse_args()

    lib = parse_lib(a.lib)
    nl = json.load(open(a.netlist))
    tops = [n for n, m in nl["modules"].items() if m.get("attributes", {}).get("top")]
    mod = nl["modules"][tops[0] if tops else next(iter(nl["modules"]))]

    # bit -> a readable name (prefer public names) and its src
    bitname, bitsrc = {}, {}
    for wn, w in mod["netnames"].items():
        public = not wn.startswith("$")
        for i, b in enumerate(w["bits"]):
            if isinstance(b, str):
                continue
            nm = wn + ("[%d]" % i if len(w["bits"]) > 1 else "")
            if b not in bitname or (public and bitname[b].startswith("$")):
                bitname[b] = nm
                bitsrc[b] = short_src(w.get("attributes", {}).get("src", ""))

    fanout = defaultdict(list)      # in bit -> [(out bit, delay, cell, inport)]
    driver = {}                     # out bit -> (cell, outport)
    start = {}                      # out bit -> arrival (clock-to-Q)
    endpoints = []                  # (bit, setup, cell, port)
    inputs_of = defaultdict(list)   # out bit -> [(in bit, delay, inport)]
    clk_bits = set()
    for pn, p in mod["ports"].items():
        if p["direction"] == "input":
            for b in p["bits"]:
                if not isinstance(b, str):
                    start.setdefault(b, 0)
    unknown = set()
    for cn, c in mod["cells"].items():
        t = lib.get(c["type"])
        if t is None:
            unknown.add(c["type"])
            continue
        dirs = c.get("port_directions", {})
        conns = c["connections"]
        for op, obits in conns.items():
            if dirs.get(op) != "output":
                continue
            for oi, ob in enumerate(obits):
                if isinstance(ob, str):
                    continue
                driver[ob] = (cn, op)
                if op in t["clk2q"]:
                    start[ob] = max(start.get(ob, 0), t["clk2q"][op])
        for (ip, ibit, op, obit), d in t["comb"].items():
            if ip not in conns or op not in conns:
                continue
            ibits = conns[ip] if ibit is None else [conns[ip][ibit]] if ibit < len(conns[ip]) else []
            obits = conns[op] if obit is None else [conns[op][obit]] if obit < len(conns[op]) else []
            for ib in ibits:
                if isinstance(ib, str):
                    continue
                for ob in obits:
                    if isinstance(ob, str):
                        continue
                    fanout[ib].append((ob, d))
                    inputs_of[ob].append((ib, d, ip))
        for (ip, ibit), s in t["setup"].items():
            if ip not in conns:
                continue
            ibits = conns[ip] if ibit is None else [conns[ip][ibit]] if ibit < len(conns[ip]) else []
            for i, ib in enumerate(ibits):
                if not isinstance(ib, str):
                    endpoints.append((ib, s, cn, ip if ibit is None and len(conns[ip]) == 1 else "%s[%d]" % (ip, ibit if ibit is not None else i)))
    if unknown:
        print("sta_top.py: no timing for cell types %s (ignored)" % ", ".join(sorted(unknown)), file=sys.stderr)

    # longest path: topological order over the combinational arcs
    indeg = defaultdict(int)
    for ib, lst in fanout.items():
        for ob, d in lst:
            indeg[ob] += 1
    arr = {}
    for b, t0 in start.items():
        arr[b] = t0
    from collections import deque
    q = deque(b for b in set(list(fanout.keys()) + list(start.keys())) if indeg[b] == 0)
    seen = 0
    while q:
        b = q.popleft()
        seen += 1
        ab = arr.get(b)
        for ob, d in fanout.get(b, ()):
            if ab is not None and (arr.get(ob) is None or arr[ob] < ab + d):
                arr[ob] = ab + d
            indeg[ob] -= 1
            if indeg[ob] == 0:
                q.append(ob)

    def path_of(b):
        """[(bit, arrival, cell, type, arc)] from the start to b"""
        steps = []
        while True:
            a_b = arr.get(b)
            best = None
            for ib, d, ip in inputs_of.get(b, ()):
                if arr.get(ib) is not None and arr[ib] + d == a_b:
                    best = (ib, d, ip)
                    break
            cn, op = driver.get(b, ("<input>", ""))
            ty = mod["cells"][cn]["type"] if cn in mod["cells"] else "input"
            if best is None:
                steps.append((b, a_b, cn, ty, "->" + op if op else ""))
                break
            steps.append((b, a_b, cn, ty, "%s->%s" % (best[2], op)))
            b = best[0]
        return list(reversed(steps))

    def cell_src(cn):
        c = mod["cells"].get(cn)
        return short_src(c.get("attributes", {}).get("src", "")) if c else ""

    def reg_name(cn):
        # the register an endpoint cell loads: its Q/DO net's name without the bit index
        c = mod["cells"][cn]
        for op in ("Q", "DOADO", "DOBDO", "DOA", "DO", "SPO"):
            if op in c["connections"]:
                b = c["connections"][op][0]
                if not isinstance(b, str):
                    return re.sub(r"\[\d+\]$", "", bitname.get(b, cn))
        return cn

    rows = []
    for b, s, cn, port in endpoints:
        if arr.get(b) is None:
            continue
        rows.append((arr[b] + s, b, cn, port))
    rows.sort(key=lambda r: -r[0])
    if not rows:
        print("sta_top.py: no endpoint")
        return 1
    print("worst endpoint arrival: %d ps (%d endpoints timed, %d above 5000 ps, %d above 4000 ps)"
          % (rows[0][0], len(rows), sum(1 for r in rows if r[0] > 5000), sum(1 for r in rows if r[0] > 4000)))
    groups = {}
    order = []
    for r in rows:
        k = (reg_name(r[2]), r[3].split("[")[0])
        if k not in groups:
            groups[k] = [r, 0]
            order.append(k)
        groups[k][1] += 1
    print("%8s %5s  %-40s %-8s %s" % ("ps", "bits", "register (endpoint port)", "type", "start -> RTL lines on the worst path"))
    for gi, k in enumerate(order[:a.n]):
        r, cnt = groups[k]
        p = path_of(r[1])
        first = p[0]
        startname = bitname.get(first[0], "?")
        srcs = []
        for st in p:
            s = cell_src(st[2]) or bitsrc.get(st[0], "")
            if s and (not srcs or srcs[-1] != s):
                srcs.append(s)
        ty = mod["cells"][r[2]]["type"]
        print("%8d %5d  %-40s %-8s %s: %s" % (r[0], cnt, "%s (%s)" % (k[0], k[1]), ty, startname, " -> ".join(srcs)))
        if gi < a.paths:
            for st in p:
                print("           %7d  %-8s %-10s %-28s %s" % (st[1], st[3], st[4], bitname.get(st[0], "")[:60], cell_src(st[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
