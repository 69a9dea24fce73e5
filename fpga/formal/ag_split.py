#!/usr/bin/env python3
"""ag_split.py IN.il OUT.il run1|run2 [PART/N] -- split the 1-induction of pg_core into SAT runs.

IN.il is the flattened formal model (yosys write_rtlil after prep/flatten/memory_map/async2sync).
Each $assert cell is classified by the source line it ends on (its src attribute), whose text may
carry a tag comment:
    "induction: run 2"   proven in run 2 only
    "induction: lemma"   proven in run 1; run 2 assumes it in the CURRENT clock too

run1: every assertion not tagged "run 2" stays an assertion (yosys `sat -tempinduct` assumes it in
      clock 1 and proves it in clock 2); each "run 2" assertion becomes an assumption about the
      PREVIOUS clock ($dff on its check and enable, then $assume): a hypothesis of clock 1 only.
run2: the "run 2" assertions stay assertions; the "lemma" ones become plain assumptions (clocks 1
      and 2); all others become assumptions about the previous clock (hypotheses of clock 1).

run1 PART/N: as run1, but only slice PART (1..N) of run 1's assertions (sorted by source location,
      cut into N slices of nearly equal size) stays an assertion; the rest of run 1's assertions
      become assumptions about the previous clock as well. The N calls together prove what one
      run 1 proves (each from the same hypothesis, Inv in clock 1), but each SAT call has few
      goals: on the trial-close core one call with all 130 goals did not finish in 14 min, the 8
      slices take ~4 min together.

run1 own/K: the K-th group (1..) of the run-1 assertions tagged "induction: own call" (a group:
      the assertions that end on one source line, e.g. one `for` loop of asserts), proven alone in
      one SAT call; those assertions are left out of the PART/N slices. For the few goals that are
      slow alone and much slower in a slice with others (make induction, fw19i: the counter-sum
      lemmas f_gp 127 s and the input register's tag balance 200 s alone, > 900 s in one slice).
      `ag_split.py IN.il --own-calls` prints the number of groups.

run2 PART/N: as run2, but only slice PART of run 2's assertions stays an assertion; the other run-2
      assertions become assumptions about the previous clock (make window: the window decision's
      eleven run-2 goals in one call did not finish in 5 min, one per call take seconds).

Soundness: let Inv be the conjunction of all assertions. Run 1 proves: Inv(s) and a step s -> s'
(with the environment's assumptions) imply every non-"run 2" assertion at s', the lemmas included.
Run 2 proves: Inv(s), the step and the lemmas at s' imply the "run 2" assertions at s'; the lemmas at
s' follow from Inv(s) by run 1, and no lemma is proven from a "run 2" assertion at s' (no circle).
Together: Inv(s) and a step imply Inv(s'), i.e. Inv is 1-inductive; with the BMC from reset (the
base case) every reachable state satisfies every assertion.
"""
import re
import sys


def line_tags(src, cache):
    # src: "a.v:1.2-3.4|../rtl/pg_core.v:1466.26-1468.35" -> text of the last file's end line
    last = src.split('|')[-1]
    m = re.match(r'(.*):\d+\.\d+-(\d+)\.\d+$', last)
    if not m:
        return ''
    path, line = m.group(1), int(m.group(2))
    if path not in cache:
        try:
            cache[path] = open(path).read().split('\n')
        except OSError:
            cache[path] = []
    text = cache[path]
    return text[line - 1] if 0 < line <= len(text) else ''


def src_key(src):
    # sort key of an assertion: its source locations, outermost first (file, line, column)
    key = []
    for part in src.split('|'):
        m = re.match(r'(.*):(\d+)\.(\d+)-\d+\.\d+$', part)
        key.append((m.group(1), int(m.group(2)), int(m.group(3))) if m else (part, 0, 0))
    return key


def src_sel(src, keep):
    # keep: [(file name, lo, hi)]: the assertion (or an instance it is in) ends on a line lo..hi
    for part in src.split('|'):
        m = re.match(r'(.*):\d+\.\d+-(\d+)\.\d+$', part)
        if m and any(m.group(1).endswith(f) and lo <= int(m.group(2)) <= hi for f, lo, hi in keep):
            return True
    return False


def cell_src(lines, i):
    # the src attribute among the attribute lines just above line i
    j = i - 1
    while j >= 0 and lines[j].strip().startswith('attribute'):
        mm = re.search(r'\\src "([^"]*)"', lines[j])
        if mm:
            return mm.group(1)
        j -= 1
    return ''


OWN = 'induction: own call'


def own_groups(srcs, tags, order):
    # the run-1 assertions tagged OWN, grouped by the source line they end on, in source order
    groups, seen = [], {}
    for k in order:
        if 'induction: run 2' in tags[k] or OWN not in tags[k]:
            continue
        m = re.match(r'(.*):\d+\.\d+-(\d+)\.\d+$', srcs[k].split('|')[-1])
        key = (m.group(1), m.group(2)) if m else srcs[k]
        if key not in seen:
            seen[key] = len(groups)
            groups.append([])
        groups[seen[key]].append(k)
    return groups


