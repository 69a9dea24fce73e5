# sta_path.awk -- print yosys `sta`'s worst path from start to end with the RTL lines it passes.
#
# Usage: awk -f sta_path.awk sta.txt netlist.il
#   sta.txt     the log of one `sta` run (yosys 0.23 format: the path is printed from the endpoint
#               back to the start, one "<ps> <cell> (<TYPE>.<in>-><out>)" line per cell, the net
#               between two cells on its own line)
#   netlist.il  the synthesized netlist (write_rtlil right after synth_xilinx): every cell's and
#               wire's `src` attribute ("../../rtl/pg_core.v:739.26-739.45|.../arith_map.v:..")
#               and the inputs of the cells on the path
#
# For each cell on the path it prints the arrival (ns), the cell's own delay, its type and arc,
# and where it comes from in the RTL: the cell's src when synthesis kept one (carry chains keep
# the line of the + / - / compare they implement, flip-flops the line of their always block), else
# the src of the net it drives when that net has an RTL name (ABC's LUTs keep no src; their nets
# often do). Then the level counts (LUT, MUXF7/F8, CARRY4) and the RTL lines in path order.
# -v BRIEF=1: only the start, the end, the levels and the RTL lines. Portable awk (Debian's mawk).

function bare(n) { sub(/^\\/, "", n); return n }

