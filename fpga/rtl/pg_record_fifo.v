/*
 * pg_record_fifo -- FIFO of whole trial records (one wide word per record), registered output.
 *
 * The trial-record stream of pg_core (docs/frame-format.md "Trial records") must never stall the
 * core: a record that finds the FIFO full is not stored, and the core counts it (RECORDS_DROPPED).
 * So the input is a plain valid/ready pair whose ready is the registered "not full" flag, and the
 * producer drops when s_ready is low (it never waits). A record is DATA_WIDTH bits
 * (RECORD_WORDS * 64 in pg_core), stored whole: no word-by-word assembly.
 *
 * Parameters
 *   DATA_WIDTH   bits of one record
 *   DEPTH        records held, counting the output register (>= 0):
 *                  0 = no storage: s_ready and m_valid are constant 0 (every record is dropped);
 *                  1 = the output register only;
 *                  N = the output register + N - 1 memory entries (a simple dual-port memory,
 *                      registered read: distributed or block RAM).
 *
 * Interface (all synchronous to clk; rst synchronous, active high, empties the FIFO)
 *   s_valid, s_ready, s_data   record in; taken at the edge when s_valid && s_ready.
 *                              s_ready = (count < DEPTH), registered: it does NOT look at a
 *                              simultaneous m_ready (a full FIFO refuses even while it is being
 *                              read), which makes "dropped" depend on the count only.
 *   m_valid, m_ready, m_data   record out (AXI-Stream rules: m_valid and m_data hold while
 *                              !m_ready); registered outputs.
 *   count                      records held (0..DEPTH), registered.
 *
 * Latency: a record written into an empty FIFO is on m_data the clock after (m_valid high after
 * the write edge). Throughput: one record in and one out per clock (DEPTH >= 2; DEPTH = 1 takes a
 * new record only once the old one has left, i.e. every other clock when read at once).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_record_fifo #(
    parameter integer DATA_WIDTH = 256,
    parameter integer DEPTH = 16,
    parameter integer CNT_WIDTH = (DEPTH > 0) ? $clog2(DEPTH + 1) : 1
) (
    input  wire                  clk,
    input  wire                  rst,

    input  wire                  s_valid,
    output wire                  s_ready,
    input  wire [DATA_WIDTH-1:0] s_data,

    output wire                  m_valid,
    input  wire                  m_ready,
    output wire [DATA_WIDTH-1:0] m_data,

    output wire [CNT_WIDTH-1:0]  count
);

generate
    if (DEPTH == 0) begin : g_none
        /* verilator lint_off UNUSEDSIGNAL */
        wire unused = &{1'b0, clk, rst, s_valid, s_data, m_ready};
        /* verilator lint_on UNUSEDSIGNAL */
        assign s_ready = 1'b0;
        assign m_valid = 1'b0;
        assign m_data  = {DATA_WIDTH{1'b0}};
        assign count   = {CNT_WIDTH{1'b0}};
    end else begin : g_fifo
        localparam integer MD = (DEPTH > 1) ? DEPTH - 1 : 1;       // memory entries (unused at DEPTH 1)
        localparam integer PW = (MD > 1) ? $clog2(MD) : 1;          // memory pointer bits
        localparam [31:0] DEPTH_32 = DEPTH;
        localparam [31:0] MD_LAST_32 = MD - 1;
        localparam [CNT_WIDTH-1:0] DEPTH_C = DEPTH_32[CNT_WIDTH-1:0];
        localparam [PW-1:0] MD_LAST = MD_LAST_32[PW-1:0];

        reg [CNT_WIDTH-1:0]  count_reg;
        reg                  full_reg;
        reg                  out_valid_reg;
        reg [DATA_WIDTH-1:0] out_data_reg;

        wire push = s_valid && !full_reg;
        wire pop  = out_valid_reg && m_ready;
        // the output register is free at this edge (empty, or its record leaves now)
        wire out_free = !out_valid_reg || pop;

        assign s_ready = !full_reg;
        assign m_valid = out_valid_reg;
        assign m_data  = out_data_reg;
        assign count   = count_reg;

        // next count, and full derived from it (registered)
        wire [CNT_WIDTH-1:0] count_next = count_reg + {{(CNT_WIDTH-1){1'b0}}, push} - {{(CNT_WIDTH-1){1'b0}}, pop};

        // full at the next edge without the add: while full nothing is pushed, so it stays full
        // unless a record leaves; else it becomes full only from DEPTH - 1 records, a push and
        // no pop (the late s_valid reaches the flag through one LUT; == (count == DEPTH), asserted)
        wire count_dm1 = (count_reg == DEPTH_C - 1'b1);
        always @(posedge clk) begin
            count_reg <= count_next;
            full_reg  <= full_reg ? !pop : (count_dm1 && s_valid && !pop);
            if (rst) begin
                count_reg <= {CNT_WIDTH{1'b0}};
                full_reg  <= 1'b0;
            end
        end

        if (DEPTH == 1) begin : g_reg_only
            always @(posedge clk) begin
                // a push implies an empty register (count 0), so out_free holds
                if (push && out_free) out_data_reg <= s_data;
                if (push && out_free) begin
                    out_valid_reg <= 1'b1;
                end else if (pop) begin
                    out_valid_reg <= 1'b0;
                end
                if (rst) out_valid_reg <= 1'b0;
            end
`ifdef FORMAL
            // invariants for the core's induction (yosys reads no hierarchical references)
            reg f_rst_seen = 1'b0;
            always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
            always @* begin
                if (f_rst_seen && !rst) begin
                    assert(count_reg == {{(CNT_WIDTH-1){1'b0}}, out_valid_reg});
                    assert(full_reg == (count_reg == DEPTH_C));
                end
            end
`endif
        end else begin : g_mem
            // memory behind the output register: holds records while the output register is
            // taken; non-empty only while out_valid_reg (invariant)
            reg [DATA_WIDTH-1:0] mem [0:MD-1];
            reg [PW-1:0]         wr_ptr;
            reg [PW-1:0]         rd_ptr;
            reg [CNT_WIDTH-1:0]  mem_count;

            wire mem_empty = (mem_count == {CNT_WIDTH{1'b0}});
            // a pushed record goes straight to the output register when nothing is ahead of it
            wire push_out = push && out_free && mem_empty;
            wire push_mem = push && !push_out;
            wire load_out = out_free && !mem_empty;        // the oldest memory record moves out

            always @(posedge clk) begin
                if (push_mem) mem[wr_ptr] <= s_data;
            end

            always @(posedge clk) begin
                if (push_mem) wr_ptr <= (wr_ptr == MD_LAST) ? {PW{1'b0}} : wr_ptr + 1'b1;
                if (load_out) rd_ptr <= (rd_ptr == MD_LAST) ? {PW{1'b0}} : rd_ptr + 1'b1;
                mem_count <= mem_count + {{(CNT_WIDTH-1){1'b0}}, push_mem} - {{(CNT_WIDTH-1){1'b0}}, load_out};

                if (load_out) begin
                    out_data_reg  <= mem[rd_ptr];
                    out_valid_reg <= 1'b1;
                end else if (push_out) begin
                    out_data_reg  <= s_data;
                    out_valid_reg <= 1'b1;
                end else if (pop) begin
                    out_valid_reg <= 1'b0;
                end

                if (rst) begin
                    wr_ptr        <= {PW{1'b0}};
                    rd_ptr        <= {PW{1'b0}};
                    mem_count     <= {CNT_WIDTH{1'b0}};
                    out_valid_reg <= 1'b0;
                end
            end
`ifdef FORMAL
            // invariants for the core's induction (yosys reads no hierarchical references): the
            // count is the memory's records plus the output register's; the memory holds records
            // only behind a taken output register, at most MD, between rd_ptr and wr_ptr
            reg f_rst_seen = 1'b0;
            reg [31:0] f_wr;
            always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
            always @* begin
                f_wr = ({{(32-PW){1'b0}}, rd_ptr} + {{(32-CNT_WIDTH){1'b0}}, mem_count}) % MD;
                if (f_rst_seen && !rst) begin
                    assert(count_reg == mem_count + {{(CNT_WIDTH-1){1'b0}}, out_valid_reg});
                    assert(full_reg == (count_reg == DEPTH_C));
                    assert({{(32-CNT_WIDTH){1'b0}}, mem_count} <= MD);
                    assert(mem_empty || out_valid_reg);
                    assert({{(32-PW){1'b0}}, wr_ptr} == f_wr);
                    assert({{(32-PW){1'b0}}, rd_ptr} < MD && {{(32-PW){1'b0}}, wr_ptr} < MD);
                end
            end
`endif
        end
    end
endgenerate

endmodule

`resetall