def main():
    if len(sys.argv) == 3 and sys.argv[2] == '--own-calls':
        lines = open(sys.argv[1]).read().split('\n')
        srcs = [cell_src(lines, i) for i, l in enumerate(lines) if re.match(r'\s*cell \$assert \S+$', l)]
        order = sorted(range(len(srcs)), key=lambda k: src_key(srcs[k]))
        tags = [line_tags(srcs[k], {}) for k in range(len(srcs))]
        print(len(own_groups(srcs, tags, order)))
        return
    inp, outp, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    assert mode in ('run1', 'run2')
    # optional PART/N (run 1 only): the assertions of run 1 in source order, cut into N slices of
    # (nearly) equal size; only slice PART (1..N) is proven, the others are hypotheses of clock 1
    # or FILE:LO-HI[,FILE:LO-HI..] (to time a group of assertions while looking for a slow one):
    # the run-1 assertions that end on those lines (or sit in an instance that does)
    spec = sys.argv[4] if len(sys.argv) > 4 else '1/1'
    keep = None
    own = None
    if spec.startswith('own/'):
        own = int(spec.split('/')[1])
        part, nparts = 1, 1
    elif ':' in spec:
        keep = [(r.split(':')[0], int(r.split(':')[1].split('-')[0]), int(r.split(':')[1].split('-')[1]))
                for r in spec.split(',')]
        part, nparts = 1, 1
    else:
        part, nparts = map(int, spec.split('/'))
    assert mode == 'run1' or (keep is None and own is None)
    lines = open(inp).read().split('\n')
    srcs = [cell_src(lines, i) for i, l in enumerate(lines) if re.match(r'\s*cell \$assert \S+$', l)]
    order = sorted(range(len(srcs)), key=lambda k: src_key(srcs[k]))
    tags = [line_tags(srcs[k], {}) for k in range(len(srcs))]
    run1_all = [k for k in order if 'induction: run 2' not in tags[k]]
    groups = own_groups(srcs, tags, order)
    run1_order = [k for k in run1_all if OWN not in tags[k]]     # the sliced ones
    mine = set(run1_order[(part - 1) * len(run1_order) // nparts: part * len(run1_order) // nparts])
    if own is not None:
        if not 1 <= own <= len(groups):
            sys.exit('ag_split: no group own/%d (%d groups tagged "%s")' % (own, len(groups), OWN))
        mine = set(groups[own - 1])
    # run2 PART/N: only slice PART of run 2's assertions is proven; the others are hypotheses of
    # clock 1 (as run 1's slices: the N calls together prove what one run 2 proves)
    run2_order = [k for k in order if 'induction: run 2' in tags[k]]
    mine2 = set(run2_order[(part - 1) * len(run2_order) // nparts: part * len(run2_order) // nparts])
    if keep is not None:
        mine = set(k for k in run1_all if src_sel(srcs[k], keep))
    n_assert = 0
    out, extra, cache = [], [], {}
    n_keep = n_now = n_prev = 0
    i = 0
    while i < len(lines):
        l = lines[i]
        m = re.match(r'(\s*)cell \$assert (\S+)$', l)
        if not m:
            if l == 'end' and extra:        # end of the module: add the delay flip-flops
                out.extend(extra)
                extra = []
            out.append(l)
            i += 1
            continue
        src = ''
        j = len(out) - 1
        while j >= 0 and out[j].strip().startswith('attribute'):
            mm = re.search(r'\\src "([^"]*)"', out[j])
            if mm and not src:
                src = mm.group(1)
            j -= 1
        text = line_tags(src, cache)
        run2 = 'induction: run 2' in text
        lemma = 'induction: lemma' in text
        sel = n_assert in mine
        n_assert += 1
        if (mode == 'run1' and not run2 and sel) or (mode == 'run2' and run2 and (n_assert - 1) in mine2):
            n_keep += 1
            out.append(l)
            i += 1
            continue
        if mode == 'run2' and lemma:
            n_now += 1
            out.append(l.replace('cell $assert', 'cell $assume'))
            i += 1
            continue
        # an assumption about the previous clock (the cell goes, and its attributes with it)
        while out and out[-1].strip().startswith('attribute'):
            out.pop()
        body = []
        while lines[i].strip() != 'end':
            body.append(lines[i])
            i += 1
        i += 1
        con = {}
        for b in body:
            mm = re.match(r'\s*connect \\(A|EN) (.*)$', b)
            if mm:
                con[mm.group(1)] = mm.group(2)
        n_prev += 1
        ind = m.group(1)
        q = {}
        for port in ('A', 'EN'):
            q[port] = '\\ag_prev_%s_%d' % (port, n_prev)
            extra += ['%swire %s' % (ind, q[port]),
                      '%scell $dff $ag_prev_ff_%s_%d' % (ind, port, n_prev),
                      '%s  parameter \\CLK_POLARITY 1' % ind,
                      '%s  parameter \\WIDTH 1' % ind,
                      '%s  connect \\CLK \\clk' % ind,
                      '%s  connect \\D %s' % (ind, con[port]),
                      '%s  connect \\Q %s' % (ind, q[port]),
                      '%send' % ind]
        extra += ['%scell $assume $ag_prev_assume_%d' % (ind, n_prev),
                  '%s  connect \\A %s' % (ind, q['A']),
                  '%s  connect \\EN %s' % (ind, q['EN']),
                  '%send' % ind]
    open(outp, 'w').write('\n'.join(out))
    print('ag_split %s: %d assertions proven, %d assumed (this clock), %d assumed (previous clock)'
          % (mode, n_keep, n_now, n_prev))
    if n_keep == 0 or (mode == 'run2' and n_now == 0):
        sys.exit('ag_split: no tagged assertions found (tags "induction: run 2" / "induction: lemma")')


if __name__ == '__main__':
    main()
