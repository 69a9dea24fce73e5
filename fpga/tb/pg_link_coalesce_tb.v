/*
 * pg_link_coalesce_tb -- self-checking unit test of rtl/pg_link_coalesce.v (make -C fpga tb), run
 * at WL = 1 and 4 (-GWL=...).
 *
 * A random stream of mapped tags (the sync channel, two others; times mostly rising, now and then
 * a step back: out of order) goes in as words of WL lanes with random keep masks and random idle
 * clocks, no flush until the end. The model is the host's SyncRunCoalescer rule over the kept lanes
 * in order: a tag is in order when its time >= the latest in-order time (initially the most
 * negative); an in-order sync directly after an in-order sync (nothing between) merges into it
 * (count + 1, time of the later); anything else is an output tag of its own. The DUT's output lanes
 * (kept ones, in order) must be exactly the model's list; LINK_RUNS the model's runs; then with
 * `enable` low every tag comes out alone. Prints "pg_link_coalesce tb (WL=n): 0 errors".
 */
`timescale 1ns/1ps
module pg_link_coalesce_tb;
parameter integer WL = 4;
parameter integer RB = 16;            // the DUT's run count bits; small RB: runs are cut (split exactly)
localparam integer N = 3000;          // tags per phase
localparam [7:0] SYNC = 8'd5;

reg clk = 0, rst = 1, clr = 0, enable = 1, flush = 0;
reg s_valid = 0;
reg [WL-1:0] s_keep = 0;
reg [8*WL-1:0] s_channel = 0;
reg [64*WL-1:0] s_time = 0;
wire m_valid, busy, held;
wire [WL-1:0] m_keep;
wire [8*WL-1:0] m_channel;
wire [64*WL-1:0] m_time;
wire [32*WL-1:0] m_count;
wire [63:0] runs;

pg_link_coalesce #(.WL(WL), .RB(RB)) dut (
    .clk(clk), .rst(rst), .clr(clr), .enable(enable), .sync_channel({56'd0, SYNC}), .flush(flush),
    .s_valid(s_valid), .s_keep(s_keep), .s_channel(s_channel), .s_time(s_time),
    .m_valid(m_valid), .m_keep(m_keep), .m_channel(m_channel), .m_time(m_time), .m_count(m_count),
    .busy(busy), .held(held), .runs(runs));

always #5 clk = ~clk;

reg [63:0] in_time [0:N-1];
reg [7:0]  in_ch   [0:N-1];
reg [63:0] ex_time [0:N-1];
reg [7:0]  ex_ch   [0:N-1];
reg [31:0] ex_cnt  [0:N-1];
integer n_ex, got, errs, i, l, k, ex_runs, phase;
reg [31:0] acc;   // syncs of a cut run seen so far (the model's entry got is still open)
reg signed [63:0] last;
reg run_open;

// the model: the host coalescer's rule over the tag list
task model(input en);
    begin
        n_ex = 0;
        ex_runs = 0;
        last = 64'sh8000_0000_0000_0000;
        run_open = 0;
        for (i = 0; i < N; i = i + 1) begin
            if ($signed(in_time[i]) >= last) begin
                last = in_time[i];
                if (en && in_ch[i] == SYNC && run_open) begin
                    ex_time[n_ex - 1] = in_time[i];
                    ex_cnt[n_ex - 1] = ex_cnt[n_ex - 1] + 1;
                    if (ex_cnt[n_ex - 1] == 2) ex_runs = ex_runs + 1;
                end else begin
                    ex_time[n_ex] = in_time[i];
                    ex_ch[n_ex] = in_ch[i];
                    ex_cnt[n_ex] = 1;
                    n_ex = n_ex + 1;
                    run_open = en && in_ch[i] == SYNC;
                end
            end else begin
                ex_time[n_ex] = in_time[i];
                ex_ch[n_ex] = in_ch[i];
                ex_cnt[n_ex] = 1;
                n_ex = n_ex + 1;
                run_open = 0;
            end
        end
    end
endtask

// the checker: every kept output lane against the model's next entry
always @(posedge clk) begin
    if (!rst && m_valid) begin
        for (l = 0; l < WL; l = l + 1) if (m_keep[l]) begin
            if (got >= n_ex) begin
                errs = errs + 1;
                if (errs < 8) $display("phase %0d: output %0d beyond the model's %0d", phase, got, n_ex);
            end else if (m_channel[8*l +: 8] == SYNC && ex_ch[got] == SYNC && acc + m_count[32*l +: 32] < ex_cnt[got]) begin
                // a piece of a cut run: the rest follows in the next lanes (a cut is exact)
                if (m_count[32*l +: 32] == 0 || m_count[32*l +: 32] >= (1 << RB)) begin
                    errs = errs + 1;
                    if (errs < 8) $display("phase %0d: output %0d: piece of count %0d", phase, got, m_count[32*l +: 32]);
                end
                acc = acc + m_count[32*l +: 32];
            end else begin
                if (m_time[64*l +: 64] !== ex_time[got] || m_channel[8*l +: 8] !== ex_ch[got]
                    || acc + m_count[32*l +: 32] !== ex_cnt[got]) begin
                    errs = errs + 1;
                    if (errs < 8) $display("phase %0d: output %0d: time %0d ch %0d count %0d+%0d, expected %0d %0d %0d", phase, got,
                        m_time[64*l +: 64], m_channel[8*l +: 8], acc, m_count[32*l +: 32], ex_time[got], ex_ch[got], ex_cnt[got]);
                end
                acc = 0;
                got = got + 1;
            end
        end
    end
end

task run_phase(input en);
    begin
        enable = en;
        model(en);
        got = 0;
        acc = 0;
        i = 0;
        while (i < N) begin
            @(negedge clk);
            if ($urandom % 4 == 0) begin
                s_valid = 0;
                s_keep = 0;
            end else begin
                s_valid = 1;
                for (l = 0; l < WL; l = l + 1) begin
                    s_keep[l] = i < N && ($urandom % 5 != 0);
                    if (s_keep[l]) begin
                        s_time[64*l +: 64] = in_time[i];
                        s_channel[8*l +: 8] = in_ch[i];
                        i = i + 1;
                    end else begin
                        s_time[64*l +: 64] = $urandom;
                        s_channel[8*l +: 8] = 8'hEE;
                    end
                end
            end
        end
        @(negedge clk);
        s_valid = 0;
        s_keep = 0;
        for (k = 0; k < 10; k = k + 1) @(negedge clk);
        flush = 1;
        for (k = 0; k < 10; k = k + 1) @(negedge clk);
        flush = 0;
        @(negedge clk);
        if (got != n_ex) begin
            errs = errs + 1;
            $display("phase %0d: %0d outputs, the model has %0d", phase, got, n_ex);
        end
        if (busy) begin
            errs = errs + 1;
            $display("phase %0d: busy after the flush", phase);
        end
        $display("  phase %0d: %0d outputs, %0d run words (the model, uncut: %0d)", phase, got, runs, ex_runs);
        // cut runs (small RB) make more run words, never fewer
        if (RB >= 16 ? runs !== ex_runs : runs < ex_runs) begin
            errs = errs + 1;
            $display("phase %0d: LINK_RUNS %0d, the model %0d", phase, runs, ex_runs);
        end
    end
endtask

initial begin
    errs = 0;
    // the stream: syncs in runs, clicks, other tags, sometimes a time step back
    k = 0;
    for (i = 0; i < N; i = i + 1) begin
        k = k + 1 + ($urandom % 40);
        in_time[i] = ($urandom % 25 == 0) ? k - ($urandom % 200) : k;
        case ((i % 400) < 40 ? 0 : $urandom % 6)    // a long run now and then (cut at small RB)
            0, 1, 2: in_ch[i] = SYNC;
            3: in_ch[i] = 8'd1;
            4: in_ch[i] = 8'd2;
            default: in_ch[i] = ($urandom % 2) ? SYNC : 8'd9;
        endcase
    end
    repeat (3) @(negedge clk);
    rst = 0;
    phase = 1;
    run_phase(1);
    // again without merging, after a clear (last_time back to the most negative, LINK_RUNS 0)
    @(negedge clk);
    clr = 1;
    @(negedge clk);
    clr = 0;
    phase = 2;
    run_phase(0);
    $display("pg_link_coalesce tb (WL=%0d RB=%0d): %0d errors", WL, RB, errs);
    if (errs != 0) $fatal(1, "pg_link_coalesce tb failed");
    $finish;
end
endmodule