# the RTL part of a src attribute: the first "|" component outside yosys's own techlib files,
# shortened to file:line
function rtl_src(s,    parts, k, n, p) {
    n = split(s, parts, "|")
    for (k = 1; k <= n; k++) {
        p = parts[k]
        if (p ~ /share\/yosys\// || p ~ /techlibs\//) continue
        sub(/^.*\//, "", p)                # directory
        sub(/\.[0-9]+-[0-9]+\.[0-9]+$/, "", p)   # column range ".26-739.45"
        return p
    }
    return ""
}

# the net printed by sta ("\\p1_t [17]", "$abc$1.A [0]", "\\x") -> its wire name
function wire_of(net,    w) {
    w = net
    sub(/^[ \t]+/, "", w)
    sub(/[ \t]+\[[0-9]+\]$/, "", w)
    return bare(w)
}

FNR == 1 { file++ }

# ---- pass 1: the sta log -----------------------------------------------------------------------
file == 1 && /^Latest arrival time in/ { inpath = 1; n = 0; next }
file == 1 && inpath && /^Arrival histogram/ { inpath = 0 }
file == 1 && !inpath { next }
file == 1 && /^[ \t]*$/ { next }
file == 1 && /^[ \t]+-?[0-9]+ / && /\(/ {
    # "<ps> <cell> (<TYPE>.<arc>)" or "<ps>   \\clk (<primary input>)"
    rest = $0
    sub(/^[ \t]+-?[0-9]+[ \t]+/, "", rest)
    i = index(rest, " (")
    cell = substr(rest, 1, i - 1)
    what = substr(rest, i + 2)
    sub(/\)[ \t]*$/, "", what)
    n++
    st_ps[n] = $1; st_cell[n] = cell; st_what[n] = what
    onpath[cell] = 1
    next
}
file == 1 {
    # the net printed between two cell lines: driven by the cell of the next line (k+1)
    net = $0
    sub(/^[ \t]+/, "", net)
    pnet[n] = net
    next
}

# ---- pass 2: the netlist's src attributes, and the named inputs of the cells on the path -----
/^[ \t]*attribute \\src / {
    s = $0
    sub(/^[ \t]*attribute \\src "/, "", s)
    sub(/"[ \t]*$/, "", s)
    pending = s
    next
}
/^[ \t]*attribute / { next }
/^[ \t]*cell / {
    cur = bare($3)
    if (pending != "") { r = rtl_src(pending); if (r != "") csrc[cur] = r }
    pending = ""
    if (!(cur in onpath)) cur = ""
    next
}
/^[ \t]*wire / {
    if (pending != "") { r = rtl_src(pending); if (r != "") wsrc[bare($NF)] = r }
    pending = ""
    next
}
cur != "" && /^[ \t]*connect \\(I[0-6]|S|DI|CI|CYINIT|D|CE|R|A[0-9]*|ADDR[A-D]|DPRA[0-9]*)[ \t]/ {
    # public (RTL-named) wires among the cell's inputs: "connect \I1 \p1_cnt [1]"
    m = split($0, tok, /[ \t{}]+/)
    for (q = 4; q <= m; q++) {
        t = tok[q]
        if (t !~ /^\\/) continue
        t = bare(t)
        if (index(" " cin[cur] " ", " " t " ") == 0) cin[cur] = cin[cur] (cin[cur] == "" ? "" : " ") t
    }
    next
}
cur != "" && /^[ \t]*connect \\Q[ \t]/ { q = $3; if (q ~ /^\\/) cq[cur] = bare(q) " " $4; next }
/^[ \t]*end[ \t]*$/ { cur = ""; pending = ""; next }
{ pending = "" }

# "name (file:line)" for up to 3 named wires of a list
function named(list,    w, m, q, out, k) {
    m = split(list, w, " ")
    out = ""; k = 0
    for (q = 1; q <= m && k < 3; q++) {
        if (w[q] == "clk") continue
        out = out (out == "" ? "" : ", ") w[q] (wsrc[w[q]] != "" ? " (" wsrc[w[q]] ")" : "")
        k++
    }
    if (m > k + 0 && k == 3) out = out ", ..."
    return out
}

END {
    if (n == 0) { print "sta_path.awk: no path in the sta log"; exit 1 }
    # st_*[1] is the endpoint, st_*[n] the start (the clock input); pnet[k] is the net driven by
    # the cell on line k+1
    nl = 0; nm = 0; nc = 0; nr = 0; order = ""; last = ""; prev = 0
    if (!BRIEF) printf "  %8s %7s  %-7s %-7s %-14s %s\n", "at (ns)", "delay", "cell", "arc", "RTL", "named inputs / net"
    for (k = n; k >= 1; k--) {
        what = st_what[k]
        type = what; arc = ""
        j = index(what, ".")
        if (j > 0) { type = substr(what, 1, j - 1); arc = substr(what, j + 1) }
        if (what ~ /primary input/) { type = "input"; arc = "" }
        net = (k > 1) ? pnet[k - 1] : ""
        src = csrc[st_cell[k]]
        info = ""
        if (type == "input") info = st_cell[k]
        else if (type ~ /^FD/ && k == n - 1) info = "starts at register " bare(net)
        else if (k == 1) info = "ends at " (cq[st_cell[k]] != "" ? "register " cq[st_cell[k]] : st_cell[k])
        else if (src == "") info = named(cin[st_cell[k]])
        if (src == "" && net != "" && net !~ /^\$/) src = wsrc[wire_of(net)]
        d = st_ps[k] - prev; prev = st_ps[k]
        if (!BRIEF) printf "  %8.3f %+7.3f  %-7s %-7s %-14s %s\n", st_ps[k] / 1000, d / 1000, type, arc, src, info
        if (k == n - 1) first = info
        if (k == 1) lastinfo = info
        if (type ~ /^LUT[1-6]$/) nl++
        else if (type ~ /^MUXF[78]$/) nm++
        else if (type == "CARRY4") nc++
        else if (type ~ /^RAM/ || type ~ /^SRL/) nr++
        if (src != "" && src != last) { order = order (order == "" ? "" : " -> ") src; last = src }
    }
    if (BRIEF) printf "  %.3f ns: %s ... %s\n", st_ps[1] / 1000, first, lastinfo
    printf "  levels: %d LUT, %d MUXF7/F8, %d CARRY4%s\n", nl, nm, nc, (nr ? sprintf(", %d LUTRAM/SRL", nr) : "")
    printf "  RTL lines on the path (cells that kept a src): %s\n", order
}
