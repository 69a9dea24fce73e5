# xc7_route_lib.awk -- derive the "cell delay + routing allowance" library for `make timing`.
#
# Input: yosys's installed techlibs/xilinx/cells_sim.v (prjxray Artix-7 delays in ps, in the
# specify blocks). Output (stdout): the same file with ROUTE_PS added to every combinational
# input-to-output arc of the LUT-based cells:
#   LUT1..LUT6                               (I* => O)
#   distributed RAM RAM32M/RAM64M/RAM*X1D    async read (ADDR* => DO*), a LUT read through its inputs
#   shift registers SRL16*/SRLC16*/SRLC32E   (A* => Q)
# Each LUT input is driven by a general-routing net, so one allowance per LUT input-to-output arc
# puts one routed net in front of every LUT on a path. Everything else is kept as shipped:
# CARRY4 (CI/CO are the dedicated carry chain, S/DI come from the LUTs of the same slice),
# MUXF7/MUXF8 (combine the LUTs of the same slice), flip-flop clock-to-Q and setup, block RAM.
# Clocked arcs ("posedge"/"negedge" lines) and timing checks ($setup) are never touched.
#
# Usage: awk -v ROUTE_PS=600 -f xc7_route_lib.awk cells_sim.v > cells_sim_route.v
# Portable awk (Debian's mawk): no gawk extensions.

BEGIN {
    if (ROUTE_PS == "") ROUTE_PS = 600
    ROUTE_PS += 0
    changed = 0
}

/^[ \t]*module[ \t]/ {
    name = $2
    sub(/\(.*/, "", name)
    lutlike = (name ~ /^LUT[1-6]$/ || name ~ /^RAM(32|64|128)X1D(_1)?$/ || name ~ /^RAM(32|64)M$/ \
               || name ~ /^SRLC?16E?$/ || name == "SRLC32E")
}

/^[ \t]*specify/    { inspec = 1 }
/^[ \t]*endspecify/ { inspec = 0 }

inspec && lutlike && ($0 ~ /=>/ || $0 ~ /\*>/) && $0 !~ /edge/ && $0 !~ /\$setup/ {
    # every "(src => dst) = <n>" / "(src *> dst) = <n>" on the line (RAM32M has four per line)
    out = ""
    rest = $0
    while (match(rest, /\)[ \t]*=[ \t]*[0-9]+/)) {
        head = substr(rest, 1, RSTART - 1)
        tok = substr(rest, RSTART, RLENGTH)
        rest = substr(rest, RSTART + RLENGTH)
        num = tok
        sub(/^\)[ \t]*=[ \t]*/, "", num)
        pre = substr(tok, 1, length(tok) - length(num))
        out = out head pre (num + ROUTE_PS)
        changed++
    }
    print out rest
    next
}

{ print }

END {
    if (changed == 0) {
        print "xc7_route_lib.awk: no LUT arc found in the input (not yosys's xilinx/cells_sim.v?)" > "/dev/stderr"
        exit 1
    }
    printf "xc7_route_lib.awk: +%d ps on %d LUT arcs\n", ROUTE_PS, changed > "/dev/stderr"
}
