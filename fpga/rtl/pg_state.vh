// pg_state.vh -- the states of pg_core's sequencer (pg_sequencer): included inside pg_core and
// pg_sequencer, which decode them.
localparam [2:0] S_CLEAR = 3'd0;    // clear sweep (rst, CTRL_RESET)
localparam [2:0] S_RUN   = 3'd1;    // the input runs
localparam [2:0] S_EFF   = 3'd2;    // sync engine: next member of an effective sync word
                                    // (3'd3 was S_CLOSE: the trial close runs in pg_trial_close now)
localparam [2:0] S_DUE   = 3'd4;    // a frame is due: swap the banks, or merge
