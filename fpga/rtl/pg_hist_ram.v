/*
 * pg_hist_ram -- histogram memory: simple dual-port RAM, one write port, one registered read
 * port, with read-after-write forwarding. Block-RAM inferable (iCE40 SB_RAM40_4K, Xilinx
 * RAMB18/36): the array itself is written and read synchronously, the forwarding is a register
 * and a multiplexer after it.
 *
 * Parameters
 *   ADDR_WIDTH   address bits; depth = 2^ADDR_WIDTH words
 *   DATA_WIDTH   word width (64 for the histogram counters)
 *   FWD          1 (default): the read-after-write forwarding below; 0: none (rd_data is the
 *                array's read-first word: a write at the read edge to the read address is not
 *                seen; the owner forwards, e.g. pg_hist_banks from its own registered compare)
 *
 * Interface (all synchronous to clk; no reset: the contents are cleared by the owner's sweep)
 *   wr_en, wr_addr, wr_data   write, taken at the rising edge when wr_en
 *   rd_addr -> rd_data        read, sampled at every rising edge: rd_data = the word at the
 *                             rd_addr of the previous edge, as written up to and including that
 *                             edge (a write to the same address at the same edge is forwarded:
 *                             write-first), i.e. one clock of latency. rd_data holds while
 *                             rd_addr is held and the word is not written.
 *
 * Latency: read 1 clock (registered), write 0 (visible to a read sampled at the same edge; with
 * FWD 0 only to a read sampled after it).
 *
 * Formal (`ifdef FORMAL): the port f_mem exposes the array for the properties of the owner.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_hist_ram #(
    parameter integer ADDR_WIDTH = 8,
    parameter integer DATA_WIDTH = 64,
    parameter integer FWD        = 1
) (
    input  wire                  clk,

    input  wire                  wr_en,
    input  wire [ADDR_WIDTH-1:0] wr_addr,
    input  wire [DATA_WIDTH-1:0] wr_data,

    input  wire [ADDR_WIDTH-1:0] rd_addr,
    output wire [DATA_WIDTH-1:0] rd_data
`ifdef FORMAL
    ,
    output wire [(2**ADDR_WIDTH)*DATA_WIDTH-1:0] f_mem
`endif
);

localparam integer DEPTH = 2**ADDR_WIDTH;

reg [DATA_WIDTH-1:0] mem [0:DEPTH-1];
reg [DATA_WIDTH-1:0] mem_q;          // registered read of the array (read-first)
reg [DATA_WIDTH-1:0] fwd_data;       // the word written at the read edge
reg                  fwd;            // the read edge also wrote rd_addr: use fwd_data

always @(posedge clk) begin
    if (wr_en) mem[wr_addr] <= wr_data;
    mem_q <= mem[rd_addr];
end

generate
    if (FWD != 0) begin : g_fwd
        always @(posedge clk) begin
            fwd      <= wr_en && (wr_addr == rd_addr);
            fwd_data <= wr_data;
        end
        assign rd_data = fwd ? fwd_data : mem_q;
    end else begin : g_no_fwd
        always @(posedge clk) begin
            fwd      <= 1'b0;
            fwd_data <= {DATA_WIDTH{1'b0}};
        end
        assign rd_data = mem_q;
        /* verilator lint_off UNUSEDSIGNAL */
        wire unused_fwd = &{1'b0, fwd, fwd_data};
        /* verilator lint_on UNUSEDSIGNAL */
    end
endgenerate

`ifdef FORMAL
genvar gi;
generate
    for (gi = 0; gi < DEPTH; gi = gi + 1) begin : g_f_mem
        assign f_mem[gi*DATA_WIDTH +: DATA_WIDTH] = mem[gi];
    end
endgenerate
`endif

endmodule

`resetall
